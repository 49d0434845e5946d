// Comparing two reports (`dockaudit diff`, and the baseline of `audit --baseline`). Pure. Findings are matched by
// their fingerprint (src/engine/fingerprint.ts: benchmark name, check key, host and the subject's stable identity),
// which reports read from files get too: CIS ids shift between benchmark versions and container ids change on
// every re-create, while keys and names do not.

import { jsonErrorPosition } from "../json-position.js";
import { compareIds } from "./run.js";
import { UsageError } from "./select.js";
import type { AuditReport, Status, SubjectKind } from "./types.js";
import { findingKey } from "./gates.js";
import { fromJsonReport, JsonReportError } from "./report-json.js";

export class ReportFileError extends UsageError {}

/** Checks that a parsed JSON document is a dockaudit report this build can compare. */
export function parseReport(text: string, file: string): AuditReport {
  return reportFromData(parseReportJson(text, file), file);
}

/** JSON.parse of a report file; an error names the position only (the parser's message can quote the file). */
export function parseReportJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const p = jsonErrorPosition(text, e as Error);
    const at = p ? ` at line ${p.line}, column ${p.column}` : "";
    throw new ReportFileError(`${file}: not a dockaudit report (not valid JSON${at})`);
  }
}

/** Checks that a parsed JSON document is a dockaudit report this build can compare. */
export function reportFromData(data: unknown, file: string): AuditReport {
  const r = data as Partial<AuditReport> & { engine?: unknown };
  if (!r || typeof r !== "object" || Array.isArray(r) || r.tool?.name !== "dockaudit") {
    throw new ReportFileError(`${file}: not a dockaudit report (no "tool.name": "dockaudit")`);
  }
  if (!Array.isArray(r.results)) {
    const hint = r.engine !== undefined ? "; it looks like a snapshot: make a report with `dockaudit audit --snapshot FILE -f json`" : "";
    throw new ReportFileError(`${file}: not a dockaudit report (no "results" list${hint})`);
  }
  if (r.schemaVersion !== 1 && r.schemaVersion !== 2) throw new ReportFileError(`${file}: report schema version ${String(r.schemaVersion)} is not supported (this build reads versions 1 and 2)`);
  let report: AuditReport;
  try {
    report = fromJsonReport(r as AuditReport);
  } catch (e) {
    if (e instanceof JsonReportError) throw new ReportFileError(`${file}: not a dockaudit report (${e.message})`);
    throw e;
  }
  report.results.forEach((res, i) => {
    if (!res || typeof res.key !== "string" || typeof res.id !== "string" || !Array.isArray(res.findings)) {
      throw new ReportFileError(`${file}: not a dockaudit report (results[${i}] has no "id", "key" and "findings")`);
    }
    res.findings.forEach((f, j) => {
      if (!f || typeof f.status !== "string" || typeof f.subject?.kind !== "string" || typeof f.subject?.name !== "string") {
        throw new ReportFileError(`${file}: not a dockaudit report (results[${i}].findings[${j}] has no "status" and "subject")`);
      }
    });
  });
  return report;
}

export type ChangeKind = "newly-failing" | "newly-passing" | "changed" | "appeared" | "disappeared";
export const CHANGE_KINDS: readonly ChangeKind[] = ["newly-failing", "newly-passing", "changed", "appeared", "disappeared"];

export interface FindingChange {
  change: ChangeKind;
  /** The id in the newer report (the older one's when the finding disappeared). */
  checkId: string;
  /** Set when the id differs between the two reports (a benchmark version change). */
  oldCheckId?: string;
  key: string;
  title: string;
  subject: { kind: SubjectKind; name: string };
  old: Status | null;
  new: Status | null;
}

export interface ReportDiff {
  old: { startedAt: string; benchmark: string; host: string | null };
  new: { startedAt: string; benchmark: string; host: string | null };
  counts: Record<ChangeKind, number>;
  /** Findings failing in the newer report that did not fail before (newly failing, or appeared failing). */
  newFailures: number;
  changes: FindingChange[];
}

interface Entry { checkId: string; key: string; title: string; subject: { kind: SubjectKind; name: string }; status: Status }

function index(report: AuditReport): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const r of report.results) {
    for (const f of r.findings) {
      const base = f.fingerprint ?? findingKey(r.key, f);
      // The same subject twice under one check (should not happen) is kept apart rather than silently merged.
      let k = base;
      for (let n = 2; out.has(k); n++) k = `${base}\u0000${n}`;
      out.set(k, { checkId: r.id, key: r.key, title: r.title, subject: { kind: f.subject.kind, name: f.subject.name }, status: f.status });
    }
  }
  return out;
}

function classify(old: Status, now: Status): ChangeKind {
  if (now === "fail") return "newly-failing";
  if (now === "pass" && old === "fail") return "newly-passing";
  return "changed";
}

export function diffReports(older: AuditReport, newer: AuditReport): ReportDiff {
  const a = index(older), b = index(newer);
  const changes: FindingChange[] = [];
  for (const [k, n] of b) {
    const o = a.get(k);
    if (!o) changes.push({ change: "appeared", checkId: n.checkId, key: n.key, title: n.title, subject: n.subject, old: null, new: n.status });
    else if (o.status !== n.status) {
      changes.push({
        change: classify(o.status, n.status), checkId: n.checkId, ...(o.checkId !== n.checkId ? { oldCheckId: o.checkId } : {}),
        key: n.key, title: n.title, subject: n.subject, old: o.status, new: n.status,
      });
    }
  }
  for (const [k, o] of a) {
    if (!b.has(k)) changes.push({ change: "disappeared", checkId: o.checkId, key: o.key, title: o.title, subject: o.subject, old: o.status, new: null });
  }
  changes.sort((x, y) =>
    CHANGE_KINDS.indexOf(x.change) - CHANGE_KINDS.indexOf(y.change) || compareIds(x.checkId, y.checkId) ||
    x.subject.kind.localeCompare(y.subject.kind) || x.subject.name.localeCompare(y.subject.name));
  const counts = Object.fromEntries(CHANGE_KINDS.map((c) => [c, changes.filter((x) => x.change === c).length])) as Record<ChangeKind, number>;
  const newFailures = changes.filter((c) => c.new === "fail").length;
  const side = (r: AuditReport) => ({ startedAt: r.startedAt, benchmark: r.benchmark?.version ?? "?", host: r.host?.hostname ?? null });
  return { old: side(older), new: side(newer), counts, newFailures, changes };
}
