// Every option of the command line, declared once. From this table come: the commander flags of each command (with
// their help, grouped for --help: src/cli/flags.ts), the mapping of dockaudit.yaml onto them (src/cli/config.ts; the
// schema schemas/config.schema.json is tested against this table), which settings `fleet` applies to every host, and
// which settings an evidence manifest records and `verify` re-evaluates with (src/evidence/manifest.ts).
//
// HOW TO ADD AN OPTION: add one entry to OPTIONS below, in the group it belongs to (the order here is the order in
// --help), and:
//   - name: commander's attribute name (camelCase of the long flag), the key in the parsed options;
//   - commands: the commands that take it; a command may override help, default, choices or parse for itself;
//   - config: its path in dockaudit.yaml, if the file may set it; then add the same key to
//     schemas/config.schema.json (test/catalog/options.test.ts fails until the two agree);
//   - group "check": it changes a verdict, so the evidence manifest records it and verify re-evaluates with it; add
//     it to VerdictSettings (src/engine/audit.ts) and hand it to the checks there;
//   - fleetFromConfig: fleet applies the config file's value to every host it audits;
//   - common: listed under "Most used options" in `dockaudit --help`.
// Then read it from the command's options object (its type lives beside the command: AuditOptions in cli/main.ts).
// Nothing else declares the flag, its help or its default.

import { BENCHMARK_VERSIONS, DEFAULT_BENCHMARK, SEVERITIES } from "../engine/types.js";
import { formatNames } from "../report/index.js";

/** A value on the command line that an option does not take; the CLI turns it into a usage error (exit 2). */
export class OptionValueError extends Error {}

export type CommandName = "program" | "audit" | "collect" | "diff" | "verify" | "fleet" | "checks" | "watch";

/** Where an option is listed in a command's --help. */
export type OptionGroup = "target" | "check" | "output" | "gates" | "general";

export const GROUP_HEADINGS: Readonly<Record<OptionGroup, string>> = {
  target: "What to audit:",
  check: "What to check:",
  output: "Output:",
  gates: "Gates:",
  general: "Options:",
};

/** The type of the value, as the config file (and an evidence manifest) holds it. */
export type ValueType = "string" | "strings" | "boolean" | "integer" | "number" | "enum" | "flag";

/** Parses one command-line value (with the value so far, for repeatable options); throws OptionValueError. */
export type Parse = (value: string, previous: unknown) => unknown;

/** What may differ between the commands that share an option. */
export interface OptionVariant {
  help: string;
  default?: unknown;
  /** Allowed values, listed in --help (commander's choices: strings). */
  choices?: readonly string[];
  parse?: Parse;
  group?: OptionGroup;
}

export interface OptionSpec extends OptionVariant {
  name: string;
  /** The long flag with its value placeholder: "--max-image-age <days>", "--all", "--no-config". */
  flag: string;
  short?: `-${string}`;
  type: ValueType;
  group: OptionGroup;
  commands: Partial<Record<CommandName, Partial<OptionVariant> | true>>;
  /** The path in dockaudit.yaml. */
  config?: readonly string[];
  /** The config file's value is a path, resolved against the file's directory. */
  isPath?: boolean;
  /** For "enum": the values the config file (and a manifest) takes, when they are not the choices' strings. */
  values?: readonly (string | number)[];
  /** fleet takes the config file's value and applies it to every host it audits. */
  fleetFromConfig?: boolean;
  /** Shown in `dockaudit --help` among the most used options. */
  common?: boolean;
  /** There, this shorter help (else the help up to its first parenthesis, colon or semicolon). */
  brief?: string;
}

/** A duration: seconds, or with a unit (90, 90s, 10m, 1h, 200ms), above 0 and at most a week. */
export function duration(flag: string): Parse {
  return (v) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
    const n = m ? Number(m[1]) * ({ ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? "s"] ?? 1) : NaN;
    if (!Number.isFinite(n) || n <= 0 || n > 7 * 86400) throw new OptionValueError(`${flag} takes a duration above 0: 90, 90s, 10m, 1h`);
    return n;
  };
}

/** Comma-separated and repeatable: `--check 5.4,2 --check 1.1`. */
export const list: Parse = (value, prev) => [...((prev as string[] | undefined) ?? []), ...value.split(",").map((s) => s.trim()).filter(Boolean)];

export function positiveInt(flag: string): Parse {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new OptionValueError(`${flag} takes a whole number above 0`);
    return n;
  };
}

/** Seconds, above 0 (fractions allowed). */
export function seconds(flag: string): Parse {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n <= 0 || n > 86400) throw new OptionValueError(`${flag} takes a number of seconds above 0`);
    return n;
  };
}

export const scorePercent: Parse = (v) => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) throw new OptionValueError("--min-score takes a percentage from 0 to 100");
  return n;
};

export const DEFAULT_TIMEOUT_S = 10;

const REMOTE = "audit another host over SSH: ssh://[user@]host[:port] (nothing is installed there; --docker-host then names a socket on that host)";

export const OPTIONS: readonly OptionSpec[] = [
  // ---------------------------------------------------------------- general
  { name: "debug", flag: "--debug", type: "flag", group: "general", help: "print stack traces for errors", default: false, commands: { program: true } },
  // ---------------------------------------------------------------- what to audit
  { name: "inventory", flag: "--inventory <file>", type: "string", group: "target", help: "YAML inventory of hosts to audit (name, docker_host, root, labels)", commands: { fleet: true } },
  { name: "reports", flag: "--reports <dir-or-glob>", type: "string", group: "target", help: "build the fleet view from the dockaudit reports below this directory (recognised by content, any file name) instead of auditing", commands: { fleet: true } },
  { name: "dockerHost", flag: "--docker-host <url>", type: "string", group: "target", config: ["dockerHost"], help: "Docker endpoint (default: $DOCKER_HOST, else unix:///var/run/docker.sock)", commands: { watch: true, audit: true, collect: true } },
  {
    name: "timeout", flag: "--timeout <seconds>", type: "number", group: "target", parse: seconds("--timeout"),
    help: `give up on a daemon that does not answer within this time: exit 3 (default ${DEFAULT_TIMEOUT_S})`, commands: { watch: { help: "give up on a daemon that does not answer within this time: exit 3 at start, a reconnect later (default 10)" }, audit: true, collect: true },
  },
  {
    name: "root", flag: "--root <dir>", type: "string", group: "target", config: ["root"], isPath: true, default: "/",
    help: "root of the host filesystem to read (e.g. /host)", commands: { watch: true, audit: true, collect: { help: "root of the host filesystem to read" } },
  },
  { name: "snapshot", flag: "--snapshot <file>", type: "string", group: "target", help: "evaluate a saved snapshot instead of collecting", commands: { audit: true }, common: true },
  { name: "host", flag: "--host <ssh-url>", type: "string", group: "target", help: REMOTE, commands: { audit: true, collect: true }, common: true },
  {
    name: "sshKey", flag: "--ssh-key <file>", type: "string", group: "target",
    help: "private key for --host (default: ssh-agent, the host's IdentityFile in ~/.ssh/config, ~/.ssh/id_*)",
    commands: { audit: true, collect: true, fleet: { help: "private key for the inventory's ssh hosts that name none (default: ssh-agent, ~/.ssh/config, ~/.ssh/id_*)" } },
  },
  {
    name: "knownHosts", flag: "--known-hosts <file>", type: "string", group: "target",
    help: "known_hosts file the host key is checked against (default ~/.ssh/known_hosts)",
    commands: { audit: true, collect: true, fleet: { help: "known_hosts file host keys are checked against (default ~/.ssh/known_hosts)" } },
  },
  {
    name: "acceptNewHostKey", flag: "--accept-new-host-key", type: "flag", group: "target", default: false,
    help: "record the key of a host with none recorded instead of refusing it (a host with any key recorded, of any type, that offers none of them is always refused)",
    commands: { audit: true, collect: true, fleet: { help: "record the keys of hosts with none recorded instead of refusing them (a host with any key recorded, of any type, that offers none of them is always refused)" } },
  },
  // Compose mode (issue 22, docs/compose.md): a project judged before deployment; only --docker-host contacts a daemon.
  { name: "compose", flag: "--compose <file>", type: "strings", group: "target", parse: (v, prev) => [...((prev as string[] | undefined) ?? []), v], help: "judge a Compose project before deployment (repeatable, merged in order like docker compose -f; - reads stdin)", commands: { audit: true }, common: true, brief: "judge a Compose project before deployment" },
  { name: "projectName", flag: "--project-name <name>", type: "string", group: "target", help: "with --compose: the Compose project name (default: COMPOSE_PROJECT_NAME, the file's name:, its directory)", commands: { audit: true } },
  { name: "envFile", flag: "--env-file <file>", type: "string", group: "target", help: "with --compose: read variables from this file instead of the project directory's .env", commands: { audit: true } },
  { name: "profile", flag: "--profile <name>", type: "strings", group: "target", parse: (v, prev) => [...((prev as string[] | undefined) ?? []), v], help: "with --compose: activate this Compose profile (repeatable; COMPOSE_PROFILES also counts)", commands: { audit: true } },
  { name: "daemonConfig", flag: "--daemon-config <file>", type: "string", group: "target", help: "with --compose: the target daemon's daemon.json, for verdicts that depend on it (without --docker-host)", commands: { audit: true } },
  { name: "concurrency", flag: "--concurrency <n>", type: "integer", group: "target", help: "hosts audited at once", parse: positiveInt("--concurrency"), default: 8, commands: { fleet: true } },
  { name: "hostTimeout", flag: "--host-timeout <seconds>", type: "integer", group: "target", help: "time one host's audit may take", parse: positiveInt("--host-timeout"), default: 120, commands: { fleet: true } },

  // ---------------------------------------------------------------- what to check (changes verdicts: recorded in evidence)
  {
    name: "benchmark", flag: "--benchmark <version>", type: "enum", group: "check", config: ["benchmark"], fleetFromConfig: true,
    help: "CIS Docker Benchmark version", choices: BENCHMARK_VERSIONS, default: DEFAULT_BENCHMARK, commands: { watch: true, audit: true, checks: true }, common: true,
  },
  {
    name: "check", flag: "--check <ids>", type: "strings", group: "check", config: ["checks"], fleetFromConfig: true, parse: list, default: [],
    help: "run only these checks: ids, section prefixes (5, 1.1) or keys; comma-separated, repeatable", commands: { watch: true, audit: true }, common: true,
  },
  { name: "skipCheck", flag: "--skip-check <ids>", type: "strings", group: "check", config: ["skipChecks"], fleetFromConfig: true, parse: list, default: [], help: "skip these checks (same forms as --check)", commands: { watch: true, audit: true } },
  {
    // commander's choices() and then argParser(): the parser replaces the choices' own check (as it always did here).
    name: "level", flag: "--level <n>", type: "enum", group: "check", config: ["level"], fleetFromConfig: true, choices: ["1", "2"], values: [1, 2],
    parse: (v) => Number(v) as 1 | 2, help: "profile level: 1 runs level-1 checks only, 2 runs all", commands: { watch: true, audit: true },
  },
  { name: "include", flag: "--include <globs>", type: "strings", group: "check", config: ["containers", "include"], fleetFromConfig: true, parse: list, default: [], help: "judge only containers whose name matches", commands: { watch: true, audit: true } },
  { name: "exclude", flag: "--exclude <globs>", type: "strings", group: "check", config: ["containers", "exclude"], fleetFromConfig: true, parse: list, default: [], help: "leave out containers whose name matches", commands: { watch: true, audit: true } },
  { name: "label", flag: "--label <key[=value]>", type: "strings", group: "check", config: ["containers", "labels"], fleetFromConfig: true, parse: list, default: [], help: "judge only containers with this label", commands: { watch: true, audit: true } },
  { name: "all", flag: "--all", type: "boolean", group: "check", config: ["containers", "all"], fleetFromConfig: true, default: false, help: "judge stopped containers too (default: running ones, as CIS says)", commands: { watch: true, audit: true } },
  { name: "trustedUsers", flag: "--trusted-users <users>", type: "strings", group: "check", config: ["trustedUsers"], fleetFromConfig: true, parse: list, help: "users allowed in the docker group (check 1.1.2)", commands: { watch: true, audit: true } },
  {
    name: "maxImageAge", flag: "--max-image-age <days>", type: "integer", group: "check", config: ["maxImageAge"], fleetFromConfig: true, parse: positiveInt("--max-image-age"),
    help: "age above which an image in use is stale", commands: { watch: true, audit: true },
  },
  // Answers to manual checks (issue 23, docs/grc.md). They change verdicts, but an evidence bundle holds the file
  // itself (attestations.yaml, with its digest), not this path: left out of VERDICT_OPTIONS below.
  { name: "attestations", flag: "--attestations <file>", type: "string", group: "check", config: ["attestations"], isPath: true, help: "YAML answers to manual checks (pass or fail, by whom, when, until when); see docs/grc.md", commands: { audit: true } },

  // ---------------------------------------------------------------- output
  {
    name: "format", flag: "--format <format>", short: "-f", type: "string", group: "output", config: ["output", "format"], default: "table",
    help: `output format: ${formatNames().join(", ")}`, common: true,
    commands: {
      audit: true,
      fleet: { help: "what to print", choices: ["table", "json", "html", "junit", "prometheus"] },
      diff: { help: "table or json", choices: ["table", "json"] },
      checks: { help: "text, markdown or json", choices: ["text", "markdown", "json"], default: "text" },
    },
  },
  {
    name: "output", flag: "--output <file>", short: "-o", type: "string", group: "output", config: ["output", "output"], isPath: true, common: true,
    help: "write the report to this file (atomically) instead of stdout",
    commands: { audit: true, collect: { help: "write the snapshot here (default: stdout)" }, fleet: { help: "write the printed format to this file instead of stdout" } },
  },
  {
    name: "outputDir", flag: "--output-dir <dir>", type: "string", group: "output", config: ["output", "outputDir"], isPath: true, common: true,
    help: "also write report.json, report.html, report.xml (JUnit) and report.hdf.json (Heimdall) here",
    commands: { watch: { help: "rewrite report.json, report.html, report.xml and report.hdf.json here after changes (debounced)" }, audit: true, fleet: { help: "write fleet.json, fleet.html, fleet.xml, fleet.prom here (and, with --inventory, fleet.oscal.json and <host>/report.json|html|xml)" } },
  },
  { name: "evidence", flag: "--evidence <dir>", type: "string", group: "output", help: "write an evidence bundle here: snapshot, reports and a manifest of digests (see: dockaudit verify)", commands: { audit: true }, common: true },
  { name: "signKey", flag: "--sign-key <key>", type: "string", group: "output", help: "with --evidence: sign the manifest with this SSH key (Ed25519 or RSA; a private key file, or via ssh-agent)", commands: { audit: true } },
  {
    name: "quiet", flag: "--quiet", short: "-q", type: "boolean", group: "output", config: ["output", "quiet"], default: false,
    help: "print nothing unless the gate fails or the run errors (reports go to --output/--output-dir)",
    commands: { audit: true, fleet: { help: "print nothing unless a gate fails or a host could not be audited" } },
  },
  { name: "keep", flag: "--keep <n>", type: "integer", group: "output", config: ["output", "keep"], parse: positiveInt("--keep"), help: "with --output-dir: timestamped reports, keeping the newest N runs", commands: { audit: true } },
  {
    name: "metricsPerContainer", flag: "--metrics-per-container", type: "boolean", group: "output", config: ["output", "metricsPerContainer"], default: false,
    help: "prometheus: add per-container series (container names are unbounded labels)", commands: { audit: true },
  },
  { name: "verbose", flag: "--verbose", short: "-v", type: "boolean", group: "output", default: false, help: "with --reports: list the files passed over as not being dockaudit reports", commands: { fleet: true } },
  // GRC outputs (issue 23, docs/grc.md): AWS Security Hub.
  { name: "asffAccount", flag: "--asff-account <id>", type: "string", group: "output", config: ["asff", "account"], help: "-f asff: the 12-digit AWS account id the findings belong to", commands: { audit: true } },
  { name: "asffRegion", flag: "--asff-region <region>", type: "string", group: "output", config: ["asff", "region"], help: "-f asff: the region of the default product ARN arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default", commands: { audit: true } },
  { name: "asffProductArn", flag: "--asff-product-arn <arn>", type: "string", group: "output", config: ["asff", "productArn"], help: "-f asff: the Security Hub product ARN (default: the account's default product in --asff-region)", commands: { audit: true } },
  { name: "asffBatchDir", flag: "--asff-batch-dir <dir>", type: "string", group: "output", help: "-f asff: also write the findings here as batch-NNN.json files of at most 100 (one aws securityhub batch-import-findings call each)", commands: { audit: true } },
  // dockaudit watch (issue 24, docs/watch.md): where the verdicts go while it runs, and how often it looks again.
  { name: "listen", flag: "--listen <[addr:]port>", type: "string", group: "output", help: "serve /metrics and /healthz here (a port alone listens on 127.0.0.1)", commands: { watch: true } },
  { name: "textfile", flag: "--textfile <file>", type: "string", group: "output", help: "rewrite this Prometheus file atomically after every evaluation (node_exporter's textfile collector)", commands: { watch: true } },
  { name: "changes", flag: "--changes <file>", type: "string", group: "output", help: "append one JSON line per verdict change here instead of standard output", commands: { watch: true } },
  { name: "containerSeries", flag: "--no-container-series", type: "flag", group: "output", help: "leave out every series labelled with a container name (label cardinality)", commands: { watch: true } },
  { name: "resync", flag: "--resync <duration>", type: "number", group: "target", parse: duration("--resync"), default: 600, help: "collect and evaluate everything again this often (90, 90s, 10m, 1h; default 10m)", commands: { watch: true } },
  { name: "debounce", flag: "--debounce <duration>", type: "number", group: "target", parse: duration("--debounce"), default: 0.2, help: "gather the events of this long into one evaluation (default 200ms)", commands: { watch: true } },
  { name: "allowedSigners", flag: "--allowed-signers <file>", type: "string", group: "general", help: "require manifest.json.sig, signed by a key this file (OpenSSH allowed_signers format) allows", commands: { verify: true } },

  // ---------------------------------------------------------------- gates
  {
    name: "failOn", flag: "--fail-on <severity>", type: "enum", group: "gates", config: ["gates", "failOn"], fleetFromConfig: true, choices: SEVERITIES, common: true, brief: "exit 1 for failed checks of this severity and up",
    help: "exit 1 only for failed checks of this severity or above", commands: { audit: true, fleet: { help: "a host fails the gate only for failed checks of this severity or above" } },
  },
  {
    name: "minScore", flag: "--min-score <n>", type: "number", group: "gates", config: ["gates", "minScore"], fleetFromConfig: true, parse: scorePercent,
    help: "exit 1 when the score is below this percentage", commands: { audit: true, fleet: { help: "a host below this score fails the gate" } },
  },
  {
    name: "failOnError", flag: "--fail-on-error", type: "boolean", group: "gates", config: ["gates", "failOnError"], fleetFromConfig: true, default: false,
    help: "exit 1 when a check could not be decided", commands: { audit: true, fleet: { help: "a host with an undecided check fails the gate" } },
  },
  { name: "baseline", flag: "--baseline <file>", type: "string", group: "gates", config: ["gates", "baseline"], isPath: true, help: "an accepted report.json: its failures do not fail the gate", commands: { audit: true } },

  // ---------------------------------------------------------------- general (listed last, beside --help)
  {
    name: "config", flag: "--config <file>", type: "string", group: "general",
    help: "read settings and waivers from this file (default: ./dockaudit.yaml, else /etc/dockaudit/dockaudit.yaml)",
    commands: { audit: true, fleet: { help: "read selection settings, waivers and gates from this file (default: ./dockaudit.yaml, else /etc/dockaudit/dockaudit.yaml)" }, watch: { help: "read settings and waivers from this file (default: ./dockaudit.yaml, else /etc/dockaudit/dockaudit.yaml); SIGHUP reads it again" } },
  },
  { name: "config", flag: "--no-config", type: "flag", group: "general", help: "read no configuration file", commands: { audit: true, fleet: true, watch: true } },

];

/** An option as one command takes it: the shared declaration with that command's variant applied. */
export type CommandOption = Omit<OptionSpec, "commands">;

export function optionsOf(command: CommandName): CommandOption[] {
  return OPTIONS.flatMap((spec) => {
    const variant = spec.commands[command];
    if (!variant) return [];
    const { commands: _commands, ...shared } = spec;
    return [variant === true ? shared : { ...shared, ...variant }];
  });
}

/** Options the config file may set (one entry per name, with its path). */
export const CONFIG_OPTIONS: readonly (OptionSpec & { config: readonly string[] })[] = OPTIONS.filter((o): o is OptionSpec & { config: readonly string[] } => o.config !== undefined);

/** The settings that change a verdict, in the table's order: what an evidence manifest records. */
export const VERDICT_OPTIONS: readonly OptionSpec[] = OPTIONS.filter((o) => o.group === "check" && o.name !== "attestations");

/** The names fleet takes from the config file for every host. */
export const FLEET_CONFIG_NAMES: ReadonlySet<string> = new Set(OPTIONS.filter((o) => o.fleetFromConfig).map((o) => o.name));
