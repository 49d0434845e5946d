// A scored check that can only pass (or be manual) inflates the score: every scored check must be able to give
// `fail`. This loads every check's fixture table and runs, for each scored check, the cases its table says fail.
import { expect } from "chai";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { catalog } from "../../checks/index.js";
import { worstStatus } from "../../src/engine/run.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { runCase, tables } from "../support/check-tester.js";

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith(".test.js") ? [p] : [];
  });
}

// Already loaded when mocha runs the whole suite (modules are evaluated once); loaded here when this file runs alone.
for (const f of testFiles(join(PROJECT_ROOT, "dist", "test", "checks"))) await import(pathToFileURL(f).href);

describe("catalog: every scored check can fail", () => {
  it("has a fixture table for every scored check", () => {
    const missing = catalog.filter((c) => (c.scored ?? c.automated) && !tables.has(c.key)).map((c) => c.key);
    expect(missing, "scored checks without a checkTable").to.deep.equal([]);
  });
  it("every scored check gives `fail` on at least one fixture of its table", () => {
    const cannotFail: string[] = [];
    for (const check of catalog.filter((c) => c.scored ?? c.automated)) {
      const t = tables.get(check.key);
      if (!t) continue;
      const failing = t.cases.filter((c) => c.status === "fail");
      const failed = failing.some((c) => worstStatus(runCase(t.check, c).map((f) => f.status)) === "fail");
      if (!failed) cannotFail.push(check.key);
    }
    expect(cannotFail, "scored checks that no fixture makes fail").to.deep.equal([]);
  });
  it("2.11 (the default cgroup parent, Manual in CIS 1.8.0) is not scored: it can only pass or ask for review", () => {
    const c = catalog.find((x) => x.key === "daemon-cgroup-parent-default")!;
    expect(c.scored ?? c.automated).to.equal(false);
  });
});
