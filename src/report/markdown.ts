// Markdown summary for CI job summaries ($GITHUB_STEP_SUMMARY) and merge-request comments: score, counts, failed
// checks by severity with their subjects, undecided checks, and what changed against --baseline. CommonMark:
// every host-supplied string is reduced to one line and every ASCII punctuation character in it is
// backslash-escaped, so a container name or message can neither open markup (links, HTML, tables, emphasis) nor
// mention anyone. GitHub refuses a comment over 65,536 characters: lists are capped ("… and N more"), and when a
// large host still does not fit, the caps shrink until it does.

import { diffReports, type FindingChange } from "../engine/diff.js";
import { SEVERITIES, type AuditReport, type CheckResult, type Severity, type Status } from "../engine/types.js";
import type { RenderOptions } from "./types.js";
import { capLine, oneLine } from "./xml.js";

/** GitHub's limit for an issue or merge-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What we aim for, leaving room for a CI job to add a line of its own. */
export const MARKDOWN_BUDGET = 60_000;

/** One line of host-supplied text, inert in CommonMark (and in GitHub's extensions: no @mentions, #refs, autolinks). */
export function mdText(s: string, max = 200): string {
  return capLine(oneLine(s), max).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

interface Caps {
  /** Subjects listed per failed check. */
  subjects: number;
  /** Checks listed per severity, per undecided list and per change kind. */
  checks: number;
  /** Characters per message. */
  message: number;
}

const CAP_STEPS: Caps[] = [
  { subjects: 10, checks: 50, message: 200 },
  { subjects: 5, checks: 30, message: 120 },
  { subjects: 2, checks: 20, message: 80 },
  { subjects: 0, checks: 10, message: 60 },
  { subjects: 0, checks: 0, message: 0 },
];

const more = (n: number, what = "more") => (n > 0 ? [`- … and ${n} ${what}`] : []);

function subjectLine(f: CheckResult["findings"][number], caps: Caps): string {
  const msg = caps.message > 0 ? `: ${mdText(f.message, caps.message)}` : "";
  const at = f.location ? ` (${mdText(`${f.location.file}:${f.location.line}`, 120)})` : "";
  return `  - ${f.subject.kind} ${mdText(f.subject.name, 80)}${at}${msg}`;
}

function failedSection(report: AuditReport, caps: Caps): string[] {
  const failed = report.results.filter((r) => r.status === "fail");
  if (failed.length === 0) return [];
  const out = ["", "### Failed checks"];
  for (const sev of [...SEVERITIES].reverse() as Severity[]) {
    const checks = failed.filter((r) => r.severity === sev);
    if (checks.length === 0) continue;
    out.push("", `#### ${sev.charAt(0).toUpperCase()}${sev.slice(1)} (${checks.length})`, "");
    for (const r of checks.slice(0, caps.checks)) {
      const bad = r.findings.filter((f) => f.status === "fail");
      out.push(`- **${mdText(r.id)}** ${mdText(r.title)} (${bad.length} ${bad.length === 1 ? "subject" : "subjects"})`);
      for (const f of bad.slice(0, caps.subjects)) out.push(subjectLine(f, caps));
      if (caps.subjects > 0 && bad.length > caps.subjects) out.push(`  - … and ${bad.length - caps.subjects} more`);
    }
    out.push(...more(checks.length - caps.checks, `more ${sev} checks`));
  }
  return out;
}

function undecidedSection(report: AuditReport, caps: Caps): string[] {
  const errored = report.results.filter((r) => r.status === "error");
  if (errored.length === 0) return [];
  const out = ["", `### Undecided checks (${errored.length})`, "", "dockaudit could not read what these checks need; they are neither passed nor failed.", ""];
  for (const r of errored.slice(0, caps.checks)) {
    const first = r.findings.find((f) => f.status === "error");
    const why = first && caps.message > 0 ? `: ${mdText(first.message, caps.message)}` : "";
    out.push(`- **${mdText(r.id)}** ${mdText(r.title)}${why}`);
  }
  out.push(...more(errored.length - caps.checks));
  return out;
}

const CHANGE_TITLES: [FindingChange["change"], string][] = [
  ["newly-failing", "Newly failing"],
  ["appeared", "New subjects"],
  ["newly-passing", "Newly passing"],
  ["changed", "Changed status"],
  ["disappeared", "Gone"],
];

function baselineSection(report: AuditReport, baseline: AuditReport | undefined, caps: Caps): string[] {
  if (!baseline) return [];
  const d = diffReports(baseline, report);
  const out = ["", "### Changes since the baseline", ""];
  out.push(`Baseline from ${mdText(baseline.startedAt)}: ${d.newFailures} new ${d.newFailures === 1 ? "failure" : "failures"}, ` +
    CHANGE_TITLES.map(([k, t]) => `${d.counts[k]} ${t.toLowerCase()}`).join(", ") + ".");
  for (const [kind, title] of CHANGE_TITLES) {
    const changes = d.changes.filter((c) => c.change === kind);
    if (changes.length === 0) continue;
    out.push("", `**${title}** (${changes.length})`, "");
    for (const c of changes.slice(0, caps.checks)) {
      out.push(`- **${mdText(c.checkId)}** ${mdText(c.title, 120)}, ${c.subject.kind} ${mdText(c.subject.name, 80)}: ${c.old ?? "none"} → ${c.new ?? "none"}`);
    }
    out.push(...more(changes.length - caps.checks));
  }
  return out;
}

const STATUS_ROWS: [Status, string][] = [
  ["fail", "Failed"], ["error", "Undecided (error)"], ["waived", "Waived"], ["manual", "Manual review"],
  ["info", "Information"], ["pass", "Passed"], ["skip", "Not applicable"],
];

function head(report: AuditReport): string[] {
  const s = report.summary;
  const host = report.compose ? `Compose project ${report.compose.project} (${report.compose.files.join(", ")})` : report.host.hostname ?? report.daemon.endpoint;
  const score = s.score === null ? "no score (no scored check was decided)" : `**Score: ${s.score}%** (${s.passed} of ${s.scoredTotal} scored checks pass)`;
  const bySev = SEVERITIES.filter((v) => s.failedBySeverity[v] > 0).reverse().map((v) => `${s.failedBySeverity[v]} ${v}`);
  return [
    `## dockaudit: ${mdText(report.benchmark.name)} ${mdText(report.benchmark.version)} on ${mdText(host, 100)}`,
    "",
    `${score}. ${s.counts.fail} failed${bySev.length ? ` (${bySev.join(", ")})` : ""}, ${s.counts.error} undecided, ${s.counts.waived} waived; ` +
      `${report.selection.containers.length} ${report.selection.containers.length === 1 ? "container" : "containers"} judged, ` +
      `Docker ${mdText(report.daemon.version ?? "unknown")}, dockaudit ${mdText(report.tool.version)}, ${mdText(report.finishedAt)}.`,
    "",
    "| Status | Checks | Findings |",
    "|---|---:|---:|",
    ...STATUS_ROWS.map(([k, t]) => `| ${t} | ${s.counts[k]} | ${s.findings[k]} |`),
  ];
}

export function renderMarkdownWith(report: AuditReport, baseline: AuditReport | undefined, caps: Caps): string {
  const lines = [...head(report), ...failedSection(report, caps), ...undecidedSection(report, caps), ...baselineSection(report, baseline, caps)];
  if (caps.checks === 0) lines.push("", "_The lists were left out to stay within GitHub's comment limit: see the JSON or HTML report._");
  return lines.join("\n") + "\n";
}

export function renderMarkdown(report: AuditReport, opts: RenderOptions = {}): string {
  let text = "";
  for (const caps of CAP_STEPS) {
    text = renderMarkdownWith(report, opts.baseline, caps);
    if (text.length <= MARKDOWN_BUDGET) return text;
  }
  // With the smallest caps only the head is left, and it is bounded (a capped host name and numbers); never reached in practice.
  return text.slice(0, MARKDOWN_BUDGET);
}
