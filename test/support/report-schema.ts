import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { PROJECT_ROOT } from "../../src/version.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas", "report.schema.json"), "utf8")));

/** Validates a report against schemas/report.schema.json; returns the errors as text ("" when valid). */
export function reportSchemaErrors(report: unknown): string {
  return validate(report) ? "" : ajv.errorsText(validate.errors, { separator: "\n" });
}
