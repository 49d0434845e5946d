// The evidence bundle: what was collected (snapshot.json), what was concluded (report.json, .html, .xml) and a
// manifest saying by which version, for which host, when, with which command line and options, and the SHA-256 of
// every other file. `dockaudit verify DIR` checks the digests and re-evaluates the snapshot with the recorded
// benchmark and options, so an auditor can confirm later that the verdicts follow from the facts and nothing was
// altered since. Whoever can rewrite the bundle can rewrite its digests too: with --sign-key the manifest is signed
// (manifest.json.sig, SSHSIG, see sign.ts), which `verify --allowed-signers FILE` or OpenSSH alone checks.
import { createHash } from "node:crypto";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { redactArgs, redactLabels } from "../collect/redact.js";
import { UsageError } from "../engine/select.js";
import { BENCHMARK_VERSIONS, type AuditReport, type BenchmarkVersion, type Status } from "../engine/types.js";
import { parseSnapshot } from "../snapshot/load.js";
import type { Snapshot } from "../snapshot/types.js";
import { applyWaivers, subjectFactsFromSnapshot, type Waiver } from "../engine/waivers.js";
import { renderHdf } from "../report/hdf.js";
import { renderHtml } from "../report/html.js";
import { fromJsonReport } from "../engine/report-json.js";
import { renderJson } from "../report/json.js";
import { renderJunit } from "../report/junit.js";
import { TOOL_VERSION } from "../version.js";
import { checkAgainstAllowedSigners, readSignatureFile, SIGNATURE_FILE, signMessage, type Signer } from "./sign.js";
import { writeAtomic } from "./write.js";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_VERSION = 1;
export const BUNDLE_FILES = ["snapshot.json", "report.json", "report.html", "report.xml"] as const;

/** Every option that changes a verdict; verify re-evaluates with exactly these. */
export interface VerdictOptions {
  benchmark: BenchmarkVersion;
  check: string[];
  skipCheck: string[];
  level?: 1 | 2;
  include: string[];
  exclude: string[];
  label: string[];
  all: boolean;
  trustedUsers?: string[];
  maxImageAge?: number;
  /** The waivers applied (as configured), when any. */
  waivers?: unknown[];
}

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  tool: { name: "dockaudit"; version: string };
  benchmark: { name: string; version: BenchmarkVersion };
  host: {
    hostname: string | null;
    /** The daemon's engine ID (docker info .ID), stable for one daemon installation. */
    daemonId: string | null;
    daemonName: string | null;
    dockerVersion: string | null;
    endpoint: string;
    os: string | null;
    kernel: string | null;
  };
  /** The dockaudit run that wrote the bundle (wall clock). */
  run: { startedAt: string; finishedAt: string };
  /** When the facts were collected (with --snapshot, the saved snapshot's times). */
  collection: { startedAt: string; finishedAt: string; toolVersion: string };
  /** argv after the program name, secret-looking values redacted. */
  commandLine: string[];
  options: VerdictOptions;
  files: Record<string, { sha256: string; bytes: number }>;
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Stands for a label filter value the collector would have redacted; it matches no label, as the original did. */
export const REDACTED_FILTER_VALUE = "<redacted-filter-value>";

/**
 * A label filter ("KEY" or "KEY=VALUE") safe to record. A value the collector would redact (secret-looking key or
 * credential-shaped value) never appears in a snapshot, so the filter matched no container when it was run; the
 * recorded stand-in matches none either, so re-evaluation selects exactly what the audit selected.
 */
export function recordableLabelFilter(filter: string): string {
  const eq = filter.indexOf("=");
  if (eq < 0) return filter;
  const key = filter.slice(0, eq), value = filter.slice(eq + 1);
  return redactLabels({ [key]: value })[key] === value ? filter : `${key}=${REDACTED_FILTER_VALUE}`;
}

function recordableWaiver(w: unknown): unknown {
  if (!w || typeof w !== "object") return w;
  const labels = (w as { labels?: unknown }).labels;
  return Array.isArray(labels) ? { ...w, labels: labels.map((l) => (typeof l === "string" ? recordableLabelFilter(l) : l)) } : w;
}

export function verdictOptions(o: VerdictOptions): VerdictOptions {
  const out: VerdictOptions = {
    benchmark: o.benchmark,
    check: [...(o.check ?? [])],
    skipCheck: [...(o.skipCheck ?? [])],
    include: [...(o.include ?? [])],
    exclude: [...(o.exclude ?? [])],
    label: (o.label ?? []).map(recordableLabelFilter),
    all: Boolean(o.all),
  };
  if (o.level !== undefined) out.level = o.level;
  if (o.trustedUsers !== undefined) out.trustedUsers = [...o.trustedUsers];
  if (o.maxImageAge !== undefined) out.maxImageAge = o.maxImageAge;
  if (o.waivers?.length) out.waivers = o.waivers.map(recordableWaiver);
  return out;
}

export interface BundleInput {
  snapshot: Snapshot;
  report: AuditReport;
  argv: readonly string[];
  options: VerdictOptions;
  runStartedAt: Date;
  /** Signs the manifest (--sign-key). */
  signer?: Signer;
}

/** The bundle's files, rendered from one report: name → content. */
export function bundleFiles(snapshot: Snapshot, report: AuditReport): Record<string, string> {
  return {
    "snapshot.json": JSON.stringify(snapshot, null, 2) + "\n",
    "report.json": renderJson(report),
    "report.html": renderHtml(report, {}),
    "report.xml": renderJunit(report, {}),
    "report.hdf.json": renderHdf(report, {}),
  };
}

export function buildManifest(input: BundleInput, files: Record<string, string>, finishedAt: Date): Manifest {
  const { snapshot, report } = input;
  const info = snapshot.engine.info.ok ? snapshot.engine.info.value : undefined;
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: { name: "dockaudit", version: TOOL_VERSION },
    benchmark: { name: report.benchmark.name, version: report.benchmark.version },
    host: {
      hostname: report.host.hostname,
      daemonId: info?.ID ?? null,
      daemonName: info?.Name ?? null,
      dockerVersion: report.daemon.version,
      endpoint: report.daemon.endpoint,
      os: report.host.os,
      kernel: report.host.kernel,
    },
    run: { startedAt: input.runStartedAt.toISOString(), finishedAt: finishedAt.toISOString() },
    collection: { startedAt: snapshot.startedAt, finishedAt: snapshot.finishedAt, toolVersion: snapshot.tool.version },
    commandLine: redactArgs(input.argv),
    options: verdictOptions(input.options),
    files: Object.fromEntries(Object.entries(files).map(([name, content]) => [name, { sha256: sha256(content), bytes: Buffer.byteLength(content) }])),
  };
}

/** Writes the bundle into `dir`: every file atomically, the manifest last (a manifest means the files are there). */
export async function writeEvidence(dir: string, input: BundleInput): Promise<Manifest> {
  const files = bundleFiles(input.snapshot, input.report);
  for (const [name, content] of Object.entries(files)) await writeAtomic(join(dir, name), content);
  const manifest = buildManifest(input, files, new Date());
  const text = JSON.stringify(manifest, null, 2) + "\n";
  // A signature left from an earlier run would not match this manifest: replace it, or remove it.
  if (input.signer) await writeAtomic(join(dir, SIGNATURE_FILE), await signMessage(input.signer, text));
  else await rm(join(dir, SIGNATURE_FILE), { force: true });
  await writeAtomic(join(dir, MANIFEST_FILE), text);
  return manifest;
}

// ---------------------------------------------------------------- verify

export type Evaluate = (snapshot: Snapshot, options: VerdictOptions) => AuditReport;

export interface VerifyResult {
  ok: boolean;
  /** What was checked and found in order (one line each). */
  lines: string[];
  problems: string[];
}

type Verdicts = Map<string, Status>;

function verdicts(report: Pick<AuditReport, "results">): { checks: Verdicts; findings: Verdicts } {
  const checks: Verdicts = new Map();
  const findings: Verdicts = new Map();
  for (const r of report.results ?? []) {
    checks.set(r.id, r.status);
    for (const f of r.findings ?? []) {
      const s = f.subject;
      findings.set(`${r.id} ${s.kind} ${s.name}${s.id ? ` (${s.id.replace(/^sha256:/, "").slice(0, 12)})` : ""}`, f.status);
    }
  }
  return { checks, findings };
}

/** Differences between the verdicts recorded and those re-derived, one line each. */
export function compareVerdicts(recorded: Pick<AuditReport, "results">, derived: Pick<AuditReport, "results">): string[] {
  const a = verdicts(recorded), b = verdicts(derived);
  const out: string[] = [];
  const diff = (what: string, x: Verdicts, y: Verdicts) => {
    for (const [k, v] of x) {
      const w = y.get(k);
      if (w === undefined) out.push(`${what} ${k}: recorded ${v}, but re-evaluation has no such ${what}`);
      else if (w !== v) out.push(`${what} ${k}: recorded ${v}, re-evaluation gives ${w}`);
    }
    for (const [k, w] of y) if (!x.has(k)) out.push(`${what} ${k}: re-evaluation gives ${w}, but report.json has no such ${what}`);
  };
  diff("check", a.checks, b.checks);
  diff("finding", a.findings, b.findings);
  return out;
}

function parseManifest(text: string): Manifest {
  const m = JSON.parse(text) as Partial<Manifest>;
  if (!m || typeof m !== "object" || m.manifestVersion !== MANIFEST_VERSION || !m.files || typeof m.files !== "object" || !m.options) {
    throw new Error(`not a dockaudit evidence manifest of version ${MANIFEST_VERSION}`);
  }
  if (!BENCHMARK_VERSIONS.includes(m.options.benchmark)) throw new Error(`unknown benchmark version "${String(m.options.benchmark)}"`);
  return m as Manifest;
}

const LIST_LIMIT = 50;

/** An allowed_signers file (its text and its name) to check the manifest's signature against. */
export interface AllowedSignersInput {
  text: string;
  file: string;
}

export async function verifyBundle(dir: string, evaluate: Evaluate, allowed?: AllowedSignersInput): Promise<VerifyResult> {
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const lines: string[] = [];
  const problems: string[] = [];
  let manifest: Manifest;
  const signature = await readSignatureFile(join(dir, SIGNATURE_FILE));
  if (allowed) {
    const raw = await readFile(join(dir, MANIFEST_FILE)).catch(() => Buffer.alloc(0));
    const sig = checkAgainstAllowedSigners(signature, raw, allowed.text, allowed.file);
    lines.push(...sig.lines);
    problems.push(...sig.problems);
  } else if (signature !== null) {
    lines.push(`note: ${SIGNATURE_FILE} is present but was not checked (give --allowed-signers FILE)`);
  }
  try {
    manifest = parseManifest(await readFile(join(dir, MANIFEST_FILE), "utf8"));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : (e as Error).message;
    problems.push(`${MANIFEST_FILE}: ${why}`);
    return { ok: false, lines, problems };
  }
  lines.push(`bundle written by dockaudit ${manifest.tool.version} at ${manifest.run.finishedAt} for host ${manifest.host.hostname ?? "unknown"} (${manifest.host.endpoint}), ${manifest.benchmark.name} ${manifest.benchmark.version}`);

  const contents = new Map<string, Buffer>();
  for (const [name, want] of Object.entries(manifest.files)) {
    if (name.includes("/") || name.includes("\\") || name.startsWith(".")) {
      problems.push(`${name}: the manifest names a file outside the bundle`);
      continue;
    }
    const data = await readFile(join(dir, name)).catch(() => null);
    if (!data) { problems.push(`${name}: missing`); continue; }
    const got = sha256(data);
    if (got !== want.sha256) problems.push(`${name}: altered (SHA-256 ${got}, manifest says ${want.sha256})`);
    else contents.set(name, data);
  }
  for (const name of BUNDLE_FILES) if (!(name in manifest.files)) problems.push(`${name}: not listed in the manifest`);
  const extra = (await readdir(dir)).filter((f) => f !== MANIFEST_FILE && f !== SIGNATURE_FILE && !(f in manifest.files));
  if (extra.length) lines.push(`note: not part of the bundle (ignored): ${extra.sort().join(", ")}`);
  if (!problems.some((p) => !p.startsWith(SIGNATURE_FILE))) lines.push(`ok: ${Object.keys(manifest.files).length} files match their SHA-256 digests`);

  const snapText = contents.get("snapshot.json")?.toString("utf8");
  const reportText = contents.get("report.json")?.toString("utf8");
  if (snapText === undefined || reportText === undefined) {
    problems.push("verdicts not re-derived: snapshot.json and report.json must both match their digests first");
    return { ok: false, lines, problems };
  }
  if (manifest.tool.version !== TOOL_VERSION) {
    lines.push(`note: the bundle was made by dockaudit ${manifest.tool.version}, this is ${TOOL_VERSION}; checks changed since may give other verdicts`);
  }
  let recorded: AuditReport;
  let derived: AuditReport;
  try {
    recorded = fromJsonReport(JSON.parse(reportText));
    derived = evaluate(parseSnapshot(snapText, join(dir, "snapshot.json")), manifest.options);
  } catch (e) {
    problems.push(`verdicts not re-derived: ${(e as Error).message}`);
    return { ok: false, lines, problems };
  }
  if (recorded.benchmark?.version !== manifest.options.benchmark) {
    problems.push(`report.json is for benchmark ${String(recorded.benchmark?.version)}, the manifest says ${manifest.options.benchmark}`);
  }
  const diffs = compareVerdicts(recorded, derived);
  if (diffs.length === 0) {
    const n = derived.results.reduce((k, r) => k + r.findings.length, 0);
    lines.push(`ok: re-evaluating snapshot.json (${manifest.benchmark.name} ${manifest.options.benchmark}, the recorded options) reproduces all ${derived.results.length} check verdicts and ${n} finding verdicts in report.json`);
  } else {
    problems.push(...diffs.slice(0, LIST_LIMIT));
    if (diffs.length > LIST_LIMIT) problems.push(`… and ${diffs.length - LIST_LIMIT} more differences`);
  }
  return { ok: problems.length === 0, lines, problems };
}

/** Re-evaluation as the audit did it: the checks, then the recorded waivers (none when none were recorded). */
export function withWaivers(evaluate: Evaluate): Evaluate {
  return (snapshot, o) => {
    const report = evaluate(snapshot, o);
    return o.waivers?.length ? applyWaivers(report, o.waivers as Waiver[], subjectFactsFromSnapshot(snapshot)) : report;
  };
}
