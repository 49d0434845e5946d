// The catalog's own rules: every check module is in the index, has a test file beside its path, complete metadata,
// and unique keys and ids; every CIS Docker Benchmark recommendation is covered in both numberings.
import { expect } from "chai";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { catalog } from "../../checks/index.js";
import { checkId } from "../../src/engine/select.js";
import { SECTIONS } from "../../src/engine/sections.js";
import { BENCHMARK_VERSIONS, type BenchmarkVersion, type Check } from "../../src/engine/types.js";
import { PROJECT_ROOT } from "../../src/version.js";

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const common = [
  ...range("1.1.", 1, 18), ...range("1.2.", 1, 2), ...range("3.", 1, 24), ...range("4.", 1, 12),
  ...range("5.", 1, 32), ...range("6.", 1, 2), ...range("7.", 1, 9),
];
const CIS_IDS: Record<BenchmarkVersion, string[]> = {
  "1.6.0": [...common, ...range("2.", 1, 18)],
  "1.8.0": [...common, ...range("2.", 1, 19)],
};

function checkModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return checkModules(p);
    return e.name.endsWith(".ts") && !["index.ts", "lib.ts"].includes(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

describe("catalog", () => {
  const srcDir = join(PROJECT_ROOT, "checks");
  const modules = checkModules(srcDir);

  it("every check module is registered in checks/index.ts and has a test file mirroring its path", async () => {
    const missingTests: string[] = [];
    const unregistered: string[] = [];
    for (const file of modules) {
      const rel = relative(srcDir, file);
      const mod = (await import(join(PROJECT_ROOT, "dist", "checks", rel.replace(/\.ts$/, ".js")))) as { default?: Check };
      if (!mod.default?.key) continue; // a helper module, not a check
      if (!catalog.includes(mod.default)) unregistered.push(rel);
      if (!existsSync(join(PROJECT_ROOT, "test", "checks", rel.replace(/\.ts$/, ".test.ts")))) missingTests.push(rel);
    }
    expect(unregistered, "not in checks/index.ts").to.deep.equal([]);
    expect(missingTests, "no test/checks/<path>.test.ts").to.deep.equal([]);
  });

  it("keys are unique and every check has complete metadata", () => {
    const keys = catalog.map((c) => c.key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i), "duplicate keys").to.deep.equal([]);
    const sections = SECTIONS.map((s) => s.key);
    for (const c of catalog) {
      expect(c.key, c.key).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.title.length, `${c.key} title`).to.be.greaterThan(10);
      expect(c.rationale.length, `${c.key} rationale`).to.be.greaterThan(40);
      expect(c.remediation.length, `${c.key} remediation`).to.be.greaterThan(15);
      expect(sections, `${c.key} section`).to.include(c.section);
      expect(Boolean(c.cis) !== Boolean(c.ownId), `${c.key}: a CIS id map or an own id, not both`).to.equal(true);
      if (c.ownId) expect(c.ownId, c.key).to.match(/^X\.\d+$/);
    }
  });

  for (const v of BENCHMARK_VERSIONS) {
    it(`covers every CIS Docker Benchmark ${v} recommendation exactly once`, () => {
      const ids = catalog.map((c) => checkId(c, v)).filter((x): x is string => Boolean(x) && !x!.startsWith("X."));
      expect(ids.filter((x, i) => ids.indexOf(x) !== i), "duplicate ids").to.deep.equal([]);
      expect(CIS_IDS[v].filter((x) => !ids.includes(x)), "missing").to.deep.equal([]);
      expect(ids.filter((x) => !CIS_IDS[v].includes(x)), "unknown ids").to.deep.equal([]);
    });
  }
});
