#!/usr/bin/env node
// Precompiles schemas/compose-spec.json (the Compose Specification's schema, vendored: schemas/compose-spec.NOTICE.md)
// into schemas/compose-spec-validator.cjs with ajv's standalone code: compiling that schema at run time costs about a
// second, loading the precompiled validator a few milliseconds (a Compose audit of 200 services must take < 0.5 s).
// Usage: node scripts/compose-schema.mjs [--check]   (--check: exit 1 when the committed validator is stale)
import { readFileSync, writeFileSync } from "node:fs";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

const src = new URL("../schemas/compose-spec.json", import.meta.url);
const out = new URL("../schemas/compose-spec-validator.cjs", import.meta.url);
// The schema names draft-07 by its https address, which ajv's bundled draft-07 meta-schema is not keyed by.
const schema = JSON.parse(readFileSync(src, "utf8"));
delete schema.$schema;
const ajv = new Ajv.default({ strict: false, allErrors: false, validateFormats: false, inlineRefs: false, code: { source: true, esm: false } });
// uniqueItems needs a deep equality (ajv's runtime/equal, i.e. fast-deep-equal): inlined, so the validator is
// self-contained (the single executable runs it as text) and needs nothing at run time.
const EQUAL = `({ default: function equal(a, b) {
  if (a === b) return true;
  if (a && b && typeof a === "object" && typeof b === "object") {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal(a[k], b[k]));
  }
  return a !== a && b !== b;
} })`;
const code = "// Generated from schemas/compose-spec.json by scripts/compose-schema.mjs; do not edit.\n" +
  standaloneCode.default(ajv, ajv.compile(schema)).split('require("ajv/dist/runtime/equal")').join(EQUAL) + "\n";
if (/\brequire\(/.test(code)) {
  console.error("compose-schema: the standalone validator requires a runtime module; it must be self-contained");
  process.exit(1);
}
if (process.argv.includes("--check")) {
  if (readFileSync(out, "utf8") !== code) {
    console.error("schemas/compose-spec-validator.cjs is stale: run node scripts/compose-schema.mjs");
    process.exit(1);
  }
} else writeFileSync(out, code);
