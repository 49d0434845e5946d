// Report fixtures for fleet tests: the fixed report, re-labelled per host and with chosen checks failing or passing.
import type { AuditReport, Status } from "../../src/engine/types.js";
import { fixedReport } from "../report/fixed-report.js";

/** The fixed report as host `hostname`, with the statuses of some checks (by key) overridden. */
export function hostReport(hostname: string, statuses: Record<string, Status> = {}, finishedAt = "2026-01-15T10:00:05.000Z"): AuditReport {
  const r = structuredClone(fixedReport());
  r.host.hostname = hostname;
  r.finishedAt = finishedAt;
  for (const res of r.results) {
    const s = statuses[res.key];
    if (!s) continue;
    res.status = s;
    res.findings = res.findings.map((f) => ({ ...f, status: s }));
  }
  // Keep the summary true to the results, as the engine would.
  const counts = { pass: 0, fail: 0, manual: 0, info: 0, skip: 0, error: 0, waived: 0 };
  for (const res of r.results) counts[res.status]++;
  r.summary.counts = counts;
  const decided = r.results.filter((x) => x.scored && ["pass", "fail", "error", "waived"].includes(x.status));
  const passing = decided.filter((x) => x.status === "pass" || x.status === "waived").length;
  r.summary.score = decided.length ? Math.round((passing / decided.length) * 1000) / 10 : null;
  return r;
}
