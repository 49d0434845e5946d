// An evidence bundle's manifest: by which version, for which host, when, with which command line and settings the
// bundle was made, and the SHA-256 of every other file. Which settings are recorded, and how each is validated when
// a (possibly hostile) manifest is read back, follow from the option table (src/settings/options.ts).
import { createHash } from "node:crypto";
import { redactLabels } from "../secrets/redact.js";
import type { VerdictSettings } from "../engine/audit.js";
import { BENCHMARK_VERSIONS, type BenchmarkVersion } from "../engine/types.js";
import { VERDICT_OPTIONS, type OptionSpec } from "../settings/options.js";
import { jsonErrorPosition } from "../json-position.js";
import { shortForTerminal } from "../terminal.js";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_VERSION = 1;

/** Every option that changes a verdict, as a manifest records them; verify re-evaluates with exactly these. */
export type VerdictOptions = Omit<VerdictSettings, "waivers"> & {
  /** The waivers applied (as configured, label values the collector would redact replaced), when any. */
  waivers?: readonly unknown[];
};

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  tool: { name: "dockaudit"; version: string };
  benchmark: { name: string; version: BenchmarkVersion };
  host: {
    hostname: string | null;
    /** The daemon's engine ID (docker info .ID), stable for one daemon installation. */
    daemonId: string | null;
    daemonName: string | null;
    dockerVersion: string | null;
    endpoint: string;
    os: string | null;
    kernel: string | null;
  };
  /** The dockaudit run that wrote the bundle (wall clock). */
  run: { startedAt: string; finishedAt: string };
  /** When the facts were collected (with --snapshot, the saved snapshot's times). */
  collection: { startedAt: string; finishedAt: string; toolVersion: string };
  /** argv after the program name, secret-looking values redacted. */
  commandLine: string[];
  options: VerdictOptions;
  files: Record<string, { sha256: string; bytes: number }>;
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Stands for a label filter value the collector would have redacted; it matches no label, as the original did. */
export const REDACTED_FILTER_VALUE = "<redacted-filter-value>";

/**
 * A label filter ("KEY" or "KEY=VALUE") safe to record. A value the collector would redact (secret-looking key or
 * credential-shaped value) never appears in a snapshot, so the filter matched no container when it was run; the
 * recorded stand-in matches none either, so re-evaluation selects exactly what the audit selected.
 */
export function recordableLabelFilter(filter: string): string {
  const eq = filter.indexOf("=");
  if (eq < 0) return filter;
  const key = filter.slice(0, eq), value = filter.slice(eq + 1);
  return redactLabels({ [key]: value })[key] === value ? filter : `${key}=${REDACTED_FILTER_VALUE}`;
}

function recordableWaiver(w: unknown): unknown {
  if (!w || typeof w !== "object") return w;
  const labels = (w as { labels?: unknown }).labels;
  return Array.isArray(labels) ? { ...w, labels: labels.map((l) => (typeof l === "string" ? recordableLabelFilter(l) : l)) } : w;
}

/**
 * The settings a manifest records, from the option table (every option of the group "check", in the table's order:
 * those with a default always, the others when set), label filters and waivers made safe to record.
 */
export function verdictOptions(o: VerdictOptions): VerdictOptions {
  const given = o as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const copy = (v: unknown) => (Array.isArray(v) ? [...v] : v);
  for (const spec of VERDICT_OPTIONS) if (spec.default !== undefined) out[spec.name] = copy(given[spec.name] ?? spec.default);
  for (const spec of VERDICT_OPTIONS) if (spec.default === undefined && given[spec.name] !== undefined) out[spec.name] = copy(given[spec.name]);
  out.label = (o.label ?? []).map(recordableLabelFilter);
  out.all = Boolean(o.all);
  if (o.waivers?.length) out.waivers = o.waivers.map(recordableWaiver);
  return out as VerdictOptions;
}

/** Why a recorded setting is not what the option table says it is (null when it is, or when an optional one is absent). */
function badRecordedSetting(spec: OptionSpec, v: unknown): string | null {
  if (v === undefined && spec.default === undefined) return null;
  switch (spec.type) {
    case "strings": return isStrings(v) ? null : "is not a list of strings";
    case "boolean": return typeof v === "boolean" ? null : "is not true or false";
    case "integer": return Number.isInteger(v) && (v as number) > 0 ? null : "is not a whole number above 0";
    case "enum": {
      const allowed = spec.values ?? spec.choices ?? [];
      return allowed.includes(v as never) ? null : `is not ${allowed.join(" or ")}`;
    }
    default: return typeof v === "string" ? null : "is not a string";
  }
}
/** A manifest's size limit: far above any real host's, far below memory. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export class ManifestError extends Error {}

/** A JSON parse error as a position, never the parser's excerpt of the text. */
export function parseJsonQuietly(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const p = jsonErrorPosition(text, e as Error);
    throw new ManifestError(`${what}: not valid JSON${p ? ` (line ${p.line}, column ${p.column})` : ""}`);
  }
}

export function isStrings(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}
const isOptString = (v: unknown) => v === null || v === undefined || typeof v === "string";
/**
 * Checks every field verify relies on, so that a hostile manifest yields a message and never a crash. File names are
 * kept as a Map of own entries: "constructor" or "__proto__" are names like any other.
 */
export function parseManifest(text: string): { manifest: Manifest; files: Map<string, { sha256: string; bytes: number }> } {
  const m = parseJsonQuietly(text, MANIFEST_FILE) as Partial<Manifest> | null;
  const bad = (what: string) => new ManifestError(`${MANIFEST_FILE}: ${what}`);
  if (!m || typeof m !== "object" || Array.isArray(m) || m.manifestVersion !== MANIFEST_VERSION) throw bad(`not a dockaudit evidence manifest of version ${MANIFEST_VERSION}`);
  if (typeof m.tool?.version !== "string" || typeof m.run?.finishedAt !== "string" || typeof m.benchmark?.name !== "string") throw bad("no tool version, benchmark or run time");
  if (!m.host || typeof m.host !== "object" || !isOptString(m.host.hostname) || !isOptString(m.host.endpoint)) throw bad("no host");
  const o = m.options as Partial<VerdictOptions> | undefined;
  if (!o || typeof o !== "object" || Array.isArray(o)) throw bad("no options");
  if (!BENCHMARK_VERSIONS.includes(o.benchmark as BenchmarkVersion)) throw bad("unknown benchmark version in options");
  // Every recorded setting as the option table types it (lists of strings, true or false, 1 or 2, …).
  for (const spec of VERDICT_OPTIONS) {
    const why = badRecordedSetting(spec, (o as Record<string, unknown>)[spec.name]);
    if (why) throw bad(`options.${spec.name} ${why}`);
  }
  if (o.waivers !== undefined && !(Array.isArray(o.waivers) && o.waivers.every((w) => w && typeof w === "object" && !Array.isArray(w)))) throw bad("options.waivers is not a list of waivers");
  if (!m.files || typeof m.files !== "object" || Array.isArray(m.files)) throw bad("no list of files");
  const files = new Map<string, { sha256: string; bytes: number }>();
  for (const [name, d] of Object.entries(m.files as Record<string, unknown>)) {
    const e = d as { sha256?: unknown; bytes?: unknown } | null;
    if (!e || typeof e !== "object" || typeof e.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.sha256) || !Number.isSafeInteger(e.bytes) || (e.bytes as number) < 0) {
      throw bad(`the entry for "${shortForTerminal(name, 80)}" is not a SHA-256 digest and a byte count`);
    }
    files.set(name, { sha256: e.sha256, bytes: e.bytes as number });
  }
  return { manifest: m as Manifest, files };
}
