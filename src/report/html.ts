// The HTML report: one self-contained page (inline CSS, inline SVG, a small inline script, a strict CSP) built
// from reports/html.hbs. This module turns the result tree into a view model of plain strings and numbers; the
// template prints every one of them with Handlebars' escaping `{{ }}`. Without JavaScript the page shows
// everything, failed and errored checks expanded; the script adds filters, search and view tabs.
import type { AuditReport, CheckResult, ContainerSummary, Finding, Severity, Status } from "../engine/types.js";
import { SEVERITIES } from "../engine/types.js";
import type { RenderOptions } from "./types.js";
import { template } from "./templates.js";
import { capLine, evidenceValue, xmlSafe } from "./xml.js";

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

// Big hosts (thousands of containers): every host-provided string is written in full once, in the place that owns
// it (a container's name, image and labels on its card; a finding's message and evidence where the finding is
// shown in full); everywhere else it appears capped to a short form. A check with many findings lists its
// non-passing ones grouped by message, with the containers as links to their cards, and only counts the passing
// ones; the script pages the container cards and long tables.

/** A check with at most this many findings lists each one in full; above, findings are grouped by message. */
const LIST_ALL = 25;
/** Above this many distinct messages a big check groups by status alone. */
const MAX_GROUPS = 40;
/** Names and image references written outside their own card. */
const NAME_CAP = 80;
/** Messages repeated on a container's card when the check view shows them in full. */
const MESSAGE_CAP = 200;

const short = (s: string | null | undefined, max = NAME_CAP) => capLine(text(s), max);
const isProblem = (s: Status) => s !== "pass" && s !== "skip";

function subjectSummary(r: CheckResult): string {
  const bad = r.findings.filter((f) => f.status === "fail" || f.status === "error");
  const kinds = new Set(r.findings.map((f) => f.subject.kind));
  const noun = kinds.size === 1 ? `${[...kinds][0]}${r.findings.length === 1 ? "" : "s"}` : "subjects";
  const [only] = r.findings;
  if (only && r.findings.length === 1) return capLine(text(only.message), MESSAGE_CAP);
  if (bad.length === 0) return `${r.findings.length} ${noun}: ${STATUS_LABEL[r.status].toLowerCase()}`;
  const names = bad.slice(0, 5).map((f) => short(f.subject.name, 40)).join(", ");
  return `${bad.length} of ${r.findings.length} ${noun}: ${names}${bad.length > 5 ? ` and ${bad.length - 5} more` : ""}`;
}

interface FindingView {
  kind: string;
  name: string;
  href: string;
  shortId: string;
  status: Status;
  statusLabel: string;
  message: string;
  evidence: { key: string; value: string }[];
  waiver?: { reason: string; approvedBy: string; expires: string };
}

function evidenceView(f: Finding): { key: string; value: string }[] {
  return Object.entries(f.evidence ?? {}).map(([key, value]) => ({ key: text(key), value: text(evidenceValue(value)) }));
}

function waiverView(f: Finding) {
  return f.waiver ? { waiver: { reason: text(f.waiver.reason), approvedBy: text(f.waiver.approvedBy), expires: text(f.waiver.expires) } } : {};
}

/** Where each container's card is, to link findings to it, and which cards run which image. */
interface CardIndex {
  /** The card of each of the check's findings (undefined for findings not about a listed container), computed once. */
  owners(r: CheckResult): (number | undefined)[];
  cardsOfImage(f: Finding): number[];
  href(i: number): string;
}

/** A finding and the card of the container it is about, if any. */
interface Owned { f: Finding; card: number | undefined }
/** A finding on a container's card. */
interface Carded { f: Finding; card: number }

/** The element at an index this module computed from the same list; out of range is a bug here, so it throws rather than drop a row. */
function nth<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`index ${i} is outside the ${list.length} containers of the report`);
  return v;
}

function findingView({ f, card }: Owned, cards: CardIndex): FindingView {
  return {
    kind: f.subject.kind,
    name: short(f.subject.name),
    href: card === undefined ? "" : `#${cards.href(card)}`,
    shortId: shortId(f.subject.id),
    status: f.status,
    statusLabel: STATUS_LABEL[f.status],
    message: text(f.message),
    evidence: evidenceView(f),
    ...waiverView(f),
  };
}

interface GroupView {
  status: Status;
  statusLabel: string;
  count: number;
  noun: string;
  message: string;
  subjects: { name: string; href: string }[];
  waiver?: { reason: string; approvedBy: string; expires: string };
}

interface Group { status: Status; message: string | null; waiver: number | undefined; items: Carded[]; messages: number }

/** Container findings of a big check: non-passing ones grouped by status and message, passing ones counted. */
function groupViews(owned: Carded[], cards: CardIndex): GroupView[] {
  // status → message → the groups of that message (one per waiver that covers some of them, usually one).
  const byStatus = new Map<Status, Map<string, Group[]>>();
  for (const o of owned) {
    const { status, message } = o.f;
    const waiver = o.f.waiver?.index;
    let byMessage = byStatus.get(status);
    if (!byMessage) byStatus.set(status, (byMessage = new Map()));
    let list = byMessage.get(message);
    if (!list) byMessage.set(message, (list = []));
    let g = list.find((x) => x.waiver === waiver);
    if (!g) list.push((g = { status, message, waiver, items: [], messages: 1 }));
    g.items.push(o);
  }
  let problemGroups = 0;
  for (const [status, m] of byStatus) if (isProblem(status)) for (const l of m.values()) problemGroups += l.length;
  const groups: Group[] = [];
  for (const [status, m] of byStatus) {
    const all = [...m.values()].flat();
    if (isProblem(status) && problemGroups <= MAX_GROUPS) { groups.push(...all); continue; }
    // Passing and skipped findings (and too many distinct messages): one row per status, naming the most common message.
    const top = all.reduce((a, b) => (b.items.length > a.items.length ? b : a));
    groups.push({ status, message: isProblem(status) ? null : top.message, waiver: undefined, items: all.flatMap((g) => g.items), messages: all.length });
  }
  return groups
    .sort((a, b) => statusRank(a.status) - statusRank(b.status) || b.items.length - a.items.length)
    .map((g) => {
      const n = g.items.length;
      const message = g.message === null
        ? `${n} findings with different messages (each on its container's card)`
        : g.messages > 1 ? `${text(g.message)} (and ${g.messages - 1} other message${g.messages > 2 ? "s" : ""})` : text(g.message);
      const [first] = g.items;
      return {
        status: g.status,
        statusLabel: STATUS_LABEL[g.status],
        count: n,
        noun: `container${n === 1 ? "" : "s"}`,
        message,
        subjects: isProblem(g.status) ? g.items.map((o) => ({ name: short(o.f.subject.name), href: `#${cards.href(o.card)}` })) : [],
        ...(first && g.items.every((o) => o.f.waiver?.index === first.f.waiver?.index) ? waiverView(first.f) : {}),
      };
    });
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

/** Whether a check lists every finding (small checks) or groups its container findings. */
const listsAll = (r: CheckResult) => r.findings.length <= LIST_ALL;

function checkView(r: CheckResult, cards: CardIndex) {
  const owners = cards.owners(r);
  const sorted: Owned[] = r.findings.map((f, k) => ({ f, card: owners[k] })).sort((a, b) => statusRank(a.f.status) - statusRank(b.f.status));
  const listed = listsAll(r) ? sorted : sorted.filter((o) => o.card === undefined);
  const grouped = listsAll(r) ? [] : sorted.flatMap(({ f, card }) => (card === undefined ? [] : [{ f, card }]));
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
    findings: listed.map((f) => findingView(f, cards)),
    groups: groupViews(grouped, cards),
    rationale: r.rationale,
    remediation: r.remediation,
    references: r.references.map((href) => ({ href: /^https?:\/\//.test(href) ? href : "", text: href })),
    cisIds: Object.entries(r.cis).map(([v, id]) => `${id} in ${v}`).join(", "),
  };
}

/** A row of a container's card; the page filters it by its check's section, level and severity. */
interface Problem {
  checkId: string;
  checkDomId: string;
  title: string;
  severity: Severity;
  status: Status;
  statusLabel: string;
  message: string;
  /** Only where the check view does not show this finding in full. */
  evidence: { key: string; value: string }[];
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

/** One pass over the findings: which card each container finding belongs to, and which cards run each image. */
function indexCards(containers: ContainerSummary[]): CardIndex & { setOrder(order: number[]): void } {
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  const byImageId = new Map<string, number[]>();
  const byImageName = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number) => { const l = m.get(k); if (l) l.push(i); else m.set(k, [i]); };
  containers.forEach((c, i) => {
    if (c.id && !byId.has(c.id)) byId.set(c.id, i);
    if (!byName.has(c.name)) byName.set(c.name, i);
    if (c.imageId !== "") add(byImageId, c.imageId, i);
    if (c.image !== "") { add(byImageName, c.image, i); add(byImageName, `${c.image}:latest`, i); }
  });
  let position: number[] = containers.map((_, i) => i);
  const cardOf = (f: Finding): number | undefined => {
    if (f.subject.kind !== "container") return undefined;
    const c = f.subject.id ? byId.get(f.subject.id) : undefined;
    if (c !== undefined) return c;
    const n = byName.get(f.subject.name);
    return n !== undefined && (!f.subject.id || !nth(containers, n).id) ? n : undefined;
  };
  const owners = new Map<CheckResult, (number | undefined)[]>();
  return {
    owners(r) {
      let o = owners.get(r);
      if (!o) owners.set(r, (o = r.findings.map(cardOf)));
      return o;
    },
    cardsOfImage(f) {
      if (f.subject.kind !== "image") return [];
      const ids = f.subject.id ? byImageId.get(f.subject.id) ?? [] : [];
      const names = byImageName.get(f.subject.name) ?? [];
      return names.length === 0 ? ids : [...new Set([...ids, ...names])];
    },
    href: (i) => `ct-${position[i]}`,
    setOrder(order) { position = order; },
  };
}

function containerViews(report: AuditReport) {
  const containers = containerList(report);
  const cards = indexCards(containers);
  const problems: Problem[][] = containers.map(() => []);
  const passed: number[] = containers.map(() => 0);
  const cells: Map<number, Finding>[] = [];
  const columns: CheckResult[] = [];
  for (const r of report.results) {
    const listed = listsAll(r);
    const checkDomId = domId("check", r.id);
    let mine: Map<number, Finding> | undefined;
    const owners = cards.owners(r);
    for (const [k, f] of r.findings.entries()) {
      const own = owners[k];
      const via = own === undefined ? cards.cardsOfImage(f) : [own];
      if (own !== undefined) {
        if (!mine) mine = new Map();
        if (!mine.has(own)) mine.set(own, f);
      }
      for (const i of via) {
        if (!isProblem(f.status)) { passed[i] = nth(passed, i) + 1; continue; }
        // In full here when the check view groups it; capped when the check view shows it in full.
        const full = own !== undefined && !listed;
        nth(problems, i).push({
          checkId: r.id, checkDomId: checkDomId, title: r.title, severity: r.severity,
          status: f.status, statusLabel: STATUS_LABEL[f.status], message: full ? text(f.message) : capLine(text(f.message), MESSAGE_CAP),
          evidence: full ? evidenceView(f) : [], via: own !== undefined ? "" : `image ${short(f.subject.name)}`,
        });
      }
    }
    if (mine) { columns.push(r); cells.push(mine); }
  }
  const views = containers.map((c, i) => {
    const list = nth(problems, i).sort((a, b) => statusRank(a.status) - statusRank(b.status) || SEVERITY_DESC.indexOf(a.severity) - SEVERITY_DESC.indexOf(b.severity));
    const labels = Object.entries(c.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key: text(key), value: text(value) }));
    return {
      index: i,
      name: text(c.name),
      shortId: shortId(c.id),
      image: short(c.image, MESSAGE_CAP),
      state: text(c.state),
      labels,
      problems: list,
      passed: nth(passed, i),
      failing: list.filter((p) => p.status === "fail" || p.status === "error").length,
      worst: list[0]?.status ?? "pass",
    };
  });
  views.sort((a, b) => statusRank(a.worst as Status) - statusRank(b.worst as Status) || b.failing - a.failing || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const order: number[] = [];
  views.forEach((v, pos) => { order[v.index] = pos; });
  cards.setOrder(order);
  const matrix = {
    columns: columns.map((r) => ({ id: r.id, title: r.title, domId: domId("check", r.id) })),
    rows: views.map((v) => ({
      name: short(nth(containers, v.index).name, 60),
      domId: cards.href(v.index),
      cells: cells.map((m) => {
        const f = m.get(v.index);
        return f ? { status: f.status, symbol: STATUS_SYMBOL[f.status] } : { status: "none", symbol: "" };
      }),
    })),
  };
  return { matrix, cards: views.map((v) => ({ ...v, domId: cards.href(v.index) })), index: cards };
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
  const { matrix, cards, index } = containerViews(report);
  const checks = sortForAttention(report.results).map((r) => checkView(r, index));
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
      own: s.own?.total ? { value: pct(s.own.score), formula: formula(s.own.passed, s.own.scoredTotal, s.own.score) } : undefined,
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
  };
}

export function renderHtml(report: AuditReport, _options: RenderOptions = {}): string {
  return template("html")(htmlView(report));
}
