// `fleet --reports DIR_OR_GLOB`: the fleet view from report.json files gathered any other way (a swarm global job,
// systemd timers writing to a shared store, Ansible fetching them). The files may come from many hands, so they are
// read like hostile input: regular files only (a symlink is not followed), each size-capped, no content or parser
// excerpt ever echoed, and a file that is not a report becomes a row with the reason instead of stopping the run.
import { lstatSync, readdirSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";
import { mapLimit } from "../collect/map-limit.js";
import { parseReport, ReportFileError } from "../engine/diff.js";
import { UsageError } from "../engine/select.js";
import type { AuditReport } from "../engine/types.js";
import type { HostOutcome } from "./build.js";

/** Larger than any report dockaudit writes for a 5000-container host, small enough to parse safely. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;
const MAX_DEPTH = 6;
const MAX_FILES = 100_000;
/** report.json, or the timestamped names `--keep` writes. */
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

/** The report files named by a directory (every report.json / report-<stamp>.json below it) or a glob. */
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
  return walk(root, (f) => REPORT_NAME.test(basename(f)));
}

/**
 * One report, read like every other file someone else prepared (src/cli/safe-read.ts): a regular file only, never
 * through a final symlink, type checked on the open descriptor (a FIFO or device swapped in is never read from),
 * size-capped while reading.
 */
async function readReport(file: string, shown: string): Promise<{ report?: AuditReport; error?: string }> {
  let text: string;
  try {
    text = (await readRegularFile(file, { maxBytes: MAX_REPORT_BYTES, noFollow: true })).toString("utf8");
  } catch (e) {
    if (e instanceof UnreadableFileError) return { error: `${shown}: ${e.code ? `cannot read (${e.code})` : e.message}` };
    throw e;
  }
  try {
    // parseReport names only the position of a JSON error, never the file's content.
    return { report: parseReport(text, shown) };
  } catch (e) {
    if (e instanceof ReportFileError) return { error: e.message };
    throw e;
  }
}

/**
 * One outcome per host. A host is named by the hostname its report records, else its directory's name. Several
 * reports of one host in one directory (a `--keep` series) give the newest; the same hostname in different
 * directories (two machines both called "localhost") gives one row each, named "hostname (directory)".
 */
export async function gatherReports(spec: string, opts: { cwd?: string; outDir?: string } = {}): Promise<HostOutcome[]> {
  const cwd = opts.cwd ?? process.cwd();
  const files = findReportFiles(spec, cwd);
  if (files.length === 0) throw new UsageError(`${spec}: no report.json files found`);
  // Paths below the working directory are shown relative to it, others whole.
  const show = (f: string) => {
    const r = relative(cwd, f);
    return r && !r.startsWith("..") ? r : f;
  };
  // A few files read at once; the parse of each (the larger cost) stays on this thread either way.
  const loaded = await mapLimit(files, 8, async (f) => ({ ...f, ...(await readReport(f.file, show(f.file))) }));

  const byHostDir = new Map<string, { host: string; dir: string; group: { file: string; report: AuditReport }[] }>();
  const broken: HostOutcome[] = [];
  for (const l of loaded) {
    if (!l.report) {
      broken.push({ name: basename(l.dir) || show(l.file), source: "report", target: show(l.file), error: l.error });
      continue;
    }
    const host = l.report.host?.hostname || basename(l.dir);
    const k = `${host}\u0000${l.dir}`;
    const entry = { file: l.file, report: l.report };
    const known = byHostDir.get(k);
    if (known) known.group.push(entry);
    else byHostDir.set(k, { host, dir: l.dir, group: [entry] });
  }
  const dirsPerHost = new Map<string, number>();
  for (const { host } of byHostDir.values()) dirsPerHost.set(host, (dirsPerHost.get(host) ?? 0) + 1);
  const link = (file: string) => (opts.outDir ? relative(opts.outDir, file).split(sep).join("/") : show(file));
  const out: HostOutcome[] = [];
  for (const { host, dir, group } of byHostDir.values()) {
    group.sort((a, b) => Date.parse(b.report.finishedAt) - Date.parse(a.report.finishedAt) || b.file.localeCompare(a.file));
    const [newest] = group;
    if (!newest) continue;
    const name = (dirsPerHost.get(host) ?? 0) > 1 ? `${host} (${show(dir)})` : host;
    const html = newest.file.replace(/\.json$/, ".html");
    let hasHtml = false;
    try { hasHtml = lstatSync(html).isFile(); } catch { /* no HTML beside it */ }
    out.push({
      name, source: "report", target: show(newest.file), report: newest.report,
      reports: { json: link(newest.file), ...(hasHtml ? { html: link(html) } : {}) },
      ...(group.length > 1 ? { note: `newest of ${group.length} reports in ${show(dir)}` } : {}),
    });
  }
  return [...out, ...broken];
}
