// The HTML report: one self-contained page (inline CSS, inline SVG, a small inline script, a strict CSP) built
// from reports/html.hbs. This module turns the result tree into a view model of plain strings and numbers; the
// template prints every one of them with Handlebars' escaping `{{ }}`. Without JavaScript the page shows
// everything, failed and errored checks expanded; the script adds filters, search and view tabs.
import type { AuditReport, CheckResult, ContainerSummary, Finding, Severity, Status } from "../engine/types.js";
import { SEVERITIES } from "../engine/types.js";
import type { RenderOptions } from "./index.js";
import { template } from "./templates.js";
import { evidenceValue, xmlSafe } from "./xml.js";

/** Display order: what needs attention first. */
const STATUS_ORDER: readonly Status[] = ["fail", "error", "waived", "manual", "info", "pass", "skip"];
const STATUS_LABEL: Record<Status, string> = { fail: "Fail", error: "Error", waived: "Waived", manual: "Manual", info: "Info", pass: "Pass", skip: "Skip" };
const STATUS_SYMBOL: Record<Status, string> = { fail: "✗", error: "!", waived: "~", manual: "?", info: "i", pass: "✓", skip: "–" };
const SEVERITY_DESC: readonly Severity[] = [...SEVERITIES].reverse();

/**
 * Strips ANSI escapes, control characters (keeping newlines and tabs) and lone surrogates, which cannot be written
 * as UTF-8; Handlebars does the HTML escaping.
 */
function text(s: string | null | undefined): string {
  return xmlSafe(s ?? "");
}

function shortId(id: string | undefined): string {
  if (!id) return "";
  return id.replace(/^sha256:/, "").slice(0, 12);
}

function domId(prefix: string, s: string): string {
  return `${prefix}-${s.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
}

function pct(n: number | null): string {
  return n === null ? "n/a" : `${n.toFixed(1)} %`;
}

function subjectSummary(r: CheckResult): string {
  const bad = r.findings.filter((f) => f.status === "fail" || f.status === "error");
  const kinds = new Set(r.findings.map((f) => f.subject.kind));
  const noun = kinds.size === 1 ? `${[...kinds][0]}${r.findings.length === 1 ? "" : "s"}` : "subjects";
  if (r.findings.length === 1) return text(r.findings[0]!.message);
  if (bad.length === 0) return `${r.findings.length} ${noun}: ${STATUS_LABEL[r.status].toLowerCase()}`;
  const names = bad.slice(0, 5).map((f) => text(f.subject.name)).join(", ");
  return `${bad.length} of ${r.findings.length} ${noun}: ${names}${bad.length > 5 ? ` and ${bad.length - 5} more` : ""}`;
}

interface FindingView {
  kind: string;
  name: string;
  shortId: string;
  status: Status;
  statusLabel: string;
  message: string;
  evidence: { key: string; value: string }[];
  waiver?: { reason: string; approvedBy: string; expires: string };
}

function findingView(f: Finding): FindingView {
  return {
    kind: f.subject.kind,
    name: text(f.subject.name),
    shortId: shortId(f.subject.id),
    status: f.status,
    statusLabel: STATUS_LABEL[f.status],
    message: text(f.message),
    evidence: Object.entries(f.evidence ?? {}).map(([key, value]) => ({ key: text(key), value: text(evidenceValue(value)) })),
    ...(f.waiver ? { waiver: { reason: text(f.waiver.reason), approvedBy: text(f.waiver.approvedBy), expires: text(f.waiver.expires) } } : {}),
  };
}

function statusRank(s: Status): number {
  return STATUS_ORDER.indexOf(s);
}

function sortForAttention(results: readonly CheckResult[]): CheckResult[] {
  // Failures and errors most severe first (a remediation queue); every group otherwise in benchmark order.
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const s = statusRank(a.r.status) - statusRank(b.r.status);
      if (s) return s;
      if (a.r.status === "fail" || a.r.status === "error") {
        const v = SEVERITY_DESC.indexOf(a.r.severity) - SEVERITY_DESC.indexOf(b.r.severity);
        if (v) return v;
      }
      return a.i - b.i;
    })
    .map((x) => x.r);
}

function checkView(r: CheckResult) {
  const findings = [...r.findings].sort((a, b) => statusRank(a.status) - statusRank(b.status)).map(findingView);
  const search = [r.id, r.key, r.title, r.sectionTitle, ...r.findings.flatMap((f) => [f.subject.name, f.message])].map((s) => text(s).toLowerCase()).join(" \u2022 ");
  return {
    domId: domId("check", r.id),
    id: r.id,
    key: r.key,
    title: r.title,
    section: r.section,
    sectionTitle: r.sectionTitle,
    level: r.level,
    severity: r.severity,
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
    automated: r.automated ? "automated" : "manual",
    scored: r.scored ? "scored" : "not scored",
    open: r.status === "fail" || r.status === "error",
    summary: subjectSummary(r),
    findingCount: r.findings.length,
    findings,
    rationale: r.rationale,
    remediation: r.remediation,
    references: r.references.map((href) => ({ href: /^https?:\/\//.test(href) ? href : "", text: href })),
    cisIds: Object.entries(r.cis).map(([v, id]) => `${id} in ${v}`).join(", "),
    search,
  };
}

interface Problem {
  checkId: string;
  checkDomId: string;
  title: string;
  section: string;
  level: number;
  severity: Severity;
  status: Status;
  statusLabel: string;
  message: string;
  via: string;
}

/** Containers: those the report lists, else the container subjects seen in findings (older reports). */
function containerList(report: AuditReport): ContainerSummary[] {
  if (report.containers) return report.containers;
  const seen = new Map<string, ContainerSummary>();
  for (const r of report.results) {
    for (const f of r.findings) {
      if (f.subject.kind === "container" && !seen.has(f.subject.name)) {
        seen.set(f.subject.name, { name: f.subject.name, id: f.subject.id ?? "", image: "", imageId: "", state: "", labels: {} });
      }
    }
  }
  return [...seen.values()];
}

function containerViews(report: AuditReport) {
  const containers = containerList(report);
  const isThis = (c: ContainerSummary, f: Finding) => f.subject.kind === "container" && (c.id && f.subject.id ? f.subject.id === c.id : f.subject.name === c.name);
  const isItsImage = (c: ContainerSummary, f: Finding) =>
    f.subject.kind === "image" && ((c.imageId !== "" && f.subject.id === c.imageId) || (c.image !== "" && (f.subject.name === c.image || f.subject.name === `${c.image}:latest`)));
  const columns = report.results.filter((r) => r.findings.some((f) => f.subject.kind === "container"));
  const matrix = {
    columns: columns.map((r) => ({ id: r.id, title: r.title, domId: domId("check", r.id) })),
    rows: containers.map((c) => ({
      name: text(c.name),
      domId: domId("container", c.id || c.name),
      cells: columns.map((r) => {
        const f = r.findings.find((x) => isThis(c, x));
        return f
          ? { status: f.status, symbol: STATUS_SYMBOL[f.status], title: `${r.id} ${r.title}: ${STATUS_LABEL[f.status]} — ${text(f.message)}` }
          : { status: "none", symbol: "", title: `${r.id}: not judged for this container` };
      }),
    })),
  };
  const cards = containers.map((c) => {
    const problems: Problem[] = [];
    let passed = 0;
    for (const r of report.results) {
      for (const f of r.findings) {
        const direct = isThis(c, f);
        if (!direct && !isItsImage(c, f)) continue;
        if (f.status === "pass" || f.status === "skip") { passed++; continue; }
        problems.push({
          checkId: r.id, checkDomId: domId("check", r.id), title: r.title, section: r.section, level: r.level, severity: r.severity,
          status: f.status, statusLabel: STATUS_LABEL[f.status], message: text(f.message), via: direct ? "" : `image ${text(f.subject.name)}`,
        });
      }
    }
    problems.sort((a, b) => statusRank(a.status) - statusRank(b.status) || SEVERITY_DESC.indexOf(a.severity) - SEVERITY_DESC.indexOf(b.severity));
    const labels = Object.entries(c.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key: text(key), value: text(value) }));
    const failing = problems.filter((p) => p.status === "fail" || p.status === "error").length;
    return {
      domId: domId("container", c.id || c.name),
      name: text(c.name),
      shortId: shortId(c.id),
      image: text(c.image),
      state: text(c.state),
      labels,
      problems,
      passed,
      failing,
      worst: problems[0]?.status ?? "pass",
      search: [c.name, c.image, ...Object.entries(c.labels).flat()].map((s) => text(s).toLowerCase()).join(" \u2022 "),
    };
  });
  cards.sort((a, b) => statusRank(a.worst as Status) - statusRank(b.worst as Status) || b.failing - a.failing || (a.name < b.name ? -1 : 1));
  return { matrix, cards };
}

const CHART = { width: 640, label: 230, row: 26, bar: 16, top: 8 };

function statusChart(report: AuditReport) {
  const rows = [
    { label: "All checks", counts: report.summary.counts, total: report.summary.total },
    ...report.summary.sections.map((s) => ({ label: `${s.id} ${s.title}`, counts: s.counts, total: s.total })),
  ];
  const span = CHART.width - CHART.label - 50;
  return {
    width: CHART.width,
    height: CHART.top * 2 + rows.length * CHART.row,
    rows: rows.map((row, i) => {
      const y = CHART.top + i * CHART.row;
      let x = CHART.label;
      const segments = STATUS_ORDER.filter((s) => row.counts[s] > 0).map((s) => {
        const w = row.total ? (row.counts[s] / row.total) * span : 0;
        const seg = { status: s, x: x.toFixed(1), width: w.toFixed(1), title: `${row.label}: ${row.counts[s]} ${STATUS_LABEL[s].toLowerCase()}` };
        x += w;
        return seg;
      });
      return { label: row.label.length > 34 ? row.label.slice(0, 33) + "…" : row.label, fullLabel: row.label, y, textY: y + CHART.bar - 3, barY: y, barHeight: CHART.bar, segments, totalX: CHART.label + span + 6, total: row.total };
    }),
  };
}

function severityChart(report: AuditReport) {
  const sev = report.summary.failedBySeverity;
  const max = Math.max(1, ...SEVERITIES.map((s) => sev[s]));
  const span = 200;
  return {
    width: 340,
    height: CHART.top * 2 + SEVERITY_DESC.length * CHART.row,
    rows: SEVERITY_DESC.map((s, i) => {
      const y = CHART.top + i * CHART.row;
      return { severity: s, count: sev[s], y, textY: y + CHART.bar - 3, width: ((sev[s] / max) * span).toFixed(1), countX: 80 + (sev[s] / max) * span + 6 };
    }),
  };
}

function scoreRing(score: number | null) {
  const r = 42;
  const circumference = 2 * Math.PI * r;
  const filled = score === null ? 0 : (score / 100) * circumference;
  return { r, circumference: circumference.toFixed(2), dash: `${filled.toFixed(2)} ${(circumference - filled).toFixed(2)}`, label: score === null ? "n/a" : `${Math.round(score)}%` };
}

function formula(passed: number, total: number, score: number | null): string {
  return total === 0 ? "no scored check was decided" : `${passed} ÷ ${total} = ${pct(score)}`;
}

/** "2026-01-15 10:00:00 UTC": readable, unambiguous, and the same for every reader. */
function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? text(iso) : `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function duration(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function containerScope(report: AuditReport): string {
  const n = report.selection.containers.length;
  const stopped = (report.containers ?? []).filter((c) => c.state !== "running").length;
  return `${n} container${n === 1 ? "" : "s"}${stopped ? ` (${stopped} not running)` : ""}`;
}

export function htmlView(report: AuditReport) {
  const s = report.summary;
  const checks = sortForAttention(report.results).map(checkView);
  const { matrix, cards } = containerViews(report);
  // A status gets a filter chip when a check or a finding has it (a failing check can hold waived or error findings).
  const present = (st: Status) => s.counts[st] > 0 || s.findings[st] > 0 || st === "pass" || st === "fail";
  return {
    title: `dockaudit report — ${text(report.host.hostname ?? "unknown host")}`,
    tool: `${report.tool.name} ${report.tool.version}`,
    host: {
      hostname: text(report.host.hostname ?? "unknown"),
      os: text(report.host.os ?? "unknown"),
      kernel: text(report.host.kernel ?? "unknown"),
      root: text(report.host.root),
    },
    daemon: {
      version: text(report.daemon.version ?? "unknown"),
      apiVersion: text(report.daemon.apiVersion ?? "unknown"),
      endpoint: text(report.daemon.endpoint),
      configFile: text(report.daemon.configFile ?? "none"),
      rootless: report.daemon.rootless === null ? "unknown" : report.daemon.rootless ? "yes" : "no",
    },
    benchmark: `${report.benchmark.name} ${report.benchmark.version}`,
    startedAt: when(report.startedAt),
    finishedAt: when(report.finishedAt),
    duration: duration(report.startedAt, report.finishedAt),
    containerScope: containerScope(report),
    score: {
      value: pct(s.score),
      formula: formula(s.passed, s.scoredTotal, s.score),
      dockerBench: s.dockerBenchScore,
      ring: scoreRing(s.score),
    },
    statusCounts: STATUS_ORDER.map((st) => ({ status: st, label: STATUS_LABEL[st], checks: s.counts[st], findings: s.findings[st] })),
    severityCounts: SEVERITY_DESC.map((sv) => ({ severity: sv, failed: s.failedBySeverity[sv] })),
    sections: s.sections.map((sec) => ({ id: sec.id, title: sec.title, total: sec.total, score: pct(sec.score), formula: formula(sec.passed, sec.scoredTotal, sec.score), counts: STATUS_ORDER.map((st) => ({ status: st, count: sec.counts[st] })) })),
    statusChart: statusChart(report),
    severityChart: severityChart(report),
    collectionErrors: report.daemon.collectionErrors.map((e) => ({ slice: e.slice, error: text(e.error) })),
    waivers: (report.waivers ?? []).map((w) => ({ ...w, check: text(w.check), reason: text(w.reason), approvedBy: text(w.approvedBy), expires: text(w.expires) })),
    checks,
    checkCount: checks.length,
    matrix,
    containers: cards,
    containerCount: cards.length,
    filters: {
      statuses: STATUS_ORDER.filter(present).map((st) => ({ status: st, label: STATUS_LABEL[st], count: s.counts[st] })),
      sections: s.sections.map((sec) => ({ id: sec.id, label: `${sec.id} ${sec.title}` })),
      severities: SEVERITY_DESC,
    },
    // Embedded for extraction (the page does not need it): an attribute, so Handlebars escapes it like all else.
    reportJson: JSON.stringify(report),
  };
}

export function renderHtml(report: AuditReport, _options: RenderOptions = {}): string {
  return template("html")(htmlView(report));
}
