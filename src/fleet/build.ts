// Folding per-host outcomes into the fleet view. Pure: the same outcomes and time give the same fleet.json.
import { endpointSafeToShow } from "../collect/redact.js";
import { evaluateGates, type GateOptions } from "../engine/gates.js";
import { compareIds } from "../engine/run.js";
import type { AuditReport, Severity, Status } from "../engine/types.js";
import { SEVERITIES } from "../engine/types.js";
import { TOOL_VERSION } from "../version.js";
import { FLEET_SCHEMA_VERSION, type FleetCheck, type FleetHost, type FleetReport, type HostSource } from "./types.js";

/** One host as the fleet command saw it: its report, or why there is none. */
export interface HostOutcome {
  name: string;
  labels?: Record<string, string>;
  source: HostSource;
  target: string;
  report?: AuditReport;
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

function hostRow(o: HostOutcome, gate: GateOptions): FleetHost {
  // Endpoints, and messages that may quote one, are shown without a URL password whatever produced them.
  const labels = Object.fromEntries(Object.entries(o.labels ?? {}).map(([k, v]) => [k, endpointSafeToShow(v)]));
  const base: FleetHost = { name: o.name, labels, source: o.source, target: endpointSafeToShow(o.target), audited: Boolean(o.report) };
  if (o.reports) base.reports = o.reports;
  if (!o.report) return { ...base, reason: endpointSafeToShow(o.error ?? "no report") };
  const r = o.report;
  const checks: Record<string, Status> = {};
  for (const c of r.results) checks[c.key] = c.status;
  return {
    ...base,
    ...(o.note ? { reason: endpointSafeToShow(o.note) } : {}),
    toolVersion: r.tool.version,
    benchmark: r.benchmark.version,
    hostname: r.host.hostname,
    dockerVersion: r.daemon.version,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    score: r.summary.score,
    counts: r.summary.counts,
    failedBySeverity: r.summary.failedBySeverity,
    gateFailed: evaluateGates(r, gate).failed,
    checks,
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

export function buildFleet(outcomes: readonly HostOutcome[], opts: { generatedAt: Date; gate?: GateOptions }): FleetReport {
  const gate = opts.gate ?? {};
  const hosts = outcomes.map((o) => hostRow(o, gate)).sort(compareHosts);
  const checks = new Map<string, FleetCheck & { ids: Map<string, number> }>();
  for (const o of outcomes) {
    if (!o.report) continue;
    for (const r of o.report.results) {
      let c = checks.get(r.key);
      if (!c) {
        c = { key: r.key, id: r.id, title: r.title, severity: r.severity, section: r.section, failed: [], error: [], waived: 0, passed: 0, ids: new Map() };
        checks.set(r.key, c);
      }
      c.ids.set(r.id, (c.ids.get(r.id) ?? 0) + 1);
      if (r.status === "fail") c.failed.push(o.name);
      else if (r.status === "error") c.error.push(o.name);
      else if (r.status === "waived") c.waived++;
      else if (r.status === "pass") c.passed++;
    }
  }
  const checkRows: FleetCheck[] = [...checks.values()].map(({ ids, ...c }) => {
    // Hosts may have audited against different benchmark versions: show the id most of them used.
    const [mostUsed] = [...ids.entries()].sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]));
    // (ids counts every result the row was made from, so it is never empty; c.id is the first host's id.)
    return { ...c, id: mostUsed?.[0] ?? c.id, failed: [...c.failed].sort(), error: [...c.error].sort() };
  });
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
