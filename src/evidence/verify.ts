// `dockaudit verify DIR`: proves an evidence bundle someone else may have written (see bundle.ts). Every file is
// read once, into memory, bounded, as a regular file and never through a link; the signature is checked over the
// very bytes of manifest.json that are then parsed and used, so swapping a file during verify cannot make a forged
// bundle pass (issue 19 item 5).
import { opendir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { VerdictSettings } from "../engine/audit.js";
import type { Attestation } from "../engine/attestations.js";
import { parseReport } from "../engine/diff.js";
import { UsageError } from "../engine/select.js";
import type { AuditReport, Status } from "../engine/types.js";
import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";
import { reporters } from "../report/index.js";
import { parseSnapshot, SnapshotFileError } from "../snapshot/load.js";
import type { Snapshot } from "../snapshot/types.js";
import { shortForTerminal } from "../terminal.js";
import { TOOL_VERSION } from "../version.js";
import { ATTESTATIONS_FILE, BUNDLE_FILES, BUNDLE_META_FILES, BUNDLE_REPORTS, OPTIONAL_BUNDLE_FILES, SNAPSHOT_FILE } from "./bundle.js";
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, ManifestError, parseJsonQuietly, parseManifest, sha256, type Manifest } from "./manifest.js";
import { checkAgainstAllowedSigners, readSignatureWith, SIGNATURE_FILE } from "./sshsig.js";

/** The audit service's evaluation (engine/audit.ts evaluateSnapshot with the catalog): checks, then waivers. */
export type Evaluate = (snapshot: Snapshot, options: VerdictSettings) => AuditReport;

/** Parses a bundle's attestation file (the CLI's parser, handed in: evidence does not reach into the command line). */
export type ParseAttestations = (text: string, file: string, benchmark: VerdictSettings["benchmark"]) => Promise<readonly Attestation[]>;

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

/** Every bundle file's size limit but the manifest's: far above any real host's, far below memory. */
export const MAX_BUNDLE_FILE_BYTES = 256 * 1024 * 1024;
/** Extra directory entries named before verify stops looking (any one of them already fails the bundle). */
const MAX_EXTRA_NAMED = 20;
const LIST_LIMIT = 50;
/** A plain file name inside the bundle directory: no path, no dot-file, no control character. */
function isPlainName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\\x00-\x1f\x7f]/.test(name) && !name.startsWith(".");
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

/** Reads one file of the bundle (a plain name inside its directory) whole, at most `maxBytes`. */
export type BundleRead = (name: string, maxBytes: number) => Promise<Buffer>;

/** How verify reads a bundle's files: regular files directly inside `dir` only, not through a link, not hard-linked. */
export function bundleReader(dir: string): BundleRead {
  return (name, maxBytes) => readRegularFile(join(dir, name), { maxBytes, noFollow: true, singleLink: true });
}

export async function verifyBundle(dir: string, evaluate: Evaluate, allowed?: AllowedSignersInput, read: BundleRead = bundleReader(dir), parseAttestations?: ParseAttestations): Promise<VerifyResult> {
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const lines: string[] = [];
  const problems: string[] = [];

  // Each file is read once: the manifest's bytes are the ones the signature is checked over and the ones parsed and
  // used below, so a manifest swapped while verify runs cannot be checked as one file and used as another.
  const signature = await readSignatureWith((maxBytes) => read(SIGNATURE_FILE, maxBytes));
  const manifestBytes: Buffer | Error = await read(MANIFEST_FILE, MAX_MANIFEST_BYTES).catch((e: Error) => e);
  if (allowed) {
    const sig = checkAgainstAllowedSigners(signature, Buffer.isBuffer(manifestBytes) ? manifestBytes : Buffer.alloc(0), allowed.text, allowed.file);
    lines.push(...sig.lines);
    problems.push(...sig.problems);
  } else if (signature !== null) {
    lines.push(`note: ${SIGNATURE_FILE} is present but was not checked (give --allowed-signers FILE)`);
  }

  let manifest: Manifest;
  let files: Map<string, { sha256: string; bytes: number }>;
  try {
    if (!Buffer.isBuffer(manifestBytes)) throw manifestBytes;
    ({ manifest, files } = parseManifest(manifestBytes.toString("utf8")));
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
    if (!BUNDLE_FILES.includes(name) && !OPTIONAL_BUNDLE_FILES.includes(name)) { problems.push(`${shown}: listed in the manifest, but not a file dockaudit writes into a bundle (nothing could prove it)`); continue; }
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
  // The attestations the audit applied are re-read from the bundle's own copy and applied again.
  let options = manifest.options as VerdictSettings;
  const attestationsText = contents.get(ATTESTATIONS_FILE)?.toString("utf8");
  if (attestationsText !== undefined) {
    if (!parseAttestations) {
      problems.push(`nothing re-derived: the bundle holds ${ATTESTATIONS_FILE}, which this verifier cannot apply`);
      return { ok: false, lines, problems };
    }
    try {
      options = { ...options, appliedAttestations: await parseAttestations(attestationsText, ATTESTATIONS_FILE, options.benchmark) };
      lines.push(`note: ${ATTESTATIONS_FILE} (${options.appliedAttestations?.length ?? 0} attestations) is applied again before the waivers`);
    } catch (e) {
      problems.push(`nothing re-derived: ${safeMessage(e)}`);
      return { ok: false, lines, problems };
    }
  }
  let derived: AuditReport;
  try {
    derived = evaluate(parseSnapshot(snapText, join(dir, SNAPSHOT_FILE)), options);
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
