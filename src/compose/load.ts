// Loading a Compose project as Docker Compose v2 does: YAML (anchors and merge keys) with the line of every service
// and of its keys, interpolation from the environment and the .env file, validation against the Compose
// Specification's schema, `extends` (same file and other files), several files merged in order (`-f a -f b`) and
// profiles. Pure: the files' text comes in (src/compose/read.ts reads them), and files named inside a Compose file
// (extends.file, env_file) are read through the `read` function given.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { basename, dirname, isAbsolute, join, normalize } from "node:path/posix";
import { ComposeError, printable, type SourcePos } from "./errors.js";
import { interpolate, InterpolationError, parseDotEnv, type Substitution } from "./interpolate.js";
import { validateCompose, type SchemaPath } from "./schema.js";

export type { SourcePos } from "./errors.js";

/** One Compose file's text, with the name it is shown by (relative to the working directory, or "-" for stdin). */
export interface ComposeText {
  /** As shown in messages and reports (relative to the working directory where it is below it). */
  name: string;
  /** Absolute path (for stdin: the working directory joined with "-"), to resolve relative paths against. */
  path: string;
  text: string;
}

export interface LoadOptions {
  files: ComposeText[];
  /** The process environment (it wins over the .env file, as in Compose). */
  environment: Record<string, string | undefined>;
  /** The .env file's text (the project directory's, or --env-file's), when there is one. */
  dotEnv?: { name: string; text: string };
  projectName?: string;
  profiles: string[];
  /** The working directory (absolute), for names relative to it. */
  cwd: string;
  /** Reads a file named inside a Compose file (extends.file, env_file): its text, or throws an Error saying why. */
  read: (absolutePath: string) => string;
}

export type Obj = Record<string, unknown>;

export interface ServiceDef {
  name: string;
  /** The service after interpolation, extends and merging (Compose's own key names). */
  config: Obj;
  /** Where the service is defined (its key in the first file that names it). */
  at: SourcePos;
  /** Where each of its top-level keys was last set. */
  keys: Record<string, SourcePos>;
  /** Absolute directory its relative paths are resolved against (the project directory, as in Compose). */
  dir: string;
}

export interface ComposeProject {
  name: string;
  /** The project directory (the first file's), absolute. */
  dir: string;
  files: string[];
  services: ServiceDef[];
  /** Services left out because none of their profiles is active. */
  inactive: string[];
  networks: Obj;
  volumes: Obj;
  secrets: Obj;
  configs: Obj;
  /** Every value substituted into the files: judged, never shown (see redact.ts in this room). */
  substitutions: Substitution[];
}

const MAX_ALIAS_COUNT = 100;
const MAX_EXTENDS_DEPTH = 32;

interface ParsedFile {
  name: string;
  path: string;
  data: Obj;
  /** Service name → its position and its keys' positions in this file. */
  positions: Map<string, { at: SourcePos; keys: Record<string, SourcePos> }>;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function posOf(lines: LineCounter, file: string, offset: number): SourcePos {
  const p = lines.linePos(offset);
  return { file, line: p.line, column: p.col };
}

/** The node at a path, or its closest existing ancestor; with `atKey`, the key naming the last segment. */
function locate(doc: Document, path: SchemaPath, atKey = false): Node | null {
  let node = doc.contents as Node | null;
  let last: Node | null = node;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : p.key) === String(seg));
      if (!pair) return last;
      if (atKey && seg === path[path.length - 1]) return pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg] as Node | null;
    } else break;
    if (node) last = node;
  }
  return last;
}

function nodePos(doc: Document, lines: LineCounter, file: string, path: SchemaPath, atKey = false): SourcePos {
  const n = locate(doc, path, atKey);
  return posOf(lines, file, n?.range?.[0] ?? 0);
}

/** Substitutes every string value (not keys), as compose-go does; errors name the line of the value. */
function interpolateTree(v: unknown, lookup: (n: string) => string | undefined, used: Substitution[], path: SchemaPath, fail: (path: SchemaPath, e: Error) => never): unknown {
  if (typeof v === "string") {
    try {
      return interpolate(v, lookup, used);
    } catch (e) {
      if (e instanceof InterpolationError) fail(path, e);
      throw e;
    }
  }
  // The path is built only for an error's position; values without a "$" are returned as they are (no copy).
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = interpolateTree(v[i], lookup, used, path.concat(i), fail);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (isObj(v)) {
    let out: Obj | undefined;
    for (const k of Object.keys(v)) {
      const x = interpolateTree(v[k], lookup, used, path.concat(k), fail);
      if (x !== v[k]) (out ??= { ...v })[k] = x;
    }
    return out ?? v;
  }
  return v;
}

function parseFile(f: { name: string; path: string; text: string }, lookup: (n: string) => string | undefined, used: Substitution[]): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(f.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const first = doc.errors[0];
  if (first) throw new ComposeError(`not valid YAML: ${first.message.split("\n")[0]}`, posOf(lines, f.name, first.pos[0]));
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw new ComposeError(`not valid YAML: ${(e as Error).message.split("\n")[0]}`, { file: f.name, line: 1, column: 1 });
  }
  if (js === null || js === undefined) js = {};
  if (!isObj(js)) throw new ComposeError("a Compose file must be a mapping (services: …)", posOf(lines, f.name, doc.contents?.range?.[0] ?? 0));
  const fail = (path: SchemaPath, e: Error): never => {
    throw new ComposeError(printable(e.message, 300), nodePos(doc, lines, f.name, path));
  };
  const data = interpolateTree(js, lookup, used, [], fail) as Obj;
  const problem = validateCompose(data);
  if (problem) throw new ComposeError(`does not follow the Compose Specification: ${printable(problem.message, 300)}`, nodePos(doc, lines, f.name, problem.path, problem.atKey));
  if (data["include"] !== undefined) {
    throw new ComposeError("\"include\" is not supported by dockaudit yet: merge the included files with several --compose options", nodePos(doc, lines, f.name, ["include"], true));
  }
  const positions = new Map<string, { at: SourcePos; keys: Record<string, SourcePos> }>();
  const services = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "services")?.value : undefined;
  if (isMap(services)) {
    for (const pair of services.items) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const keys: Record<string, SourcePos> = {};
      if (isMap(pair.value)) {
        for (const kp of pair.value.items) {
          if (isScalar(kp.key) && kp.key.value !== "<<") keys[String(kp.key.value)] = posOf(lines, f.name, kp.key.range?.[0] ?? 0);
        }
      }
      positions.set(name, { at: posOf(lines, f.name, pair.key.range?.[0] ?? 0), keys });
    }
  }
  return { name: f.name, path: f.path, data, positions };
}

// ---------------------------------------------------------------- merging (compose-go's override rules)

/** Lists that are mappings in disguise ("KEY=VALUE" or "KEY: VALUE" entries). */
const MAPPING_LISTS = new Set(["environment", "labels", "sysctls", "annotations", "extra_hosts"]);
/** Keys whose value an override replaces whole. */
const REPLACED = new Set(["command", "entrypoint", "healthcheck.test", "dns", "dns_search", "env_file", "tmpfs", "profiles"]);

export function listToMap(v: unknown, sep = "="): Obj {
  if (isObj(v)) return { ...v };
  const out: Obj = {};
  for (const item of Array.isArray(v) ? v : []) {
    const s = String(item);
    const i = s.search(sep === "=" ? /=/ : /[=:]/);
    if (i < 0) out[s] = null;
    else out[s.slice(0, i)] = s.slice(i + 1);
  }
  return out;
}

function identity(key: string, item: unknown): string {
  if (key === "volumes") {
    if (isObj(item)) return `target:${String(item["target"])}`;
    const parts = String(item).split(":");
    return `target:${parts.length >= 2 ? parts[1] : parts[0]}`;
  }
  if (key === "secrets" || key === "configs") return isObj(item) ? String(item["target"] ?? item["source"]) : String(item);
  return JSON.stringify(item);
}

function mergeValue(path: string, base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (base === undefined || REPLACED.has(path)) return over;
  const key = path.split(".").pop() ?? path;
  if (MAPPING_LISTS.has(key) && (Array.isArray(base) || isObj(base)) && (Array.isArray(over) || isObj(over))) {
    return { ...listToMap(base, key === "extra_hosts" ? ":" : "="), ...listToMap(over, key === "extra_hosts" ? ":" : "=") };
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    const out = new Map<string, unknown>();
    for (const item of [...base, ...over]) out.set(identity(key, item), item);
    return [...out.values()];
  }
  if (isObj(base) && isObj(over)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValue(`${path}.${k}`, base[k], v);
    return out;
  }
  return over;
}

export function mergeService(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeValue(k, base[k], v);
  return out;
}

// ---------------------------------------------------------------- extends

interface Resolved {
  config: Obj;
  keys: Record<string, SourcePos>;
}

function resolveExtends(
  file: ParsedFile, name: string, opts: LoadOptions, lookup: (n: string) => string | undefined, used: Substitution[],
  cache: Map<string, ParsedFile>, chain: string[],
): Resolved {
  const services = isObj(file.data["services"]) ? (file.data["services"] as Obj) : {};
  const raw = services[name];
  const pos = file.positions.get(name);
  const config: Obj = isObj(raw) ? { ...raw } : {};
  const keys = { ...(pos?.keys ?? {}) };
  const ext = config["extends"];
  if (ext === undefined) return { config, keys };
  delete config["extends"];
  const at = keys["extends"] ?? pos?.at ?? { file: file.name, line: 1, column: 1 };
  const target = typeof ext === "string" ? { service: ext } : (ext as { service: string; file?: string });
  let base = file;
  if (target.file !== undefined) {
    const path = isAbsolute(target.file) ? target.file : normalize(join(dirname(file.path), target.file));
    const cached = cache.get(path);
    if (cached) base = cached;
    else {
      let text: string;
      try {
        text = opts.read(path);
      } catch (e) {
        throw new ComposeError(`extends: file ${printable(target.file)} ${(e as Error).message}`, at);
      }
      base = parseFile({ name: displayName(path, opts.cwd), path, text }, lookup, used);
      cache.set(path, base);
    }
  }
  const id = `${base.path}#${target.service}`;
  if (chain.includes(id) || chain.length > MAX_EXTENDS_DEPTH) {
    throw new ComposeError(`extends loop: service "${printable(name)}" extends "${printable(target.service)}"${base === file ? "" : ` in ${base.name}`}, which leads back to it`, at);
  }
  const baseServices = isObj(base.data["services"]) ? (base.data["services"] as Obj) : {};
  if (!(target.service in baseServices)) {
    throw new ComposeError(`extends: service "${printable(target.service)}" is not defined${base === file ? "" : ` in ${base.name}`}`, at);
  }
  const parent = resolveExtends(base, target.service, opts, lookup, used, cache, [...chain, id]);
  // Relative paths of the base service are relative to its own file (Compose rebases build, env_file, volumes).
  const rebased = base.path === file.path ? parent.config : rebase(parent.config, dirname(base.path), dirname(file.path));
  return { config: mergeService(rebased, config), keys: { ...parent.keys, ...keys } };
}

function rebase(config: Obj, from: string, to: string): Obj {
  if (from === to) return config;
  const abs = (p: string) => (p.startsWith(".") ? normalize(join(from, p)) : p);
  const out: Obj = { ...config };
  if (Array.isArray(out["volumes"])) {
    out["volumes"] = (out["volumes"] as unknown[]).map((v) => {
      if (typeof v === "string") { const [src, ...rest] = v.split(":"); return rest.length ? [abs(src ?? ""), ...rest].join(":") : v; }
      if (isObj(v) && typeof v["source"] === "string" && v["type"] === "bind") return { ...v, source: abs(v["source"]) };
      return v;
    });
  }
  if (typeof out["env_file"] === "string") out["env_file"] = abs(out["env_file"]);
  else if (Array.isArray(out["env_file"])) out["env_file"] = (out["env_file"] as unknown[]).map((e) => (typeof e === "string" ? abs(e) : isObj(e) && typeof e["path"] === "string" ? { ...e, path: abs(e["path"]) } : e));
  return out;
}

// ---------------------------------------------------------------- the project

export function displayName(path: string, cwd: string): string {
  const c = cwd.endsWith("/") ? cwd : `${cwd}/`;
  return path.startsWith(c) ? path.slice(c.length) : path;
}

/** Compose's normalisation of a project name: lower case, only [a-z0-9_-]. */
export function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, "");
}

export function loadProject(opts: LoadOptions): ComposeProject {
  if (opts.files.length === 0) throw new ComposeError("no Compose file given");
  const dotEnv = opts.dotEnv ? parseDotEnv(opts.dotEnv.text) : new Map<string, string>();
  const lookup = (n: string) => opts.environment[n] ?? dotEnv.get(n);
  const used: Substitution[] = [];
  const cache = new Map<string, ParsedFile>();
  const parsed = opts.files.map((f) => {
    const p = parseFile(f, lookup, used);
    cache.set(f.path, p);
    return p;
  });
  const dir = dirname(parsed[0]?.path ?? join(opts.cwd, "-"));

  const services = new Map<string, ServiceDef>();
  const top = { networks: {} as Obj, volumes: {} as Obj, secrets: {} as Obj, configs: {} as Obj };
  let declaredName: string | undefined;
  for (const file of parsed) {
    if (typeof file.data["name"] === "string") declaredName = file.data["name"];
    for (const k of ["networks", "volumes", "secrets", "configs"] as const) {
      if (isObj(file.data[k])) top[k] = mergeService(top[k], file.data[k] as Obj);
    }
    const fileServices = isObj(file.data["services"]) ? (file.data["services"] as Obj) : {};
    for (const name of Object.keys(fileServices)) {
      const r = resolveExtends(file, name, opts, lookup, used, cache, [`${file.path}#${name}`]);
      const pos = file.positions.get(name)?.at ?? { file: file.name, line: 1, column: 1 };
      const prev = services.get(name);
      services.set(name, prev
        ? { ...prev, config: mergeService(prev.config, r.config), keys: { ...prev.keys, ...r.keys } }
        : { name, config: r.config, at: pos, keys: r.keys, dir });
    }
  }

  const fromEnv = opts.environment["COMPOSE_PROFILES"] ?? dotEnv.get("COMPOSE_PROFILES");
  const active = new Set([...opts.profiles, ...(fromEnv ? fromEnv.split(",").map((s) => s.trim()).filter(Boolean) : [])]);
  const kept: ServiceDef[] = [];
  const inactive: string[] = [];
  for (const s of services.values()) {
    const profiles = Array.isArray(s.config["profiles"]) ? (s.config["profiles"] as unknown[]).map(String) : [];
    if (profiles.length === 0 || active.has("*") || profiles.some((p) => active.has(p))) kept.push(s);
    else inactive.push(s.name);
  }

  for (const s of kept) s.config = withEnvFiles(s, opts);

  const rawName = opts.projectName ?? opts.environment["COMPOSE_PROJECT_NAME"] ?? dotEnv.get("COMPOSE_PROJECT_NAME") ?? declaredName ?? basename(dir);
  const name = normaliseProjectName(rawName);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) {
    throw new ComposeError(`project name "${printable(rawName)}" is not valid: it must contain only lower-case letters, digits, dashes and underscores and start with a letter or digit (give --project-name)`);
  }
  return {
    name, dir, files: parsed.map((p) => p.name), services: kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), inactive: inactive.sort(),
    ...top, substitutions: used,
  };
}

/** env_file entries read into `environment` (environment's own keys win), as Compose does. */
function withEnvFiles(s: ServiceDef, opts: LoadOptions): Obj {
  const ef = s.config["env_file"];
  if (ef === undefined) return s.config;
  const entries = (Array.isArray(ef) ? ef : [ef]).map((e) => (typeof e === "string" ? { path: e, required: true } : (e as { path: string; required?: boolean })));
  const at = s.keys["env_file"] ?? s.at;
  const env: Obj = {};
  for (const e of entries) {
    const path = isAbsolute(e.path) ? e.path : normalize(join(s.dir, e.path));
    let text: string;
    try {
      text = opts.read(path);
    } catch (err) {
      if (e.required === false) continue;
      throw new ComposeError(`env_file ${printable(e.path)} ${(err as Error).message}`, at);
    }
    for (const [k, v] of parseDotEnv(text)) env[k] = v;
  }
  const out: Obj = { ...s.config, environment: { ...env, ...listToMap(s.config["environment"]) } };
  delete out["env_file"];
  return out;
}
