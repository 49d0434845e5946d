// `fleet --reports DIR_OR_GLOB`: the fleet view from reports gathered any other way (a swarm global job, systemd
// timers writing to a shared store, Ansible fetching them, a script saving web-01.json, db-1.json). A report is
// recognised by its content, not its name: every regular file below DIR is looked at, files that are not dockaudit
// reports are passed over (listed with --verbose), and a file that says it is a report but is not a complete one
// becomes its host's row "not a valid report: …" while the other hosts complete. The files may come from many
// hands, so they are read like hostile input: regular files only (a symlink is not followed), the type checked on
// the open descriptor, each size-capped, no content or parser excerpt ever echoed.
// Reports are read one after another and each is folded at once into the summary the view keeps (summary.ts), so
// memory grows with the number of hosts by that summary only, not by their reports.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { describeBytes, fileKind } from "../files/safe-read.js";
import { parseReportJson, ReportFileError } from "../engine/diff.js";
import type { GateOptions } from "../engine/gates.js";
import { UsageError } from "../engine/select.js";
import type { HostOutcome } from "./build.js";
import { CheckCatalog, reportShapeProblem, summariseReportJson, withHistory, type HostSummary } from "./summary.js";

/** Larger than any report dockaudit writes for a 5000-container host, small enough to parse safely. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;
const MAX_DEPTH = 6;
const MAX_FILES = 100_000;
/** report.json, or the timestamped names `--keep` writes: a file so named claims to be a report. */
const REPORT_NAME = /^report(?:-\d{8}T\d{6}(?:\d{3})?Z)?\.json$/;

interface Found { file: string; dir: string; }

function walk(root: string, accept: (file: string) => boolean): Found[] {
  const out: Found[] = [];
  let seen = 0;
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    for (const name of names) {
      if (++seen > MAX_FILES) throw new UsageError(`${root}: more than ${MAX_FILES} entries below it; name a narrower directory or glob`);
      const p = join(dir, name);
      let st;
      try { st = lstatSync(p); } catch { continue; }
      if (st.isDirectory() && depth < MAX_DEPTH) visit(p, depth + 1);
      else if (st.isFile() && accept(p)) out.push({ file: p, dir });
    }
  };
  visit(root, 0);
  return out;
}

function globBase(pattern: string): string {
  const parts = pattern.split("/");
  const fixed: string[] = [];
  for (const p of parts) {
    if (picomatch.scan(p).isGlob) break;
    fixed.push(p);
  }
  return fixed.join("/") || (pattern.startsWith("/") ? "/" : ".");
}

/** The files named by a directory (every regular file below it, to be recognised by content) or a glob. */
export function findReportFiles(spec: string, cwd = process.cwd()): Found[] {
  if (picomatch.scan(spec).isGlob) {
    const base = resolve(cwd, globBase(spec));
    const isMatch = picomatch(resolve(cwd, spec), { dot: false });
    return walk(base, (f) => isMatch(f));
  }
  const root = resolve(cwd, spec);
  let st;
  try { st = lstatSync(root); } catch (e) {
    throw new UsageError(`${spec}: cannot read the reports (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (st.isFile()) return [{ file: root, dir: dirname(root) }];
  if (!st.isDirectory()) throw new UsageError(`${spec}: not a directory, a report file or a glob`);
  return walk(root, () => true);
}

/** How much of a file is looked at to tell whether it may be a dockaudit report. */
const SNIFF_BYTES = 4096;

type Looked =
  | { kind: "report"; summary: HostSummary }
  | { kind: "invalid"; error: string }
  | { kind: "other"; why: string; json: boolean };

/** A JSON object whose first bytes name dockaudit (reports start with schemaVersion and tool). */
function looksLikeDockaudit(head: Buffer): boolean {
  const text = head.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  return text.startsWith("{") && text.includes('"dockaudit');
}

/**
 * One file: read like every other file someone else prepared (src/cli/safe-read.ts rules: a regular file only, never
 * through a final symlink, the type checked on the open descriptor so a FIFO or device swapped in is never read
 * from, size-capped), its head looked at before the rest is read, and, if it is a report, summarised at once.
 */
function lookAt(file: string, shown: string, gate: GateOptions, catalog: CheckCatalog): Looked {
  const named = REPORT_NAME.test(basename(file));
  const invalid = (reason: string): Looked => ({ kind: "invalid", error: `not a valid report: ${reason} (${shown})` });
  // Synchronous, one file at a time: reading is cheap next to parsing, and a single stream of files keeps memory
  // at one report. Non-blocking open and the type checked on the descriptor: a FIFO is never read from.
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { kind: "other", why: "a symbolic link (not followed)", json: false };
    return named ? { kind: "invalid", error: `${shown}: cannot read (${code ?? "error"})` } : { kind: "other", why: `cannot be read (${code ?? "error"})`, json: false };
  }
  let text: string;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { kind: "other", why: `${fileKind(st)}, not a regular file`, json: false };
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, st.size));
    const got = readSync(fd, head, 0, head.length, 0);
    const claims = looksLikeDockaudit(head.subarray(0, got));
    if (!named && !claims) return { kind: "other", why: "not a dockaudit report", json: head.subarray(0, got).toString("utf8").trimStart().startsWith("{") };
    if (st.size > MAX_REPORT_BYTES) return { kind: "invalid", error: `${shown}: is ${describeBytes(st.size)}, more than the ${describeBytes(MAX_REPORT_BYTES)} dockaudit reads` };
    // At most the size fstat gave (the cap was checked on it): a file growing meanwhile is read no further.
    const buf = Buffer.allocUnsafe(st.size);
    let total = 0;
    while (total < st.size) {
      const n = readSync(fd, buf, total, st.size - total, total);
      if (n === 0) break;
      total += n;
    }
    text = buf.toString("utf8", 0, total);
  } finally {
    closeSync(fd);
  }
  let data: unknown;
  try {
    data = parseReportJson(text, shown);
  } catch (e) {
    // parseReportJson names only the position of a JSON error, never the file's content.
    if (e instanceof ReportFileError) return invalid(/\((not valid JSON[^)]*)\)/.exec(e.message)?.[1] ?? "not valid JSON");
    throw e;
  }
  const doc = (typeof data === "object" && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const tool = doc.tool as { name?: unknown } | undefined;
  if (tool?.name !== "dockaudit") return named ? invalid(`no "tool.name": "dockaudit"`) : { kind: "other", why: "not a dockaudit report", json: true };
  if (doc.kind === "dockaudit-fleet") return { kind: "other", why: "a fleet view (fleet.json), not a host's report", json: true };
  if (typeof doc.kind === "string") return { kind: "other", why: `a dockaudit ${doc.kind.slice(0, 40)} document, not a host's report`, json: true };
  if (!("results" in doc)) {
    if (named) return invalid(`no "results" list`);
    return { kind: "other", why: "engine" in doc ? "a dockaudit snapshot, not a report" : "a dockaudit file that is not a report", json: true };
  }
  const problem = reportShapeProblem(doc);
  if (problem) return invalid(problem);
  return { kind: "report", summary: summariseReportJson(doc, gate, catalog) };
}

export interface Gathered {
  outcomes: HostOutcome[];
  /** The checks the reports had, for buildFleet. */
  catalog: CheckCatalog;
  /** Files below DIR that are not dockaudit reports, and why (listed with --verbose). */
  passedOver: { file: string; why: string; json: boolean }[];
}

/**
 * One outcome per host. A host is named by the hostname its report records, else its file's (or, for report.json,
 * its directory's) name. Several reports of one host in one directory (a `--keep` series) give the newest, with the
 * score trend and since when each failing check fails; the same hostname in different directories (two machines
 * both called "localhost") gives one row each, named "hostname (directory)".
 */
export async function gatherReports(spec: string, opts: { cwd?: string; outDir?: string; gate?: GateOptions } = {}): Promise<Gathered> {
  const cwd = opts.cwd ?? process.cwd();
  const gate = opts.gate ?? {};
  const files = findReportFiles(spec, cwd);
  // Paths below the working directory are shown relative to it, others whole.
  const show = (f: string) => {
    const r = relative(cwd, f);
    return r && !r.startsWith("..") ? r : f;
  };
  const catalog = new CheckCatalog();
  const looked = files.map((f) => ({ ...f, looked: lookAt(f.file, show(f.file), gate, catalog) }));

  const stem = (f: string) => (REPORT_NAME.test(basename(f)) ? basename(dirname(f)) : basename(f).replace(/\.json$/i, "")) || show(f);
  const byHostDir = new Map<string, { host: string; dir: string; group: { file: string; summary: HostSummary }[] }>();
  const broken: HostOutcome[] = [];
  const passedOver: Gathered["passedOver"] = [];
  for (const l of looked) {
    if (l.looked.kind === "other") { passedOver.push({ file: show(l.file), why: l.looked.why, json: l.looked.json }); continue; }
    if (l.looked.kind === "invalid") {
      broken.push({ name: stem(l.file), source: "report", target: show(l.file), error: l.looked.error });
      continue;
    }
    const host = l.looked.summary.hostname || stem(l.file);
    const k = `${host}\u0000${l.dir}`;
    const entry = { file: l.file, summary: l.looked.summary };
    const known = byHostDir.get(k);
    if (known) known.group.push(entry);
    else byHostDir.set(k, { host, dir: l.dir, group: [entry] });
  }
  if (byHostDir.size === 0 && broken.length === 0) {
    throw new UsageError(`${spec}: no dockaudit reports found (${files.length} ${files.length === 1 ? "file" : "files"} looked at${files.length ? "; --verbose lists them" : ""})`);
  }
  const dirsPerHost = new Map<string, number>();
  for (const { host } of byHostDir.values()) dirsPerHost.set(host, (dirsPerHost.get(host) ?? 0) + 1);
  const link = (file: string) => (opts.outDir ? relative(opts.outDir, file).split(sep).join("/") : show(file));
  const out: HostOutcome[] = [];
  for (const { host, dir, group } of byHostDir.values()) {
    // Oldest first, by the reports' own timestamps (the file name breaks a tie).
    group.sort((a, b) => Date.parse(a.summary.finishedAt) - Date.parse(b.summary.finishedAt) || a.file.localeCompare(b.file));
    const newest = group.at(-1);
    if (!newest) continue;
    const name = (dirsPerHost.get(host) ?? 0) > 1 ? `${host} (${show(dir)})` : host;
    const html = newest.file.replace(/\.json$/, ".html");
    let hasHtml = false;
    try { hasHtml = html !== newest.file && lstatSync(html).isFile(); } catch { /* no HTML beside it */ }
    out.push({
      name, source: "report", target: show(newest.file), summary: withHistory(group.map((g) => g.summary)),
      reports: { json: link(newest.file), ...(hasHtml ? { html: link(html) } : {}) },
      ...(group.length > 1 ? { runs: group.length, note: `newest of ${group.length} reports in ${show(dir)}` } : {}),
    });
  }
  return { outcomes: [...out, ...broken], catalog, passedOver };
}
