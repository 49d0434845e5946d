// The JSON report's shape, both ways (src/report/json.ts prints it). Written (schemaVersion 2) with every host-provided name once: containers are a map
// by id (name, image, state, labels) and images a map by id (name); a finding's subject then carries only its kind
// and id, and host and daemon subjects only their kind (and the daemon's pid), since `host` and `daemon` name them.
// A subject whose name differs from what those places say keeps its name. Reading (`fromJsonReport`) undoes this,
// so the rest of dockaudit (diff, baselines, verify) sees the in-memory result tree with every subject named, and
// still reads schemaVersion 1 reports as they were written.
import { withFingerprints } from "./fingerprint.js";
import { REPORT_SCHEMA_VERSION } from "./run.js";
import type { AuditReport, CheckResult, ContainerSummary, Finding, Subject, SubjectKind } from "./types.js";

/** A subject as the JSON report writes it: `name` left out where the report names the subject elsewhere. */
export interface JsonSubject {
  kind: SubjectKind;
  name?: string;
  id?: string;
}
export type JsonFinding = Omit<Finding, "subject"> & { subject: JsonSubject };
export type JsonResult = Omit<CheckResult, "findings"> & { findings: JsonFinding[] };
export type JsonContainer = Omit<ContainerSummary, "id">;

export interface JsonReport extends Omit<AuditReport, "selection" | "containers" | "results"> {
  selection: { checks: number; allContainers: boolean };
  /** The selected containers by id, in selection order. */
  containers: Record<string, JsonContainer>;
  /** Images that findings are about, by id. */
  images: Record<string, { name: string }>;
  results: JsonResult[];
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The name `host` and `daemon` subjects have when the report's own fields name them. */
function impliedName(report: Pick<AuditReport, "host" | "daemon">, kind: SubjectKind): string | undefined {
  if (kind === "host") return report.host.hostname ?? report.host.root;
  if (kind === "daemon") return report.daemon.endpoint;
  return undefined;
}

export function toJsonReport(report: AuditReport): JsonReport {
  const { selection, containers: list, results, ...rest } = report;
  // Null-prototype maps: ids come from the host and could be "__proto__".
  const containers: Record<string, JsonContainer> = Object.create(null);
  for (const c of list ?? []) {
    const { id, ...facts } = c;
    if (!has(containers, id)) containers[id] = facts;
  }
  const images: Record<string, { name: string }> = Object.create(null);
  const subject = (s: Subject): JsonSubject => {
    if (s.id !== undefined && s.kind === "container" && has(containers, s.id) && containers[s.id]?.name === s.name) return { kind: s.kind, id: s.id };
    if (s.id !== undefined && s.kind === "image") {
      if (!has(images, s.id)) images[s.id] = { name: s.name };
      if (images[s.id]?.name === s.name) return { kind: s.kind, id: s.id };
    }
    if (impliedName(report, s.kind) === s.name) return s.id === undefined ? { kind: s.kind } : { kind: s.kind, id: s.id };
    return s;
  };
  const jsonResults = results.map((r) => ({ ...r, findings: r.findings.map((f) => ({ ...f, subject: subject(f.subject) })) }));
  const { schemaVersion: _v, tool, benchmark, startedAt, finishedAt, host, daemon, summary, ...more } = rest;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool, benchmark, startedAt, finishedAt, host, daemon,
    selection: { checks: selection.checks, allContainers: selection.allContainers },
    // Spread into plain objects so JSON.stringify and consumers see ordinary maps.
    containers: { ...containers },
    images: { ...images },
    summary,
    ...more,
    results: jsonResults,
  };
}

/** Why a parsed document cannot be read back as a report (the caller adds the file name). */
export class JsonReportError extends Error {}

/**
 * The in-memory result tree from a parsed JSON report of schemaVersion 1 (returned as it is) or 2 (subject names
 * restored from the containers and images maps, `host` and `daemon`). Throws JsonReportError for a subject it
 * cannot name. Checks only what it needs to resolve; the caller validates the rest.
 */
export function fromJsonReport(data: JsonReport | AuditReport): AuditReport {
  if (data.schemaVersion !== 2) return fingerprinted(data as AuditReport);
  const r = data as JsonReport;
  const containers = r.containers && typeof r.containers === "object" ? r.containers : {};
  const images = r.images && typeof r.images === "object" ? r.images : {};
  const list: ContainerSummary[] = Object.entries(containers).map(([id, c]) => ({ ...c, id }));
  const named = (s: JsonSubject, where: string): Subject => {
    if (typeof s?.name === "string") return s as Subject;
    let name: unknown;
    if (s?.kind === "container" && typeof s.id === "string" && has(containers, s.id)) name = containers[s.id]?.name;
    else if (s?.kind === "image" && typeof s.id === "string" && has(images, s.id)) name = images[s.id]?.name;
    else if (s && r.host && r.daemon) name = impliedName(r, s.kind);
    if (typeof name !== "string") throw new JsonReportError(`${where} names no subject the report lists`);
    return { ...s, name };
  };
  const results: CheckResult[] = (Array.isArray(r.results) ? r.results : []).map((res, i) => ({
    ...res,
    findings: Array.isArray(res?.findings) ? res.findings.map((f, j) => ({ ...f, subject: named(f?.subject, `results[${i}].findings[${j}]`) })) : res?.findings,
  }));
  const { images: _images, ...rest } = r;
  return fingerprinted({
    ...rest,
    selection: { ...r.selection, containers: list.map((c) => c.name) },
    containers: list,
    results,
  } as AuditReport);
}

/** A report read from a file, with a fingerprint on every finding (a report written before fingerprints has none). */
function fingerprinted(report: AuditReport): AuditReport {
  const complete = Array.isArray(report.results) && report.results.every((r) => Array.isArray(r?.findings) && r.findings.every((f) => typeof f?.fingerprint === "string"));
  if (complete) return report;
  // Only when the fields the recipe reads are there; the caller reports what is missing otherwise.
  const readable = report.benchmark && typeof report.benchmark === "object" && report.host && report.daemon && Array.isArray(report.results) &&
    report.results.every((r) => r && typeof r.key === "string" && Array.isArray(r.findings) && r.findings.every((f) => f && typeof f.subject?.kind === "string" && typeof f.subject?.name === "string"));
  return readable ? withFingerprints(report) : report;
}
