// dockaudit.yaml: found in the working directory, else /etc/dockaudit/, or named with --config. Validated against
// schemas/config.schema.json; every error is one line naming the file, line, column and key (exit 2). Flags given
// on the command line win over the file; the file wins over built-in defaults.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Command } from "commander";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { catalog } from "../../checks/index.js";
import { parseReport } from "../engine/diff.js";
import { checkId, UsageError } from "../engine/select.js";
import { formatNames, reporters } from "../report/index.js";
import type { AuditReport, BenchmarkVersion, Severity } from "../engine/types.js";
import type { Waiver } from "../engine/waivers.js";
import { PROJECT_ROOT } from "../version.js";

export class ConfigError extends UsageError {}

export const CONFIG_NAME = "dockaudit.yaml";
export const SYSTEM_CONFIG = "/etc/dockaudit/dockaudit.yaml";

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
}

export interface LoadedConfig {
  file: string;
  config: ConfigFile;
  /** "file:line:col" of a path in the document (the key for a key, else the value). */
  where(path: (string | number)[]): string;
}

type Path = (string | number)[];

let validator: ReturnType<Ajv2020["compile"]> | undefined;
function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas", "config.schema.json"), "utf8")));
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

/** The node at a path, and the key node that names it (when it sits in a mapping). */
function locate(doc: Document, path: Path): { node: Node | null; key: Node | null } {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) return { node, key };
      key = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === "number") {
      key = null;
      node = node.items[seg] as Node | null;
    } else break;
  }
  return { node, key };
}

function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function knownKeys(schemaAt: string): string[] {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas", "config.schema.json"), "utf8")) as Record<string, unknown>;
  let node: unknown = schema;
  for (const seg of schemaAt.split("/").filter((x) => x && x !== "#")) node = (node as Record<string, unknown>)?.[decodeURIComponent(seg)];
  const props = (node as { properties?: Record<string, unknown> })?.properties;
  return props ? Object.keys(props) : [];
}

function describe(err: ErrorObject, text: string, doc: Document): { path: Path; atKey: boolean; message: string } {
  const path: Path = err.instancePath.split("/").slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")));
  const name = dotted(path) || "the configuration";
  switch (err.keyword) {
    case "additionalProperties": {
      const extra = String(err.params.additionalProperty);
      const near = knownKeys(err.schemaPath.replace(/\/additionalProperties$/, "")).find((k) => editDistance(k, extra) <= 2);
      return { path: [...path, extra], atKey: true, message: `unknown key "${extra}"${near ? ` (did you mean "${near}"?)` : ""}` };
    }
    case "required":
      return { path, atKey: false, message: `${name} lacks the required key "${String(err.params.missingProperty)}"` };
    case "enum":
      return { path, atKey: false, message: `"${name}" must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    case "format":
      return { path, atKey: false, message: `"${name}" must be a date written YYYY-MM-DD` };
    case "type": {
      if (path.length === 0) return { path, atKey: false, message: "the configuration must be a mapping of settings (key: value)" };
      const { node } = locate(doc, path);
      const written = node?.range ? text.slice(node.range[0], node.range[1]).trim() : "";
      const quote = err.params.type === "string" && isScalar(node) && typeof node.value === "number" ? ` (quote it: "${written}")` : "";
      return { path, atKey: false, message: `"${name}" must be ${err.params.type === "array" ? "a list" : err.params.type === "object" ? "a mapping" : `a ${String(err.params.type)}`}${quote}` };
    }
    default:
      return { path, atKey: false, message: `"${name}" ${err.message ?? "is not valid"}` };
  }
}

export function parseConfig(text: string, file: string): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  const syntax = doc.errors[0];
  if (syntax) throw new ConfigError(`${at(syntax.pos[0])}: ${syntax.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim()}`);
  const where = (path: Path) => {
    const { node, key } = locate(doc, path);
    const n = key ?? node;
    return n?.range ? at(n.range[0]) : `${file}:1:1`;
  };
  const data = doc.toJS() ?? {};
  const errors = validate(data);
  const first = errors[0];
  if (first) {
    const d = describe(first, text, doc);
    const { node, key } = locate(doc, d.path);
    const n = d.atKey ? (key ?? node) : (node ?? key);
    throw new ConfigError(`${n?.range ? at(n.range[0]) : `${file}:1:1`}: ${d.message}`);
  }
  return { file, config: data as ConfigFile, where };
}

/** The config file to use: --config, else ./dockaudit.yaml, else /etc/dockaudit/dockaudit.yaml, else none. */
export async function loadConfig(explicit: string | false | undefined, cwd = process.cwd()): Promise<LoadedConfig | null> {
  if (explicit === false) return null;
  const candidates = explicit ? [explicit] : [CONFIG_NAME, SYSTEM_CONFIG];
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, file), "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!explicit && code === "ENOENT") continue;
      throw new ConfigError(`${file}: cannot read the configuration (${code ?? (e as Error).message})`);
    }
    return parseConfig(text, file);
  }
  return null;
}

export async function loadReportFile(file: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseReport(text, file);
}

/** Options of the audit command that the config file can set; the names are commander's attribute names. */
export interface ConfigurableOptions {
  benchmark: BenchmarkVersion;
  check: string[];
  skipCheck: string[];
  level?: 1 | 2;
  dockerHost?: string;
  root: string;
  include: string[];
  exclude: string[];
  label: string[];
  all: boolean;
  trustedUsers?: string[];
  maxImageAge?: number;
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
}

type Setting = { option: keyof ConfigurableOptions; path: Path; isPath?: boolean };

const SETTINGS: Setting[] = [
  { option: "benchmark", path: ["benchmark"] },
  { option: "check", path: ["checks"] },
  { option: "skipCheck", path: ["skipChecks"] },
  { option: "level", path: ["level"] },
  { option: "dockerHost", path: ["dockerHost"] },
  { option: "root", path: ["root"], isPath: true },
  { option: "include", path: ["containers", "include"] },
  { option: "exclude", path: ["containers", "exclude"] },
  { option: "label", path: ["containers", "labels"] },
  { option: "all", path: ["containers", "all"] },
  { option: "trustedUsers", path: ["trustedUsers"] },
  { option: "maxImageAge", path: ["maxImageAge"] },
  { option: "failOn", path: ["gates", "failOn"] },
  { option: "minScore", path: ["gates", "minScore"] },
  { option: "failOnError", path: ["gates", "failOnError"] },
  { option: "baseline", path: ["gates", "baseline"], isPath: true },
  { option: "format", path: ["output", "format"] },
  { option: "output", path: ["output", "output"], isPath: true },
  { option: "outputDir", path: ["output", "outputDir"], isPath: true },
  { option: "keep", path: ["output", "keep"] },
  { option: "quiet", path: ["output", "quiet"] },
  { option: "metricsPerContainer", path: ["output", "metricsPerContainer"] },
];

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
export function mergeConfig<T extends ConfigurableOptions>(cmd: Command, opts: T, loaded: LoadedConfig | null): { opts: T; waivers: Waiver[] } {
  if (!loaded) return { opts, waivers: [] };
  const merged: T = { ...opts };
  const base = dirname(resolve(loaded.file));
  for (const s of SETTINGS) {
    const v = valueAt(loaded.config, s.path);
    if (v === undefined || fromUser(cmd, s.option)) continue;
    (merged as Record<string, unknown>)[s.option] = s.isPath && typeof v === "string" ? resolve(base, v) : v;
  }
  const format = loaded.config.output?.format;
  if (format !== undefined && !fromUser(cmd, "format") && !reporters[format]) {
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
