// CSV for spreadsheets: one row per finding (the last column, a container's labels as collected, lets a sheet be
// filtered by team or service), RFC 4180 (CRLF line ends, every cell quoted when it holds a comma,
// a double quote or a line break, quotes doubled). Host-supplied text (container names, labels quoted in messages)
// is hostile: a cell a spreadsheet would run as a formula (one starting with =, +, -, @, tab or CR, also after
// leading spaces) gets a leading apostrophe, as OWASP recommends, so it shows as text and never runs.
// ANSI escapes and control characters are removed first, as for the XML reporters.

import type { AuditReport } from "../engine/types.js";
import type { RenderOptions } from "./types.js";
import { xmlSafe } from "./xml.js";

export const CSV_COLUMNS = [
  "host", "check_id", "key", "title", "level", "severity", "status",
  "subject_kind", "subject_name", "subject_id", "message", "waiver", "subject_labels",
] as const;

const FORMULA_START = /^[ ]*[=+\-@\t\r]/;

/** One cell: cleaned, made inert for spreadsheets, quoted when RFC 4180 asks for it. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : xmlSafe(String(value));
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Characters of one label value kept in the labels column. */
export const LABEL_CELL_MAX = 200;

function shortLabel(v: string): string {
  if (v.length <= LABEL_CELL_MAX) return v;
  // Never split a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(v[LABEL_CELL_MAX - 1] ?? "") ? LABEL_CELL_MAX - 1 : LABEL_CELL_MAX;
  return `${v.slice(0, cut)}… (${v.length - cut} more characters)`;
}

export function renderCsv(report: AuditReport, _opts: RenderOptions = {}): string {
  const host = report.host.hostname ?? report.daemon.endpoint;
  const labels = new Map<string, string>();
  for (const c of report.containers ?? []) {
    // A container's labels repeat on each of its rows, so each value is cut to a short form: a long value (a 1 MB
    // label) would otherwise be copied once per finding; the JSON report holds it whole, once.
    const text = Object.entries(c.labels).map(([k, v]) => `${k}=${shortLabel(v)}`).join("; ");
    labels.set(`id:${c.id}`, text);
    labels.set(`name:${c.name}`, text);
  }
  const labelsOf = (s: { kind: string; name: string; id?: string }) =>
    s.kind !== "container" ? "" : (s.id ? labels.get(`id:${s.id}`) : undefined) ?? labels.get(`name:${s.name}`) ?? "";
  const rows: string[] = [CSV_COLUMNS.join(",")];
  for (const r of report.results) {
    for (const f of r.findings) {
      const w = f.waiver ? `${f.waiver.reason} (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})` : "";
      rows.push([host, r.id, r.key, r.title, r.level, r.severity, f.status, f.subject.kind, f.subject.name, f.subject.id ?? "", f.message, w, labelsOf(f.subject)].map(csvCell).join(","));
    }
  }
  return rows.join("\r\n") + "\r\n";
}
