import { expect } from "chai";
import { applyWaivers, isExpired, subjectFactsFromSnapshot, type Waiver } from "../../src/engine/waivers.js";
import type { AuditReport, CheckResult } from "../../src/engine/types.js";
import { container, snapshot } from "../support/fixtures.js";
import { opsSnapshot, reportOf } from "./ops-fixture.js";

const base = { reason: "agent reads host processes", approvedBy: "security-team", expires: "2099-12-31" };
const snap = opsSnapshot();
const lookup = subjectFactsFromSnapshot(snap);
const report = reportOf(snap, "1.6.0", ["5.16"]);
const pid = (r: AuditReport): CheckResult => r.results.find((x) => x.key === "container-host-pid-namespace")!;
const statuses = (r: AuditReport) => Object.fromEntries(pid(r).findings.map((f) => [f.subject.name, f.status]));
const waive = (...ws: Waiver[]) => applyWaivers(report, ws, lookup);

describe("engine: waivers", () => {
  it("has the fixture failing for three containers before any waiver", () => {
    expect(statuses(report)).to.deep.equal({ web: "pass", "monitor-1": "fail", "monitor-2": "fail", debug: "fail" });
    expect(pid(report).status).to.equal("fail");
  });

  it("waives the failures of containers whose name matches a glob, attaching the waiver", () => {
    const r = waive({ check: "5.16", containers: ["monitor-*"], ...base });
    expect(statuses(r)).to.deep.equal({ web: "pass", "monitor-1": "waived", "monitor-2": "waived", debug: "fail" });
    const f = pid(r).findings.find((x) => x.subject.name === "monitor-1")!;
    expect(f.waiver).to.deep.equal({ reason: base.reason, approvedBy: "security-team", expires: "2099-12-31", index: 0 });
    expect(pid(r).status, "debug still fails").to.equal("fail");
    expect(r.waivers).to.deep.equal([{ index: 0, check: "5.16", reason: base.reason, approvedBy: "security-team", expires: "2099-12-31", state: "active", matched: 2 }]);
    expect(r.summary.waived).to.equal(2);
    expect(r.summary.findings.fail).to.equal(1);
  });

  it("recomputes the check status and the score when every failure is waived", () => {
    const r = waive({ check: "container-host-pid-namespace", ...base });
    expect(pid(r).status).to.equal("waived");
    expect(r.summary.counts.waived).to.equal(1);
    expect(r.summary.counts.fail).to.equal(0);
    expect(r.summary.score, "a waived check counts as passing").to.equal(100);
    expect(report.summary.score).to.equal(0);
  });

  it("matches on the container's image, by the name it was started with or by any tag of that image", () => {
    expect(statuses(waive({ check: "5.16", images: ["prom/*"], ...base }))).to.include({ "monitor-1": "waived", debug: "fail" });
    expect(statuses(waive({ check: "5.16", images: ["quay.io/**"], ...base }))).to.include({ "monitor-2": "waived", debug: "fail" });
    expect(statuses(waive({ check: "5.16", images: ["busybox:*"], ...base }))).to.include({ "monitor-1": "fail", debug: "waived" });
  });

  it("matches on labels, KEY or KEY=VALUE", () => {
    expect(statuses(waive({ check: "5.16", labels: ["role=monitoring"], ...base }))).to.include({ "monitor-1": "waived", "monitor-2": "waived", debug: "fail" });
    expect(statuses(waive({ check: "5.16", labels: ["role"], ...base }))).to.include({ "monitor-1": "waived", debug: "fail" });
    expect(statuses(waive({ check: "5.16", labels: ["role=db"], ...base }))).to.include({ "monitor-1": "fail" });
  });

  it("needs every filter it names to hold", () => {
    const r = waive({ check: "5.16", containers: ["*"], labels: ["role=monitoring"], images: ["busybox:*"], ...base });
    expect(statuses(r)).to.include({ "monitor-1": "fail", debug: "fail" });
    expect(r.waivers![0]!.state).to.equal("stale");
  });

  it("does not apply an expired waiver, says so on the finding, and lists it as expired", () => {
    const r = waive({ check: "5.16", containers: ["monitor-*"], ...base, expires: "2025-12-31" });
    expect(statuses(r)).to.include({ "monitor-1": "fail", "monitor-2": "fail" });
    expect(pid(r).findings.find((f) => f.subject.name === "monitor-1")!.message).to.contain("expired on 2025-12-31");
    expect(r.waivers![0]).to.include({ state: "expired", matched: 2 });
  });

  it("judges expiry against the run's start, not the wall clock, and holds through the last day (UTC)", () => {
    expect(report.startedAt).to.equal("2026-01-15T10:00:00.000Z");
    expect(isExpired("2026-01-15", "2026-01-15T23:59:59.999Z")).to.equal(false);
    expect(isExpired("2026-01-15", "2026-01-16T00:00:00.000Z")).to.equal(true);
    expect(statuses(waive({ check: "5.16", containers: ["debug"], ...base, expires: "2026-01-15" }))).to.include({ debug: "waived" });
    expect(statuses(waive({ check: "5.16", containers: ["debug"], ...base, expires: "2026-01-14" }))).to.include({ debug: "fail" });
  });

  it("lists a waiver that covers no failure as stale", () => {
    const r = waive({ check: "5.16", containers: ["web"], ...base }, { check: "2.2", ...base });
    expect(r.waivers!.map((w) => [w.check, w.state, w.matched])).to.deep.equal([["5.16", "stale", 0], ["2.2", "stale", 0]]);
    expect(statuses(r)).to.deep.equal(statuses(report));
  });

  it("never waives an error: a check that could not decide stays undecided", () => {
    const s = snapshot({ containers: { ok: false, error: "permission denied", source: "GET /containers/json" } });
    const broken = reportOf(s, "1.6.0", ["5.16"]);
    expect(pid(broken).status).to.equal("error");
    const r = applyWaivers(broken, [{ check: "5.16", ...base }], subjectFactsFromSnapshot(s));
    expect(pid(r).status).to.equal("error");
    expect(r.waivers![0]!.state).to.equal("stale");
    expect(r.summary.waived).to.equal(0);
  });

  it("credits each covering waiver, the first active one being the one attached", () => {
    const r = waive({ check: "5.16", containers: ["monitor-1"], ...base, expires: "2020-01-01" }, { check: "5.16", containers: ["monitor-*"], ...base, approvedBy: "ciso" });
    const f = pid(r).findings.find((x) => x.subject.name === "monitor-1")!;
    expect(f.status).to.equal("waived");
    expect(f.waiver!.approvedBy).to.equal("ciso");
    expect(r.waivers!.map((w) => [w.state, w.matched])).to.deep.equal([["expired", 1], ["active", 2]]);
  });

  it("leaves the input report untouched", () => {
    const before = JSON.stringify(report);
    waive({ check: "5.16", ...base });
    expect(JSON.stringify(report)).to.equal(before);
  });

  it("matches a container that has no image record on the name it was started with", () => {
    const s = snapshot({ containers: [container("x", { HostConfig: { PidMode: "host" }, Config: { Image: "registry.local/tools/x:2" } })] });
    const r = applyWaivers(reportOf(s, "1.6.0", ["5.16"]), [{ check: "5.16", images: ["registry.local/**"], ...base }], subjectFactsFromSnapshot(s));
    expect(pid(r).status).to.equal("waived");
  });
});
