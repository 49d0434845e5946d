// The evidence bundle: what was collected (snapshot.json), what was concluded (report.json, .html, .xml) and a
// manifest saying by which version, for which host, when, with which command line and options, and the SHA-256 of
// every other file. `dockaudit verify DIR` checks the digests, re-evaluates the snapshot with the recorded
// benchmark and options and re-renders every report from it, so an auditor can confirm later that the verdicts and
// every word of the reports follow from the facts and nothing was altered since. Whoever can rewrite the bundle can
// rewrite its digests too: with --sign-key the manifest is signed (manifest.json.sig, SSHSIG, see sign.ts), which
// `verify --allowed-signers FILE` or OpenSSH alone checks.
import { createHash } from "node:crypto";
import { opendir, stat } from "node:fs/promises";
import { join } from "node:path";
import { redactArgs, redactLabels } from "../collect/redact.js";
import { UsageError } from "../engine/select.js";
import { BENCHMARK_VERSIONS, type AuditReport, type BenchmarkVersion, type Status } from "../engine/types.js";
import { jsonErrorPosition, parseSnapshot, SnapshotFileError } from "../snapshot/load.js";
import type { Snapshot } from "../snapshot/types.js";
import type { VerdictSettings } from "../engine/audit.js";
import { VERDICT_OPTIONS, type OptionSpec } from "../settings/options.js";
import { parseReport } from "../engine/diff.js";
import { reporters, type RenderOptions, type ReportFormat } from "../report/index.js";
import { shortForTerminal } from "../terminal.js";
import { TOOL_VERSION } from "../version.js";
import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";
import { checkAgainstAllowedSigners, readSignatureFile, SIGNATURE_FILE, signMessage, type Signer } from "./sshsig.js";
import { writeAtomic } from "../files/write.js";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_VERSION = 1;
export const SNAPSHOT_FILE = "snapshot.json";

/**
 * The reports a bundle holds, each rendered from the bundle's report by a pure reporter: verify re-renders every one
 * from snapshot.json and the recorded options and compares it whole. Adding a report to bundles is one line here.
 */
export const BUNDLE_REPORTS: readonly { file: string; format: ReportFormat; options: RenderOptions }[] = [
  { file: "report.json", format: "json", options: {} },
  { file: "report.html", format: "html", options: {} },
  { file: "report.xml", format: "junit", options: {} },
  { file: "report.hdf.json", format: "hdf", options: {} },
];

/** Every file the manifest lists (with its digest): the snapshot and the reports. */
export const BUNDLE_FILES: readonly string[] = [SNAPSHOT_FILE, ...BUNDLE_REPORTS.map((r) => r.file)];

/** Files a bundle holds that the manifest does not list: the manifest itself and its signature. */
export const BUNDLE_META_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE];

/** Every option that changes a verdict, as a manifest records them; verify re-evaluates with exactly these. */
export type VerdictOptions = Omit<VerdictSettings, "waivers"> & {
  /** The waivers applied (as configured, label values the collector would redact replaced), when any. */
  waivers?: unknown[];
};

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

/**
 * The settings a manifest records, from the option table (every option of the group "check", in the table's order:
 * those with a default always, the others when set), label filters and waivers made safe to record.
 */
export function verdictOptions(o: VerdictOptions): VerdictOptions {
  const given = o as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const copy = (v: unknown) => (Array.isArray(v) ? [...v] : v);
  for (const spec of VERDICT_OPTIONS) if (spec.default !== undefined) out[spec.name] = copy(given[spec.name] ?? spec.default);
  for (const spec of VERDICT_OPTIONS) if (spec.default === undefined && given[spec.name] !== undefined) out[spec.name] = copy(given[spec.name]);
  out.label = (o.label ?? []).map(recordableLabelFilter);
  out.all = Boolean(o.all);
  if (o.waivers?.length) out.waivers = o.waivers.map(recordableWaiver);
  return out as VerdictOptions;
}

/** Why a recorded setting is not what the option table says it is (null when it is, or when an optional one is absent). */
function badRecordedSetting(spec: OptionSpec, v: unknown): string | null {
  if (v === undefined && spec.default === undefined) return null;
  switch (spec.type) {
    case "strings": return isStrings(v) ? null : "is not a list of strings";
    case "boolean": return typeof v === "boolean" ? null : "is not true or false";
    case "integer": return Number.isInteger(v) && (v as number) > 0 ? null : "is not a whole number above 0";
    case "enum": {
      const allowed = spec.values ?? spec.choices ?? [];
      return allowed.includes(v as never) ? null : `is not ${allowed.join(" or ")}`;
    }
    default: return typeof v === "string" ? null : "is not a string";
  }
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
  const files: Record<string, string> = { [SNAPSHOT_FILE]: JSON.stringify(snapshot, null, 2) + "\n" };
  for (const r of BUNDLE_REPORTS) files[r.file] = reporters[r.format](report, r.options);
  return files;
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

/**
 * Every file of the bundle, rendered, in the order they are put in place: the listed files, then the manifest (and
 * whatever covers the manifest, e.g. a signature, would follow it). The CLI writes these all or nothing.
 */
export async function evidenceFiles(input: BundleInput): Promise<{ files: [string, string][]; manifest: Manifest }> {
  const files = bundleFiles(input.snapshot, input.report);
  const manifest = buildManifest(input, files, new Date());
  const text = JSON.stringify(manifest, null, 2) + "\n";
  // The signature is put in place before the manifest it covers, so a manifest on disk always has its files.
  const signature: [string, string][] = input.signer ? [[SIGNATURE_FILE, await signMessage(input.signer, text)]] : [];
  return { files: [...Object.entries(files), ...signature, [MANIFEST_FILE, text]], manifest };
}

/** Writes the bundle into `dir`: every file atomically, the manifest last (a manifest means the files are there). */
export async function writeEvidence(dir: string, input: BundleInput): Promise<Manifest> {
  const { files, manifest } = await evidenceFiles(input);
  for (const [name, content] of files) await writeAtomic(join(dir, name), content);
  return manifest;
}

// ---------------------------------------------------------------- verify

/** The audit service's evaluation (engine/audit.ts evaluateSnapshot with the catalog): checks, then waivers. */
export type Evaluate = (snapshot: Snapshot, options: VerdictSettings) => AuditReport;

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
      findings.set(`${r.id} ${s.kind} ${s.name}${typeof s.id === "string" && s.id ? ` (${s.id.replace(/^sha256:/, "").slice(0, 12)})` : ""}`, f.status);
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

/** A manifest's own size limit, and every other bundle file's: far above any real host's, far below memory. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
export const MAX_BUNDLE_FILE_BYTES = 256 * 1024 * 1024;
/** Extra directory entries named before verify stops looking (any one of them already fails the bundle). */
const MAX_EXTRA_NAMED = 20;
const LIST_LIMIT = 50;

class ManifestError extends Error {}

/** A JSON parse error as a position, never the parser's excerpt of the text. */
function parseJsonQuietly(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const p = jsonErrorPosition(text, e as Error);
    throw new ManifestError(`${what}: not valid JSON${p ? ` (line ${p.line}, column ${p.column})` : ""}`);
  }
}

function isStrings(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}
const isOptString = (v: unknown) => v === null || v === undefined || typeof v === "string";

/** A plain file name inside the bundle directory: no path, no dot-file, no control character. */
function isPlainName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\\x00-\x1f\x7f]/.test(name) && !name.startsWith(".");
}

/**
 * Checks every field verify relies on, so that a hostile manifest yields a message and never a crash. File names are
 * kept as a Map of own entries: "constructor" or "__proto__" are names like any other.
 */
function parseManifest(text: string): { manifest: Manifest; files: Map<string, { sha256: string; bytes: number }> } {
  const m = parseJsonQuietly(text, MANIFEST_FILE) as Partial<Manifest> | null;
  const bad = (what: string) => new ManifestError(`${MANIFEST_FILE}: ${what}`);
  if (!m || typeof m !== "object" || Array.isArray(m) || m.manifestVersion !== MANIFEST_VERSION) throw bad(`not a dockaudit evidence manifest of version ${MANIFEST_VERSION}`);
  if (typeof m.tool?.version !== "string" || typeof m.run?.finishedAt !== "string" || typeof m.benchmark?.name !== "string") throw bad("no tool version, benchmark or run time");
  if (!m.host || typeof m.host !== "object" || !isOptString(m.host.hostname) || !isOptString(m.host.endpoint)) throw bad("no host");
  const o = m.options as Partial<VerdictOptions> | undefined;
  if (!o || typeof o !== "object" || Array.isArray(o)) throw bad("no options");
  if (!BENCHMARK_VERSIONS.includes(o.benchmark as BenchmarkVersion)) throw bad("unknown benchmark version in options");
  // Every recorded setting as the option table types it (lists of strings, true or false, 1 or 2, …).
  for (const spec of VERDICT_OPTIONS) {
    const why = badRecordedSetting(spec, (o as Record<string, unknown>)[spec.name]);
    if (why) throw bad(`options.${spec.name} ${why}`);
  }
  if (o.waivers !== undefined && !(Array.isArray(o.waivers) && o.waivers.every((w) => w && typeof w === "object" && !Array.isArray(w)))) throw bad("options.waivers is not a list of waivers");
  if (!m.files || typeof m.files !== "object" || Array.isArray(m.files)) throw bad("no list of files");
  const files = new Map<string, { sha256: string; bytes: number }>();
  for (const [name, d] of Object.entries(m.files as Record<string, unknown>)) {
    const e = d as { sha256?: unknown; bytes?: unknown } | null;
    if (!e || typeof e !== "object" || typeof e.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.sha256) || !Number.isSafeInteger(e.bytes) || (e.bytes as number) < 0) {
      throw bad(`the entry for "${shortForTerminal(name, 80)}" is not a SHA-256 digest and a byte count`);
    }
    files.set(name, { sha256: e.sha256, bytes: e.bytes as number });
  }
  return { manifest: m as Manifest, files };
}

/** Line and column of the first difference between two texts: where to look, without quoting either. */
export function firstDifference(a: string, b: string): { line: number; column: number } {
  let i = 0;
  const n = Math.min(a.length, b.length);
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  let line = 1, lineStart = 0;
  for (let j = a.indexOf("\n"); j !== -1 && j < i; j = a.indexOf("\n", j + 1)) { line++; lineStart = j + 1; }
  return { line, column: i - lineStart + 1 };
}

/** A message about a file that never quotes it, shortened and on one line. */
const safeMessage = (e: unknown) => (e instanceof ManifestError || e instanceof UnreadableFileError ? e.message : shortForTerminal((e as Error)?.message ?? e, 200));

/**
 * Verifies a bundle someone else may have written. Reads only regular files directly inside `dir` (no link, FIFO,
 * device, directory or hard-linked file; opened without following links and without blocking), each capped in
 * size; never prints what a file holds. Every entry of the directory must be a file the manifest lists (or the
 * manifest); every file a bundle holds must be listed and match its digest; re-evaluating snapshot.json with the
 * recorded options must reproduce every verdict, and re-rendering each report must reproduce it byte for byte.
 */
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
  const read = (name: string, maxBytes: number) => readRegularFile(join(dir, name), { maxBytes, noFollow: true, singleLink: true });

  const signature = await readSignatureFile(join(dir, SIGNATURE_FILE));
  if (allowed) {
    const raw = await read(MANIFEST_FILE, MAX_MANIFEST_BYTES).catch(() => Buffer.alloc(0));
    const sig = checkAgainstAllowedSigners(signature, raw, allowed.text, allowed.file);
    lines.push(...sig.lines);
    problems.push(...sig.problems);
  } else if (signature !== null) {
    lines.push(`note: ${SIGNATURE_FILE} is present but was not checked (give --allowed-signers FILE)`);
  }

  let manifest: Manifest;
  let files: Map<string, { sha256: string; bytes: number }>;
  try {
    ({ manifest, files } = parseManifest((await read(MANIFEST_FILE, MAX_MANIFEST_BYTES)).toString("utf8")));
  } catch (e) {
    problems.push(e instanceof ManifestError ? e.message : `${MANIFEST_FILE}: ${safeMessage(e)}`);
    return { ok: false, lines, problems };
  }
  const h = manifest.host;
  lines.push(`bundle written by dockaudit ${shortForTerminal(manifest.tool.version, 40)} at ${shortForTerminal(manifest.run.finishedAt, 40)} for host ${shortForTerminal(h.hostname ?? "unknown", 100)} (${shortForTerminal(h.endpoint, 100)}), ${shortForTerminal(manifest.benchmark.name, 60)} ${manifest.options.benchmark}`);

  // Every entry of the directory must be ours; any other is a failure (it could be mistaken for part of the evidence).
  const extra: string[] = [];
  let moreExtra = false;
  const handle = await opendir(dir);
  try {
    for await (const entry of handle) {
      if (BUNDLE_META_FILES.includes(entry.name) || files.has(entry.name)) continue;
      if (extra.length === MAX_EXTRA_NAMED) { moreExtra = true; break; }
      extra.push(entry.name);
    }
  } finally {
    await handle.close().catch(() => {});
  }
  for (const name of extra.sort()) problems.push(`${shortForTerminal(name, 100)}: not listed in the manifest (a bundle holds only the files its manifest lists)`);
  if (moreExtra) problems.push(`… and more entries the manifest does not list`);

  const contents = new Map<string, Buffer>();
  const before = problems.length;
  for (const name of BUNDLE_FILES) if (!files.has(name)) problems.push(`${name}: not listed in the manifest`);
  for (const [name, want] of files) {
    const shown = shortForTerminal(name, 100);
    if (!isPlainName(name)) { problems.push(`${shown}: the manifest names something that is not a file in the bundle directory`); continue; }
    if (!BUNDLE_FILES.includes(name)) { problems.push(`${shown}: listed in the manifest, but not a file dockaudit writes into a bundle (nothing could prove it)`); continue; }
    let data: Buffer;
    try {
      data = await read(name, Math.min(MAX_BUNDLE_FILE_BYTES, Math.max(want.bytes, 0)));
    } catch (e) {
      const tooBig = e instanceof UnreadableFileError && / more than /.test(e.message);
      problems.push(tooBig && want.bytes <= MAX_BUNDLE_FILE_BYTES ? `${name}: altered (larger than the ${want.bytes} bytes the manifest records)` : `${name}: ${safeMessage(e)}`);
      continue;
    }
    const got = sha256(data);
    if (got !== want.sha256 || data.length !== want.bytes) problems.push(`${name}: altered (SHA-256 ${got}, manifest says ${want.sha256})`);
    else contents.set(name, data);
  }
  if (problems.length === before) lines.push(`ok: ${files.size} files match their SHA-256 digests`);

  const snapText = contents.get(SNAPSHOT_FILE)?.toString("utf8");
  if (snapText === undefined || BUNDLE_REPORTS.some((r) => !contents.has(r.file))) {
    problems.push("nothing re-derived: snapshot.json and every report must match their digests first");
    return { ok: false, lines, problems };
  }
  if (manifest.tool.version !== TOOL_VERSION) {
    problems.push(`the bundle was made by dockaudit ${shortForTerminal(manifest.tool.version, 40)}, this is ${TOOL_VERSION}: only the same version re-renders its reports exactly (verify it with dockaudit ${shortForTerminal(manifest.tool.version, 40)})`);
  }
  let derived: AuditReport;
  try {
    derived = evaluate(parseSnapshot(snapText, join(dir, SNAPSHOT_FILE)), manifest.options as VerdictSettings);
  } catch (e) {
    try {
      parseJsonQuietly(snapText, SNAPSHOT_FILE);
    } catch (parseError) {
      problems.push(`nothing re-derived: ${(parseError as Error).message}`);
      return { ok: false, lines, problems };
    }
    // Valid JSON that is not a snapshot this build reads (a wrong-typed field) is bad input: exit 2, naming the
    // JSON path and never a value.
    if (e instanceof SnapshotFileError) throw e;
    problems.push(`nothing re-derived: re-evaluation failed: ${safeMessage(e)}`);
    return { ok: false, lines, problems };
  }

  // Every report was checked to be in `contents` above; a missing one would only make the comparison fail.
  const reportText = contents.get("report.json")?.toString("utf8") ?? "";
  let recorded: AuditReport | null = null;
  try {
    recorded = parseReport(reportText, "report.json");
  } catch {
    try {
      parseJsonQuietly(reportText, "report.json");
      problems.push("report.json: not a dockaudit report this build reads");
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (recorded) {
    const diffs = compareVerdicts(recorded, derived);
    if (diffs.length === 0) {
      const n = derived.results.reduce((k, r) => k + r.findings.length, 0);
      lines.push(`ok: re-evaluating snapshot.json (${manifest.benchmark.name} ${manifest.options.benchmark}, the recorded options) reproduces all ${derived.results.length} check verdicts and ${n} finding verdicts in report.json`);
    } else {
      problems.push(...diffs.slice(0, LIST_LIMIT));
      if (diffs.length > LIST_LIMIT) problems.push(`… and ${diffs.length - LIST_LIMIT} more differences`);
    }
  }
  // Reporters are pure: the same report gives the same bytes. Any other text (a score, a message, a remediation, a
  // word of HTML) was written by someone else, whatever the digests say.
  const same: string[] = [];
  for (const r of BUNDLE_REPORTS) {
    const want = reporters[r.format](derived, r.options);
    const got = contents.get(r.file)?.toString("utf8");
    if (got === want) same.push(r.file);
    else if (got === undefined) problems.push(`${r.file}: not read, so not compared`);
    else {
      const at = firstDifference(got, want);
      problems.push(`${r.file}: differs from the report re-rendered from snapshot.json with the recorded options (first difference at line ${at.line}, column ${at.column})`);
    }
  }
  if (same.length === BUNDLE_REPORTS.length) lines.push(`ok: re-rendering reproduces ${same.join(", ")} byte for byte`);
  return { ok: problems.length === 0, lines, problems };
}
