// Validates OSCAL documents against NIST's published assessment-results schema (v1.1.2, vendored in
// schemas/vendor/oscal/ with its provenance), draft-07, with ajv and ajv-formats as NIST's own tooling does.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { expect } from "chai";
import { PROJECT_ROOT } from "../../src/version.js";

export const OSCAL_SCHEMA_FILE = join(PROJECT_ROOT, "schemas", "vendor", "oscal", "oscal_assessment-results_schema-1.1.2.json");

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(OSCAL_SCHEMA_FILE, "utf8")));

/** The schema errors of a document, as text ("" when valid). */
export function oscalSchemaErrors(doc: unknown): string {
  return validate(doc) ? "" : ajv.errorsText(validate.errors?.slice(0, 20), { separator: "\n" });
}

/** Parses an OSCAL document's text and asserts it validates. */
export function expectValidOscal(text: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const doc = JSON.parse(text);
  expect(oscalSchemaErrors(doc)).to.equal("");
  return doc;
}
