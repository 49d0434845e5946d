// Attestations: a person's answer to a manual check, recorded with who, when and until when (--attestations FILE).
// Pure, and shaped like waivers: the report and the facts about each subject come in, a new report goes out. An
// attestation only answers a finding whose verdict is `manual`: it never overrides what dockaudit decided (the
// loader refuses one that names an automated check). An expired attestation leaves the finding manual with a note.

import { worstStatus } from "./run.js";
import { summarize } from "./score.js";
import type { AttestationState, AuditReport, CheckResult, Finding, FindingAttestation } from "./types.js";
import { isExpired, subjectMatcher, type SubjectFilter, type SubjectLookup } from "./waivers.js";

export interface Attestation extends SubjectFilter {
  /** A CIS id in the selected benchmark version, or a check key. */
  check: string;
  status: "pass" | "fail";
  explanation: string;
  attestedBy: string;
  /** YYYY-MM-DD. */
  attestedAt: string;
  /** YYYY-MM-DD, at most 365 days after attestedAt; holds through that day (UTC). */
  expires: string;
}

/** The longest an attestation may hold, in days after it was given. */
export const MAX_ATTESTATION_DAYS = 365;

/** "attested pass by A on D, expires E": the words every format shows. */
export function attestationLine(a: Pick<FindingAttestation, "status" | "attestedBy" | "attestedAt" | "expires">): string {
  return `attested ${a.status} by ${a.attestedBy} on ${a.attestedAt}, expires ${a.expires}`;
}

/**
 * Applies the attestations to a report: a manual finding an active attestation covers takes its status, with the
 * attestation attached and in its evidence; check statuses and the summary are recomputed; `report.attestations`
 * lists each with its state (active, expired, stale) and how many findings it answered (or would have).
 */
export function applyAttestations(report: AuditReport, attestations: readonly Attestation[], lookup: SubjectLookup): AuditReport {
  const covers = attestations.map((a) => subjectMatcher(a));
  const expired = attestations.map((a) => isExpired(a.expires, report.startedAt));
  const matched = new Map<number, number>();
  const results = report.results.map((r): CheckResult => {
    const relevant = attestations.map((a, index) => ({ a, index })).filter(({ a }) => a.check === r.id || a.check === r.key);
    if (relevant.length === 0) return r;
    const findings = r.findings.map((f): Finding => {
      if (f.status !== "manual") return f;
      const facts = lookup(f.subject);
      const covering = relevant.filter(({ index }) => covers[index]?.(f.subject, facts));
      for (const { index } of covering) matched.set(index, (matched.get(index) ?? 0) + 1);
      const active = covering.find(({ index }) => !expired[index]);
      if (active) {
        const { status, explanation, attestedBy, attestedAt, expires } = active.a;
        const attestation: FindingAttestation = { status, explanation, attestedBy, attestedAt, expires, index: active.index };
        return {
          ...f,
          status,
          message: `${f.message}; ${attestationLine(attestation)}: ${explanation}`,
          evidence: { ...f.evidence, attestation: { status, explanation, attestedBy, attestedAt, expires } },
          attestation,
        };
      }
      const lapsed = covering[0]?.a;
      if (lapsed) return { ...f, message: `${f.message} (the attestation by ${lapsed.attestedBy} on ${lapsed.attestedAt} expired on ${lapsed.expires}, so the check needs review again)` };
      return f;
    });
    return { ...r, findings, status: worstStatus(findings.map((f) => f.status)) };
  });
  const states: AttestationState[] = attestations.map((a, i) => ({
    index: i,
    check: a.check,
    status: a.status,
    attestedBy: a.attestedBy,
    attestedAt: a.attestedAt,
    expires: a.expires,
    state: expired[i] ? "expired" : matched.has(i) ? "active" : "stale",
    matched: matched.get(i) ?? 0,
  }));
  return { ...report, results, summary: summarize(results), attestations: states };
}
