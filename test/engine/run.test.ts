import { expect } from "chai";
import { defineCheck, fail, onDaemon, pass, perContainer } from "../../src/engine/define.js";
import { buildContext, compareIds, runChecks, worstStatus } from "../../src/engine/run.js";
import { container, errFact, image, snapshot } from "../support/fixtures.js";

const base = { title: "t", section: "container-runtime", level: 1 as const, automated: true, severity: "high" as const, rationale: "r", remediation: "m" };
const opts = { benchmark: "1.8.0" as const, containers: {} };

describe("running checks", () => {
  it("a check that throws becomes an error result and the run goes on", () => {
    const boom = defineCheck({ ...base, key: "boom", cis: { "1.8.0": "5.1" }, needs: [], evaluate: () => { throw new Error("kaput"); } });
    const ok = defineCheck({ ...base, key: "ok", cis: { "1.8.0": "5.2" }, needs: [], evaluate: onDaemon(() => pass("fine")) });
    const report = runChecks(snapshot(), [boom, ok], opts);
    expect(report.results.map((r) => r.status)).to.deep.equal(["error", "pass"]);
    expect(report.results[0]!.findings[0]!.message).to.contain("kaput");
  });

  it("a check whose needed fact could not be read is an error naming the reason, and evaluate is not called", () => {
    let called = false;
    const c = defineCheck({ ...base, key: "c", cis: { "1.8.0": "5.1" }, needs: ["engine.containers"], evaluate: () => { called = true; return []; } });
    const report = runChecks(snapshot({ containers: errFact("connect EACCES /var/run/docker.sock", "GET /containers/json") }), [c], opts);
    expect(called).to.equal(false);
    expect(report.results[0]!.status).to.equal("error");
    expect(report.results[0]!.findings[0]!.message).to.match(/could not decide.*EACCES/);
    expect(report.daemon.collectionErrors).to.deep.include({ slice: "engine.containers", error: "connect EACCES /var/run/docker.sock" });
  });

  it("a check that returns no finding is an error, never an empty pass", () => {
    const c = defineCheck({ ...base, key: "c", cis: { "1.8.0": "5.1" }, needs: [], evaluate: () => [] });
    expect(runChecks(snapshot(), [c], opts).results[0]!.status).to.equal("error");
  });

  it("every judged container gets a finding, passing ones included, named without the leading slash", () => {
    const c = defineCheck({ ...base, key: "c", cis: { "1.8.0": "5.5" }, needs: ["engine.containers"],
      evaluate: perContainer((x) => (x.HostConfig.Privileged ? fail("privileged") : pass("not privileged"))) });
    const report = runChecks(snapshot({ containers: [container("a"), container("b", { HostConfig: { Privileged: true } })] }), [c], opts);
    const r = report.results[0]!;
    expect(r.status).to.equal("fail");
    expect(r.findings.map((f) => [f.subject.kind, f.subject.name, f.status])).to.deep.equal([["container", "a", "pass"], ["container", "b", "fail"]]);
    expect(report.selection.containers).to.deep.equal(["a", "b"]);
  });

  it("a check's status is the worst of its findings", () => {
    expect(worstStatus(["pass", "skip"])).to.equal("pass");
    expect(worstStatus(["pass", "error"])).to.equal("error");
    expect(worstStatus(["error", "fail", "pass"])).to.equal("fail");
    expect(worstStatus(["waived", "pass"])).to.equal("waived");
    expect(worstStatus(["manual", "info"])).to.equal("manual");
  });

  it("results are ordered by id numerically, own checks last", () => {
    const ids = ["5.10", "1.1.10", "X.1", "2.2", "1.1.2", "5.9"].sort(compareIds);
    expect(ids).to.deep.equal(["1.1.2", "1.1.10", "2.2", "5.9", "5.10", "X.1"]);
  });
});

describe("running checks: the auditor's own container", () => {
  it("is not judged, nor its image, and the report names it with how it was recognised", () => {
    const seen: string[] = [];
    const c = defineCheck({ ...base, key: "c", cis: { "1.8.0": "5.1" }, needs: ["engine.containers"], evaluate: perContainer((x) => { seen.push(x.Name); return fail("socket mounted"); }) });
    const me = container("dockaudit", { Image: "sha256:" + "d".repeat(64) });
    const snap = snapshot({ containers: [container("web"), me], images: [image("busybox:1"), image("dockaudit:1", { Id: me.Image })] });
    snap.collection.auditor = { id: me.Id, name: "dockaudit", source: "/proc/self/mountinfo: /etc/hostname from /var/lib/docker/containers/x/hostname" };
    const report = runChecks(snap, [c], opts);
    expect(seen).to.deep.equal(["/web"]);
    expect(buildContext(snap, opts).images.map((i) => i.RepoTags?.[0])).to.deep.equal(["busybox:1"]);
    expect(report.results[0]!.findings.map((f) => f.subject.name)).to.deep.equal(["web"]);
    expect(report.selection.containers).to.deep.equal(["web"]);
    expect(report.containers!.map((x) => x.name)).to.deep.equal(["web"]);
    expect(report.auditor).to.deep.equal(snap.collection.auditor);
    expect(runChecks(snapshot({ containers: [container("web")] }), [c], opts)).to.not.have.property("auditor");
  });
});
