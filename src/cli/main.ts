// The command line: parses flags, runs collect → evaluate → render, writes outputs, and maps outcomes to the
// exit-code contract. Errors the user can act on are one line on stderr; stack traces only with --debug.

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { catalog } from "../../checks/index.js";
import { compareIds, runChecks } from "../engine/run.js";
import { checkId, selectChecks, UsageError } from "../engine/select.js";
import { BENCHMARK_VERSIONS, DEFAULT_BENCHMARK, type AuditReport, type BenchmarkVersion } from "../engine/types.js";
import { formatNames, reporters } from "../report/index.js";
import { loadSnapshot, SnapshotFileError } from "../snapshot/load.js";
import type { Snapshot } from "../snapshot/types.js";
import { TOOL_VERSION } from "../version.js";
import { diffReports, renderDiffJson, renderDiffTable } from "../engine/diff.js";
import { evaluateGates, gateMessage } from "../engine/gates.js";
import { SEVERITIES, type Severity } from "../engine/types.js";
import { applyWaivers, subjectFactsFromSnapshot, type Waiver } from "../engine/waivers.js";
import { loadConfig, loadReportFile, mergeConfig } from "./config.js";
import { progressLine, type OnProgress } from "./progress.js";
import { verifyBundle, withWaivers, type VerdictOptions } from "./evidence.js";
import { loadSigner, readAllowedSigners } from "./sign.js";
import { EXIT } from "./exit-codes.js";
import { OutputError, outputProblem, writeRunOutputs } from "./outputs.js";
import { writeAtomic } from "./write.js";
import { addWatchCommand, type AuditAdapter } from "./watch.js";
import { forTerminal, lineForTerminal } from "../terminal.js";

export interface AuditOptions extends RemoteOptions {
  dockerHost?: string;
  /** --timeout: seconds the daemon may stay silent (default 10). */
  timeout?: number;
  root: string;
  snapshot?: string;
  benchmark: BenchmarkVersion;
  check: string[];
  skipCheck: string[];
  level?: 1 | 2;
  include: string[];
  exclude: string[];
  label: string[];
  all: boolean;
  trustedUsers?: string[];
  maxImageAge?: number;
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

/** Comma-separated and repeatable: `--check 5.4,2 --check 1.1`. */
const list = (value: string, prev: string[] = []) => [...prev, ...value.split(",").map((s) => s.trim()).filter(Boolean)];

function scorePercent(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError("--min-score takes a percentage from 0 to 100");
  return n;
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} takes a whole number above 0`);
    return n;
  };
}

/** `--host ssh://…` and how to authenticate and trust it. */
export interface RemoteOptions {
  host?: string;
  sshKey?: string;
  acceptNewHostKey?: boolean;
  knownHosts?: string;
}

/** Seconds, above 0 (fractions allowed). */
function seconds(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n <= 0 || n > 86400) throw new InvalidArgumentError(`${name} takes a number of seconds above 0`);
    return n;
  };
}

const DEFAULT_TIMEOUT_S = 10;
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
  const { openSshHost } = await import("../collect/ssh.js");
  const remote = await openSshHost(opts.host, { identityFile: opts.sshKey, acceptNewHostKey: opts.acceptNewHostKey, knownHostsFile: opts.knownHosts });
  try {
    return await collectSnapshot({ root: "/", dockerHost: opts.dockerHost, toolVersion: TOOL_VERSION, onProgress: opts.onProgress, remote, ...timeouts(opts.timeout, since) });
  } finally {
    remote.close();
  }
}

function addRemoteOptions(cmd: Command): Command {
  return cmd
    .option("--host <ssh-url>", "audit another host over SSH: ssh://[user@]host[:port] (nothing is installed there; --docker-host then names a socket on that host)")
    .option("--ssh-key <file>", "private key for --host (default: ssh-agent, the host's IdentityFile in ~/.ssh/config, ~/.ssh/id_*)")
    .option("--known-hosts <file>", "known_hosts file the host key is checked against (default ~/.ssh/known_hosts)")
    .option("--accept-new-host-key", "record an unknown host key instead of refusing it (a changed key is always refused)", false);
}

export function evaluate(snapshot: Snapshot, opts: Omit<AuditOptions, "waivers">): AuditReport {
  const checks = selectChecks(catalog, opts.benchmark, { check: opts.check, skipCheck: opts.skipCheck, level: opts.level });
  return runChecks(snapshot, checks, {
    benchmark: opts.benchmark,
    containers: { include: opts.include, exclude: opts.exclude, label: opts.label, all: opts.all },
    eval: { trustedUsers: opts.trustedUsers, maxImageAgeDays: opts.maxImageAge },
  });
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
  selectChecks(catalog, opts.benchmark, { check: opts.check, skipCheck: opts.skipCheck, level: opts.level });
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
  let report = evaluate(snapshot, opts);
  if (opts.waivers?.length) report = applyWaivers(report, opts.waivers, subjectFactsFromSnapshot(snapshot));
  const text = render(report, { color: opts.color, metricsPerContainer: opts.metricsPerContainer, baseline });
  // node_exporter usually runs as another user than the audit: the metrics file must be world-readable.
  const textMode = opts.format === "prometheus" ? 0o644 : undefined;
  if (!opts.output && !opts.quiet) await emit(text);
  const gate = evaluateGates(report, { failOn: opts.failOn, minScore: opts.minScore, failOnError: opts.failOnError, baseline });
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

function addSelectionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--benchmark <version>", "CIS Docker Benchmark version").choices([...BENCHMARK_VERSIONS]).default(DEFAULT_BENCHMARK))
    .option("--check <ids>", "run only these checks: ids, section prefixes (5, 1.1) or keys; comma-separated, repeatable", list, [])
    .option("--skip-check <ids>", "skip these checks (same forms as --check)", list, [])
    .addOption(new Option("--level <n>", "profile level: 1 runs level-1 checks only, 2 runs all").choices(["1", "2"]).argParser((v) => Number(v) as 1 | 2))
    .option("--include <globs>", "judge only containers whose name matches", list, [])
    .option("--exclude <globs>", "leave out containers whose name matches", list, [])
    .option("--label <key[=value]>", "judge only containers with this label", list, [])
    .option("--all", "judge stopped containers too (default: running ones, as CIS says)", false)
    .option("--trusted-users <users>", "users allowed in the docker group (check 1.1.2)", list)
    .option("--max-image-age <days>", "age above which an image in use is stale", positiveInt("--max-image-age"));
}

export function buildProgram(): Command {
  const program = new Command("dockaudit")
    .description("Audit a Docker host against the CIS Docker Benchmark")
    .version(TOOL_VERSION, "-V, --version")
    .option("--debug", "print stack traces for errors", false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(forTerminal(s)),
      outputError: (s, write) => write(`dockaudit: ${s.replace(/^error: /, "")}`),
    });

  const audit = addSelectionOptions(addRemoteOptions(
    program
      .command("audit", { isDefault: true })
      .description("collect a snapshot of this host (or read one) and evaluate the checks")
      .option("--docker-host <url>", "Docker endpoint (default: $DOCKER_HOST, else unix:///var/run/docker.sock)")
      .option("--timeout <seconds>", `give up on a daemon that does not answer within this time: exit 3 (default ${DEFAULT_TIMEOUT_S})`, seconds("--timeout"))
      .option("--root <dir>", "root of the host filesystem to read (e.g. /host)", "/")
      .option("--snapshot <file>", "evaluate a saved snapshot instead of collecting"),
  ))
    .option("-f, --format <format>", `output format: ${formatNames().join(", ")}`, "table")
    .option("-o, --output <file>", "write the report to this file (atomically) instead of stdout")
    .option("--output-dir <dir>", "also write report.json, report.html, report.xml (JUnit) and report.hdf.json (Heimdall) here")
    .option("--evidence <dir>", "write an evidence bundle here: snapshot, reports and a manifest of digests (see: dockaudit verify)")
    .option("--sign-key <key>", "with --evidence: sign the manifest with this SSH key (Ed25519 or RSA; a private key file, or via ssh-agent)")
    .option("--config <file>", "read settings and waivers from this file (default: ./dockaudit.yaml, else /etc/dockaudit/dockaudit.yaml)")
    .option("--no-config", "read no configuration file")
    .addOption(new Option("--fail-on <severity>", "exit 1 only for failed checks of this severity or above").choices([...SEVERITIES]))
    .option("--min-score <n>", "exit 1 when the score is below this percentage", scorePercent)
    .option("--fail-on-error", "exit 1 when a check could not be decided", false)
    .option("--baseline <file>", "an accepted report.json: its failures do not fail the gate")
    .option("-q, --quiet", "print nothing unless the gate fails or the run errors (reports go to --output/--output-dir)", false)
    .option("--keep <n>", "with --output-dir: timestamped reports, keeping the newest N runs", positiveInt("--keep"))
    .option("--metrics-per-container", "prometheus: add per-container series (container names are unbounded labels)", false)
    .action(async (o: Omit<AuditOptions, "color" | "debug"> & { config?: string | false }, cmd: Command) => {
      const { opts: merged, waivers } = mergeConfig(cmd, o, await loadConfig(o.config));
      process.exitCode = await runAudit({ ...merged, waivers, argv: (program as unknown as { rawArgs: string[] }).rawArgs, color: colorWanted() && !merged.output && !merged.quiet, debug: program.opts().debug });
    });
  audit.exitOverride();

  addRemoteOptions(program
    .command("collect")
    .description("collect a snapshot of this host and save it as evidence")
    .option("--docker-host <url>", "Docker endpoint (default: $DOCKER_HOST, else unix:///var/run/docker.sock)")
    .option("--timeout <seconds>", `give up on a daemon that does not answer within this time: exit 3 (default ${DEFAULT_TIMEOUT_S})`, seconds("--timeout"))
    .option("--root <dir>", "root of the host filesystem to read", "/")
    .option("-o, --output <file>", "write the snapshot here (default: stdout)"))
    .action(async (o: { dockerHost?: string; root: string; output?: string; timeout?: number } & RemoteOptions) => {
      const snapshot = await collectLive(o);
      await emit(JSON.stringify(snapshot, null, 2) + "\n", o.output);
      process.exitCode = EXIT.ok;
    })
    .exitOverride();

  program
    .command("diff")
    .description("compare two report.json (or two fleet.json) files: findings that newly fail, newly pass, appeared, disappeared or changed status")
    .argument("<old>", "the earlier report.json or fleet.json")
    .argument("<new>", "the later report.json or fleet.json")
    .addOption(new Option("-f, --format <format>", "table or json").choices(["table", "json"]).default("table"))
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

  program
    .command("verify")
    .description("check an evidence bundle: only listed regular files, every digest matches, the snapshot yields the recorded verdicts and re-renders every report byte for byte")
    .argument("<dir>", "the directory written by audit --evidence")
    .option("--allowed-signers <file>", "require manifest.json.sig, signed by a key this file (OpenSSH allowed_signers format) allows")
    .action(async (dir: string, o: { allowedSigners?: string }) => {
      const reevaluate = withWaivers((snap, o: VerdictOptions) => evaluate(snap, { ...o, root: "/", format: "json", color: false, debug: false }));
      const allowed = o.allowedSigners ? { text: await readAllowedSigners(o.allowedSigners), file: o.allowedSigners } : undefined;
      const result = await verifyBundle(dir, reevaluate, allowed);
      // Names and values in these lines come from the bundle: one line each, no control characters.
      for (const line of result.lines) process.stdout.write(`${lineForTerminal(line)}\n`);
      for (const p of result.problems) process.stdout.write(`DIFFERS: ${lineForTerminal(p)}\n`);
      process.stdout.write(result.ok ? "verified\n" : `NOT verified: ${result.problems.length} problem(s)\n`);
      process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
    })
    .exitOverride();

  program
    .command("fleet")
    .description("audit every host of an inventory, or gather report.json files, into one fleet view (fleet.json, fleet.html, fleet.xml, fleet.prom)")
    .option("--inventory <file>", "YAML inventory of hosts to audit (name, docker_host, root, labels)")
    .option("--reports <dir-or-glob>", "build the fleet view from report.json files found here instead of auditing")
    .option("--output-dir <dir>", "write fleet.json, fleet.html, fleet.xml, fleet.prom here (and, with --inventory, <host>/report.json|html|xml)")
    .addOption(new Option("-f, --format <format>", "what to print").choices(["table", "json", "html", "junit", "prometheus"]).default("table"))
    .option("-o, --output <file>", "write the printed format to this file instead of stdout")
    .option("--concurrency <n>", "hosts audited at once", positiveInt("--concurrency"), 8)
    .option("--host-timeout <seconds>", "time one host's audit may take", positiveInt("--host-timeout"), 120)
    .addOption(new Option("--fail-on <severity>", "a host fails the gate only for failed checks of this severity or above").choices([...SEVERITIES]))
    .option("--min-score <n>", "a host below this score fails the gate", scorePercent)
    .option("--fail-on-error", "a host with an undecided check fails the gate", false)
    .option("-q, --quiet", "print nothing unless a gate fails or a host could not be audited", false)
    .option("--ssh-key <file>", "private key for the inventory's ssh hosts that name none (default: ssh-agent, ~/.ssh/config, ~/.ssh/id_*)")
    .option("--known-hosts <file>", "known_hosts file host keys are checked against (default ~/.ssh/known_hosts)")
    .option("--accept-new-host-key", "record unknown host keys instead of refusing them (a changed key is always refused)", false)
    .action(async (o: { inventory?: string; reports?: string; outputDir?: string; format: string; output?: string; concurrency: number; hostTimeout: number; failOn?: Severity; minScore?: number; failOnError?: boolean; quiet?: boolean } & RemoteOptions) => {
      const { runFleet } = await import("./fleet.js");
      const auditHost = async (h: { dockerHost?: string; root?: string; ssh?: string; sshKey?: string }) => {
        const snapshot = await collectLive({ dockerHost: h.dockerHost, root: h.root ?? "/", host: h.ssh, sshKey: h.sshKey ?? o.sshKey, knownHosts: o.knownHosts, acceptNewHostKey: o.acceptNewHostKey, timeoutFromCall: true });
        return evaluate(snapshot, { root: h.root ?? "/", benchmark: DEFAULT_BENCHMARK, check: [], skipCheck: [], include: [], exclude: [], label: [], all: false, format: "json", color: false, debug: false });
      };
      process.exitCode = await runFleet({
        inventory: o.inventory, reports: o.reports, outputDir: o.outputDir, format: o.format, output: o.output, quiet: o.quiet,
        concurrency: o.concurrency, hostTimeout: o.hostTimeout, gate: { failOn: o.failOn, minScore: o.minScore, failOnError: o.failOnError },
      }, auditHost);
    })
    .exitOverride();

  // dockaudit watch (src/cli/watch.ts): its own options live there; the audit is reached through this adapter only.
  addWatchCommand(program, (cmd) => addSelectionOptions(cmd
    .option("--docker-host <url>", "Docker endpoint (default: $DOCKER_HOST, else unix:///var/run/docker.sock)")
    .option("--timeout <seconds>", `give up on a daemon that does not answer within this time: exit 3 at start, a reconnect later (default ${DEFAULT_TIMEOUT_S})`, seconds("--timeout"))
    .option("--root <dir>", "root of the host filesystem to read (e.g. /host)", "/")), watchAudit, () => program.opts().debug === true);

  program
    .command("checks")
    .description("list the catalog: id, key, level, automated, title")
    .addOption(new Option("--benchmark <version>", "CIS Docker Benchmark version").choices([...BENCHMARK_VERSIONS]).default(DEFAULT_BENCHMARK))
    .addOption(new Option("-f, --format <format>", "text, markdown or json").choices(["text", "markdown", "json"]).default("text"))
    .action((o: { benchmark: BenchmarkVersion; format: string }) => {
      process.stdout.write(listChecks(o.benchmark, o.format));
      process.exitCode = EXIT.ok;
    })
    .exitOverride();

  return program;
}

/** The audit as `dockaudit watch` calls it: the same collection, evaluation and waivers as `audit`. */
const watchAudit: AuditAdapter = {
  collect: (o) => collectLive({ ...o, timeoutFromCall: true }),
  evaluate: (snapshot, o) => {
    const report = evaluate(snapshot, { ...o, color: false, debug: false });
    return o.waivers.length ? applyWaivers(report, o.waivers, subjectFactsFromSnapshot(snapshot)) : report;
  },
  validate: (o) => void selectChecks(catalog, o.benchmark, { check: o.check, skipCheck: o.skipCheck, level: o.level }),
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
    if (message) process.stderr.write(`dockaudit: ${lineForTerminal(message)}\n`);
    if (argv.includes("--debug") && e instanceof Error && !(e instanceof CommanderError)) process.stderr.write(`${forTerminal(e.stack)}\n`);
    return code;
  }
}
