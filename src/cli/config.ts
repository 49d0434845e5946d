// dockaudit.yaml: found in the working directory, else /etc/dockaudit/, or named with --config. Validated against
// schemas/config.schema.json; every error is one line naming the file, line, column and key (exit 2). Flags given
// on the command line win over the file; the file wins over built-in defaults.

import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { catalog } from "../../checks/index.js";
import { parseReport } from "../engine/diff.js";
import { checkId, UsageError } from "../engine/select.js";
import { formatNames, reporters } from "../report/index.js";
import type { AuditReport, Severity } from "../engine/types.js";
import type { Waiver } from "../engine/waivers.js";
import { ConfigError, type ConfigFile, type LoadedConfig } from "./config-types.js";

export { ConfigError, type ConfigFile, type LoadedConfig } from "./config-types.js";
import type { VerdictSettings } from "../engine/audit.js";
import { CONFIG_OPTIONS, FLEET_CONFIG_NAMES } from "../settings/options.js";

type Path = (string | number)[];

export const CONFIG_NAME = "dockaudit.yaml";
export const SYSTEM_CONFIG = "/etc/dockaudit/dockaudit.yaml";
/** A configuration is a few kilobytes; anything near this is a mistake or an attack (checked before reading). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The config file to use: --config, else ./dockaudit.yaml, else /etc/dockaudit/dockaudit.yaml, else none. */
export async function loadConfig(explicit: string | false | undefined, cwd = process.cwd()): Promise<LoadedConfig | null> {
  if (explicit === false) return null;
  const candidates = explicit ? [explicit] : [CONFIG_NAME, SYSTEM_CONFIG];
  for (const file of candidates) {
    let text: string;
    try {
      // Only a regular file, never blocking on a FIFO or reading a device, and at most MAX_CONFIG_BYTES; owned by
      // this user or root and writable by no one else (a configuration steers the audit and where it writes), found
      // in the working directory or named with --config alike (docs/hostile-hosts.md).
      text = (await readRegularFile(resolve(cwd, file), { maxBytes: MAX_CONFIG_BYTES, trustedOwner: true })).toString("utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!explicit && code === "ENOENT") continue;
      if (e instanceof UnreadableFileError && !e.code) throw new ConfigError(`${file}:1:1: the configuration ${e.message}${/owned|writable/.test(e.message) ? ": refusing it" : ""}`);
      // Say who named the file: only --config names one that must exist.
      if (explicit && code === "ENOENT") throw new ConfigError(`${file}: no such configuration file (named by --config; --no-config reads none)`);
      if (!explicit) throw new ConfigError(`${file}: cannot read the configuration found at this default location (${code ?? (e as Error).message}); name another with --config FILE or read none with --no-config`);
      throw new ConfigError(`${file}: cannot read the configuration (${code ?? (e as Error).message})`);
    }
    const { parseConfig } = await import("./config-file.js");
    return parseConfig(text, file);
  }
  return null;
}

/** A report.json or fleet.json file's text: a regular file only (a FIFO would block, /dev/zero never end), of bounded size. */
export async function readReportText(file: string): Promise<string> {
  try {
    const { MAX_REPORT_BYTES } = await import("../fleet/gather.js");
    return (await readRegularFile(file, { maxBytes: MAX_REPORT_BYTES })).toString("utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read the report (${e instanceof UnreadableFileError && !e.code ? e.message : ((e as NodeJS.ErrnoException).code ?? (e as Error).message)})`);
  }
}

export async function loadReportFile(file: string): Promise<AuditReport> {
  return parseReport(await readReportText(file), file);
}

/** Options of the audit command that the config file can set; the names are commander's attribute names. */
export type ConfigurableOptions = Omit<VerdictSettings, "waivers"> & {
  dockerHost?: string;
  root: string;
  failOn?: Severity;
  minScore?: number;
  failOnError?: boolean;
  baseline?: string;
  format: string;
  output?: string;
  outputDir?: string;
  keep?: number;
  quiet?: boolean;
  metricsPerContainer?: boolean;
  attestations?: string;
  asffAccount?: string;
  asffRegion?: string;
  asffProductArn?: string;
};

/** What `fleet` takes from the config file for every host it audits (the option table's fleetFromConfig). */
export const FLEET_CONFIGURABLE = FLEET_CONFIG_NAMES as ReadonlySet<keyof ConfigurableOptions>;

/** The config file's settings and the options they set: the option table's entries with a config path. */
const SETTINGS: { option: keyof ConfigurableOptions; path: Path; isPath?: boolean }[] = CONFIG_OPTIONS.map((o) => ({ option: o.name as keyof ConfigurableOptions, path: [...o.config], isPath: o.isPath }));

function valueAt(config: ConfigFile, path: Path): unknown {
  let v: unknown = config;
  for (const seg of path) v = v && typeof v === "object" ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** Whether the user gave this option on the command line (or through its environment variable). */
function fromUser(cmd: Command, option: string): boolean {
  const source = cmd.getOptionValueSource(option);
  return source === "cli" || source === "env";
}

/**
 * Merges the config file into the parsed options (the command line wins) and checks what the schema cannot:
 * that every waiver names a check of the selected benchmark.
 */
export function mergeConfig<T extends Partial<ConfigurableOptions> & Pick<ConfigurableOptions, "benchmark">>(cmd: Command, opts: T, loaded: LoadedConfig | null, only?: ReadonlySet<keyof ConfigurableOptions>): { opts: T; waivers: Waiver[] } {
  if (!loaded) return { opts, waivers: [] };
  const merged: T = { ...opts };
  const base = dirname(resolve(loaded.file));
  for (const s of SETTINGS) {
    if (only && !only.has(s.option)) continue;
    const v = valueAt(loaded.config, s.path);
    if (v === undefined || fromUser(cmd, s.option)) continue;
    (merged as Record<string, unknown>)[s.option] = s.isPath && typeof v === "string" ? resolve(base, v) : v;
  }
  const format = loaded.config.output?.format;
  if (format !== undefined && !fromUser(cmd, "format") && (!only || only.has("format")) && !reporters[format]) {
    throw new ConfigError(`${loaded.where(["output", "format"])}: unknown format "${format}" (known: ${formatNames().join(", ")})`);
  }
  const waivers = loaded.config.waivers ?? [];
  waivers.forEach((w, i) => {
    const known = catalog.some((c) => c.key === w.check || checkId(c, merged.benchmark) === w.check);
    if (!known) {
      throw new ConfigError(`${loaded.where(["waivers", i, "check"])}: waiver check "${w.check}" is neither a check id in CIS Docker Benchmark ${merged.benchmark} nor a check key (see: dockaudit checks --benchmark ${merged.benchmark})`);
    }
  });
  return { opts: merged, waivers };
}
