// Heimdall Data Format (HDF) execution JSON, the format InSpec writes and MITRE's Heimdall and SAF tools read
// (and convert onward to XCCDF, checklists, OSCAL, CSV). One profile for the CIS checks ("CIS Docker Benchmark
// <version>"), one for dockaudit's own checks; a control per check, a result per finding.
//
// Heimdall derives a control's status from its results with its own precedence (error > waived or impact 0 >
// failed > passed > skipped), ours is fail > error > waived > manual > info > pass > skip. So that Heimdall shows
// every control with the status the report gives its check, and never a pass the report does not give:
//   pass → Passed, fail → Failed, error → Profile Error, manual and info → Not Reviewed,
//   skip → Not Applicable (impact 0, as InSpec writes a control whose only_if is false),
//   waived → Not Applicable (waiver_data.skipped_due_to_waiver, as InSpec writes a waived control).
// A finding keeps its own status as a result, except where that status would change the control's status in
// Heimdall: an undecided subject of a failed check, or a passing subject of a check that needs review, becomes
// a skipped result whose skip_message starts with the finding's real status.
// NIST SP 800-53 tags come from data/nist-800-53.json (MITRE's published tags; see its $comment).

import { createHash } from "node:crypto";
import nistData from "../../data/nist-800-53.json" with { type: "json" };
import { attestationLine } from "../engine/attestations.js";
import { SECTIONS } from "../engine/sections.js";
import type { AuditReport, CheckResult, Finding, Severity, Status, Subject } from "../engine/types.js";
import type { RenderOptions } from "./types.js";

/** InSpec's impact values per severity (Heimdall maps 0.1–0.39 low, 0.4–0.69 medium, 0.7–0.89 high, ≥ 0.9 critical). */
export const IMPACT: Record<Severity, number> = { low: 0.3, medium: 0.5, high: 0.7, critical: 1.0 };

/** The status Heimdall shows for a control, per status of the check. */
export const HEIMDALL_STATUS: Record<Status, string> = {
  pass: "Passed",
  fail: "Failed",
  error: "Profile Error",
  manual: "Not Reviewed",
  info: "Not Reviewed",
  skip: "Not Applicable",
  waived: "Not Applicable",
};

interface NistEntry { nist: string[]; mitre: { control: string; title: string } }
const NIST: Record<string, NistEntry> = (nistData as { checks: Record<string, NistEntry> }).checks;
const NIST_REVISION = `Rev_${(nistData as { nistRevision: string }).nistRevision}`;

/** The NIST SP 800-53 controls MITRE's profile tags for this check (empty when it has no counterpart there). */
export function nistControls(key: string): string[] {
  return NIST[key]?.nist ?? [];
}

type ResultStatus = "passed" | "failed" | "skipped" | "error";

export function subjectLabel(s: Subject): string {
  const id = s.id ? ` (${s.id.replace(/^sha256:/, "").slice(0, 12)})` : "";
  return `${s.kind} ${s.name}${id}`;
}

function resultFor(r: CheckResult, f: Finding, startTime: string) {
  const own: Record<Status, ResultStatus> = { pass: "passed", fail: "failed", waived: "failed", error: "error", manual: "skipped", info: "skipped", skip: "skipped" };
  let status = own[f.status];
  // Keep Heimdall's control status equal to the check's (see the header).
  if (r.status === "fail" && status === "error") status = "skipped";
  if ((r.status === "manual" || r.status === "info") && status === "passed") status = "skipped";
  const waiver = f.waiver ? ` [waived: ${f.waiver.reason}; approved by ${f.waiver.approvedBy}; expires ${f.waiver.expires}]` : "";
  const text = `${f.status}: ${f.message}${waiver}`;
  const attested = f.attestation ? ` [${attestationLine(f.attestation)}]` : "";
  const out: Record<string, unknown> = {
    status,
    code_desc: `${subjectLabel(f.subject)}: ${r.title}${attested}`,
    start_time: startTime,
    resource: f.subject.kind,
    resource_id: f.subject.id ?? f.subject.name,
  };
  // Not read by Heimdall, kept for tools that match results across runs (docs/grc.md).
  if (f.fingerprint) out.fingerprint = f.fingerprint;
  if (status === "skipped") out.skip_message = text;
  else out.message = text;
  if (status === "error") out.exception = f.message;
  return out;
}

function waiverData(r: CheckResult) {
  const waived = r.findings.flatMap((f) => (f.waiver ? [f.waiver] : []));
  if (waived.length === 0) return undefined;
  const uniq = (xs: string[]) => [...new Set(xs)];
  const reasons = uniq(waived.map((w) => w.reason));
  const approvers = uniq(waived.map((w) => w.approvedBy));
  const expiries = uniq(waived.map((w) => w.expires)).sort();
  return {
    justification: reasons.join("; "),
    expiration_date: expiries[0],
    run: true,
    skipped_due_to_waiver: r.status === "waived",
    message: `${waived.length} of ${r.findings.length} findings waived; approved by ${approvers.join(", ")}; expires ${expiries.join(", ")}`,
    approved_by: approvers.join(", "),
  };
}

/** SAF's attestation frequencies, by the days they last; any other span is written as "<days>d". */
const FREQUENCIES: [number, string][] = [[1, "daily"], [3, "every3days"], [7, "weekly"], [14, "every2weeks"], [30, "monthly"], [31, "monthly"], [90, "quarterly"], [91, "quarterly"], [92, "quarterly"], [182, "semiannually"], [183, "semiannually"], [184, "semiannually"], [365, "annually"]];

/**
 * HDF's attestation_data (Heimdall shows the control as attested): the first attestation that answered one of the
 * check's findings; the explanation lists every attestation of the check.
 */
function attestationData(r: CheckResult) {
  const attested = r.findings.flatMap((f) => (f.attestation ? [{ a: f.attestation, s: f.subject }] : []));
  const first = attested[0]?.a;
  if (!first) return undefined;
  const days = Math.round((Date.parse(`${first.expires}T00:00:00Z`) - Date.parse(`${first.attestedAt}T00:00:00Z`)) / 86400000);
  return {
    control_id: r.id,
    explanation: attested.map(({ a, s }) => `${subjectLabel(s)}: ${attestationLine(a)}: ${a.explanation}`).join("\n"),
    frequency: FREQUENCIES.find(([d]) => d === days)?.[1] ?? `${days}d`,
    status: r.status === "fail" ? "failed" : first.status === "fail" && r.status !== "pass" ? "failed" : "passed",
    updated: `${first.attestedAt}T00:00:00Z`,
    updated_by: first.attestedBy,
  };
}

function tags(r: CheckResult, benchmark: string): Record<string, unknown> {
  const t: Record<string, unknown> = {
    severity: r.severity,
    dockaudit_key: r.key,
    level: r.level,
    automated: r.automated,
    scored: r.scored,
    section: r.section,
  };
  if (Object.keys(r.cis).length) {
    t.cis_id = r.id;
    t.cis_benchmark = `CIS Docker Benchmark ${benchmark}`;
    t.cis_level = `Level ${r.level}`;
    for (const [version, id] of Object.entries(r.cis)) t[`cis_id_${version}`] = id;
  } else {
    t.dockaudit_id = r.id;
  }
  const nist = NIST[r.key];
  if (nist?.nist.length) {
    t.nist = [...nist.nist, NIST_REVISION];
    t.nist_source = `${nist.mitre.control} in MITRE docker-ce-cis-baseline`;
  }
  return t;
}

function refs(r: CheckResult) {
  return r.references.map((x) => (/^https?:\/\//.test(x) ? { url: x } : { ref: x }));
}

function control(r: CheckResult, report: AuditReport) {
  const c: Record<string, unknown> = {
    id: r.id,
    title: r.title,
    desc: r.rationale,
    descriptions: [
      { label: "default", data: r.rationale },
      { label: "rationale", data: r.rationale },
      { label: "fix", data: r.remediation },
    ],
    impact: r.status === "skip" ? 0 : IMPACT[r.severity],
    refs: refs(r),
    tags: tags(r, report.benchmark.version),
    code: null,
    source_location: { ref: `dockaudit check ${r.key}` },
    results: r.findings.map((f) => resultFor(r, f, report.startedAt)),
  };
  const w = waiverData(r);
  if (w) c.waiver_data = w;
  const a = attestationData(r);
  if (a) c.attestation_data = a;
  return c;
}

function profile(name: string, title: string, version: string, summary: string, results: CheckResult[], report: AuditReport) {
  const controls = results.map((r) => control(r, report));
  const groups = SECTIONS.map((s) => ({ id: s.id, title: s.title, controls: results.filter((r) => r.section === s.id).map((r) => r.id) }))
    .filter((g) => g.controls.length > 0);
  // The profile's identity: what its controls ask, not what this host answered.
  const definition = controls.map((c) => ({ id: c.id, title: c.title, desc: c.desc, descriptions: c.descriptions, tags: c.tags }));
  return {
    name,
    title,
    version,
    summary,
    maintainer: "dockaudit",
    license: "Apache-2.0",
    supports: [{ "platform-family": "linux" }],
    attributes: [],
    depends: [],
    groups,
    controls,
    status: "loaded",
    sha256: createHash("sha256").update(JSON.stringify(definition)).digest("hex"),
  };
}

export function renderHdf(report: AuditReport, _opts: RenderOptions = {}): string {
  const bench = report.benchmark.version;
  const cis = report.results.filter((r) => Object.keys(r.cis).length > 0);
  const own = report.results.filter((r) => Object.keys(r.cis).length === 0);
  const profiles = [
    profile(`cis-docker-benchmark-${bench}`, `${report.benchmark.name} ${bench}`, bench,
      `${report.benchmark.name} ${bench}, evaluated by dockaudit ${report.tool.version}`, cis, report),
  ];
  if (own.length) {
    profiles.push(profile("dockaudit-checks", "dockaudit hardening checks (beyond CIS)", report.tool.version,
      `dockaudit's own checks, evaluated by dockaudit ${report.tool.version}`, own, report));
  }
  const duration = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const hdf = {
    platform: {
      name: "docker",
      release: report.daemon.version ?? "unknown",
      target_id: report.host.hostname ?? report.daemon.endpoint,
    },
    version: report.tool.version,
    statistics: { duration: Number.isFinite(duration) ? duration : null },
    profiles,
    passthrough: {
      tool: report.tool,
      benchmark: report.benchmark,
      host: report.host,
      daemon: { version: report.daemon.version, endpoint: report.daemon.endpoint, collectionErrors: report.daemon.collectionErrors },
      score: report.summary.score,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
    },
  };
  return JSON.stringify(hdf, null, 2) + "\n";
}
