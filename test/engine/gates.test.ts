import { expect } from "chai";
import { evaluateGates, gateMessage } from "../../src/engine/gates.js";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { container, snapshot } from "../support/fixtures.js";
import { reportOf } from "./ops-fixture.js";

const waiver = { reason: "r", approvedBy: "a", expires: "2099-12-31" };
// 5.16 (high) fails for three containers; 5.5 (critical) fails for one privileged container; 5.15 (low) is clean.
const snap = snapshot({
  containers: [
    container("monitor", { HostConfig: { PidMode: "host" } }),
    container("debug", { HostConfig: { PidMode: "host", Privileged: true } }),
  ],
});
const report = reportOf(snap, "1.6.0", ["5.16", "5.5", "5.15"]);
const waived = (containers: string[]) => applyWaivers(report, [{ check: "5.16", containers, ...waiver }, { check: "5.5", containers, ...waiver }], subjectFactsFromSnapshot(snap));

describe("engine: gates", () => {
  it("fails by default on any scored failure, naming the checks", () => {
    const g = evaluateGates(report, {});
    expect(g.failed).to.equal(true);
    expect(gateMessage(g)).to.equal("gate failed: 2 checks failed (5.5, 5.16)");
  });

  it("--fail-on counts only checks at or above the severity", () => {
    expect(gateMessage(evaluateGates(report, { failOn: "high" }))).to.equal("gate failed: 2 checks failed at severity high or above (5.5, 5.16)");
    expect(gateMessage(evaluateGates(report, { failOn: "critical" }))).to.equal("gate failed: 1 check failed at severity critical (5.5)");
    const onlyHigh = reportOf(snapshot({ containers: [container("m", { HostConfig: { PidMode: "host" } })] }), "1.6.0", ["5.16"]);
    expect(evaluateGates(onlyHigh, { failOn: "critical" })).to.deep.equal({ failed: false, reasons: [] });
    expect(evaluateGates(onlyHigh, { failOn: "low" }).failed).to.equal(true);
  });

  it("does not count waived findings", () => {
    expect(evaluateGates(waived(["debug"]), { failOn: "critical" }).failed).to.equal(false);
    expect(gateMessage(evaluateGates(waived(["debug"]), {}))).to.equal("gate failed: 1 check failed (5.16)");
    expect(evaluateGates(waived(["*"]), {}).failed).to.equal(false);
  });

  it("--min-score compares with the report's score", () => {
    const clean = reportOf(snapshot({ containers: [container("web")] }), "1.6.0", ["5.16", "5.5"]);
    expect(clean.summary.score).to.equal(100);
    expect(evaluateGates(clean, { minScore: 100 }).failed).to.equal(false);
    expect(report.summary.score).to.be.below(50);
    expect(evaluateGates(report, { minScore: 50, failOn: "critical" }).reasons).to.deep.equal([
      "1 check failed at severity critical (5.5)", `score ${report.summary.score} is below the minimum 50`,
    ]);
  });

  it("--min-score fails when no scored check was decided (no score is not a good score)", () => {
    const s = snapshot({ containers: { ok: false, error: "denied", source: "GET /containers/json" } });
    const r = reportOf(s, "1.6.0", ["5.16"]);
    expect(r.summary.score).to.equal(0);
    const manualOnly = { ...r, summary: { ...r.summary, score: null } };
    expect(gateMessage(evaluateGates(manualOnly, { minScore: 10, failOn: "critical" }))).to.contain("score is undefined");
  });

  it("--fail-on-error fails on an undecided check; without it an error alone passes a severity gate", () => {
    const s = snapshot({ containers: { ok: false, error: "denied", source: "GET /containers/json" } });
    const r = reportOf(s, "1.6.0", ["5.16"]);
    expect(evaluateGates(r, { failOn: "low" }).failed).to.equal(false);
    expect(gateMessage(evaluateGates(r, { failOn: "low", failOnError: true }))).to.equal("gate failed: 1 check could not be decided (5.16)");
  });

  it("with a baseline, fails only for failures the baseline did not have (by check key and subject)", () => {
    const before = reportOf(snapshot({ containers: [container("monitor", { HostConfig: { PidMode: "host" } }), container("debug", { HostConfig: { PidMode: "host" } })] }), "1.6.0", ["5.16", "5.5", "5.15"]);
    const g = evaluateGates(report, { baseline: before });
    expect(gateMessage(g)).to.equal("gate failed: 1 check failed that the baseline did not have (5.5)");
    expect(evaluateGates(report, { baseline: report }).failed).to.equal(false);
    // A baseline from another benchmark version still matches: ids shift, keys do not.
    expect(evaluateGates(report, { baseline: reportOf(snap, "1.8.0", ["5.16", "5.5", "5.15"]) }).failed).to.equal(false);
  });

  it("shortens a long list of check ids", () => {
    const many = { ...report, results: Array.from({ length: 12 }, (_, i) => ({ ...report.results[0]!, id: `5.${i + 1}`, key: `k${i}`, status: "fail" as const })) };
    many.results.forEach((r) => (r.findings = [{ subject: { kind: "container", name: "x" }, status: "fail", message: "m" }]));
    expect(gateMessage(evaluateGates(many, {}))).to.match(/12 checks failed \(5\.1, 5\.2, .*5\.10 \+2 more\)$/);
  });
});
