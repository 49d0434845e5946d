// Golden files: a reporter's output for the fixed report is compared byte for byte with test/golden/<name>.
// Regenerate after an intended change with UPDATE_GOLDEN=1 (then review the diff before committing).
import { expect } from "chai";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

export const GOLDEN_DIR = join(PROJECT_ROOT, "test", "golden");

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`no golden file ${file}: run the tests once with UPDATE_GOLDEN=1 and review it`);
  const expected = readFileSync(file, "utf8");
  if (actual !== expected) {
    const a = actual.split("\n"), e = expected.split("\n");
    const line = a.findIndex((l, i) => l !== e[i]);
    expect.fail(`${name} differs from test/golden/${name} at line ${line + 1}:\n  expected: ${e[line]?.slice(0, 300)}\n  actual:   ${a[line]?.slice(0, 300)}\n(if the change is intended: UPDATE_GOLDEN=1, then review the diff)`);
  }
}
