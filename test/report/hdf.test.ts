import { expect } from "chai";
import { renderHdf, HEIMDALL_STATUS, nistControls } from "../../src/report/hdf.js";
import type { AuditReport, CheckResult, Finding } from "../../src/engine/types.js";
import { opsSnapshot, reportOf } from "../engine/ops-fixture.js";
import { expectedHeimdall, readHdf } from "../support/hdf.js";
import { fixedReport, XSS_NAME } from "./fixed-report.js";

/* eslint-disable @typescript-eslint/no-explicit-any */

describe("report: HDF (Heimdall Data Format)", () => {
  const fixed = fixedReport();
  const text = renderHdf(fixed);
  const hdf: any = JSON.parse(text);

  it("is accepted by inspecjs's exec-json converter, and Heimdall's counts equal the report's", () => {
    const view = readHdf(text);
    const want = expectedHeimdall(fixed);
    expect(view.counts).to.deep.equal(want.counts);
    expect(view.results).to.equal(want.results);
    expect(view.statuses.size).to.equal(fixed.results.length);
    for (const r of fixed.results) expect(view.statuses.get(r.id), r.id).to.equal(HEIMDALL_STATUS[r.status]);
    // Every status is present in the fixed report, so every mapping was exercised.
    expect(new Set(fixed.results.map((r) => r.status))).to.have.property("size").at.least(6);
  });

  it("has one CIS profile and one for dockaudit's own checks, with a control per check", () => {
    expect(hdf.profiles.map((p: any) => p.title)).to.deep.equal(["CIS Docker Benchmark 1.8.0", "dockaudit hardening checks (beyond CIS)"]);
    const [cis, own] = hdf.profiles;
    expect(cis.controls.map((c: any) => c.id).sort()).to.deep.equal(fixed.results.filter((r) => Object.keys(r.cis).length).map((r) => r.id).sort());
    expect(own.controls.map((c: any) => c.id)).to.include.members(["X.91", "X.92", "X.93"]);
    expect(cis.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(cis.groups.map((g: any) => g.id)).to.deep.equal(["2", "5"]);
  });

  it("gives each control its ids in both numberings, level, key, severity, impact, rationale and fix", () => {
    const pid = hdf.profiles[0].controls.find((c: any) => c.id === "5.16");
    expect(pid.tags).to.include({ cis_id: "5.16", "cis_id_1.6.0": "5.16", "cis_id_1.8.0": "5.16", cis_level: "Level 1", dockaudit_key: "container-host-pid-namespace", severity: "high" });
    expect(pid.impact).to.equal(0.7);
    expect(pid.descriptions.find((d: any) => d.label === "fix").data).to.contain("--pid=host");
    expect(pid.tags.nist).to.deep.equal(["SI-1", "Rev_4"]);
    const own = hdf.profiles[1].controls.find((c: any) => c.id === "X.91");
    expect(own.tags).to.include({ dockaudit_id: "X.91", dockaudit_key: "test-read-only" });
    expect(own.tags).to.not.have.property("nist");
    expect(own.tags).to.not.have.property("cis_id");
  });

  it("has a result per finding naming the subject, and the waiver with justification, approver and expiry", () => {
    const ro = hdf.profiles[1].controls.find((c: any) => c.id === "X.91");
    const db = ro.results.find((x: any) => x.code_desc.startsWith("container db"));
    expect(db.status).to.equal("failed");
    expect(db.message).to.match(/^waived: .*approved by sec-team/);
    expect(ro.waiver_data).to.include({ justification: "read-write data directory <by design>", expiration_date: "2099-12-31", approved_by: "sec-team" });
    const hostile = hdf.profiles[1].controls.find((c: any) => c.id === "X.92");
    expect(hostile.results.some((x: any) => x.code_desc.includes(XSS_NAME))).to.equal(true);
    const skipped = hdf.profiles[1].controls.find((c: any) => c.id === "X.95");
    expect(skipped.impact).to.equal(0);
    expect(skipped.results[0]).to.include({ status: "skipped", skip_message: "skip: swarm mode is not active" });
    const err = hdf.profiles[1].controls.find((c: any) => c.id === "X.96");
    expect(err.results[0].status).to.equal("error");
  });

  it("never lets Heimdall show Passed or Profile Error where the report says otherwise (mixed findings)", () => {
    const f = (status: Finding["status"], name: string): Finding => ({ subject: { kind: "container", name }, status, message: `${status} here` });
    const base = fixed.results.find((r) => r.id === "X.91")!;
    const mixed = (id: string, status: CheckResult["status"], findings: Finding[]): CheckResult => ({ ...base, id, key: `k-${id}`, status, findings });
    const report: AuditReport = {
      ...fixed,
      results: [
        mixed("X.1", "manual", [f("manual", "a"), f("pass", "b")]),
        mixed("X.2", "info", [f("info", "a"), f("pass", "b")]),
        mixed("X.3", "fail", [f("fail", "a"), f("error", "b")]),
        mixed("X.4", "error", [f("error", "a"), f("pass", "b"), f("skip", "c")]),
        mixed("X.5", "pass", [f("pass", "a"), f("skip", "b")]),
      ],
    };
    const out = renderHdf(report);
    const view = readHdf(out);
    expect(Object.fromEntries(view.statuses)).to.deep.equal({ "X.1": "Not Reviewed", "X.2": "Not Reviewed", "X.3": "Failed", "X.4": "Profile Error", "X.5": "Passed" });
    const x3 = JSON.parse(out).profiles[1].controls.find((c: any) => c.id === "X.3");
    expect(x3.results[1]).to.include({ status: "skipped", skip_message: "error: error here" });
  });

  it("tags NIST SP 800-53 controls from MITRE's published profile on checks that have a counterpart there", () => {
    const report = reportOf(opsSnapshot(), "1.8.0");
    const view = readHdf(renderHdf(report));
    const want = expectedHeimdall(report);
    expect(view.counts).to.deep.equal(want.counts);
    expect(view.results).to.equal(want.results);
    expect(view.nist.get("5.5")).to.deep.equal(["AC-6(9)"]); // privileged containers: MITRE M-5.4
    expect(view.nist.get("2.2")).to.deep.equal(["AU-3"]); // log level info: MITRE M-2.2
    const tagged = report.results.filter((r) => nistControls(r.key).length > 0);
    expect(tagged.length).to.be.greaterThan(90);
    expect(nistControls("da-env-secrets")).to.deep.equal([]);
  });

  it("is registered as a format with the .hdf.json extension", async () => {
    const { reporters, extensions } = await import("../../src/report/index.js");
    expect(reporters.hdf).to.equal(renderHdf);
    expect(extensions.hdf).to.equal("hdf.json");
  });
});
