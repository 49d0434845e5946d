// What the fleet view keeps of one host's report: its numbers, the status of each check and, for the checks that
// fail, which findings fail (to tell, over a series of runs, since when). The report itself is dropped as soon as
// this is made, so gathering 10,000 reports holds 10,000 of these, never 10,000 reports. Pure.
import { evaluateGates, type GateOptions } from "../engine/gates.js";
import { SEVERITIES, STATUSES, type AuditReport, type CheckResult, type Finding, type Severity, type Status, type StatusCounts } from "../engine/types.js";

export interface HostSummary {
  toolVersion: string;
  benchmark: string;
  hostname: string | null;
  dockerVersion: string | null;
  startedAt: string;
  finishedAt: string;
  score: number | null;
  counts: StatusCounts;
  failedBySeverity: Record<Severity, number>;
  gateFailed: boolean;
  /** Status of every check of the report, by check key. */
  checks: Record<string, Status>;
  /** For each failing check (by key): the ids of its failing findings (see findingId). */
  failing: Record<string, string[]>;
  /** Over a series of runs of this host (oldest first): each run's time and score. Absent for one run. */
  trend?: { at: string; score: number | null }[];
  /** For each failing check: when it first failed in the unbroken run of failures that reaches the newest report. */
  firstFailed?: Record<string, string>;
}

/** A check as the view names it; one per key for the whole fleet, with how many hosts used which id. */
export interface CheckMeta {
  key: string;
  id: string;
  title: string;
  severity: Severity;
  section: string;
  ids: Map<string, number>;
}

/** The checks seen across the fleet, filled as reports are summarised. */
export class CheckCatalog {
  readonly byKey = new Map<string, CheckMeta>();
  add(r: Pick<CheckResult, "key" | "id" | "title" | "severity" | "section">): void {
    let m = this.byKey.get(r.key);
    if (!m) {
      m = { key: r.key, id: r.id, title: r.title, severity: r.severity, section: r.section, ids: new Map() };
      this.byKey.set(r.key, m);
    }
    m.ids.set(r.id, (m.ids.get(r.id) ?? 0) + 1);
  }
}

/**
 * A finding across runs: its `fingerprint` when the report has one, else check key + subject kind + subject name
 * (the key `diff` and baselines match by: container ids change on every re-create, names do not).
 */
export function findingId(checkKey: string, f: Pick<Finding, "subject"> & { fingerprint?: unknown }, subjectName = f.subject.name): string {
  return typeof f.fingerprint === "string" && f.fingerprint ? `fp:${f.fingerprint}` : `${checkKey}\u0000${f.subject.kind}\u0000${subjectName}`;
}

export function summariseReport(r: AuditReport, gate: GateOptions, catalog: CheckCatalog): HostSummary {
  return summarise(r, gate, catalog, (f) => f.subject.name);
}

/** A finding as a JSON report of schema 2 writes it: the subject's name may be left to the report's maps. */
type RawFinding = { status: Status; subject: { kind: string; name?: string; id?: string }; fingerprint?: unknown };

/**
 * The summary straight from a parsed JSON report (schema 1 or 2) whose shape reportShapeProblem accepted, without
 * rebuilding the whole result tree first: only failing findings need a name, resolved the way fromJsonReport does.
 */
export function summariseReportJson(doc: Record<string, unknown>, gate: GateOptions, catalog: CheckCatalog): HostSummary {
  const maps = doc as { containers?: Record<string, { name?: string }>; images?: Record<string, { name?: string }>; host: { hostname?: string | null; root?: string }; daemon: { endpoint?: string } };
  const own = (m: Record<string, { name?: string }> | undefined, id: string | undefined) =>
    (m && id !== undefined && Object.prototype.hasOwnProperty.call(m, id) ? m[id]?.name : undefined);
  const name = (f: RawFinding): string => {
    const s = f.subject;
    if (typeof s.name === "string") return s.name;
    if (s.kind === "container") return own(maps.containers, s.id) ?? s.id ?? "";
    if (s.kind === "image") return own(maps.images, s.id) ?? s.id ?? "";
    if (s.kind === "host") return maps.host.hostname ?? maps.host.root ?? "";
    if (s.kind === "daemon") return maps.daemon.endpoint ?? "";
    return s.id ?? "";
  };
  // The gates read results, findings' statuses, severities and the score: all present in the JSON as written.
  return summarise(doc as unknown as AuditReport, gate, catalog, name as unknown as (f: Finding) => string);
}

function summarise(r: AuditReport, gate: GateOptions, catalog: CheckCatalog, name: (f: Finding) => string): HostSummary {
  const checks: Record<string, Status> = {};
  const failing: Record<string, string[]> = {};
  for (const c of r.results) {
    catalog.add(c);
    checks[c.key] = c.status;
    if (c.status !== "fail") continue;
    const ids: string[] = [];
    for (const f of c.findings) {
      if (f.status !== "fail") continue;
      ids.push(findingId(c.key, f, name(f)));
    }
    failing[c.key] = ids;
  }
  return {
    toolVersion: r.tool.version,
    benchmark: r.benchmark.version,
    hostname: r.host.hostname ?? null,
    dockerVersion: r.daemon.version ?? null,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    score: r.summary.score,
    counts: { ...r.summary.counts },
    failedBySeverity: { ...r.summary.failedBySeverity },
    gateFailed: evaluateGates(r, { ...gate, baseline: undefined }).failed,
    checks,
    failing,
  };
}

/**
 * The newest of a host's runs (sorted oldest first), with the score trend and, for each check failing in it, when
 * it started failing: the earliest run of the unbroken series of runs, ending with the newest, in which one of the
 * findings failing now already failed. A check failing since the first run given says so only that far back.
 */
export function withHistory(runs: readonly HostSummary[]): HostSummary {
  const newest = runs.at(-1);
  if (!newest) throw new Error("withHistory needs at least one run");
  const firstFailed: Record<string, string> = {};
  for (const [key, ids] of Object.entries(newest.failing)) {
    let since = newest.finishedAt;
    for (const id of ids) {
      let start = runs.length - 1;
      while (start > 0 && (runs[start - 1]?.failing[key] ?? []).includes(id)) start--;
      const at = runs[start]?.finishedAt ?? newest.finishedAt;
      if (Date.parse(at) < Date.parse(since)) since = at;
    }
    firstFailed[key] = since;
  }
  return {
    ...newest,
    firstFailed,
    ...(runs.length > 1 ? { trend: runs.map((x) => ({ at: x.finishedAt, score: x.score })) } : {}),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Why a parsed document that says it is a dockaudit report is not a complete one, or null. Checks every field the
 * fleet view reads, so a truncated or forged report becomes its host's row "not a valid report: …" instead of
 * failing the whole run. The reason names the JSON path, never a value.
 */
export function reportShapeProblem(data: unknown): string | null {
  if (!isObject(data)) return "not a JSON object";
  const need = (ok: boolean, what: string) => (ok ? null : what);
  const str = (v: unknown) => typeof v === "string";
  const tool = data.tool, bench = data.benchmark, host = data.host, daemon = data.daemon, summary = data.summary;
  const problem =
    need(data.schemaVersion === 1 || data.schemaVersion === 2, `schemaVersion ${typeof data.schemaVersion === "number" ? data.schemaVersion : "(missing)"} is not 1 or 2`) ??
    need(isObject(tool) && str(tool.version), `"tool.version" is missing`) ??
    need(isObject(bench) && str(bench.version), `"benchmark.version" is missing`) ??
    need(str(data.startedAt) && !Number.isNaN(Date.parse(String(data.startedAt))), `"startedAt" is missing or not a time`) ??
    need(str(data.finishedAt) && !Number.isNaN(Date.parse(String(data.finishedAt))), `"finishedAt" is missing or not a time`) ??
    need(isObject(host), `"host" is missing`) ??
    need(isObject(daemon), `"daemon" is missing`) ??
    need(isObject(summary), `"summary" is missing`) ??
    need(isObject(summary) && (summary.score === null || typeof summary.score === "number"), `"summary.score" is missing`) ??
    need(isObject(summary) && isObject(summary.counts) && STATUSES.every((s) => Number.isInteger((summary.counts as Record<string, unknown>)[s])), `"summary.counts" is missing or incomplete`) ??
    need(isObject(summary) && isObject(summary.failedBySeverity) && SEVERITIES.every((s) => Number.isInteger((summary.failedBySeverity as Record<string, unknown>)[s])), `"summary.failedBySeverity" is missing or incomplete`) ??
    need(Array.isArray(data.results), `"results" is not a list`);
  if (problem) return problem;
  const results = data.results as unknown[];
  if (results.length === 0) return `"results" is empty`;
  for (const [i, r] of results.entries()) {
    if (!isObject(r)) return `results[${i}] is not an object`;
    for (const k of ["key", "id", "title", "section"]) if (!str(r[k])) return `results[${i}].${k} is missing`;
    if (!SEVERITIES.includes(r.severity as Severity)) return `results[${i}].severity is not a severity`;
    if (!STATUSES.includes(r.status as Status)) return `results[${i}].status is not a status`;
    if (typeof r.scored !== "boolean") return `results[${i}].scored is missing`;
    if (!Array.isArray(r.findings)) return `results[${i}].findings is not a list`;
    for (const [j, f] of (r.findings as unknown[]).entries()) {
      if (!isObject(f) || !STATUSES.includes(f.status as Status) || !isObject(f.subject) || !str(f.subject.kind)) return `results[${i}].findings[${j}] has no "status" and "subject"`;
    }
  }
  return null;
}
