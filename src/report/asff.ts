// AWS Security Finding Format (ASFF), for AWS Security Hub's BatchImportFindings: a JSON array of findings, one per
// (check, subject), each with the required fields and within ASFF's length limits. Its Id is built from the
// finding's fingerprint, so a re-import updates the same Security Hub finding instead of adding a duplicate (the
// problem kube-bench had with ids holding a timestamp). Statuses map onto Compliance.Status:
//   pass → PASSED, fail → FAILED, waived → FAILED with Workflow SUPPRESSED and the waiver as a note,
//   manual → WARNING, error / info / skip → NOT_AVAILABLE.
// With a baseline report (--baseline), a finding that failed there and no longer fails, or that is gone, is sent
// with RecordState ARCHIVED (Security Hub then closes it); every other finding is ACTIVE.
// BatchImportFindings takes at most 100 findings per call: asffBatches cuts the array (--asff-batch-dir).

import { attestationLine } from "../engine/attestations.js";
import { fingerprintHost } from "../engine/fingerprint.js";
import { UsageError } from "../engine/select.js";
import type { AuditReport, CheckResult, Finding, Severity, Status } from "../engine/types.js";
import { nistControls } from "./hdf.js";
import type { AsffOptions, RenderOptions } from "./types.js";

export type { AsffOptions } from "./types.js";

export const ASFF_SCHEMA_VERSION = "2018-10-08";
/** BatchImportFindings' limit per call. */
export const ASFF_BATCH_SIZE = 100;
export const ASFF_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards/CIS Host Hardening Benchmarks";


type ComplianceStatus = "PASSED" | "FAILED" | "WARNING" | "NOT_AVAILABLE";
type SeverityLabel = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

/** The fields dockaudit writes; test/report/asff-types.test.ts checks it against the AWS SDK's AwsSecurityFinding. */
export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: SeverityLabel; Original: string };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string } };
  ProductFields: Record<string, string>;
  Compliance: { Status: ComplianceStatus; RelatedRequirements?: string[] };
  Resources: { Type: string; Id: string; Partition?: "aws"; Region?: string; Details?: { Container?: { Name?: string; ImageId?: string; ImageName?: string }; Other?: Record<string, string> } }[];
  RecordState: "ACTIVE" | "ARCHIVED";
  Workflow?: { Status: "NEW" | "NOTIFIED" | "RESOLVED" | "SUPPRESSED" };
  Note?: { Text: string; UpdatedBy: string; UpdatedAt: string };
}

/** Missing or malformed ASFF options: a usage error (exit 2), known before collecting. */
export class AsffOptionsError extends UsageError {}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The product ARN to use, or why there is none. */
export function asffProductArn(o: Partial<AsffOptions>): string {
  if (!o.accountId || !ACCOUNT.test(o.accountId)) throw new AsffOptionsError("-f asff needs --asff-account: the 12-digit AWS account id the findings belong to");
  if (o.productArn) {
    if (!/^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\d{12}:product\/[^\s]+$/.test(o.productArn)) throw new AsffOptionsError(`--asff-product-arn "${o.productArn}" is not a Security Hub product ARN (arn:aws:securityhub:REGION:ACCOUNT:product/COMPANY/PRODUCT)`);
    return o.productArn;
  }
  if (!o.region || !REGION.test(o.region)) throw new AsffOptionsError("-f asff needs --asff-region (e.g. eu-west-1) for the default product ARN, or --asff-product-arn");
  return `arn:aws:securityhub:${o.region}:${o.accountId}:product/${o.accountId}/default`;
}

const COMPLIANCE: Record<Status, ComplianceStatus> = { pass: "PASSED", fail: "FAILED", waived: "FAILED", manual: "WARNING", error: "NOT_AVAILABLE", info: "NOT_AVAILABLE", skip: "NOT_AVAILABLE" };
const LABEL: Record<Severity, SeverityLabel> = { low: "LOW", medium: "MEDIUM", high: "HIGH", critical: "CRITICAL" };

/** At most `max` characters (UTF-16 units, as AWS counts), cut with an ellipsis; never empty. */
export function clip(s: string, max: number): string {
  // Control characters become spaces and a lone surrogate U+FFFD: AWS takes well-formed UTF-8 only.
  const t = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  if (t.length <= max) return t === "" ? "-" : t;
  let cut = t.slice(0, max - 1);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function resource(report: AuditReport, f: Finding, region: string | undefined): AsffFinding["Resources"][number] {
  const host = fingerprintHost(report);
  const s = f.subject;
  const base = { Partition: "aws" as const, ...(region ? { Region: region } : {}) };
  if (s.kind === "container") {
    const c = (report.containers ?? []).find((x) => (s.id !== undefined && x.id === s.id) || x.name === s.name);
    return {
      Type: "Container", Id: clip(`docker://${host}/container/${s.name}`, 512), ...base,
      Details: { Container: { Name: clip(s.name, 1024), ...(c ? { ImageId: clip(c.imageId, 1024), ImageName: clip(c.image, 1024) } : {}) } },
    };
  }
  const kind = s.kind === "host" && s.name !== host ? "file" : s.kind;
  return {
    Type: "Other", Id: clip(`docker://${host}/${kind}/${s.name}`, 512), ...base,
    Details: { Other: { kind, name: clip(s.name, 1024), host: clip(host, 1024), ...(s.id ? { id: clip(s.id, 1024) } : {}) } },
  };
}

function requirements(r: CheckResult, benchmark: string): string[] {
  const cis = Object.keys(r.cis).length ? [`CIS Docker Benchmark v${benchmark} ${r.id}`] : [`dockaudit ${r.id}`];
  return [...cis, ...nistControls(r.key).map((c) => `NIST.800-53.r4 ${c}`)].slice(0, 32).map((x) => clip(x, 256));
}

function finding(report: AuditReport, r: CheckResult, f: Finding, productArn: string, o: AsffOptions, state: "ACTIVE" | "ARCHIVED", archivedNote?: string): AsffFinding {
  const fp = f.fingerprint ?? "";
  const subject = `${f.subject.kind === "host" && f.subject.name !== fingerprintHost(report) ? "file" : f.subject.kind} ${f.subject.name}`;
  const decidedWell = f.status === "pass" || f.status === "skip" || f.status === "info";
  const out: AsffFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `dockaudit/${fp}`,
    ProductArn: productArn,
    GeneratorId: clip(`dockaudit/${r.key}`, 512),
    AwsAccountId: o.accountId,
    Types: [ASFF_TYPE],
    CreatedAt: report.startedAt,
    UpdatedAt: report.finishedAt,
    Severity: { Label: decidedWell || state === "ARCHIVED" ? "INFORMATIONAL" : LABEL[r.severity], Original: r.severity },
    Title: clip(`${Object.keys(r.cis).length ? "CIS " : ""}${r.id} ${r.title}`, 256),
    Description: clip(`${subject}: ${archivedNote ?? f.message}`, 1024),
    Remediation: { Recommendation: { Text: clip(r.remediation || r.title, 512) } },
    ProductFields: {
      "dockaudit/status": archivedNote ? "resolved" : f.status,
      "dockaudit/checkKey": clip(r.key, 1024),
      "dockaudit/fingerprint": fp,
      "dockaudit/host": clip(fingerprintHost(report), 1024),
      "dockaudit/benchmark": `${report.benchmark.name} ${report.benchmark.version}`,
    },
    Compliance: { Status: archivedNote ? "PASSED" : COMPLIANCE[f.status], RelatedRequirements: requirements(r, report.benchmark.version) },
    Resources: [resource(report, f, o.region)],
    RecordState: state,
  };
  if (f.waiver && !archivedNote) {
    out.Workflow = { Status: "SUPPRESSED" };
    out.Note = { Text: clip(`waived: ${f.waiver.reason} (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})`, 512), UpdatedBy: clip(f.waiver.approvedBy, 512), UpdatedAt: report.finishedAt };
  } else if (f.attestation && !archivedNote) {
    out.Note = { Text: clip(`${attestationLine(f.attestation)}: ${f.attestation.explanation}`, 512), UpdatedBy: clip(f.attestation.attestedBy, 512), UpdatedAt: report.finishedAt };
  }
  return out;
}

/** The ASFF findings of a report (and, with a baseline, the resolved ones it archives). */
export function asffFindings(report: AuditReport, o: AsffOptions, baseline?: AuditReport): AsffFinding[] {
  const productArn = asffProductArn(o);
  const failedBefore = new Set<string>();
  for (const r of baseline?.results ?? []) for (const f of r.findings) if (f.status === "fail" && f.fingerprint) failedBefore.add(f.fingerprint);
  const out: AsffFinding[] = [];
  const now = new Set<string>();
  for (const r of report.results) {
    for (const f of r.findings) {
      if (f.fingerprint) now.add(f.fingerprint);
      const resolved = f.fingerprint !== undefined && failedBefore.has(f.fingerprint) && f.status !== "fail";
      out.push(finding(report, r, f, productArn, o, resolved ? "ARCHIVED" : "ACTIVE"));
    }
  }
  // Failures of the baseline that this report no longer has at all (the container is gone, the check not run).
  for (const r of baseline?.results ?? []) {
    for (const f of r.findings) {
      if (f.status !== "fail" || !f.fingerprint || now.has(f.fingerprint)) continue;
      out.push(finding({ ...report, containers: baseline?.containers ?? [] }, r, f, productArn, o, "ARCHIVED", `no longer found (failed in the baseline of ${baseline?.startedAt ?? "?"})`));
    }
  }
  return out;
}

/** Cuts the findings into BatchImportFindings calls of at most 100. */
export function asffBatches<T>(findings: readonly T[], size = ASFF_BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < findings.length; i += size) out.push(findings.slice(i, i + size));
  return out;
}

export function renderAsff(report: AuditReport, opts: RenderOptions = {}): string {
  if (!opts.asff) throw new AsffOptionsError("-f asff needs --asff-account and --asff-region (or --asff-product-arn)");
  return JSON.stringify(asffFindings(report, opts.asff, opts.baseline), null, 2) + "\n";
}
