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
  it("the headline score is the CIS score; own checks (section X) get their own score line and do not count twice", () => {
    const s = summarize([r("2.18", "fail", true, "2"), r("5.4", "pass"), r("X.4", "fail", true, "X"), r("X.7", "fail", true, "X"), r("X.9", "pass", true, "X"), r("X.2", "info", false, "X")]);
    expect([s.score, s.passed, s.scoredTotal, s.dockerBenchScore]).to.deep.equal([50, 1, 2, 0]);
    expect(s.own).to.deep.equal({ score: 33.3, passed: 1, scoredTotal: 3, total: 4 });
    expect(s.counts).to.include({ pass: 2, fail: 3, info: 1 });
    expect(s.failedBySeverity.high).to.equal(3);
    expect(s.total).to.equal(6);
  });
  it("has no own score when no own check was run", () => {
    expect(summarize([r("5.1", "pass")]).own).to.deep.equal({ score: null, passed: 0, scoredTotal: 0, total: 0 });
  });
});
