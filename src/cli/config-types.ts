// What config.ts (finding and merging dockaudit.yaml) and config-file.ts (parsing and validating it, loaded only
// when a file exists) share, kept apart so that neither imports the other.
import { UsageError } from "../engine/select.js";
import type { BenchmarkVersion, Severity } from "../engine/types.js";
import type { Waiver } from "../engine/waivers.js";

export class ConfigError extends UsageError {}

export interface ConfigFile {
  benchmark?: BenchmarkVersion;
  checks?: string[];
  skipChecks?: string[];
  level?: 1 | 2;
  dockerHost?: string;
  root?: string;
  containers?: { include?: string[]; exclude?: string[]; labels?: string[]; all?: boolean };
  trustedUsers?: string[];
  maxImageAge?: number;
  gates?: { failOn?: Severity; minScore?: number; failOnError?: boolean; baseline?: string };
  output?: { format?: string; output?: string; outputDir?: string; keep?: number; quiet?: boolean; metricsPerContainer?: boolean };
  waivers?: Waiver[];
  /** An attestation file (--attestations), relative to the configuration's directory. */
  attestations?: string;
  asff?: { account?: string; region?: string; productArn?: string };
}

export interface LoadedConfig {
  file: string;
  config: ConfigFile;
  /** "file:line:col" of a path in the document (the key for a key, else the value). */
  where(path: (string | number)[]): string;
}
