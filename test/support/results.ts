import type { AuditReport, CheckResult } from "../../src/engine/types.js";
import { fromJsonReport } from "../../src/engine/report-json.js";

/** The result of one check, by key; throws when the report has none. */
export function result(report: AuditReport, key: string): CheckResult {
  const r = report.results.find((x) => x.key === key);
  if (!r) throw new Error(`no result for ${key}`);
  return r;
}

/** Each finding's status by subject name. */
export function statuses(r: CheckResult): Record<string, string> {
  return Object.fromEntries(r.findings.map((f) => [f.subject.name, f.status]));
}

/** A JSON report as dockaudit writes it, read back into the result tree with every subject named. */
export function readReport(text: string): AuditReport {
  return fromJsonReport(JSON.parse(text));
}
