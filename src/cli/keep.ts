// Timestamped report files for --output-dir with --keep N, and pruning to the newest N runs. The directory may hold
// anything else, so pruning removes exactly the names --keep writes: `report-<stamp>.json|.html|.xml|.hdf.json`, regular files
// only (never a directory, a link or another extension), with a stamp that is a real time no later than this run's
// (a stamp in the future, made by a wrong clock or by someone else, would otherwise count as newer than this run and
// get this run's reports deleted). A name that cannot be removed is reported, never fatal.

import { lstat, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { extensions } from "../report/index.js";

/** The formats --output-dir writes, each as report.<extension> (with --keep, timestamped). */
export const OUTPUT_DIR_FORMATS = ["json", "html", "junit", "hdf"] as const;

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

/** The extensions --keep writes (and so the only ones it ever removes). */
const keptExtensions = (): string[] => OUTPUT_DIR_FORMATS.map((f) => extensions[f]);
// Two-part extensions too: report-<stamp>.hdf.json.
const KEPT = /^report-(\d{8}T\d{9}Z)\.([a-z]+(?:\.[a-z]+)?)$/;

/** 20260115T100000123Z -> its ISO time, or null when it is not one (month 13, hour 25, …). */
function stampTime(s: string): string | null {
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
  const d = new Date(iso);
  return !Number.isNaN(d.getTime()) && d.toISOString() === iso ? iso : null;
}

/** The run stamp of a name --keep writes (`report-<stamp>.json|.html|.xml|.hdf.json`), or null for any other name. */
export function stampOf(file: string): string | null {
  const [, stamp, ext] = KEPT.exec(file) ?? [];
  if (stamp === undefined || ext === undefined || !keptExtensions().includes(ext) || stampTime(stamp) === null) return null;
  return stamp;
}

export interface PruneResult {
  /** Names removed (runs older than the newest `keep`). */
  removed: string[];
  /** Our names with a stamp later than this run's: left alone, and not counted as newer runs. */
  future: string[];
  /** Names that could not be removed, with the reason. */
  failed: { name: string; error: string }[];
}

/**
 * Keeps the files of the newest `keep` runs up to and including the run stamped `current` (a run = every file
 * sharing one stamp) and removes older ones. Only regular files named `report-<stamp>.json|.html|.xml|.hdf.json` are touched.
 */
export async function pruneOld(dir: string, keep: number, current: string): Promise<PruneResult> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number above 0, not ${keep}`);
  const result: PruneResult = { removed: [], future: [], failed: [] };
  const ours = new Map<string, string>();
  for (const name of await readdir(dir)) {
    const s = stampOf(name);
    if (s === null) continue;
    const st = await lstat(join(dir, name)).catch(() => null);
    if (!st?.isFile()) continue;
    if (s > current) result.future.push(name);
    else ours.set(name, s);
  }
  const stamps = [...new Set(ours.values())].sort().reverse();
  const old = new Set(stamps.slice(keep));
  for (const [name, s] of ours) {
    if (!old.has(s)) continue;
    try {
      await unlink(join(dir, name));
      result.removed.push(name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") result.failed.push({ name, error: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
  }
  result.removed.sort();
  result.future.sort();
  return result;
}
