import { expect } from "chai";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { applyAttestations } from "../../src/engine/attestations.js";
import { subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { asffBatches, asffFindings, renderAsff, type AsffFinding } from "../../src/report/asff.js";
import { renderJson } from "../../src/report/json.js";
import { fixedReport, fixedSnapshot } from "./fixed-report.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const OPTS = { accountId: "123456789012", region: "eu-west-1" };

// Compile-time check: what the renderer produces is an AwsSecurityFinding of the AWS SDK (tsc fails if a required
// field is missing or a value is not one ASFF allows).
const typed: AwsSecurityFinding[] = asffFindings(fixedReport(), OPTS) satisfies AsffFinding[];

const REQUIRED = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"];

describe("report: ASFF (AWS Security Hub)", () => {
  it("has every required field on every finding, within ASFF's limits", () => {
    expect(typed.length).to.be.above(0);
    for (const f of typed as any[]) {
      for (const k of REQUIRED) expect(f[k], k).to.not.equal(undefined);
      expect(f.SchemaVersion).to.equal("2018-10-08");
      expect(f.ProductArn).to.equal("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default");
      expect(f.AwsAccountId).to.equal("123456789012");
      expect(f.Title.length).to.be.at.most(256);
      expect(f.Description.length).to.be.at.most(1024);
      expect(f.Id.length).to.be.at.most(512);
      expect(f.Resources[0].Type).to.be.oneOf(["Container", "Other"]);
      expect(["PASSED", "FAILED", "WARNING", "NOT_AVAILABLE"]).to.include(f.Compliance.Status);
      expect(f.RecordState).to.equal("ACTIVE");
    }
  });

  it("holds one finding per (check, subject), its Id built from the finding's fingerprint, and a GeneratorId per check", () => {
    const report = fixedReport();
    const json = JSON.parse(renderJson(report));
    const fps = json.results.flatMap((r: any) => r.findings.map((f: any) => `dockaudit/${f.fingerprint}`));
    const out = JSON.parse(renderAsff(report, { asff: OPTS }));
    expect(out.map((f: any) => f.Id)).to.deep.equal(fps);
    expect(new Set(out.map((f: any) => f.Id)).size).to.equal(out.length);
    expect(new Set(out.map((f: any) => f.GeneratorId)).size).to.equal(report.results.length);
    const db = out.find((f: any) => f.GeneratorId === "dockaudit/test-read-only" && f.Resources[0].Details.Container.Name === "db");
    expect(db.Compliance.Status).to.equal("FAILED");
    expect(db.Workflow).to.deep.equal({ Status: "SUPPRESSED" });
    expect(db.Note.Text).to.contain("approved by sec-team");
    expect(db.Resources[0].Details.Container.ImageName).to.equal("postgres:16");
  });

  it("maps statuses: manual WARNING, error NOT_AVAILABLE, an attested manual check PASSED with its attester", () => {
    const report = fixedReport();
    const byKey = (fs: any[], k: string) => fs.find((f) => f.GeneratorId === `dockaudit/${k}`);
    const plain = asffFindings(report, OPTS) as any[];
    expect(byKey(plain, "test-manual").Compliance.Status).to.equal("WARNING");
    expect(byKey(plain, "test-error").Compliance.Status).to.equal("NOT_AVAILABLE");
    const attested = applyAttestations(report, [{ check: "X.93", status: "pass", explanation: "reviewed", attestedBy: "Ada", attestedAt: "2026-01-10", expires: "2099-01-01" }], subjectFactsFromSnapshot(fixedSnapshot()));
    const a = byKey(asffFindings(attested, OPTS) as any[], "test-manual");
    expect(a.Compliance.Status).to.equal("PASSED");
    expect(a.Note.Text).to.equal("attested pass by Ada on 2026-01-10, expires 2099-01-01: reviewed");
  });

  it("archives, against a baseline, findings that failed there and pass or are gone now", () => {
    const now = fixedReport();
    const gone = { ...now.results[0]!, key: "test-gone", findings: now.results[0]!.findings.map((f) => ({ ...f, status: "fail" as const, fingerprint: "f".repeat(64) })) };
    const baseline = { ...now, results: [...now.results.map((r) => ({ ...r, findings: r.findings.map((f) => ({ ...f, status: "fail" as const })) })), gone] };
    const out = asffFindings(now, OPTS, baseline) as any[];
    const archived = out.filter((f) => f.RecordState === "ARCHIVED");
    const nowFailing = now.results.flatMap((r) => r.findings).filter((f) => f.status === "fail").length;
    const total = now.results.flatMap((r) => r.findings).length;
    expect(archived.length).to.equal(total - nowFailing + gone.findings.length);
    expect(archived.find((f) => f.Id === `dockaudit/${"f".repeat(64)}`).Compliance.Status).to.equal("PASSED");
  });

  it("cuts batches of at most 100 for batch-import-findings", () => {
    const many = Array.from({ length: 250 }, (_, i) => i);
    expect(asffBatches(many).map((b) => b.length)).to.deep.equal([100, 100, 50]);
    expect(asffBatches([])).to.deep.equal([]);
    expect(asffBatches(many).flat()).to.deep.equal(many);
  });

  it("refuses without an account, or with neither a region nor a product ARN", () => {
    expect(() => asffFindings(fixedReport(), { accountId: "" })).to.throw(/--asff-account/);
    expect(() => asffFindings(fixedReport(), { accountId: "123456789012" })).to.throw(/--asff-region/);
    expect(asffFindings(fixedReport(), { accountId: "123456789012", productArn: "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default" })[0]?.ProductArn).to.contain("us-east-1");
  });
});
