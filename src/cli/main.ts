// The command line: parses flags, runs collect → evaluate → render, writes outputs, and maps outcomes to the
// exit-code contract. Errors the user can act on are one line on stderr; stack traces only with --debug.

import { Command, CommanderError } from "commander";
import { catalog } from "../../checks/index.js";
import { audit, defaultVerdictSettings, evaluateSnapshot, selectFor, type VerdictSettings } from "../engine/audit.js";
import { compareIds } from "../engine/run.js";
import { checkId, selectChecks, UsageError } from "../engine/select.js";
import { BENCHMARK_VERSIONS, DEFAULT_BENCHMARK, type BenchmarkVersion } from "../engine/types.js";
import { formatNames, reporters } from "../report/index.js";
import { loadSnapshot, SnapshotFileError } from "../snapshot/load.js";
import type { Snapshot } from "../snapshot/types.js";
import { TOOL_VERSION } from "../version.js";
import { diffReports } from "../engine/diff.js";
import { renderDiffJson, renderDiffTable } from "../report/diff.js";
import { gateMessage } from "../engine/gates.js";
import type { Severity } from "../engine/types.js";
import type { Waiver } from "../engine/waivers.js";
import { FLEET_CONFIGURABLE, loadConfig, loadReportFile, mergeConfig } from "./config.js";
import { progressLine, type OnProgress } from "./progress.js";
import { verifyBundle } from "../evidence/index.js";
import { loadSigner, readAllowedSigners } from "../evidence/sshsig.js";
import { EXIT } from "./exit-codes.js";
import { OutputError, outputProblem, writeRunOutputs } from "./outputs.js";
import { writeAtomic } from "../files/write.js";
import { forTerminal, lineForTerminal } from "../terminal.js";
import { DEFAULT_TIMEOUT_S } from "../settings/options.js";
import { addOptions, commonOptionsHelp } from "./flags.js";

/** The audit command's options (declared in the option table, src/settings/options.ts); the verdict settings are the service's. */
export interface AuditOptions extends RemoteOptions, Omit<VerdictSettings, "waivers"> {
  dockerHost?: string;
  /** --timeout: seconds the daemon may stay silent (default 10). */
  timeout?: number;
  root: string;
  snapshot?: string;
  format: string;
  output?: string;
  /** Also write report.json, report.html and report.xml here. */
  outputDir?: string;
  /** Write the evidence bundle here. */
  evidence?: string;
  /** Sign the evidence manifest with this SSH key (a private key file, or a public key held by ssh-agent). */
  signKey?: string;
  /** The command line as given (recorded, redacted, in the evidence manifest). */
  argv?: string[];
  /** From the config file: approved exceptions, applied after evaluation. */
  waivers?: Waiver[];
  failOn?: Severity;
  minScore?: number;
  failOnError?: boolean;
  /** An accepted report.json: failures it already had do not fail the gate. */
  baseline?: string;
  /** Print nothing unless the gate fails or the run errors. */
  quiet?: boolean;
  /** With outputDir: timestamped report files, keeping the newest N runs. */
  keep?: number;
  metricsPerContainer?: boolean;
  color: boolean;
  debug: boolean;
}

/** `--host ssh://…` and how to authenticate and trust it. */
export interface RemoteOptions {
  host?: string;
  sshKey?: string;
  acceptNewHostKey?: boolean;
  knownHosts?: string;
}

const EXIT_MARGIN_MS = 500;

/**
 * --timeout as the collector takes it. A single audit must end within --timeout of dockaudit starting, start-up
 * included, so the first answer is awaited for what remains of it; `since` (ms of process uptime) counts from
 * elsewhere, e.g. from the start of one host's audit in a fleet run.
 */
function timeouts(timeout: number | undefined, since = 0): { timeoutMs: number; pingTimeoutMs: number } {
  // The exit itself counts too (EXIT_MARGIN_MS; measured ~0.2 s here), so it is left out of the wait.
  const timeoutMs = (timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  return { timeoutMs, pingTimeoutMs: Math.max(Math.min(1000, timeoutMs), timeoutMs - (process.uptime() * 1000 - since) - EXIT_MARGIN_MS) };
}

export async function collectLive(opts: Pick<AuditOptions, "dockerHost" | "root" | "timeout"> & RemoteOptions & { onProgress?: OnProgress; timeoutFromCall?: boolean }): Promise<Snapshot> {
  const since = opts.timeoutFromCall ? process.uptime() * 1000 : 0;
  // Imported lazily: evaluating a saved snapshot or listing checks needs no Docker client.
  const { collectSnapshot } = await import("../collect/index.js");
  if (!opts.host) return collectSnapshot({ root: opts.root, dockerHost: opts.dockerHost, toolVersion: TOOL_VERSION, onProgress: opts.onProgress, ...timeouts(opts.timeout, since) });
  if (opts.root && opts.root !== "/") throw new UsageError("--root and --host cannot be combined: over SSH the remote host's own / is read");
  const { openSshHost } = await import("../collect/transports/ssh.js");
  const remote = await openSshHost(opts.host, { identityFile: opts.sshKey, acceptNewHostKey: opts.acceptNewHostKey, knownHostsFile: opts.knownHosts });
  try {
    return await collectSnapshot({ root: "/", dockerHost: opts.dockerHost, toolVersion: TOOL_VERSION, onProgress: opts.onProgress, remote, ...timeouts(opts.timeout, since) });
  } finally {
    remote.close();
  }
}

async function emit(text: string, output?: string, mode?: number): Promise<void> {
  if (output) await writeAtomic(output, text, mode);
  else process.stdout.write(text);
}

export async function runAudit(opts: AuditOptions): Promise<number> {
  const runStartedAt = new Date();
  const render = reporters[opts.format];
  if (!render) throw new UsageError(`unknown format "${opts.format}" (known: ${formatNames().join(", ")})`);
  // Validate the selection before touching the daemon, so a typo fails fast.
  selectFor(catalog, opts);
  if (opts.keep && !opts.outputDir) throw new UsageError("--keep needs --output-dir");
  if (opts.signKey && !opts.evidence) throw new UsageError("--sign-key needs --evidence");
  // The key (or the agent holding it) is checked before collecting, so a run never ends with an unsigned bundle.
  const signer = opts.signKey ? await loadSigner(opts.signKey) : undefined;
  // An output path that cannot be used is known before collecting: say so now (exit 2).
  const outputsProblem = await outputProblem(opts);
  if (outputsProblem) throw new UsageError(outputsProblem);
  const baseline = opts.baseline ? await loadReportFile(opts.baseline) : undefined;
  const progress = progressLine(process.stderr, { quiet: opts.quiet });
  if (opts.snapshot && opts.host) throw new UsageError("--snapshot and --host cannot be combined");
  const snapshot = opts.snapshot ? await loadSnapshot(opts.snapshot) : await collectLive({ ...opts, onProgress: progress.onProgress }).finally(progress.done);
  const { report, gate } = audit(snapshot, { ...opts, baseline }, catalog);
  const text = render(report, { color: opts.color, metricsPerContainer: opts.metricsPerContainer, baseline });
  // node_exporter usually runs as another user than the audit: the metrics file must be world-readable.
  const textMode = opts.format === "prometheus" ? 0o644 : undefined;
  if (!opts.output && !opts.quiet) await emit(text);
  // Every output file or none; a failed write is reported, but never hides the gate's verdict (exit 1 stays 1).
  let outputFailed = false;
  try {
    const { pruned } = await writeRunOutputs({ snapshot, report, text, textMode, options: opts, argv: opts.argv ?? [], runStartedAt, signer });
    for (const f of pruned?.failed ?? []) process.stderr.write(`dockaudit: warning: --keep could not remove ${lineForTerminal(f.name)} (${f.error})\n`);
    if (pruned?.future.length && !opts.quiet) {
      process.stderr.write(`dockaudit: warning: --keep left ${pruned.future.length} report file(s) stamped after this run alone (${lineForTerminal(pruned.future.slice(0, 3).join(", "))}${pruned.future.length > 3 ? ", …" : ""})\n`);
    }
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    process.stderr.write(`dockaudit: ${lineForTerminal(e.message)}\n`);
    outputFailed = true;
  }
  for (const e of report.daemon.collectionErrors) {
    if (e.slice === "daemon.configFile" && !opts.quiet) process.stderr.write(`dockaudit: warning: ${lineForTerminal(e.error)}\n`);
  }
  if (gate.failed) process.stderr.write(`dockaudit: ${lineForTerminal(gateMessage(gate))}\n`);
  return gate.failed ? EXIT.failed : outputFailed ? EXIT.usage : EXIT.ok;
}

function colorWanted(): boolean {
  return Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env && process.env.NO_COLOR !== "");
}

export function buildProgram(): Command {
  const program = new Command("dockaudit")
    .description("Audit a Docker host against the CIS Docker Benchmark")
    .version(TOOL_VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(forTerminal(s)),
      outputError: (s, write) => write(`dockaudit: ${s.replace(/^error: /, "")}`),
    });
  addOptions(program, "program");
  program.addHelpText("after", commonOptionsHelp());

  const audit = addOptions(program
    .command("audit", { isDefault: true })
    .summary("audit this host or a snapshot (the default)")
    .description("collect a snapshot of this host (or read one) and evaluate the checks"), "audit")
    .action(async (o: Omit<AuditOptions, "color" | "debug"> & { config?: string | false }, cmd: Command) => {
      const { opts: merged, waivers } = mergeConfig(cmd, o, await loadConfig(o.config));
      process.exitCode = await runAudit({ ...merged, waivers, argv: (program as unknown as { rawArgs: string[] }).rawArgs, color: colorWanted() && !merged.output && !merged.quiet, debug: program.opts().debug });
    });
  audit.exitOverride();

  addOptions(program
    .command("collect")
    .summary("save a snapshot of this host's facts as evidence")
    .description("collect a snapshot of this host and save it as evidence"), "collect")
    .action(async (o: { dockerHost?: string; root: string; output?: string; timeout?: number } & RemoteOptions) => {
      const snapshot = await collectLive(o);
      await emit(JSON.stringify(snapshot, null, 2) + "\n", o.output);
      process.exitCode = EXIT.ok;
    })
    .exitOverride();

  addOptions(program
    .command("diff")
    .summary("compare two report.json (or two fleet.json) files")
    .description("compare two report.json (or two fleet.json) files: findings that newly fail, newly pass, appeared, disappeared or changed status")
    .argument("<old>", "the earlier report.json or fleet.json")
    .argument("<new>", "the later report.json or fleet.json"), "diff")
    .action(async (older: string, newer: string, o: { format: string }) => {
      const { loadFleetOrReport } = await import("./fleet.js");
      const [a, b] = [await loadFleetOrReport(older), await loadFleetOrReport(newer)];
      if (a.kind === "fleet" || b.kind === "fleet") {
        if (a.kind !== "fleet" || b.kind !== "fleet") throw new UsageError(`${a.kind === "fleet" ? newer : older}: cannot compare a fleet.json with a report.json`);
        const { diffFleets, renderFleetDiffJson, renderFleetDiffTable } = await import("../fleet/diff.js");
        const d = diffFleets(a.fleet, b.fleet);
        process.stdout.write((o.format === "json" ? renderFleetDiffJson : renderFleetDiffTable)(d, { old: older, new: newer }));
        process.exitCode = d.newFailures > 0 ? EXIT.failed : EXIT.ok;
        return;
      }
      const d = diffReports(a.report, b.report);
      process.stdout.write((o.format === "json" ? renderDiffJson : renderDiffTable)(d, { old: older, new: newer }));
      process.exitCode = d.newFailures > 0 ? EXIT.failed : EXIT.ok;
    })
    .exitOverride();

  addOptions(program
    .command("verify")
    .summary("prove an evidence bundle, every report byte")
    .description("check an evidence bundle: only listed regular files, every digest matches, the snapshot yields the recorded verdicts and re-renders every report byte for byte")
    .argument("<dir>", "the directory written by audit --evidence"), "verify")
    .action(async (dir: string, o: { allowedSigners?: string }) => {
      const reevaluate = (snap: Snapshot, o: VerdictSettings) => evaluateSnapshot(snap, o, catalog);
      const allowed = o.allowedSigners ? { text: await readAllowedSigners(o.allowedSigners), file: o.allowedSigners } : undefined;
      const result = await verifyBundle(dir, reevaluate, allowed);
      // Names and values in these lines come from the bundle: one line each, no control characters.
      for (const line of result.lines) process.stdout.write(`${lineForTerminal(line)}\n`);
      for (const p of result.problems) process.stdout.write(`DIFFERS: ${lineForTerminal(p)}\n`);
      process.stdout.write(result.ok ? "verified\n" : `NOT verified: ${result.problems.length} problem(s)\n`);
      process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
    })
    .exitOverride();

  addOptions(program
    .command("fleet")
    .summary("audit or gather many hosts into one view")
    .description("audit every host of an inventory, or gather report.json files, into one fleet view (fleet.json, fleet.html, fleet.xml, fleet.prom)"), "fleet")
    .action(async (o: { inventory?: string; reports?: string; outputDir?: string; format: string; output?: string; concurrency: number; hostTimeout: number; failOn?: Severity; minScore?: number; failOnError?: boolean; quiet?: boolean; config?: string | false } & RemoteOptions, cmd: Command) => {
      const { runFleet } = await import("./fleet.js");
      // Every host is audited with the same settings as `audit` would use: the config file's selection, waivers and
      // gates (flags given here win), else the defaults.
      const { opts: s, waivers } = mergeConfig(cmd, { ...defaultVerdictSettings(DEFAULT_BENCHMARK), ...o }, await loadConfig(o.config), FLEET_CONFIGURABLE);
      const auditHost = async (h: { dockerHost?: string; root?: string; ssh?: string; sshKey?: string }) => {
        const snapshot = await collectLive({ dockerHost: h.dockerHost, root: h.root ?? "/", host: h.ssh, sshKey: h.sshKey ?? o.sshKey, knownHosts: o.knownHosts, acceptNewHostKey: o.acceptNewHostKey, timeoutFromCall: true });
        return evaluateSnapshot(snapshot, { ...s, waivers }, catalog);
      };
      process.exitCode = await runFleet({
        inventory: o.inventory, reports: o.reports, outputDir: o.outputDir, format: o.format, output: o.output, quiet: o.quiet,
        concurrency: o.concurrency, hostTimeout: o.hostTimeout, gate: { failOn: s.failOn, minScore: s.minScore, failOnError: s.failOnError },
      }, auditHost);
    })
    .exitOverride();

  addOptions(program
    .command("checks")
    .description("list the catalog: id, key, level, automated, title"), "checks")
    .action((o: { benchmark: BenchmarkVersion; format: string }) => {
      process.stdout.write(listChecks(o.benchmark, o.format));
      process.exitCode = EXIT.ok;
    })
    .exitOverride();

  return program;
}

export function listChecks(benchmark: BenchmarkVersion, format: string): string {
  const rows = selectChecks(catalog, benchmark, {}).flatMap((c) => {
    const id = checkId(c, benchmark);
    return id === undefined ? [] : [{ c, id }];
  }).map(({ c, id }) => ({
    id,
    other: BENCHMARK_VERSIONS.filter((v) => v !== benchmark).map((v) => (c.cis?.[v] ? `${v}: ${c.cis[v]}` : "")).filter(Boolean).join(", "),
    key: c.key, level: c.level, automated: c.automated, scored: c.scored ?? c.automated, severity: c.severity, title: c.title,
  })).sort((a, b) => compareIds(a.id, b.id));
  if (format === "json") return JSON.stringify(rows, null, 2) + "\n";
  if (format === "markdown") {
    const head = `| ${benchmark} | other | key | level | automated | severity | title |\n|---|---|---|---|---|---|---|\n`;
    return head + rows.map((r) => `| ${r.id} | ${r.other} | \`${r.key}\` | ${r.level} | ${r.automated ? "yes" : "manual"} | ${r.severity} | ${r.title} |`).join("\n") + "\n";
  }
  return rows.map((r) => `${r.id.padEnd(8)} L${r.level} ${(r.automated ? "auto" : "manual").padEnd(6)} ${r.severity.padEnd(8)} ${r.key.padEnd(40)} ${r.title}`).join("\n") + "\n";
}

/** Maps an error to its exit code and the one line to print. */
export async function classify(e: unknown): Promise<{ code: number; message: string | null }> {
  if (e instanceof CommanderError) {
    // Help and version print themselves and exit 0; every other parse error is a usage error.
    const ok = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help";
    return { code: ok ? EXIT.ok : EXIT.usage, message: null };
  }
  if (e instanceof UsageError || e instanceof SnapshotFileError) return { code: EXIT.usage, message: e.message };
  const { DaemonUnreachableError, InvalidDockerHostError } = await import("../collect/errors.js");
  if (e instanceof InvalidDockerHostError) return { code: EXIT.usage, message: e.message };
  if (e instanceof DaemonUnreachableError) return { code: EXIT.collection, message: e.message };
  const err = e as NodeJS.ErrnoException;
  if (err && err.code && err.syscall) return { code: EXIT.usage, message: `${err.syscall} ${err.path ?? ""}: ${err.code}`.replace(/ +:/, ":") };
  return { code: EXIT.collection, message: `collection failed: ${(e as Error)?.message ?? String(e)}` };
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (e) {
    const { code, message } = await classify(e);
    if (message) process.stderr.write(`dockaudit: ${lineForTerminal(message)}\n`);
    if (argv.includes("--debug") && e instanceof Error && !(e instanceof CommanderError)) process.stderr.write(`${forTerminal(e.stack)}\n`);
    return code;
  }
}
