// The CI gates, judged on a finished (and waived) report. Pure. Without --fail-on the gate is the historic one:
// any scored check that failed. Waived findings never fail a gate; with a baseline, failures the baseline already
// had (same check key, subject kind and subject name) do not either.

import { compareIds } from "./run.js";
import { countsInScore } from "./score.js";
import type { AuditReport, CheckResult, Finding, Severity } from "./types.js";
import { SEVERITIES } from "./types.js";

export interface GateOptions {
  failOn?: Severity;
  minScore?: number;
  failOnError?: boolean;
  /** An accepted earlier report: its failures are tolerated. */
  baseline?: AuditReport;
}

export interface GateResult {
  failed: boolean;
  /** One clause per gate that failed, for the single stderr line. */
  reasons: string[];
}

export function findingKey(checkKey: string, f: Pick<Finding, "subject">): string {
  return `${checkKey}\u0000${f.subject.kind}\u0000${f.subject.name}`;
}

export function baselineFailures(baseline: AuditReport): Set<string> {
  const keys = new Set<string>();
  for (const r of baseline.results) for (const f of r.findings) if (f.status === "fail") keys.add(findingKey(r.key, f));
  return keys;
}

function idList(results: readonly CheckResult[]): string {
  const ids = results.map((r) => r.id).sort(compareIds);
  return ids.length > 10 ? `${ids.slice(0, 10).join(", ")} +${ids.length - 10} more` : ids.join(", ");
}

const checks = (n: number) => `${n} ${n === 1 ? "check" : "checks"}`;

export function evaluateGates(report: AuditReport, opts: GateOptions): GateResult {
  const accepted = opts.baseline ? baselineFailures(opts.baseline) : new Set<string>();
  const newFailure = (r: CheckResult) => r.findings.some((f) => f.status === "fail" && !accepted.has(findingKey(r.key, f)));
  const since = opts.baseline ? " that the baseline did not have" : "";
  const reasons: string[] = [];

  if (opts.failOn) {
    const floor = SEVERITIES.indexOf(opts.failOn);
    const bad = report.results.filter((r) => SEVERITIES.indexOf(r.severity) >= floor && newFailure(r));
    const at = opts.failOn === "critical" ? "at severity critical" : `at severity ${opts.failOn} or above`;
    if (bad.length) reasons.push(`${checks(bad.length)} failed ${at}${since} (${idList(bad)})`);
  } else {
    const bad = report.results.filter((r) => countsInScore(r) && newFailure(r));
    // The summary counts every failed check; the gate only those the score counts. Say so, or "39 checks failed"
    // beside "41 fail" reads as a miscount.
    const unscored = report.results.filter((r) => !countsInScore(r) && newFailure(r)).length;
    const aside = unscored ? `; ${unscored} unscored ${unscored === 1 ? "check" : "checks"} also failed, which the gate does not count` : "";
    if (bad.length) reasons.push(`${checks(bad.length)} failed${since} (${idList(bad)})${aside}`);
  }

  if (opts.minScore !== undefined) {
    const score = report.summary.score;
    if (score === null) reasons.push(`score is undefined (no scored check was decided), below the minimum ${opts.minScore}`);
    else if (score < opts.minScore) reasons.push(`score ${score} is below the minimum ${opts.minScore}`);
  }

  if (opts.failOnError) {
    const undecided = report.results.filter((r) => r.findings.some((f) => f.status === "error"));
    if (undecided.length) reasons.push(`${checks(undecided.length)} could not be decided (${idList(undecided)})`);
  }

  return { failed: reasons.length > 0, reasons };
}

/** The one line printed on stderr when a gate fails. */
export function gateMessage(result: GateResult): string {
  return `gate failed: ${result.reasons.join("; ")}`;
}
