import { expect } from "chai";
import { applyAttestations } from "../../src/engine/attestations.js";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { renderHdf } from "../../src/report/hdf.js";
import { readHdf } from "../support/hdf.js";
import { fixedReport, fixedSnapshot } from "./fixed-report.js";

const lookup = subjectFactsFromSnapshot(fixedSnapshot());
const att = (check: string, extra: object = {}) => ({ check, status: "fail" as const, explanation: "reviewed", attestedBy: "Ada", attestedAt: "2026-01-10", expires: "2026-12-31", ...extra });

describe("engine: attestations", () => {
  it("answer manual findings only: findings dockaudit decided keep their verdict, and the attestation is stale", () => {
    const before = fixedReport();
    const after = applyAttestations(before, [att("X.91"), att("X.96")], lookup);
    for (const key of ["test-read-only", "test-error"]) {
      expect(after.results.find((r) => r.key === key), key).to.deep.equal(before.results.find((r) => r.key === key));
    }
    expect(after.attestations?.map((a) => a.state)).to.deep.equal(["stale", "stale"]);
  });

  it("change the summary: an attested failure counts against the score", () => {
    const before = fixedReport();
    const after = applyAttestations(before, [att("X.93")], lookup);
    expect(after.results.find((r) => r.key === "test-manual")?.status).to.equal("fail");
    expect(after.summary.own.scoredTotal).to.equal(before.summary.own.scoredTotal + 1);
    expect(after.summary.findings.manual).to.equal(before.summary.findings.manual - 1);
  });

  it("an expiry is judged against the run's start, through the last day", () => {
    const r = fixedReport();
    const day = r.startedAt.slice(0, 10);
    expect(applyAttestations(r, [att("X.93", { expires: day })], lookup).attestations?.[0]?.state).to.equal("active");
    const prev = new Date(Date.parse(`${day}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
    const expired = applyAttestations(r, [att("X.93", { expires: prev })], lookup);
    expect(expired.attestations?.[0]?.state).to.equal("expired");
    expect(expired.results.find((x) => x.key === "test-manual")?.status).to.equal("manual");
  });

  it("a waiver applied afterwards may cover an attested failure", () => {
    const r = applyWaivers(applyAttestations(fixedReport(), [att("X.93")], lookup), [{ check: "X.93", reason: "accepted", approvedBy: "ciso", expires: "2099-01-01" }], lookup);
    const f = r.results.find((x) => x.key === "test-manual")?.findings[0];
    expect(f?.status).to.equal("waived");
    expect(f?.attestation?.attestedBy).to.equal("Ada");
  });

  it("HDF: Heimdall's parser (inspecjs) accepts the attestation_data and shows the attested status", () => {
    const report = applyAttestations(fixedReport(), [att("X.93", { status: "pass" })], lookup);
    const hdf = JSON.parse(renderHdf(report));
    const control = hdf.profiles[1].controls.find((c: { id: string }) => c.id === "X.93");
    expect(control.attestation_data).to.deep.equal({ control_id: "X.93", explanation: "host " + report.host.hostname + ": attested pass by Ada on 2026-01-10, expires 2026-12-31: reviewed", frequency: "355d", status: "passed", updated: "2026-01-10T00:00:00Z", updated_by: "Ada" });
    expect(readHdf(renderHdf(report)).statuses.get("X.93")).to.equal("Passed");
  });
});
