// Files a run writes: -o (the main report), --output-dir (report.json, report.html, report.xml, report.hdf.json from one result, or
// timestamped with --keep) and --evidence (the verifiable bundle). Nothing half-written: every file is rendered
// first, then each is written to a temporary name beside its target, and only when all of them are on disk are they
// renamed into place (the evidence manifest last). If a temporary file cannot be written, every one is removed and
// no output is written; if a rename fails (rare: the temporary file is already beside its target), the error says
// exactly which files were written and which were not.
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { AuditReport } from "../engine/types.js";
import { extensions, reporters } from "../report/index.js";
import type { Snapshot } from "../snapshot/types.js";
import { ATTESTATIONS_FILE, BUNDLE_FILES, BUNDLE_META_FILES, OPTIONAL_BUNDLE_FILES, evidenceFiles, type VerdictOptions } from "../evidence/index.js";
import { OUTPUT_DIR_FORMATS, pruneOld, stamp, timestampedName, type PruneResult } from "./keep.js";
import { SIGNATURE_FILE, type Signer } from "../evidence/sshsig.js";

export { OUTPUT_DIR_FORMATS } from "./keep.js";

export function outputDirFiles(report: AuditReport): { file: string; content: string }[] {
  return OUTPUT_DIR_FORMATS.map((format) => ({ file: `report.${extensions[format]}`, content: reporters[format](report, {}) }));
}

/**
 * Writes every --output-dir file, all or none; `nameFor` maps "report.json" to the name actually used (e.g. a
 * timestamped one). Returns the paths written.
 */
export async function writeOutputDir(dir: string, report: AuditReport, nameFor: (file: string) => string = (f) => f): Promise<string[]> {
  return writeAll(outputDirFiles(report).map(({ file, content }) => ({ path: join(dir, nameFor(file)), content, option: "--output-dir" as const })));
}

/** One file a run writes, and the option that asked for it. */
export interface PlannedFile {
  path: string;
  content: string;
  mode?: number;
  option: "--output" | "--output-dir" | "--evidence" | "--asff-batch-dir";
}

/** A run's outputs could not all be written; the message says which were (exit 2 unless the gate failed). */
export class OutputError extends Error {}

export interface RunOutputs {
  output?: string;
  outputDir?: string;
  evidence?: string;
  keep?: number;
}

/** What runAudit hands over once the report is built. */
export interface RunArtifacts {
  snapshot: Snapshot;
  report: AuditReport;
  /** The main report's text, written to `options.output` when set. */
  text: string;
  textMode?: number;
  options: RunOutputs & VerdictOptions;
  argv: readonly string[];
  runStartedAt: Date;
  /** Signs the evidence manifest (--sign-key). */
  signer?: Signer;
  /** The attestation file as read (--attestations): the evidence bundle keeps it. */
  attestationsText?: string;
  /** Further files of the run (--asff-batch-dir), written all or nothing with the others. */
  extraFiles?: PlannedFile[];
}

/**
 * A directory --evidence may write into: absent, empty, or holding only the files of a bundle (which the new one
 * replaces). Anything else would sit in the bundle unlisted, and verify would rightly reject it.
 */
export async function evidenceDirProblem(dir: string): Promise<string | null> {
  const st = await lstat(dir).catch(() => null);
  if (!st) return null;
  if (!st.isDirectory()) return `--evidence ${dir}: exists and is not a directory`;
  const foreign = (await readdir(dir)).filter((f) => !BUNDLE_FILES.includes(f) && !OPTIONAL_BUNDLE_FILES.includes(f) && !BUNDLE_META_FILES.includes(f));
  if (!foreign.length) return null;
  const shown = foreign.sort().slice(0, 5).join(", ") + (foreign.length > 5 ? `, … (${foreign.length} in all)` : "");
  return `--evidence ${dir}: holds files that are not part of a bundle (${shown}); give an empty or new directory`;
}

/** What makes the run's outputs impossible and is known before collecting (checked again when writing). */
export async function outputProblem(o: RunOutputs): Promise<string | null> {
  const kind = async (p: string) => (await lstat(p).catch(() => null)) ?? null;
  if (o.output && (await kind(o.output))?.isDirectory()) return `--output ${o.output}: is a directory`;
  if (o.outputDir) {
    const st = await kind(o.outputDir);
    if (st && !st.isDirectory()) return `--output-dir ${o.outputDir}: exists and is not a directory`;
  }
  return o.evidence ? evidenceDirProblem(o.evidence) : null;
}

/** Every file of the run, rendered, in the order they are put in place (a bundle's manifest last). */
export async function planRunOutputs(a: RunArtifacts): Promise<PlannedFile[]> {
  const plan: PlannedFile[] = [];
  const o = a.options;
  if (o.output) plan.push({ path: o.output, content: a.text, mode: a.textMode, option: "--output" });
  if (o.outputDir) {
    const nameFor = o.keep ? (f: string) => timestampedName(f, a.runStartedAt.toISOString()) : (f: string) => f;
    for (const { file, content } of outputDirFiles(a.report)) plan.push({ path: join(o.outputDir, nameFor(file)), content, option: "--output-dir" });
  }
  plan.push(...(a.extraFiles ?? []));
  if (o.evidence) {
    const { files } = await evidenceFiles({ snapshot: a.snapshot, report: a.report, argv: a.argv, options: o, runStartedAt: a.runStartedAt, signer: a.signer, attestationsText: a.attestationsText });
    for (const [name, content] of files) plan.push({ path: join(o.evidence, name), content, option: "--evidence" });
  }
  return plan;
}

const why = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** The directories `mkdir -p dir` would create, deepest first (to remove them again if nothing is written). */
async function missingDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (await lstat(d).then(() => true, () => false)) return out;
    out.push(d);
    if (dirname(d) === d) return out;
  }
}

/** Writes every planned file or none (see the header); throws OutputError naming what was and was not written. */
export async function writeAll(plan: PlannedFile[]): Promise<string[]> {
  const staged: { file: PlannedFile; tmp: string }[] = [];
  const created: string[] = [];
  const undo = async () => {
    for (const s of staged) await rm(s.tmp, { force: true }).catch(() => {});
    for (const d of created) await rmdir(d).catch(() => {});
  };
  let current = plan[0];
  try {
    for (const file of plan) {
      current = file;
      const st = await lstat(file.path).catch(() => null);
      if (st?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      const dir = dirname(file.path);
      const missing = await missingDirs(dir);
      await mkdir(dir, { recursive: true });
      created.push(...missing.filter((d) => !created.includes(d)));
      const tmp = join(dir, `.${basename(file.path)}.${randomBytes(6).toString("hex")}.tmp`);
      staged.push({ file, tmp });
      await writeFile(tmp, file.content, { mode: file.mode ?? 0o640 });
    }
  } catch (e) {
    await undo();
    const what = current ? `${current.option} ${current.path}` : "an output";
    throw new OutputError(`${what}: cannot be written (${why(e)}); no output of this run was written`);
  }
  const written: string[] = [];
  for (const [i, { file, tmp }] of staged.entries()) {
    try {
      await rename(tmp, file.path);
      written.push(file.path);
    } catch (e) {
      for (const s of staged.slice(i)) await rm(s.tmp, { force: true }).catch(() => {});
      const notWritten = staged.slice(i).map((s) => s.file.path);
      throw new OutputError(`${file.option} ${file.path}: cannot be written (${why(e)}); written: ${written.join(", ") || "none"}; not written: ${notWritten.join(", ")}`);
    }
  }
  return written;
}

/** Renders, writes all or nothing, then (with --keep) prunes older runs. */
export async function writeRunOutputs(a: RunArtifacts): Promise<{ written: string[]; pruned?: PruneResult }> {
  const problem = await outputProblem(a.options);
  if (problem) throw new OutputError(`${problem}; no output of this run was written`);
  const written = await writeAll(await planRunOutputs(a));
  const o = a.options;
  // A signature left by an earlier bundle in this directory would not match the new manifest.
  if (o.evidence && !a.signer) await rm(join(o.evidence, SIGNATURE_FILE), { force: true });
  // Nor would an attestation file left by an earlier bundle that this run (without --attestations) does not list.
  if (o.evidence && a.attestationsText === undefined) await rm(join(o.evidence, ATTESTATIONS_FILE), { force: true });
  const pruned = o.keep && o.outputDir ? await pruneOld(o.outputDir, o.keep, stamp(a.runStartedAt.toISOString())) : undefined;
  return { written, pruned };
}
