// Reading a saved snapshot for offline evaluation. A file that is not a dockaudit snapshot of a version this build
// understands, or whose fields do not have the types the checks are written for (schemas/snapshot.schema.json,
// generated from types.ts), is a usage error, reported with the file and the JSON path of the first wrong field.
import { readFile } from "node:fs/promises";
import { redactSnapshot } from "../secrets/redact.js";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { assetText, isSingleExecutable } from "../assets.js";
import { PROJECT_ROOT } from "../version.js";
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from "./types.js";
import { jsonErrorPosition } from "../json-position.js";

export class SnapshotFileError extends Error {}

const SNAPSHOT_SOURCES = "snapshots are written by `dockaudit collect` or an evidence bundle's snapshot.json";

export { jsonErrorPosition } from "../json-position.js";

export function parseSnapshot(text: string, file: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const p = jsonErrorPosition(text, e as Error);
    // Position only: the parser's message quotes the file's content ("Unexpected token … "<text>" is not valid JSON").
    throw new SnapshotFileError(`${file}${p ? `:${p.line}:${p.column}` : ""}: not valid JSON, so not a dockaudit snapshot`);
  }
  const s = data as Partial<Snapshot>;
  const doc = s as { results?: unknown; kind?: unknown } | null;
  if (doc && typeof doc === "object" && s.tool?.name === "dockaudit") {
    if (doc.kind === "dockaudit-fleet") throw new SnapshotFileError(`${file}: this is a dockaudit fleet view (fleet.json), not a snapshot (${SNAPSHOT_SOURCES})`);
    if (Array.isArray(doc.results)) throw new SnapshotFileError(`${file}: this is a dockaudit report, not a snapshot (${SNAPSHOT_SOURCES})`);
  }
  if (!s || typeof s !== "object" || s.tool?.name !== "dockaudit" || s.schemaVersion === undefined) {
    throw new SnapshotFileError(`${file}: not a dockaudit snapshot (no "schemaVersion" and "tool.name": "dockaudit")`);
  }
  if (s.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotFileError(`${file}: snapshot schema version ${String(s.schemaVersion)} is not supported (this build reads version ${SNAPSHOT_SCHEMA_VERSION})`);
  }
  for (const k of ["collection", "host", "daemon", "engine"] as const) {
    if (!s[k] || typeof s[k] !== "object") throw new SnapshotFileError(`${file}: snapshot has no "${k}" section`);
  }
  const validate = snapshotValidator();
  if (!validate(data)) throw new SnapshotFileError(`${file}: ${describeSchemaError(validate.errors ?? [], data)}`);
  // Defence in depth: a snapshot written elsewhere may hold values this build's collectors would have redacted.
  return redactSnapshot(s as Snapshot);
}

let validator: ValidateFunction | undefined;

/**
 * The validator ajv precompiled from the schema (scripts/snapshot-schema.mjs), loaded only when a snapshot is
 * read from a file: compiling the schema at run time would cost over a second.
 */
function snapshotValidator(): ValidateFunction {
  if (validator) return validator;
  if (isSingleExecutable()) {
    // Inside the single executable the precompiled validator is an embedded asset, not a file to require: run our
    // own shipped CommonJS text (it requires nothing) with a module object of its own.
    const mod: { exports: unknown } = { exports: {} };
    new Function("module", "exports", assetText("schemas/snapshot-validator.cjs"))(mod, mod.exports);
    const exported = mod.exports as ValidateFunction & { default?: ValidateFunction };
    validator = exported.default ?? exported;
  } else {
    validator = createRequire(import.meta.url)(join(PROJECT_ROOT, "schemas", "snapshot-validator.cjs")) as ValidateFunction;
  }
  return validator;
}

/** "/engine/containers/value/0/HostConfig/PidMode" → "engine.containers.value[0].HostConfig.PidMode". */
export function jsonPath(pointer: string): string {
  if (pointer === "") return "(the document)";
  return pointer.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((acc, part) => {
    if (/^\d+$/.test(part)) return `${acc}[${part}]`;
    const key = /^[A-Za-z_$][\w$-]*$/.test(part) ? part : JSON.stringify(part);
    return acc === "" ? key : /^"/.test(key) ? `${acc}[${key}]` : `${acc}.${key}`;
  }, "");
}

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The most specific error (deepest path), named by its JSON path and the type found; never the value itself. */
function describeSchemaError(errors: ErrorObject[], data: unknown): string {
  const real = errors.filter((e) => e.keyword !== "if");
  const e = (real.length ? real : errors).reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
  let found: unknown = data;
  for (const part of e.instancePath.split("/").slice(1)) found = (found as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  const where = jsonPath(e.instancePath);
  const detail = e.keyword === "type" ? `${e.message ?? "has the wrong type"} (found ${typeOf(found)})`
    : e.keyword === "required" ? `must have the property "${String(e.params["missingProperty"])}"`
    : e.message ?? "does not match the snapshot schema";
  return `${where}: ${detail}, as schemas/snapshot.schema.json says (not a snapshot this build can evaluate)`;
}

export async function loadSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new SnapshotFileError(`${file}: cannot read snapshot (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseSnapshot(text, file);
}
