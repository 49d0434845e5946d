#!/usr/bin/env node
// Generates schemas/snapshot.schema.json from the Snapshot type in src/snapshot/types.ts, so the schema a saved
// snapshot is validated against (audit --snapshot, verify) never drifts from the type the checks are written for.
// It also writes schemas/snapshot-validator.cjs, the validator precompiled by ajv (compiling this schema at run
// time costs over a second; loading the precompiled one a few milliseconds).
// Usage: node scripts/snapshot-schema.mjs [--check]   (--check: exit 1 when the committed files are stale)
// Objects keep accepting properties the type does not name (raw Engine API objects carry many), so only the
// fields the catalog reads are constrained, each to its declared type.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import TJS from "typescript-json-schema";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = new URL("../schemas/snapshot.schema.json", import.meta.url);
const outValidator = new URL("../schemas/snapshot-validator.cjs", import.meta.url);

const program = TJS.getProgramFromFiles([`${root}src/snapshot/types.ts`], { strict: true, skipLibCheck: true }, root);
const schema = TJS.generateSchema(program, "Snapshot", { required: true, strictNullChecks: true, ref: true, ignoreErrors: false });
if (!schema) throw new Error("could not generate the snapshot schema");

// A fact is { ok: true, value, source } or { ok: false, error, source }. As an anyOf, one wrong field deep inside
// `value` makes the validator report both branches; as if/then/else on `ok` it reports the one wrong field.
for (const [name, def] of Object.entries(schema.definitions ?? {})) {
  if (!name.startsWith("Fact<") || !Array.isArray(def.anyOf) || def.anyOf.length !== 2) continue;
  const okBranch = def.anyOf.find((b) => b.properties?.ok?.const === true);
  const errBranch = def.anyOf.find((b) => b.properties?.ok?.const === false);
  if (!okBranch || !errBranch) throw new Error(`${name}: not the expected shape of a fact`);
  schema.definitions[name] = {
    description: def.description,
    type: "object",
    required: ["ok", "source"],
    properties: { ok: { type: "boolean" }, source: { type: "string" } },
    if: { properties: { ok: { const: true } } },
    then: okBranch,
    else: errBranch,
  };
}
schema.$comment = "Generated from src/snapshot/types.ts by scripts/snapshot-schema.mjs; do not edit.";

const text = JSON.stringify(schema, null, 2) + "\n";
const ajv = new Ajv.default({ strict: false, allErrors: false, inlineRefs: false, code: { source: true, esm: false } });
const validator = "// Generated from schemas/snapshot.schema.json by scripts/snapshot-schema.mjs; do not edit.\n" +
  standaloneCode.default(ajv, ajv.compile(schema)) + "\n";
if (process.argv.includes("--check")) {
  for (const [file, want] of [[out, text], [outValidator, validator]]) {
    if (readFileSync(file, "utf8") !== want) {
      console.error(`${fileURLToPath(file)} is stale: run node scripts/snapshot-schema.mjs`);
      process.exit(1);
    }
  }
} else {
  writeFileSync(out, text);
  writeFileSync(outValidator, validator);
}
