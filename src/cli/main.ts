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
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { applyAttestations } from "../engine/attestations.js";
import { asffBatches, asffFindings, asffProductArn, type AsffOptions } from "../report/asff.js";
import { loadAttestations, type LoadedAttestations } from "./attestations.js";
import type { PlannedFile } from "./outputs.js";
import { forTerminal, lineForTerminal } from "../terminal.js";
import { endpointSafeToShow, redactLabelPair } from "../collect/redact.js";
import type { ComposeOptions } from "./compose.js";

export interface AuditOptions extends RemoteOptions, ComposeOptions {
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
  /** Containers were selected on the command line or in the config file: a snapshot's recorded selection is not used. */
  selectionGiven?: boolean;
  /** With outputDir: timestamped report files, keeping the newest N runs. */
  keep?: number;
  metricsPerContainer?: boolean;
  /** GRC outputs (issue 23): answers to manual checks, and the ASFF account and product. */
  attestations?: string;
  asffProductArn?: string;
  asffAccount?: string;
  asffRegion?: string;
  asffBatchDir?: string;
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
  const { openSshHost, SshConnectError } = await import("../collect/ssh.js");
  const t = timeouts(opts.timeout, since);
  const remote = await openSshHost(opts.host, { identityFile: opts.sshKey, acceptNewHostKey: opts.acceptNewHostKey, knownHostsFile: opts.knownHosts, requestTimeoutMs: t.timeoutMs });
  try {
    const snapshot = await collectSnapshot({ root: "/", dockerHost: opts.dockerHost, toolVersion: TOOL_VERSION, onProgress: opts.onProgress, remote, ...t });
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

function addRemoteOptions(cmd: Command): Command {
  return cmd
    .option("--host <ssh-url>", "audit another host over SSH: ssh://[user@]host[:port] (nothing is installed there; --docker-host then names a socket on that host)")
    .option("--ssh-key <file>", "private key for --host (default: ssh-agent, the host's IdentityFile in ~/.ssh/config, ~/.ssh/id_*)")
    .option("--known-hosts <file>", "known_hosts file the host key is checked against (default ~/.ssh/known_hosts)")
    .option("--accept-new-host-key", "record the key of a host with none recorded instead of refusing it (a host with any key recorded, of any type, that offers none of them is always refused)", false);
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
  const grc = await grcInputs(opts);
  const progress = progressLine(process.stderr, { quiet: opts.quiet });
  if (opts.snapshot && opts.host) throw new UsageError("--snapshot and --host cannot be combined");
  let snapshot: Snapshot;
  let report: AuditReport;
  let lookup;
  if (opts.compose?.length) {
    // A Compose project judged before deployment (src/cli/compose.ts); only --docker-host contacts a daemon.
    const { composeAudit } = await import("./compose.js");
    ({ snapshot, report, lookup } = await composeAudit(opts, (o) => collectLive({ ...opts, host: undefined, ...o }), progress.onProgress).finally(progress.done));
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
    report = evaluate(snapshot, opts);
    lookup = subjectFactsFromSnapshot(snapshot);
  }
  // Attestations answer manual findings first; a waiver may then cover an attested failure.
  if (grc.attestations?.attestations.length) report = applyAttestations(report, grc.attestations.attestations, lookup);
  if (opts.waivers?.length) report = applyWaivers(report, opts.waivers, lookup);
  const text = render(report, { color: opts.color, metricsPerContainer: opts.metricsPerContainer, baseline, asff: grc.asff });
  // node_exporter usually runs as another user than the audit: the metrics file must be world-readable.
  const textMode = opts.format === "prometheus" ? 0o644 : undefined;
  if (!opts.output && !opts.quiet) await emit(text);
  const gate = evaluateGates(report, { failOn: opts.failOn, minScore: opts.minScore, failOnError: opts.failOnError, baseline });
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

function addGrcOptions(cmd: Command): Command {
  return cmd
    .option("--attestations <file>", "YAML answers to manual checks (pass or fail, by whom, when, until when); see docs/grc.md")
    .option("--asff-account <id>", "-f asff: the 12-digit AWS account id the findings belong to")
    .option("--asff-region <region>", "-f asff: the region of the default product ARN arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default")
    .option("--asff-product-arn <arn>", "-f asff: the Security Hub product ARN (default: the account's default product in --asff-region)")
    .option("--asff-batch-dir <dir>", "-f asff: also write the findings here as batch-NNN.json files of at most 100 (one aws securityhub batch-import-findings call each)");
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
      writeErr: (s) => process.stderr.write(forTerminal(endpointSafeToShow(s))),
      outputError: (s, write) => write(`dockaudit: ${s.replace(/^error: /, "")}`),
    });

  const audit: Command = addSelectionOptions(addRemoteOptions(
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
    // `audit` is the default command and takes no arguments: a stray word is a mistyped command (`dockaudit audti`),
    // not "too many arguments for 'audit'".
    .allowExcessArguments(true)
    // ---- Compose mode (issue 22; docs/compose.md): one block, to move into the declarative option table as a whole.
    .option("--compose <file>", "judge a Compose project before deployment (repeatable, merged in order like docker compose -f; - reads stdin)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--project-name <name>", "with --compose: the Compose project name (default: COMPOSE_PROJECT_NAME, the file's name:, its directory)")
    .option("--env-file <file>", "with --compose: read variables from this file instead of the project directory's .env")
    .option("--profile <name>", "with --compose: activate this Compose profile (repeatable; COMPOSE_PROFILES also counts)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--daemon-config <file>", "with --compose: the target daemon's daemon.json, for verdicts that depend on it (without --docker-host)");
  addGrcOptions(audit)
    .action(async (o: Omit<AuditOptions, "color" | "debug"> & { config?: string | false }, cmd: Command) => {
      if (cmd.args.length) throw new UsageError(unknownCommand(cmd.args[0] ?? "", program.commands.map((c) => c.name())));
      const loaded = await loadConfig(o.config);
      const { opts: merged, waivers } = mergeConfig(cmd, o, loaded);
      const selectionGiven = ["all", "include", "exclude", "label"].some((k) => ["cli", "env"].includes(cmd.getOptionValueSource(k) ?? "")) ||
        Object.keys(loaded?.config.containers ?? {}).length > 0;
      process.exitCode = await runAudit({ ...merged, waivers, selectionGiven, argv: (program as unknown as { rawArgs: string[] }).rawArgs, color: colorWanted() && !merged.output && !merged.quiet, debug: program.opts().debug });
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
    .option("--reports <dir-or-glob>", "build the fleet view from the dockaudit reports below this directory (recognised by content, any file name) instead of auditing")
    .option("--output-dir <dir>", "write fleet.json, fleet.html, fleet.xml, fleet.prom here (and, with --inventory, fleet.oscal.json and <host>/report.json|html|xml)")
    .addOption(new Option("-f, --format <format>", "what to print").choices(["table", "json", "html", "junit", "prometheus"]).default("table"))
    .option("-o, --output <file>", "write the printed format to this file instead of stdout")
    .option("--concurrency <n>", "hosts audited at once", positiveInt("--concurrency"), 8)
    .option("--host-timeout <seconds>", "time one host's audit may take", positiveInt("--host-timeout"), 120)
    .addOption(new Option("--fail-on <severity>", "a host fails the gate only for failed checks of this severity or above").choices([...SEVERITIES]))
    .option("--min-score <n>", "a host below this score fails the gate", scorePercent)
    .option("--fail-on-error", "a host with an undecided check fails the gate", false)
    .option("-q, --quiet", "print nothing unless a gate fails or a host could not be audited", false)
    .option("-v, --verbose", "with --reports: list the files passed over as not being dockaudit reports", false)
    .option("--ssh-key <file>", "private key for the inventory's ssh hosts that name none (default: ssh-agent, ~/.ssh/config, ~/.ssh/id_*)")
    .option("--known-hosts <file>", "known_hosts file host keys are checked against (default ~/.ssh/known_hosts)")
    .option("--accept-new-host-key", "record the keys of hosts with none recorded instead of refusing them (a host with any key recorded, of any type, that offers none of them is always refused)", false)
    .action(async (o: { inventory?: string; reports?: string; outputDir?: string; format: string; output?: string; concurrency: number; hostTimeout: number; failOn?: Severity; minScore?: number; failOnError?: boolean; quiet?: boolean; verbose?: boolean } & RemoteOptions) => {
      const { runFleet } = await import("./fleet.js");
      const auditHost = async (h: { dockerHost?: string; root?: string; ssh?: string; sshKey?: string }) => {
        const snapshot = await collectLive({ dockerHost: h.dockerHost, root: h.root ?? "/", host: h.ssh, sshKey: h.sshKey ?? o.sshKey, knownHosts: o.knownHosts, acceptNewHostKey: o.acceptNewHostKey, timeoutFromCall: true });
        return evaluate(snapshot, { root: h.root ?? "/", benchmark: DEFAULT_BENCHMARK, check: [], skipCheck: [], include: [], exclude: [], label: [], all: false, format: "json", color: false, debug: false });
      };
      process.exitCode = await runFleet({
        inventory: o.inventory, reports: o.reports, outputDir: o.outputDir, format: o.format, output: o.output, quiet: o.quiet, verbose: o.verbose,
        concurrency: o.concurrency, hostTimeout: o.hostTimeout, gate: { failOn: o.failOn, minScore: o.minScore, failOnError: o.failOnError },
      }, auditHost);
    })
    .exitOverride();

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
