// The terminal view: a header with the score, one row per check, then what to fix for each failed or undecided
// check. Colour only when the caller asks for it (a TTY without NO_COLOR).
import Table from "cli-table3";
import type { AuditReport, CheckResult, Status } from "../engine/types.js";
import type { RenderOptions } from "./index.js";

const COLORS: Record<Status, number> = { pass: 32, fail: 31, error: 35, waived: 36, manual: 33, info: 34, skip: 90 };
const LABELS: Record<Status, string> = { pass: "PASS", fail: "FAIL", error: "ERROR", waived: "WAIVED", manual: "MANUAL", info: "INFO", skip: "SKIP" };

/** Strips control characters (ANSI escapes included) from host-supplied text before it reaches a terminal. */
export function clean(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "");
}

function subjectsWith(r: CheckResult, statuses: Status[]): string[] {
  return r.findings.filter((f) => statuses.includes(f.status)).map((f) => clean(f.subject.name));
}

function summaryLine(r: CheckResult): string {
  const bad = subjectsWith(r, ["fail", "error"]);
  if (bad.length) return bad.length > 4 ? `${bad.slice(0, 4).join(", ")} +${bad.length - 4} more` : bad.join(", ");
  const first = r.findings[0];
  return first && r.findings.length === 1 ? clean(first.message) : `${r.findings.length} subjects`;
}

export function renderTable(report: AuditReport, opts: RenderOptions = {}): string {
  const paint = (s: Status, text: string) => (opts.color ? `\x1b[${COLORS[s]}m${text}\x1b[0m` : text);
  const bold = (t: string) => (opts.color ? `\x1b[1m${t}\x1b[0m` : t);
  const s = report.summary;
  const out: string[] = [];
  out.push(bold(`dockaudit ${report.tool.version} — ${report.benchmark.name} ${report.benchmark.version}`));
  out.push(`Host ${clean(report.host.hostname ?? "?")}, Docker ${clean(report.daemon.version ?? "?")} at ${clean(report.daemon.endpoint)}, ${report.startedAt}`);
  out.push("");
  const table = new Table({
    head: ["ID", "Status", "Lvl", "Severity", "Check", "Subjects / finding"],
    style: { head: opts.color ? ["bold"] : [], border: opts.color ? ["grey"] : [] },
    colWidths: [8, 8, 5, 10, 48, 40],
    wordWrap: true,
  });
  for (const r of report.results) {
    table.push([r.id, paint(r.status, LABELS[r.status]), String(r.level), r.severity, r.title, summaryLine(r)]);
  }
  out.push(table.toString());
  const todo = report.results.filter((r) => r.status === "fail" || r.status === "error");
  if (todo.length) {
    out.push("", bold("To fix or investigate:"));
    for (const r of todo) {
      out.push(`${paint(r.status, LABELS[r.status])} ${r.id} ${r.title}`);
      for (const f of r.findings.filter((f) => f.status === "fail" || f.status === "error")) {
        out.push(`    ${clean(f.subject.kind)} ${clean(f.subject.name)}: ${clean(f.message)}`);
      }
      if (r.status === "fail") out.push(`    fix: ${r.remediation}`);
    }
  }
  out.push("");
  const c = s.counts;
  out.push(bold(`Score: ${s.score === null ? "n/a" : s.score + "%"} (${s.passed} of ${s.scoredTotal} scored checks pass; docker-bench score ${s.dockerBenchScore})`));
  out.push(`Checks: ${s.total} — ${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.waived} waived, ${c.manual} manual, ${c.info} info, ${c.skip} skip`);
  const sev = s.failedBySeverity;
  if (c.fail) out.push(`Failed by severity: ${sev.critical} critical, ${sev.high} high, ${sev.medium} medium, ${sev.low} low`);
  for (const e of report.daemon.collectionErrors) out.push(paint("error", `Could not collect ${e.slice}: ${clean(e.error)}`));
  return out.join("\n") + "\n";
}
