// `dockaudit fleet`: many hosts at once. Either audits every host of an inventory concurrently (each with its own
// timeout; a host that cannot be audited is a row with the reason and the others complete), writing
// DIR/<host>/report.json|html|xml, or builds the same view from report.json files gathered any other way
// (`--reports`). Writes fleet.json, fleet.html, fleet.xml (JUnit, a suite per host), fleet.prom and fleet.oscal.json
// (OSCAL assessment results, a result per host) to DIR.
// Exit codes: 0 all audited and every gate passed; 1 a gate failed on an audited host; 4 some host could not be
// audited (wins over 1: the fleet view is incomplete, whatever the others say).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { mapLimit } from "../collect/map-limit.js";
import { endpointSafeToShow } from "../secrets/redact.js";
import type { GateOptions } from "../engine/gates.js";
import { UsageError } from "../engine/select.js";
import type { AuditReport } from "../engine/types.js";
import { buildFleet, type HostOutcome } from "../fleet/build.js";
import { gatherReports } from "../fleet/gather.js";
import type { CheckCatalog } from "../fleet/summary.js";
import { loadInventory, type InventoryHost } from "../fleet/inventory.js";
import { renderFleetHtml, renderFleetJson, renderFleetJunit, renderFleetOscal, renderFleetPrometheus } from "../fleet/render.js";
import type { FleetReport } from "../fleet/types.js";
import { EXIT } from "./exit-codes.js";
import { writeOutputDir } from "./outputs.js";
import { writeAtomic } from "../files/write.js";
import { lineForTerminal } from "../terminal.js";

export interface FleetOptions {
  inventory?: string;
  reports?: string;
  outputDir?: string;
  format: string;
  output?: string;
  concurrency: number;
  /** Seconds one host's audit may take. */
  hostTimeout: number;
  gate: GateOptions;
  quiet?: boolean;
  /** List the files below --reports that were passed over as not being reports. */
  verbose?: boolean;
}

/** How the CLI audits one inventory host; injected so the command stays testable and the transport pluggable. */
export type AuditHost = (host: InventoryHost, signal: AbortSignal) => Promise<AuditReport>;

const FORMATS = {
  json: renderFleetJson,
  html: renderFleetHtml,
  junit: renderFleetJunit,
  prometheus: renderFleetPrometheus,
  table: renderFleetTable,
} as const;
/** By format name: a known name gives its renderer; any other string may give none. */
export const FLEET_FORMATS: Readonly<Record<string, (f: FleetReport) => string>> & typeof FORMATS = FORMATS;
const FLEET_FILES: [keyof typeof FORMATS, string][] = [["json", "fleet.json"], ["html", "fleet.html"], ["junit", "fleet.xml"], ["prometheus", "fleet.prom"]];

/** The fleet's OSCAL assessment results, written beside fleet.json by --output-dir. */
export const FLEET_OSCAL_FILE = "fleet.oscal.json";

/** No control character from a report reaches the terminal. */
const clean = lineForTerminal;

export function renderFleetTable(f: FleetReport): string {
  const out = [`dockaudit fleet: ${f.summary.hosts} hosts, ${f.summary.audited} audited, ${f.summary.notAudited} not audited, ${f.summary.failingHosts} with failed checks`];
  const width = Math.min(40, Math.max(4, ...f.hosts.map((h) => clean(h.name).length)));
  for (const h of f.hosts) {
    const name = clean(h.name).padEnd(width);
    if (!h.audited) out.push(`  ${name}  NOT AUDITED  ${clean(h.reason ?? "")}`);
    else out.push(`  ${name}  ${(h.score === null || h.score === undefined ? "n/a" : `${h.score.toFixed(1)} %`).padStart(7)}  ${String(h.counts?.fail ?? 0).padStart(3)} failed  ${String(h.counts?.error ?? 0).padStart(3)} errors${h.gateFailed ? "  gate failed" : ""}`);
  }
  const worst = f.checks.filter((c) => c.failed.length).slice(0, 10);
  if (worst.length) {
    out.push("", "Most-failed checks:");
    for (const c of worst) out.push(`  ${clean(c.id).padEnd(8)} ${String(c.failed.length).padStart(4)} hosts  ${clean(c.title)}`);
  }
  return out.join("\n") + "\n";
}

function withTimeout<T>(seconds: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { ac.abort(); reject(new Error(`timed out after ${seconds} s`)); }, seconds * 1000);
    timer.unref?.();
  });
  return Promise.race([run(ac.signal), timeout]).finally(() => clearTimeout(timer));
}

/** One line saying why, without stack or content: host errors become the host's row. */
function reason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return clean(endpointSafeToShow(m.split("\n")[0] ?? m)).slice(0, 500);
}

export async function auditInventory(hosts: InventoryHost[], audit: AuditHost, opts: Pick<FleetOptions, "concurrency" | "hostTimeout" | "outputDir">): Promise<HostOutcome[]> {
  return mapLimit(hosts, opts.concurrency, async (h): Promise<HostOutcome> => {
    const base = h.ssh
      ? { name: h.name, labels: h.labels, source: "ssh" as const, target: endpointSafeToShow(h.dockerHost ? `${h.ssh} ${h.dockerHost}` : h.ssh) }
      : { name: h.name, labels: h.labels, source: "docker-host" as const, target: endpointSafeToShow(h.dockerHost ?? "default Docker endpoint") };
    let report: AuditReport;
    try {
      report = await withTimeout(opts.hostTimeout, (signal) => audit(h, signal));
    } catch (e) {
      return { ...base, error: reason(e) };
    }
    if (!opts.outputDir) return { ...base, report };
    try {
      await writeOutputDir(join(opts.outputDir, h.name), report);
    } catch (e) {
      return { ...base, report, note: `reports not written: ${reason(e)}` };
    }
    return { ...base, report, reports: { json: `${h.name}/report.json`, html: `${h.name}/report.html` } };
  });
}

export async function runFleet(opts: FleetOptions, audit: AuditHost, now: () => Date = () => new Date()): Promise<number> {
  const oneSource = "fleet needs exactly one of --inventory FILE or --reports DIR_OR_GLOB";
  if (Boolean(opts.inventory) === Boolean(opts.reports)) throw new UsageError(oneSource);
  const render = FLEET_FORMATS[opts.format];
  if (!render) throw new UsageError(`unknown fleet format "${opts.format}" (known: ${Object.keys(FLEET_FORMATS).sort().join(", ")})`);
  let outcomes: HostOutcome[];
  let catalog: CheckCatalog | undefined;
  if (opts.inventory) {
    const hosts = loadInventory(opts.inventory);
    if (opts.outputDir) await mkdir(opts.outputDir, { recursive: true });
    outcomes = await auditInventory(hosts, audit, opts);
  } else if (opts.reports) {
    const gathered = await gatherReports(opts.reports, { outDir: opts.outputDir, gate: opts.gate });
    ({ outcomes, catalog } = gathered);
    // Files that are not reports are passed over: listed with --verbose, counted otherwise (JSON files only: the
    // report.html beside every report is expected there).
    if (opts.verbose) {
      for (const p of gathered.passedOver) process.stderr.write(`dockaudit: passed over ${clean(p.file)}: ${clean(p.why)}\n`);
    } else if (!opts.quiet) {
      const json = gathered.passedOver.filter((p) => p.json).length;
      if (json) process.stderr.write(`dockaudit: passed over ${json} JSON ${json === 1 ? "file that is" : "files that are"} not a host's dockaudit report (--verbose lists them)\n`);
    }
  } else {
    throw new UsageError(oneSource);
  }
  const fleet = buildFleet(outcomes, { generatedAt: now(), gate: opts.gate, catalog });
  if (opts.outputDir) {
    for (const [format, file] of FLEET_FILES) await writeAtomic(join(opts.outputDir, file), FLEET_FORMATS[format](fleet), format === "prometheus" ? 0o644 : undefined);
    // OSCAL needs every host's findings, not only the fleet view: rendered from the outcomes of an inventory run,
    // which hold each host's report. Gathered reports (--reports) are reduced to summaries as they stream in (memory
    // must not grow with their number), so no fleet OSCAL document is written from them: one that listed audited hosts
    // without their findings would misstate the assessment. Each host's own `-f oscal` document is the way there.
    if (outcomes.every((o) => o.report !== undefined || o.summary === undefined)) {
      await writeAtomic(join(opts.outputDir, FLEET_OSCAL_FILE), renderFleetOscal(outcomes, new Date(fleet.generatedAt)));
    }
  }
  const text = render(fleet);
  if (opts.output) await writeAtomic(opts.output, text, opts.format === "prometheus" ? 0o644 : undefined);
  else if (!opts.quiet) process.stdout.write(text);
  if (fleet.summary.notAudited > 0) {
    const names = fleet.hosts.filter((h) => !h.audited).map((h) => clean(h.name));
    process.stderr.write(`dockaudit: ${names.length} of ${fleet.summary.hosts} hosts could not be audited (${names.slice(0, 10).join(", ")}${names.length > 10 ? `, +${names.length - 10} more` : ""})\n`);
    return EXIT.notAudited;
  }
  if (fleet.summary.gateFailedHosts > 0) {
    process.stderr.write(`dockaudit: gate failed on ${fleet.summary.gateFailedHosts} of ${fleet.summary.audited} hosts\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** `diff` takes two report.json or two fleet.json files; this says which one a file is. Size-capped, never echoed. */
export async function loadFleetOrReport(file: string): Promise<{ kind: "fleet"; fleet: FleetReport } | { kind: "report"; report: AuditReport }> {
  const { readReportText } = await import("./config.js");
  const { parseReportJson, reportFromData } = await import("../engine/diff.js");
  // Parsed once: a report of thousands of containers is tens of megabytes.
  const data = parseReportJson(await readReportText(file), file);
  const { isFleetDocument, parseFleet } = await import("../fleet/diff.js");
  if (isFleetDocument(data)) return { kind: "fleet", fleet: parseFleet(data, file) };
  return { kind: "report", report: reportFromData(data, file) };
}
