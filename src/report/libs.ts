// Libraries that only some formats need, loaded on first use instead of at start-up: Handlebars (HTML and JUnit
// templates) and cli-table3 (the table). Loading both cost ~90 ms of CPU at every start of the checkout CLI, also
// for runs writing JSON, SARIF or metrics only. Both are CommonJS, so a synchronous require keeps every reporter a
// plain function. In the single executable, scripts/release.mjs replaces this module with one calling require()
// itself, which esbuild bundles (a require made by createRequire would look for node_modules beside the executable).
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import type Table from "cli-table3";

const requireHere = createRequire(import.meta.url);

export const loadHandlebars = (): typeof Handlebars => requireHere("handlebars") as typeof Handlebars;
export const loadTable = (): typeof Table => requireHere("cli-table3") as typeof Table;
