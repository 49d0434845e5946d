// The terminal view: a header with the score, one row per check, then what to fix for each failed or undecided
// check. Colour only when the caller asks for it (a TTY without NO_COLOR).
import { loadTable } from "./libs.js";
import type { AuditReport, CheckResult, Status } from "../engine/types.js";
import type { RenderOptions } from "./types.js";
import { lineForTerminal } from "../terminal.js";

const COLORS: Record<Status, number> = { pass: 32, fail: 31, error: 35, waived: 36, manual: 33, info: 34, skip: 90 };
const LABELS: Record<Status, string> = { pass: "PASS", fail: "FAIL", error: "ERROR", waived: "WAIVED", manual: "MANUAL", info: "INFO", skip: "SKIP" };

/** Every string of the report can come from a hostile snapshot: one line, no control characters. */
const clean = lineForTerminal;

/** A subject's name, with its file:line when it is written down somewhere (a Compose service). */
const named = (f: CheckResult["findings"][number]) => clean(f.location ? `${f.subject.name} (${f.location.file}:${f.location.line})` : f.subject.name);

function summaryLine(r: CheckResult): string {
  const bad = r.findings.filter((f) => f.status === "fail" || f.status === "error");
  // One subject at fault: say what is wrong with it. Several: name them.
  const [only] = bad;
  if (only && bad.length === 1) return `${named(only)}: ${clean(only.message)}`;
  if (bad.length) {
    const names = bad.map(named);
    return names.length > 4 ? `${names.slice(0, 4).join(", ")} +${names.length - 4} more` : names.join(", ");
  }
  const first = r.findings[0];
  return first && r.findings.length === 1 ? clean(first.message) : `${r.findings.length} subjects`;
}

/** Undecided checks often share one cause (a fact that could not be read); list such a cause once. */
function groupUndecided(results: CheckResult[]): { ids: string[]; line: string }[] {
  const groups = new Map<string, string[]>();
  for (const r of results) {
    const lines = r.findings.filter((f) => f.status === "error").map((f) => `${clean(f.subject.kind)} ${named(f)}: ${clean(f.message)}`);
    const key = lines.join("\n");
    groups.set(key, [...(groups.get(key) ?? []), r.id]);
  }
  return [...groups].map(([line, ids]) => ({ ids, line }));
}

export function renderTable(report: AuditReport, opts: RenderOptions = {}): string {
  const paint = (s: Status, text: string) => (opts.color && COLORS[s] ? `\x1b[${COLORS[s]}m${text}\x1b[0m` : text);
  const bold = (t: string) => (opts.color ? `\x1b[1m${t}\x1b[0m` : t);
  const s = report.summary;
  const out: string[] = [];
  out.push(bold(`dockaudit ${clean(report.tool.version)} — ${clean(report.benchmark.name)} ${clean(report.benchmark.version)}`));
  const cp = report.compose;
  if (cp) {
    const daemon = cp.daemon.kind === "docker-host" ? `daemon at ${cp.daemon.endpoint}` : cp.daemon.kind === "daemon-config" ? `daemon settings from ${cp.daemon.file}` : "no target daemon (daemon-dependent verdicts say so)";
    out.push(`Compose project ${clean(cp.project)} (${clean(cp.files.join(", "))}), ${cp.services.length} services, ${clean(daemon)}, ${clean(report.startedAt)}`);
  } else out.push(`Host ${clean(report.host.hostname ?? "?")}, Docker ${clean(report.daemon.version ?? "?")} at ${clean(report.daemon.endpoint)}, ${clean(report.startedAt)}`);
  out.push("");
  const Table = loadTable();
  const table = new Table({
    head: ["ID", "Status", "Lvl", "Severity", "Check", "Subjects / finding"],
    style: { head: opts.color ? ["bold"] : [], border: opts.color ? ["grey"] : [] },
    colWidths: [8, 8, 5, 10, 48, 40],
    wordWrap: true,
    // No rule between rows: a full audit has over a hundred.
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const r of report.results) {
    table.push([clean(r.id), paint(r.status, LABELS[r.status] ?? clean(r.status)), clean(r.level), clean(r.severity), clean(r.title), summaryLine(r)]);
  }
  out.push(table.toString());
  const failed = report.results.filter((r) => r.status === "fail");
  const undecided = report.results.filter((r) => r.status === "error");
  if (failed.length) {
    out.push("", bold("To fix:"));
    for (const r of failed) {
      out.push(`${paint("fail", LABELS.fail)} ${clean(r.id)} ${clean(r.title)}`);
      for (const f of r.findings.filter((f) => f.status === "fail")) out.push(`    ${clean(f.subject.kind)} ${named(f)}: ${clean(f.message)}`);
      out.push(`    fix: ${clean(r.remediation)}`);
    }
  }
  if (undecided.length) {
    out.push("", bold("Could not decide:"));
    for (const g of groupUndecided(undecided)) {
      out.push(`${paint("error", LABELS.error)} ${g.ids.map(clean).join(", ")}`);
      for (const line of g.line.split("\n")) out.push(`    ${line}`);
    }
  }
  out.push("");
  const c = s.counts;
  out.push(bold(`Score: ${s.score === null ? "n/a" : clean(s.score) + "%"} (${clean(s.passed)} of ${clean(s.scoredTotal)} scored checks pass; docker-bench score ${clean(s.dockerBenchScore)})`));
  if (s.own.total) out.push(`dockaudit's own checks: ${s.own.score === null ? "n/a" : clean(s.own.score) + "%"} (${clean(s.own.passed)} of ${clean(s.own.scoredTotal)} scored own checks pass; not in the score above)`);
  out.push(`Checks: ${s.total} — ${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.waived} waived, ${c.manual} manual, ${c.info} info, ${c.skip} skip`);
  const sev = s.failedBySeverity;
  if (c.fail) out.push(`Failed by severity: ${sev.critical} critical, ${sev.high} high, ${sev.medium} medium, ${sev.low} low`);
  for (const e of report.daemon.collectionErrors) out.push(paint("error", `Could not collect ${clean(e.slice)}: ${clean(e.error)}`));
  return out.join("\n") + "\n";
}
