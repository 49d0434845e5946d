import { expect } from "chai";
import { renderSarif, pseudoPath } from "../../src/report/sarif.js";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { snapshot } from "../support/fixtures.js";
import { opsSnapshot, reportOf, sarifSchemaErrors as schemaErrors } from "../engine/ops-fixture.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const snap = opsSnapshot();
const waived = applyWaivers(reportOf(snap), [{ check: "5.16", containers: ["monitor-1"], reason: "agent", approvedBy: "sec", expires: "2099-12-31" }], subjectFactsFromSnapshot(snap));
const sarif: any = JSON.parse(renderSarif(waived));
const run = sarif.runs[0];

describe("report: SARIF 2.1.0", () => {
  it("validates against the SARIF 2.1.0 JSON schema", () => {
    expect(schemaErrors(sarif)).to.equal("");
    expect(sarif.version).to.equal("2.1.0");
  });

  it("has a rule per check, with help text, a string security-severity and tags", () => {
    expect(run.tool.driver.rules.map((r: any) => r.id)).to.deep.equal(waived.results.map((r) => r.key));
    const pid = run.tool.driver.rules.find((r: any) => r.id === "container-host-pid-namespace");
    expect(pid.properties["security-severity"]).to.equal("8.0");
    expect(pid.properties.tags).to.include("security").and.include("section-5");
    expect(pid.help.text).to.contain("Remediation: Start the container without --pid=host");
    expect(pid.shortDescription.text).to.equal("CIS 5.16: The host's process namespace is not shared");
    for (const r of run.tool.driver.rules) expect(Number(r.properties["security-severity"])).to.be.within(0.1, 10);
  });

  it("has a result per failed finding naming the subject, with a physical and a logical location and our fingerprint", () => {
    const pidResults = run.results.filter((r: any) => r.ruleId === "container-host-pid-namespace");
    expect(pidResults.map((r: any) => r.properties.subject.name).sort()).to.deep.equal(["debug", "monitor-1", "monitor-2"]);
    const debug = pidResults.find((r: any) => r.properties.subject.name === "debug");
    expect(debug.message.text).to.contain("container 'debug'");
    expect(debug.locations[0].physicalLocation.artifactLocation.uri).to.equal("docker-host/testhost/container/debug");
    expect(debug.locations[0].physicalLocation.region.startLine).to.equal(1);
    expect(debug.locations[0].logicalLocations[0]).to.deep.equal({ name: "debug", fullyQualifiedName: "testhost/container/debug", kind: "resource" });
    expect(debug.partialFingerprints["dockauditFinding/v1"]).to.match(/^[0-9a-f]{64}$/);
    expect(run.tool.driver.rules[debug.ruleIndex].id).to.equal(debug.ruleId);
    for (const r of run.results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri, "GitHub rejects results without one").to.be.a("string").and.not.equal("");
      expect(r.properties.status).to.be.oneOf(["fail", "waived"]);
    }
    const fps = run.results.map((r: any) => r.partialFingerprints["dockauditFinding/v1"]);
    expect(new Set(fps).size).to.equal(fps.length);
  });

  it("keeps a waived failure visible as a result with an accepted suppression", () => {
    const m1 = run.results.find((r: any) => r.ruleId === "container-host-pid-namespace" && r.properties.subject.name === "monitor-1");
    expect(m1.suppressions).to.deep.equal([{ kind: "external", status: "accepted", justification: "agent (approved by sec, expires 2099-12-31)" }]);
  });

  it("is stable: same report, same document; fingerprints do not depend on container ids", () => {
    expect(renderSarif(waived)).to.equal(renderSarif(waived));
    const moved = JSON.parse(JSON.stringify(waived));
    for (const r of moved.results) for (const f of r.findings) if (f.subject.id) f.subject.id = "recreated";
    const again: any = JSON.parse(renderSarif(moved));
    expect(again.runs[0].results.map((r: any) => r.partialFingerprints)).to.deep.equal(run.results.map((r: any) => r.partialFingerprints));
  });

  it("sets automationDetails.id per host", () => {
    expect(run.automationDetails.id).to.equal("dockaudit/testhost/");
  });

  it("reports undecided checks as tool notifications, not results", () => {
    const s = snapshot({ containers: { ok: false, error: "permission denied", source: "GET /containers/json" } });
    const doc: any = JSON.parse(renderSarif(reportOf(s, "1.6.0", ["5.16"])));
    expect(schemaErrors(doc)).to.equal("");
    expect(doc.runs[0].results).to.deep.equal([]);
    const n = doc.runs[0].invocations[0].toolExecutionNotifications;
    expect(n).to.have.length(1);
    expect(n[0].associatedRule.id).to.equal("container-host-pid-namespace");
    expect(n[0].message.text).to.contain("permission denied");
  });

  it("encodes names into the pseudo-path so it stays a relative URI", () => {
    expect(pseudoPath("h", { kind: "image", name: "quay.io/prom/node-exporter:v1" })).to.equal("docker-host/h/image/quay.io%2Fprom%2Fnode-exporter%3Av1");
    expect(pseudoPath("h", { kind: "daemon", name: "unix:///var/run/docker.sock" })).to.equal("docker-host/h/daemon");
  });
});
