// Timestamped report files for --output-dir with --keep N, and pruning to the newest N runs. Only files whose
// names follow our pattern are ever removed: the directory may hold other things.

import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { AuditReport } from "../engine/types.js";
import { writeOutputDir } from "./outputs.js";

/** 2026-01-15T10:00:00.123Z -> 20260115T100000123Z: sortable, no colons (safe on every filesystem). */
export function stamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${iso}`);
  return d.toISOString().replace(/[-:]/g, "").replace(".", "");
}

/** report.json -> report-20260115T100000123Z.json */
export function timestampedName(name: string, iso: string): string {
  const dot = name.indexOf(".");
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? "" : name.slice(dot);
  return `${base}-${stamp(iso)}${ext}`;
}

const STAMPED = /^(.+)-(\d{8}T\d{9}Z)(\..+)?$/;

/** The run stamp of a file we named, or null for any other file. */
export function stampOf(file: string, bases?: readonly string[]): string | null {
  const m = STAMPED.exec(file);
  if (!m) return null;
  if (bases && !bases.includes(m[1]!)) return null;
  return m[2]!;
}

/**
 * Keeps the files of the newest `keep` runs (a run = every file sharing one stamp) and removes older ones.
 * `bases` limits pruning to files named after these report names (e.g. ["report"]). Returns the removed files.
 */
export async function pruneOld(dir: string, keep: number, bases?: readonly string[]): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number above 0, not ${keep}`);
  const files = await readdir(dir);
  const stamps = [...new Set(files.map((f) => stampOf(f, bases)).filter((s): s is string => s !== null))].sort().reverse();
  const old = new Set(stamps.slice(keep));
  const removed = files.filter((f) => {
    const s = stampOf(f, bases);
    return s !== null && old.has(s);
  });
  for (const f of removed) await rm(join(dir, f), { force: true });
  return removed.sort();
}

/** --output-dir with --keep: this run's reports under timestamped names, then the older runs pruned. */
export async function writeKeptOutputs(dir: string, report: AuditReport, keep: number, runStartedAt: Date): Promise<string[]> {
  const written = await writeOutputDir(dir, report, (file) => timestampedName(file, runStartedAt.toISOString()));
  await pruneOld(dir, keep, ["report"]);
  return written;
}
