// JUnit schema validation with xmllint against the vendored Jenkins junit-10.xsd (.ci/run installs libxml2-utils).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

export const JUNIT_XSD = join(PROJECT_ROOT, "test", "fixtures", "junit-10.xsd");

/** "" when `text` is valid against junit-10.xsd, else xmllint's complaints. */
export function xsdErrors(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-junit-"));
  const file = join(dir, "report.xml");
  writeFileSync(file, text);
  const r = spawnSync("xmllint", ["--noout", "--schema", JUNIT_XSD, file], { encoding: "utf8" });
  if (r.error) throw new Error(`xmllint is needed to validate JUnit (apt-get install libxml2-utils): ${r.error.message}`);
  return r.status === 0 ? "" : r.stderr;
}
