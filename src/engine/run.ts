// Runs the selected checks against one snapshot and builds the result tree. A check whose needed facts could not
// be collected gets `error` with the reason; a check that throws gets `error` with the message; the run goes on.

import type { Fact, ImageInspect, Snapshot } from "../snapshot/types.js";
import { notApplicable } from "./applicability.js";
import { daemonSubject, finding, hostSubject, error as errorVerdict, skip as skipVerdict } from "./define.js";
import { sectionByKey } from "./sections.js";
import { summarize } from "./score.js";
import { checkId, selectContainers, type ContainerSelection } from "./select.js";
import { resolveNeed } from "./needs.js";
import { withFingerprints } from "./fingerprint.js";
import type { AuditReport, BenchmarkVersion, Check, CheckResult, EvalContext, EvalOptions, Finding, Status } from "./types.js";

export { needFact, resolveNeed } from "./needs.js";

export const REPORT_SCHEMA_VERSION = 2;

/** Worst first: a check's status is the first of these that any of its findings has. */
const STATUS_ORDER: readonly Status[] = ["fail", "error", "waived", "manual", "info", "pass", "skip"];

export function worstStatus(statuses: Iterable<Status>): Status {
  const rank = (s: Status) => STATUS_ORDER.indexOf(s);
  let worst: Status | undefined;
  for (const s of statuses) if (worst === undefined || rank(s) < rank(worst)) worst = s;
  return worst ?? "skip";
}

export interface RunOptions {
  benchmark: BenchmarkVersion;
  containers: ContainerSelection;
  eval?: Partial<EvalOptions>;
}

export function buildContext(snapshot: Snapshot, opts: RunOptions): EvalContext {
  const e = snapshot.engine;
  // The container dockaudit itself ran in is the auditor, not a subject (it is named in the report instead).
  const auditorId = snapshot.collection.auditor?.id;
  const containers = e.containers.ok ? selectContainers(e.containers.value.filter((c) => c.Id !== auditorId), opts.containers) : [];
  const used = new Set(containers.map((c) => c.Image));
  const images: ImageInspect[] = e.images.ok ? e.images.value.filter((i) => used.has(i.Id)) : [];
  return {
    snapshot,
    benchmark: opts.benchmark,
    containers,
    images,
    networks: e.networks.ok ? e.networks.value : [],
    options: { now: new Date(snapshot.startedAt), ...opts.eval },
  };
}

export function evaluateCheck(check: Check, ctx: EvalContext): Finding[] {
  const na = notApplicable(check, ctx.snapshot);
  if (na) return [finding(daemonSubject(ctx), skipVerdict(na))];
  for (const need of check.needs) {
    const r = resolveNeed(ctx.snapshot, need);
    if (!r.ok) {
      const subject = need.startsWith("host.") ? hostSubject(ctx) : daemonSubject(ctx);
      return [finding(subject, errorVerdict(`could not decide: ${r.reason}`, { source: r.source }))];
    }
  }
  try {
    const findings = check.evaluate(ctx);
    if (findings.length === 0) {
      return [finding(daemonSubject(ctx), errorVerdict("the check produced no finding (a defect in dockaudit)"))];
    }
    return findings;
  } catch (e) {
    return [finding(daemonSubject(ctx), errorVerdict(`the check failed: ${(e as Error).message}`))];
  }
}

export function toResult(check: Check, ctx: EvalContext, findings: Finding[]): CheckResult {
  const section = sectionByKey(check.section);
  const id = checkId(check, ctx.benchmark);
  // selectChecks keeps only the checks of the benchmark, so this is a caller's bug, never a result to report.
  if (id === undefined) throw new Error(`check ${check.key} has no id in CIS Docker Benchmark ${ctx.benchmark}`);
  return {
    id,
    key: check.key,
    title: check.title,
    section: section.id,
    sectionTitle: section.title,
    level: check.level,
    automated: check.automated,
    scored: check.scored ?? check.automated,
    severity: check.severity,
    status: worstStatus(findings.map((f) => f.status)),
    rationale: check.rationale,
    remediation: check.remediation,
    references: check.references ?? [],
    cis: check.cis ?? {},
    findings,
  };
}

/** Orders ids numerically per component: 1.1.2 < 1.1.10 < 2.1 < X.1. */
export function compareIds(a: string, b: string): number {
  const pa = a.split("."), pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i], y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x), ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) { if (nx !== ny) return nx - ny; }
    else if (Number.isNaN(nx) !== Number.isNaN(ny)) return Number.isNaN(nx) ? 1 : -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function runChecks(snapshot: Snapshot, checks: readonly Check[], opts: RunOptions): AuditReport {
  const ctx = buildContext(snapshot, opts);
  const results = checks
    .map((c) => toResult(c, ctx, evaluateCheck(c, ctx)))
    .sort((a, b) => compareIds(a.id, b.id));
  return assembleReport(snapshot, ctx, results);
}

export function assembleReport(snapshot: Snapshot, ctx: EvalContext, results: CheckResult[]): AuditReport {
  const { host, daemon, engine } = snapshot;
  const info = engine.info.ok ? engine.info.value : undefined;
  const version = engine.version.ok ? engine.version.value : undefined;
  const proc = daemon.process.ok ? daemon.process.value : undefined;
  const collectionErrors: { slice: string; error: string }[] = [];
  for (const [area, facts] of Object.entries({ host, daemon, engine })) {
    for (const [name, fact] of Object.entries(facts as unknown as Record<string, Fact<unknown> | undefined>)) {
      if (fact && typeof fact === "object" && "ok" in fact && !fact.ok) collectionErrors.push({ slice: `${area}.${name}`, error: fact.error });
    }
  }
  return withFingerprints({
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: snapshot.tool,
    benchmark: { name: "CIS Docker Benchmark", version: ctx.benchmark },
    startedAt: snapshot.startedAt,
    finishedAt: snapshot.finishedAt,
    host: {
      hostname: host.hostname.ok ? host.hostname.value : null,
      kernel: host.kernelRelease.ok ? host.kernelRelease.value : (info?.KernelVersion ?? null),
      os: info?.OperatingSystem ?? null,
      root: snapshot.collection.root,
    },
    daemon: {
      version: version?.Version ?? info?.ServerVersion ?? null,
      apiVersion: version?.ApiVersion ?? null,
      pid: proc?.pid ?? null,
      configFile: daemon.configFile.ok ? daemon.configFile.value.path : null,
      endpoint: snapshot.collection.dockerHost,
      // Podman has no dockerd process: whether its service runs rootless is in its own slice (the kernel's word).
      rootless: proc ? proc.rootless : snapshot.engine.podman?.ok ? snapshot.engine.podman.value.rootless : null,
      collectionErrors,
    },
    selection: {
      checks: results.length,
      containers: ctx.containers.map((c) => c.Name.replace(/^\//, "")),
      allContainers: snapshot.collection.allContainers,
    },
    containers: ctx.containers.map((c) => ({ name: c.Name.replace(/^\//, ""), id: c.Id, image: c.Config.Image || c.Image, imageId: c.Image, state: c.State.Status, labels: c.Config.Labels ?? {} })),
    ...(snapshot.collection.auditor ? { auditor: { ...snapshot.collection.auditor } } : {}),
    summary: summarize(results),
    results,
  });
}
