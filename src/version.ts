import { readFileSync } from "node:fs";

/** The repository root (this file is dist/src/version.js once built). */
export const PROJECT_ROOT = new URL("../../", import.meta.url).pathname;

export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
