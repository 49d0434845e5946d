// The command line: parses flags, runs collect → evaluate → render, writes outputs, and maps outcomes to the
// exit-code contract. Errors the user can act on are one line on stderr; stack traces only with --debug.

import { Command, CommanderError } from "commander";
import { catalog } from "../../checks/index.js";
import { applyAnswers, defaultVerdictSettings, evaluateSnapshot, selectFor, type VerdictSettings } from "../engine/audit.js";
import { compareIds } from "../engine/run.js";
import { checkId, selectChecks, UsageError } from "../engine/select.js";
import { BENCHMARK_VERSIONS, DEFAULT_BENCHMARK, type AuditReport, type BenchmarkVersion } from "../engine/types.js";
import { formatNames, reporters } from "../report/index.js";
import { loadSnapshot, SnapshotFileError } from "../snapshot/load.js";
import type { Snapshot } from "../snapshot/types.js";
import { TOOL_VERSION } from "../version.js";
import { diffReports } from "../engine/diff.js";
import { renderDiffJson, renderDiffTable } from "../report/diff.js";
import { evaluateGates, gateMessage } from "../engine/gates.js";
import type { Severity } from "../engine/types.js";
import { FLEET_CONFIGURABLE, loadConfig, loadReportFile, mergeConfig } from "./config.js";
import { progressLine, type OnProgress } from "./progress.js";
import { verifyBundle } from "../evidence/index.js";
import { loadSigner, readAllowedSigners } from "../evidence/sshsig.js";
import { EXIT } from "./exit-codes.js";
import { OutputError, outputProblem, writeRunOutputs } from "./outputs.js";
import { writeAtomic } from "../files/write.js";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { asffBatches, asffFindings, asffProductArn, type AsffOptions } from "../report/asff.js";
import { loadAttestations, type LoadedAttestations } from "./attestations.js";
import type { PlannedFile } from "./outputs.js";
import { addWatchCommand, type AuditAdapter } from "./watch.js";
import { forTerminal, lineForTerminal } from "../terminal.js";
import { endpointSafeToShow, redactLabelPair } from "../secrets/redact.js";
import type { AuditOptions, RemoteOptions } from "./audit-options.js";

export type { AuditOptions, ComposeOptions, RemoteOptions } from "./audit-options.js";
import { DEFAULT_TIMEOUT_S } from "../settings/options.js";
import { addOptions, commonOptionsHelp } from "./flags.js";



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
  const { openSshHost, SshConnectError, SSH_DEADLINE_FACTOR, withDeadline } = await import("../collect/transports/ssh.js");
  const t = timeouts(opts.timeout, since);
  const remote = await openSshHost(opts.host, { identityFile: opts.sshKey, acceptNewHostKey: opts.acceptNewHostKey, knownHostsFile: opts.knownHosts, requestTimeoutMs: t.timeoutMs });
  try {
    const overallMs = t.timeoutMs * SSH_DEADLINE_FACTOR;
    const snapshot = await withDeadline(
      collectSnapshot({ root: "/", dockerHost: opts.dockerHost, toolVersion: TOOL_VERSION, onProgress: opts.onProgress, remote, ...t }),
      overallMs,
      () => new SshConnectError(`cannot audit ${remote.label}: the collection did not finish within ${overallMs / 1000} s (${SSH_DEADLINE_FACTOR} × --timeout)`),
      () => remote.close(),
    );
    // A connection lost mid-collection leaves a half-read host: exit 3 with the reason, no report.
    const lost = remote.lost();
    if (lost) throw new SshConnectError(`cannot audit ${remote.label}: ${lost}`);
    return snapshot;
  } catch (e) {
    const lost = remote.lost();
    if (lost && !(e instanceof SshConnectError)) throw new SshConnectError(`cannot audit ${remote.label}: ${lost}`);
    throw e;
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
  const grc = await grcInputs(opts);
  const progress = progressLine(process.stderr, { quiet: opts.quiet });
  if (opts.snapshot && opts.host) throw new UsageError("--snapshot and --host cannot be combined");
  let snapshot: Snapshot;
  let report: AuditReport;
  const answers = { appliedAttestations: grc.attestations?.attestations, waivers: opts.waivers };
  if (opts.compose?.length) {
    // A Compose project judged before deployment (src/cli/compose.ts); only --docker-host contacts a daemon.
    const { composeAudit } = await import("./compose.js");
    let lookup;
    ({ snapshot, report, lookup } = await composeAudit(opts, (o) => collectLive({ ...opts, host: undefined, ...o }), progress.onProgress).finally(progress.done));
    report = applyAnswers(report, answers, lookup);
  } else {
    snapshot = opts.snapshot ? await loadSnapshot(opts.snapshot) : await collectLive({ ...opts, onProgress: progress.onProgress }).finally(progress.done);
    // A saved snapshot is judged for the containers it was collected for, unless the user selects some (flags or
    // config file); the snapshot written with this run (evidence) records the selection judged.
    const recorded = opts.snapshot && !opts.selectionGiven ? snapshot.collection.selection : undefined;
    if (recorded) {
      // A label filter whose value looked secret was recorded redacted: it can no longer select what it selected.
      if (recorded.label.some((l) => l.includes("<redacted"))) {
        throw new UsageError(`${opts.snapshot}: the selection recorded in this snapshot has a --label value that was redacted (it looked secret); give the selection explicitly (--label, --all, --include, --exclude)`);
      }
      Object.assign(opts, { all: recorded.all, include: [...recorded.include], exclude: [...recorded.exclude], label: [...recorded.label] });
    }
    // The selection as it is recorded: a label value that looks secret is redacted like any label.
    snapshot.collection.selection = { all: opts.all, include: [...opts.include], exclude: [...opts.exclude], label: opts.label.map(redactLabelPair) };
    report = evaluateSnapshot(snapshot, { ...opts, ...answers }, catalog);
  }
  const gate = evaluateGates(report, { failOn: opts.failOn, minScore: opts.minScore, failOnError: opts.failOnError, baseline });
  const text = render(report, { color: opts.color, metricsPerContainer: opts.metricsPerContainer, baseline, asff: grc.asff });
  // node_exporter usually runs as another user than the audit: the metrics file must be world-readable.
  const textMode = opts.format === "prometheus" ? 0o644 : undefined;
  if (!opts.output && !opts.quiet) await emit(text);
  // Every output file or none; a failed write is reported, but never hides the gate's verdict (exit 1 stays 1).
  let outputFailed = false;
  try {
    const { pruned } = await writeRunOutputs({ snapshot, report, text, textMode, options: opts, argv: opts.argv ?? [], runStartedAt, signer, attestationsText: grc.attestations?.text, extraFiles: grcFiles(report, grc, baseline, opts) });
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

// ---------------------------------------------------------------- GRC options (issue 23)

interface GrcInputs { attestations?: LoadedAttestations; asff?: AsffOptions }

/** Reads the attestation file and checks the ASFF options before collecting, so a mistake fails fast (exit 2). */
async function grcInputs(opts: AuditOptions): Promise<GrcInputs> {
  const out: GrcInputs = {};
  if (opts.attestations) out.attestations = await loadAttestations(opts.attestations, opts.benchmark);
  const wantsAsff = opts.format === "asff" || opts.asffBatchDir !== undefined;
  if (opts.asffBatchDir && opts.format !== "asff") throw new UsageError("--asff-batch-dir needs -f asff");
  if (opts.asffBatchDir) {
    // Batches of an earlier run left beside the new ones would be imported again: only a directory without any.
    const names = await readdir(opts.asffBatchDir).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? [] : Promise.reject(e)));
    if (names.some((n) => /^batch-\d+\.json$/.test(n))) throw new UsageError(`--asff-batch-dir ${opts.asffBatchDir}: already holds batch files of an earlier run; give an empty or new directory`);
  }
  if (wantsAsff) {
    const asff: AsffOptions = { accountId: opts.asffAccount ?? "", ...(opts.asffProductArn ? { productArn: opts.asffProductArn } : {}), ...(opts.asffRegion ? { region: opts.asffRegion } : {}) };
    asffProductArn(asff);
    out.asff = asff;
  }
  return out;
}

/** --asff-batch-dir: the findings as batch-001.json, batch-002.json… of at most 100, one per batch-import-findings call. */
function grcFiles(report: AuditReport, grc: GrcInputs, baseline: AuditReport | undefined, opts: AuditOptions): PlannedFile[] {
  const dir = opts.asffBatchDir;
  if (!dir || !grc.asff) return [];
  const batches = asffBatches(asffFindings(report, grc.asff, baseline));
  return batches.map((b, i) => ({ path: join(dir, `batch-${String(i + 1).padStart(3, "0")}.json`), content: JSON.stringify(b) + "\n", option: "--asff-batch-dir" as const }));
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
      writeErr: (s) => process.stderr.write(forTerminal(endpointSafeToShow(s))),
      outputError: (s, write) => write(`dockaudit: ${s.replace(/^error: /, "")}`),
    });
  addOptions(program, "program");
  program.addHelpText("after", commonOptionsHelp());

  const audit = addOptions(program
    .command("audit", { isDefault: true })
    .summary("audit this host, a snapshot or a Compose file")
    .description("collect a snapshot of this host (or read one, or model a Compose project) and evaluate the checks"), "audit")
    // `audit` is the default command and takes no arguments: a stray word is a mistyped command (`dockaudit audti`),
    // not "too many arguments for 'audit'".
    .allowExcessArguments(true)
    .action(async (o: Omit<AuditOptions, "color" | "debug"> & { config?: string | false }, cmd: Command) => {
      if (cmd.args.length) throw new UsageError(unknownCommand(cmd.args[0] ?? "", program.commands.map((c) => c.name())));
      const loaded = await loadConfig(o.config);
      const { opts: merged, waivers } = mergeConfig(cmd, o, loaded);
      const selectionGiven = ["all", "include", "exclude", "label"].some((k) => ["cli", "env"].includes(cmd.getOptionValueSource(k) ?? "")) ||
        Object.keys(loaded?.config.containers ?? {}).length > 0;
      process.exitCode = await runAudit({ ...merged, waivers, selectionGiven, argv: (program as unknown as { rawArgs: string[] }).rawArgs, color: colorWanted() && !merged.output && !merged.quiet, debug: program.opts().debug });
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
      const { parseAttestations } = await import("./attestations.js");
      const result = await verifyBundle(dir, reevaluate, allowed, undefined, parseAttestations);
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
    .action(async (o: { inventory?: string; reports?: string; outputDir?: string; format: string; output?: string; concurrency: number; hostTimeout: number; failOn?: Severity; minScore?: number; failOnError?: boolean; quiet?: boolean; verbose?: boolean; config?: string | false } & RemoteOptions, cmd: Command) => {
      const { runFleet } = await import("./fleet.js");
      // Every host is audited with the same settings as `audit` would use: the config file's selection, waivers and
      // gates (flags given here win), else the defaults.
      const { opts: s, waivers } = mergeConfig(cmd, { ...defaultVerdictSettings(DEFAULT_BENCHMARK), ...o }, await loadConfig(o.config), FLEET_CONFIGURABLE);
      const auditHost = async (h: { dockerHost?: string; root?: string; ssh?: string; sshKey?: string }) => {
        const snapshot = await collectLive({ dockerHost: h.dockerHost, root: h.root ?? "/", host: h.ssh, sshKey: h.sshKey ?? o.sshKey, knownHosts: o.knownHosts, acceptNewHostKey: o.acceptNewHostKey, timeoutFromCall: true });
        return evaluateSnapshot(snapshot, { ...s, waivers }, catalog);
      };
      process.exitCode = await runFleet({
        inventory: o.inventory, reports: o.reports, outputDir: o.outputDir, format: o.format, output: o.output, quiet: o.quiet, verbose: o.verbose,
        concurrency: o.concurrency, hostTimeout: o.hostTimeout, gate: { failOn: s.failOn, minScore: s.minScore, failOnError: s.failOnError },
      }, auditHost);
    })
    .exitOverride();

  // dockaudit watch (src/cli/watch.ts): the audit is reached through this adapter only.
  addWatchCommand(program, watchAudit, () => program.opts().debug === true);

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

/** "unknown command 'audti' (did you mean 'audit'?)": the closest command within two edits, as commander suggests options. */
export function unknownCommand(word: string, commands: string[]): string {
  const distance = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
      prev = row;
    }
    return prev[b.length] ?? Infinity;
  };
  const [best] = commands.map((c) => ({ c, d: distance(word.toLowerCase(), c) })).filter((x) => x.d <= 2).sort((x, y) => x.d - y.d);
  const shown = word.length > 40 ? `${word.slice(0, 40)}…` : word;
  return `unknown command '${shown}'${best ? ` (did you mean '${best.c}'?)` : ""}; see dockaudit --help`;
}

/** The audit as `dockaudit watch` calls it: the same collection, and the same audit service (checks, waivers) as `audit`. */
const watchAudit: AuditAdapter = {
  collect: (o) => collectLive({ ...o, timeoutFromCall: true }),
  evaluate: (snapshot, o) => evaluateSnapshot(snapshot, o, catalog),
  validate: (o) => void selectFor(catalog, o),
};

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
    // An endpoint quoted in a message is shown without its password, whichever code wrote the message.
    if (message) process.stderr.write(`dockaudit: ${lineForTerminal(endpointSafeToShow(message))}\n`);
    if (argv.includes("--debug") && e instanceof Error && !(e instanceof CommanderError)) process.stderr.write(`${forTerminal(endpointSafeToShow(e.stack ?? ""))}\n`);
    return code;
  }
}
