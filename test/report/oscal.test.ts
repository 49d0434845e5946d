import { expect } from "chai";
import { applyAttestations } from "../../src/engine/attestations.js";
import { subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { renderOscal, oscalControlId } from "../../src/report/oscal.js";
import { uuidv5 } from "../../src/report/uuid.js";
import { renderJson } from "../../src/report/json.js";
import { expectValidOscal, oscalSchemaErrors } from "../support/oscal.js";
import { fixedReport, fixedSnapshot } from "./fixed-report.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
function attested() {
  return applyAttestations(fixedReport(), [
    { check: "X.93", status: "pass", explanation: "backups reviewed <ok>", attestedBy: "Ada Auditor", attestedAt: "2026-01-10", expires: "2099-01-01" },
  ], subjectFactsFromSnapshot(fixedSnapshot()));
}

describe("report: OSCAL assessment results", () => {
  it("derives UUIDv5 as RFC 4122 does (the DNS namespace's published example)", () => {
    expect(uuidv5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).to.equal("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("writes NIST's control ids as the OSCAL catalogs do", () => {
    expect(oscalControlId("AC-3(3)")).to.equal("ac-3.3");
    expect(oscalControlId("CM-6")).to.equal("cm-6");
  });

  it("validates against NIST's OSCAL 1.1.2 assessment-results schema, with and without attestations", () => {
    expectValidOscal(renderOscal(fixedReport()));
    expectValidOscal(renderOscal(attested()));
    // The validator does reject: without import-ap, or with a prop value spanning lines.
    const doc = JSON.parse(renderOscal(fixedReport()));
    delete doc["assessment-results"]["import-ap"];
    expect(oscalSchemaErrors(doc)).to.contain("import-ap");
    const doc2 = JSON.parse(renderOscal(fixedReport()));
    doc2["assessment-results"].results[0].props[0].value = "two\nlines";
    expect(oscalSchemaErrors(doc2)).to.contain("pattern");
  });

  it("has one observation and one finding per finding of the JSON report, with the same fingerprints and statuses", () => {
    const report = attested();
    const json = JSON.parse(renderJson(report));
    const want = json.results.flatMap((r: any) => r.findings.map((f: any) => `${f.fingerprint} ${f.status}`)).sort();
    const doc = expectValidOscal(renderOscal(report));
    const result = doc["assessment-results"].results[0];
    const prop = (x: any, name: string) => x.props.find((p: any) => p.name === name)?.value;
    expect(result.findings.map((f: any) => `${prop(f, "fingerprint")} ${prop(f, "status")}`).sort()).to.deep.equal(want);
    expect(result.observations.map((o: any) => `${prop(o, "fingerprint")} ${prop(o, "status")}`).sort()).to.deep.equal(want);
    for (const f of result.findings) {
      expect(result.observations.some((o: any) => o.uuid === f["related-observations"][0]["observation-uuid"])).to.equal(true);
    }
    const uuids = [...result.findings, ...result.observations, ...(result.risks ?? [])].map((x: any) => x.uuid);
    expect(new Set(uuids).size).to.equal(uuids.length);
  });

  it("has the audit's start and end, the host and daemon as subjects, and NIST controls from data/nist-800-53.json", () => {
    const report = fixedReport();
    const doc = expectValidOscal(renderOscal(report));
    const result = doc["assessment-results"].results[0];
    expect(result.start).to.equal(report.startedAt);
    expect(result.end).to.equal(report.finishedAt);
    const defs = result["local-definitions"];
    expect(defs.components.map((c: any) => c.title)).to.include("dockaudit");
    expect(defs.components.some((c: any) => c.props.some((p: any) => p.name === "endpoint" && p.value === report.daemon.endpoint))).to.equal(true);
    expect(defs["inventory-items"].some((i: any) => i.props.some((p: any) => p.name === "asset-type" && p.value === "host"))).to.equal(true);
    // 2.2 (icc) and 5.16 (host pid) are mapped by MITRE's profile.
    const controls = result["reviewed-controls"]["control-selections"][0]["include-controls"].map((c: any) => c["control-id"]);
    expect(controls.length).to.be.above(0);
    const pid = result.findings.find((f: any) => f.target["target-id"] === "cis-docker-5.16");
    expect(pid.props.some((p: any) => p.name === "nist-800-53-control")).to.equal(true);
  });

  it("carries waivers as approved deviations with a planned response, failures as open risks with the remediation", () => {
    const doc = expectValidOscal(renderOscal(fixedReport()));
    const risks = doc["assessment-results"].results[0].risks;
    const waived = risks.filter((r: any) => r.status === "deviation-approved");
    expect(waived.length).to.equal(2);
    expect(waived[0].remediations[0].lifecycle).to.equal("planned");
    expect(JSON.stringify(waived)).to.contain("approved by sec-team, expires 2099-12-31");
    expect(risks.some((r: any) => r.status === "open" && r.remediations[0].lifecycle === "recommendation")).to.equal(true);
  });

  it("records an attestation with the attester as a party: attested by … on …, expires …", () => {
    const doc = expectValidOscal(renderOscal(attested()));
    const ar = doc["assessment-results"];
    expect(ar.metadata.parties.map((p: any) => p.name)).to.deep.equal(["Ada Auditor"]);
    const att = ar.results[0].attestations;
    expect(att).to.have.length(1);
    expect(att[0].parts[0].prose).to.equal("attested pass by Ada Auditor on 2026-01-10, expires 2099-01-01: backups reviewed <ok>");
    const f = ar.results[0].findings.find((x: any) => x.target["target-id"] === "dockaudit-X.93");
    expect(f.target.status).to.deep.equal({ state: "satisfied", reason: "pass" });
    expect(f.origins[1].actors[0]).to.include({ type: "party", "actor-uuid": ar.metadata.parties[0].uuid });
  });

  it("is the same bytes for the same report, and keeps a finding's UUIDs when the run's time changes", () => {
    const a = fixedReport();
    expect(renderOscal(a)).to.equal(renderOscal(fixedReport()));
    const later = { ...a, startedAt: "2030-01-01T00:00:00.000Z", finishedAt: "2030-01-01T00:00:05.000Z" };
    const uuidsOf = (t: string) => JSON.parse(t)["assessment-results"].results[0].findings.map((f: any) => f.uuid);
    expect(uuidsOf(renderOscal(later))).to.deep.equal(uuidsOf(renderOscal(a)));
  });
});
