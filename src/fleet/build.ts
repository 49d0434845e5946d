// Folding per-host outcomes into the fleet view. Pure: the same outcomes and time give the same fleet.json.
import { endpointSafeToShow } from "../secrets/redact.js";
import type { GateOptions } from "../engine/gates.js";
import { compareIds } from "../engine/run.js";
import type { AuditReport, Severity } from "../engine/types.js";
import { SEVERITIES } from "../engine/types.js";
import { TOOL_VERSION } from "../version.js";
import { CheckCatalog, summariseReport, type HostSummary } from "./summary.js";
import { FLEET_SCHEMA_VERSION, type FleetCheck, type FleetHost, type FleetReport, type HostSource } from "./types.js";

/** One host as the fleet command saw it: its report, or why there is none. */
export interface HostOutcome {
  name: string;
  labels?: Record<string, string>;
  source: HostSource;
  target: string;
  report?: AuditReport;
  /** What the view keeps of the report (gathering makes this at once and drops the report). */
  summary?: HostSummary;
  /** How many reports of this host were gathered (a --keep series). */
  runs?: number;
  /** Why the host could not be audited (no report). */
  error?: string;
  /** A remark that does not stop the host counting (e.g. an older report of the same host was left out). */
  note?: string;
  reports?: { json?: string; html?: string };
}

function median(xs: number[]): number | null {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  // The middle element, or the mean of the two middle ones; none for an empty list.
  const [lower, upper] = s.length % 2 ? [s[mid], s[mid]] : [s[mid - 1], s[mid]];
  if (lower === undefined || upper === undefined) return null;
  return Math.round(((lower + upper) / 2) * 10) / 10;
}

function hostRow(o: HostOutcome, r: HostSummary | undefined): FleetHost {
  // Endpoints, and messages that may quote one, are shown without a URL password whatever produced them.
  const labels = Object.fromEntries(Object.entries(o.labels ?? {}).map(([k, v]) => [k, endpointSafeToShow(v)]));
  const base: FleetHost = { name: o.name, labels, source: o.source, target: endpointSafeToShow(o.target), audited: Boolean(r) };
  if (o.reports) base.reports = o.reports;
  if (!r) return { ...base, reason: endpointSafeToShow(o.error ?? "no report") };
  return {
    ...base,
    ...(o.note ? { reason: endpointSafeToShow(o.note) } : {}),
    toolVersion: r.toolVersion,
    benchmark: r.benchmark,
    hostname: r.hostname,
    dockerVersion: r.dockerVersion,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    score: r.score,
    counts: r.counts,
    failedBySeverity: r.failedBySeverity,
    gateFailed: r.gateFailed,
    checks: r.checks,
    ...(o.runs && o.runs > 1 ? { runs: o.runs } : {}),
    ...(r.trend ? { trend: r.trend } : {}),
    ...(r.firstFailed && Object.keys(r.firstFailed).length ? { firstFailed: r.firstFailed } : {}),
  };
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** Worst first: not audited, then lowest score, then most failed checks, then by name. */
function compareHosts(a: FleetHost, b: FleetHost): number {
  if (a.audited !== b.audited) return a.audited ? 1 : -1;
  const sa = a.score ?? -1, sb = b.score ?? -1;
  if (sa !== sb) return sa - sb;
  const fa = a.counts?.fail ?? 0, fb = b.counts?.fail ?? 0;
  if (fa !== fb) return fb - fa;
  return a.name.localeCompare(b.name);
}

/**
 * The fleet view. Outcomes carry either a summary (gathered reports: `catalog` then names the checks they had) or a
 * whole report (an inventory run), summarised here against the gate.
 */
export function buildFleet(outcomes: readonly HostOutcome[], opts: { generatedAt: Date; gate?: GateOptions; catalog?: CheckCatalog }): FleetReport {
  const gate = opts.gate ?? {};
  const catalog = opts.catalog ?? new CheckCatalog();
  const summaries = outcomes.map((o) => o.summary ?? (o.report ? summariseReport(o.report, gate, catalog) : undefined));
  const hosts = outcomes.map((o, i) => hostRow(o, summaries[i])).sort(compareHosts);
  const checks = new Map<string, FleetCheck>();
  for (const m of catalog.byKey.values()) {
    // Hosts may have audited against different benchmark versions: show the id most of them used.
    const [mostUsed] = [...m.ids.entries()].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]));
    checks.set(m.key, { key: m.key, id: mostUsed?.[0] ?? m.id, title: m.title, severity: m.severity, section: m.section, failed: [], error: [], waived: 0, passed: 0 });
  }
  for (const h of hosts) {
    for (const [key, status] of Object.entries(h.checks ?? {})) {
      const c = checks.get(key);
      if (!c) continue;
      if (status === "fail") c.failed.push(h.name);
      else if (status === "error") c.error.push(h.name);
      else if (status === "waived") c.waived++;
      else if (status === "pass") c.passed++;
    }
  }
  const checkRows = [...checks.values()].map((c) => ({ ...c, failed: c.failed.sort(), error: c.error.sort() }));
  checkRows.sort((a, b) => b.failed.length - a.failed.length || b.error.length - a.error.length ||
    severityRank(b.severity) - severityRank(a.severity) || compareIds(a.id, b.id));
  const audited = hosts.filter((h) => h.audited);
  const scores = audited.map((h) => h.score).filter((s): s is number => typeof s === "number");
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    kind: "dockaudit-fleet",
    tool: { name: "dockaudit", version: TOOL_VERSION },
    generatedAt: opts.generatedAt.toISOString(),
    summary: {
      hosts: hosts.length,
      audited: audited.length,
      notAudited: hosts.length - audited.length,
      failingHosts: audited.filter((h) => (h.counts?.fail ?? 0) > 0).length,
      gateFailedHosts: audited.filter((h) => h.gateFailed).length,
      worstScore: scores.length ? Math.min(...scores) : null,
      medianScore: median(scores),
    },
    hosts,
    checks: checkRows,
  };
}
