// The audit command's options as the command line hands them over (declared in the option table,
// src/settings/options.ts): kept apart from main.ts so that the modules main.ts loads can name them without a cycle.
import type { VerdictSettings } from "../engine/audit.js";
import type { Severity } from "../engine/types.js";
import type { Waiver } from "../engine/waivers.js";

export interface ComposeOptions {
  /** --compose (repeatable, merged in order; "-" is standard input). */
  compose?: string[];
  projectName?: string;
  envFile?: string;
  profile?: string[];
  daemonConfig?: string;
}

/** `--host ssh://…` and how to authenticate and trust it. */
export interface RemoteOptions {
  host?: string;
  sshKey?: string;
  acceptNewHostKey?: boolean;
  knownHosts?: string;
}

/** The audit command's options (declared in the option table, src/settings/options.ts); the verdict settings are the service's. */
export interface AuditOptions extends RemoteOptions, ComposeOptions, Omit<VerdictSettings, "waivers"> {
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
