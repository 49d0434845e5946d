import { expect } from "chai";
import { scoreOf, summarize } from "../../src/engine/score.js";
import type { CheckResult, Status } from "../../src/engine/types.js";

const r = (id: string, status: Status, scored = true, section = "5", severity: CheckResult["severity"] = "high"): CheckResult => ({
  id, key: id, title: id, section, sectionTitle: "s", level: 1, automated: scored, scored, severity, status,
  rationale: "r", remediation: "m", references: [], cis: {}, findings: [],
});

describe("scoring", () => {
  it("scores passing over passed, failed and errored scored checks; skip, manual, info and unscored checks do not count", () => {
    const s = scoreOf([r("5.1", "pass"), r("5.2", "pass"), r("5.3", "fail"), r("5.4", "error"), r("5.5", "skip"), r("5.6", "manual", false), r("5.7", "fail", false)]);
    expect(s.passed).to.equal(2);
    expect(s.scoredTotal).to.equal(4);
    expect(s.score).to.equal(50);
    expect(s.dockerBenchScore).to.equal(1);
    expect(s.counts).to.include({ pass: 2, fail: 2, error: 1, skip: 1, manual: 1 });
  });
  it("has no score when nothing scored was decided", () => {
    expect(scoreOf([r("5.1", "skip"), r("5.2", "manual", false)]).score).to.equal(null);
  });
  it("counts waived checks as passing: an approved waiver accepts the risk", () => {
    expect(scoreOf([r("5.1", "waived"), r("5.2", "fail")]).score).to.equal(50);
  });
  it("summarises per section and failed checks per severity", () => {
    const s = summarize([r("2.2", "fail", true, "2", "medium"), r("5.1", "pass"), r("5.2", "fail", true, "5", "critical")]);
    expect(s.sections.map((x) => [x.id, x.score])).to.deep.equal([["2", 0], ["5", 50]]);
    expect(s.failedBySeverity).to.deep.equal({ low: 0, medium: 1, high: 0, critical: 1 });
  });
});
