// Scoring model (documented in the README):
// - score: passing scored checks / scored checks that passed, failed or errored, as a percentage with one decimal.
//   `error` counts against the score (an undecided check is not a pass); skip, manual, info are left out; waived
//   checks count as passing, since an approved waiver accepts the risk. A manual check that attestations decided
//   (--attestations) counts as if scored: pass or fail as attested.
// - dockerBenchScore: +1 per passing and -1 per failing scored check, as docker-bench-security prints it.
// - The headline score is the CIS score: dockaudit's own checks (section X) repeat parts of CIS checks (X.7 and
//   2.18, X.4 within 5.4), so counting them too would count one weakness twice. They get their own score line
//   (`own`); counts of checks and failed checks per severity still cover every check.
import { sectionByKey, SECTIONS } from "./sections.js";
import type { CheckResult, OwnScore, ScoreSummary, Severity, StatusCounts, Summary } from "./types.js";

/** The section of dockaudit's own checks, scored apart from the CIS score. */
export const OWN_SECTION = "X";

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, manual: 0, info: 0, skip: 0, error: 0, waived: 0 };
}

/**
 * Whether a check counts in the score: a scored check, or a manual one that attestations decided (every finding
 * pass or fail, at least one of them attested): a person's recorded answer counts like dockaudit's own.
 */
export function countsInScore(r: CheckResult): boolean {
  if (r.scored) return true;
  return (r.status === "pass" || r.status === "fail") && r.findings.some((f) => f.attestation !== undefined);
}

export function scoreOf(results: readonly CheckResult[]): ScoreSummary {
  const counts = emptyCounts();
  let passed = 0, scoredTotal = 0, dockerBenchScore = 0;
  for (const r of results) {
    counts[r.status]++;
    if (!countsInScore(r)) continue;
    if (r.status === "pass" || r.status === "waived") { passed++; scoredTotal++; dockerBenchScore++; }
    else if (r.status === "fail") { scoredTotal++; dockerBenchScore--; }
    else if (r.status === "error") scoredTotal++;
  }
  const score = scoredTotal === 0 ? null : Math.round((passed / scoredTotal) * 1000) / 10;
  return { score, passed, scoredTotal, dockerBenchScore, counts };
}

export function summarize(results: readonly CheckResult[]): Summary {
  const failedBySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  const findings = emptyCounts();
  for (const r of results) {
    if (r.status === "fail") failedBySeverity[r.severity]++;
    for (const f of r.findings) findings[f.status]++;
  }
  const sections = SECTIONS.filter((s) => results.some((r) => r.section === s.id)).map((s) => {
    const rs = results.filter((r) => r.section === s.id);
    return { id: s.id, title: sectionByKey(s.key).title, total: rs.length, ...scoreOf(rs) };
  });
  const cis = scoreOf(results.filter((r) => r.section !== OWN_SECTION));
  const ownResults = results.filter((r) => r.section === OWN_SECTION);
  const ownScore = scoreOf(ownResults);
  const own: OwnScore = { score: ownScore.score, passed: ownScore.passed, scoredTotal: ownScore.scoredTotal, total: ownResults.length };
  return { total: results.length, ...cis, counts: scoreOf(results).counts, own, failedBySeverity, sections, findings, waived: findings.waived };
}
