// Validation against the Compose Specification's JSON Schema (schemas/compose-spec.json, vendored with its licence
// in schemas/compose-spec.NOTICE.md). Pure apart from reading the shipped schema once.
import type { ErrorObject, ValidateFunction } from "ajv";
import { assetText } from "../assets.js";

let validator: ValidateFunction | undefined;

/**
 * The validator ajv precompiled from the schema (scripts/compose-schema.mjs; compiling it at run time costs about a
 * second): our own shipped, self-contained CommonJS text, run with a module object of its own.
 */
function composeValidator(): ValidateFunction {
  if (validator) return validator;
  const mod: { exports: unknown } = { exports: {} };
  new Function("module", "exports", assetText("schemas/compose-spec-validator.cjs"))(mod, mod.exports);
  const exported = mod.exports as ValidateFunction & { default?: ValidateFunction };
  validator = exported.default ?? exported;
  return validator;
}

export type SchemaPath = (string | number)[];

export interface SchemaProblem {
  path: SchemaPath;
  /** The path names a key that should not be there (point at the key, not its value). */
  atKey: boolean;
  message: string;
}

function dotted(path: SchemaPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "the file";
}

function toPath(pointer: string): SchemaPath {
  return pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(err: ErrorObject): SchemaProblem {
  const path = toPath(err.instancePath);
  const name = dotted(path);
  switch (err.keyword) {
    case "additionalProperties": {
      const extra = String(err.params["additionalProperty"]);
      return { path: [...path, extra], atKey: true, message: `${name === "the file" ? "" : `${name}: `}unknown key "${extra}" (not in the Compose Specification)` };
    }
    case "required":
      return { path, atKey: false, message: `${name} lacks the required key "${String(err.params["missingProperty"])}"` };
    case "type":
      return { path, atKey: false, message: `${name} must be ${String(err.params["type"]).replace(/,/g, " or ")}` };
    case "enum":
      return { path, atKey: false, message: `${name} must be one of ${(err.params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    default:
      return { path, atKey: false, message: `${name} ${err.message ?? "is not valid"}` };
  }
}

/** The first problem the schema finds (the most specific one), or undefined when the document is valid. */
export function validateCompose(doc: unknown): SchemaProblem | undefined {
  const validator = composeValidator();
  if (validator(doc)) return undefined;
  const errors = validator.errors ?? [];
  // oneOf/anyOf report every branch: the unknown key, else the deepest error, says most.
  const pick = errors.find((e) => e.keyword === "additionalProperties")
    ?? [...errors].filter((e) => !["oneOf", "anyOf", "if"].includes(e.keyword)).sort((a, b) => b.instancePath.length - a.instancePath.length)[0]
    ?? errors[0];
  return pick ? describe(pick) : { path: [], atKey: false, message: "is not a valid Compose file" };
}
