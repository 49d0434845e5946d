// dockerd's command line, parsed the way its flag library (spf13/pflag) does, and merged with daemon.json into
// the effective configuration keyed by daemon.json names. Pure functions, no I/O.
import type { SettingOrigin } from "../../snapshot/types.js";

/**
 * dockerd's boolean flags, from `dockerd --help` of the installed dockerd 20.10.24 (flags listed without a value
 * type). pflag gives these NoOptDefVal "true": `--icc` alone means true, only `--icc=false` sets false, and
 * `--icc false` leaves icc true with "false" as a stray positional argument (so dockerd refuses to start).
 * "validate" (23.0) is added so that newer daemons' argv parses too.
 */
export const DOCKERD_BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  "cri-containerd", "debug", "experimental", "help", "icc", "init", "ip-forward", "ip-masq", "ip6tables", "iptables",
  "ipv6", "live-restore", "no-new-privileges", "raw-logs", "rootless", "selinux-enabled", "tls", "tlsverify",
  "userland-proxy", "version", "validate",
]);

/** Shorthands dockerd defines (20.10); `-g` is the hidden, deprecated `--graph` (now data-root). */
export const DOCKERD_SHORT_FLAGS: Readonly<Record<string, string>> = {
  H: "host", D: "debug", l: "log-level", G: "group", g: "graph", p: "pidfile", s: "storage-driver", b: "bridge", v: "version", h: "help",
};

export interface ParsedArgv {
  /** Long flag name without dashes → every value given, in order. Booleans are "true"/"false". */
  flags: Record<string, string[]>;
  /** The spelling last used for each flag, e.g. "-H" or "--host" (for origins). */
  spelled: Record<string, string>;
  /** Arguments that are not flags or flag values (dockerd takes none; e.g. the "false" of `--icc false`). */
  positional: string[];
  /** Oddities: a value flag at the end without its value, an unknown shorthand. */
  problems: string[];
}

const PFLAG_TRUE = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const PFLAG_FALSE = new Set(["0", "f", "F", "false", "FALSE", "False"]);

function boolValue(raw: string): string {
  if (PFLAG_TRUE.has(raw)) return "true";
  if (PFLAG_FALSE.has(raw)) return "false";
  return raw;
}

/** Parses dockerd's argv (argv[0] included) like pflag: `--f=v`, `--f v`, `-Hv`, `-H v`, `-H=v`, booleans, `--`. */
export function parseDockerdArgv(argv: readonly string[]): ParsedArgv {
  const out: ParsedArgv = { flags: {}, spelled: {}, positional: [], problems: [] };
  const add = (name: string, value: string, spelling: string) => {
    (out.flags[name] ??= []).push(DOCKERD_BOOLEAN_FLAGS.has(name) ? boolValue(value) : value);
    out.spelled[name] = spelling;
  };
  // One iterator over the arguments: a flag that takes the next argument as its value takes it from the same iterator.
  const args = argv.slice(1).values();
  for (const arg of args) {
    if (arg === "--") {
      out.positional.push(...args);
      break;
    }
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) add(name, arg.slice(eq + 1), `--${name}`);
      else if (DOCKERD_BOOLEAN_FLAGS.has(name)) add(name, "true", `--${name}`);
      else {
        const next = args.next();
        if (next.done) out.problems.push(`--${name} has no value`);
        else add(name, next.value, `--${name}`);
      }
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      // A shorthand group: booleans may be combined (-D...), a value shorthand takes the rest or the next arg.
      for (let j = 1; j < arg.length; j++) {
        const short = arg.charAt(j);
        const name = DOCKERD_SHORT_FLAGS[short];
        if (!name) {
          out.problems.push(`unknown shorthand -${short}`);
          break;
        }
        const rest = arg.slice(j + 1);
        if (DOCKERD_BOOLEAN_FLAGS.has(name)) {
          if (rest.startsWith("=")) {
            add(name, rest.slice(1), `-${short}`);
            break;
          }
          add(name, "true", `-${short}`);
          continue;
        }
        if (rest.length > 0) add(name, rest.startsWith("=") ? rest.slice(1) : rest, `-${short}`);
        else {
          const next = args.next();
          if (next.done) out.problems.push(`-${short} has no value`);
          else add(name, next.value, `-${short}`);
        }
        break;
      }
      continue;
    }
    out.positional.push(arg);
  }
  return out;
}

/** Flags whose daemon.json key is not the flag's own name. */
export const FLAG_TO_KEY: Readonly<Record<string, string>> = {
  host: "hosts",
  "insecure-registry": "insecure-registries",
  "default-ulimit": "default-ulimits",
  "authorization-plugin": "authorization-plugins",
  "log-opt": "log-opts",
  "storage-opt": "storage-opts",
  "exec-opt": "exec-opts",
  "registry-mirror": "registry-mirrors",
  label: "labels",
  graph: "data-root",
  "dns-opt": "dns-opts",
  "add-runtime": "runtimes",
  "node-generic-resource": "node-generic-resources",
  "default-address-pool": "default-address-pools",
  "cdi-spec-dir": "cdi-spec-dirs",
  feature: "features",
};

/** Flags that are not daemon settings at all. */
const NOT_SETTINGS = new Set(["config-file", "help", "version", "validate"]);

/** Repeatable flags whose daemon.json form is an array of strings. */
const LIST_FLAGS = new Set([
  "host", "insecure-registry", "authorization-plugin", "storage-opt", "exec-opt", "registry-mirror", "label", "dns",
  "dns-opt", "dns-search", "allow-nondistributable-artifacts", "node-generic-resource", "cdi-spec-dir",
]);

const INT_FLAGS = new Set([
  "mtu", "max-concurrent-downloads", "max-concurrent-uploads", "max-download-attempts", "shutdown-timeout",
  "oom-score-adjust", "cpu-rt-period", "cpu-rt-runtime", "network-control-plane-mtu",
]);

export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** "nofile=1024:2048" (or "nofile=1024", soft = hard) → the daemon.json shape. */
export function parseUlimit(spec: string): Ulimit | undefined {
  const [, name, softText, hardText] = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec.trim()) ?? [];
  if (name === undefined || softText === undefined) return undefined;
  const soft = Number(softText);
  return { Name: name, Soft: soft, Hard: hardText !== undefined ? Number(hardText) : soft };
}

function keyValue(spec: string): [string, string] {
  const eq = spec.indexOf("=");
  return eq < 0 ? [spec, ""] : [spec.slice(0, eq), spec.slice(eq + 1)];
}

/** The daemon.json key and value a flag's values stand for, or undefined for flags that are not settings. */
export function flagSetting(name: string, values: readonly string[]): { key: string; value: unknown } | undefined {
  const last = values.at(-1);
  if (NOT_SETTINGS.has(name) || last === undefined) return undefined;
  const key = FLAG_TO_KEY[name] ?? name;
  if (DOCKERD_BOOLEAN_FLAGS.has(name)) return { key, value: last === "true" ? true : last === "false" ? false : last };
  if (INT_FLAGS.has(name)) return { key, value: /^-?\d+$/.test(last) ? Number(last) : last };
  if (LIST_FLAGS.has(name)) return { key, value: [...values] };
  switch (name) {
    case "log-opt":
      return { key, value: Object.fromEntries(values.map(keyValue)) };
    case "default-ulimit": {
      const out: Record<string, unknown> = {};
      for (const v of values) {
        const u = parseUlimit(v);
        if (u) out[u.Name] = u;
        else out[keyValue(v)[0]] = v;
      }
      return { key, value: out };
    }
    case "add-runtime":
      return { key, value: Object.fromEntries(values.map((v) => { const [n, p] = keyValue(v); return [n, { path: p }]; })) };
    case "feature":
      return { key, value: Object.fromEntries(values.map((v) => { const [n, b] = keyValue(v); return [n, b === "" ? true : b === "true" ? true : b === "false" ? false : b]; })) };
    case "default-address-pool":
      return {
        key,
        value: values.map((v) => {
          const pool: Record<string, unknown> = {};
          for (const part of v.split(",")) {
            const [k, val] = keyValue(part);
            pool[k] = k === "size" && /^\d+$/.test(val) ? Number(val) : val;
          }
          return pool;
        }),
      };
    default:
      return { key, value: last };
  }
}

export type EffectiveSettings = Record<string, { value: unknown; origin: SettingOrigin }>;

/**
 * daemon.json keys, then flags on top. (dockerd refuses to start when a directive is given both ways, so for a
 * running daemon the two never overlap; if they do, the flag is what the command line asked for.)
 */
export function mergeEffective(
  parsed: Pick<ParsedArgv, "flags"> & Partial<Pick<ParsedArgv, "spelled">>,
  config: Record<string, unknown>,
  pid: number,
  configPath: string,
): EffectiveSettings {
  const out: EffectiveSettings = {};
  for (const [k, v] of Object.entries(config)) out[k] = { value: v, origin: { from: "config-file", name: k, where: configPath } };
  for (const [name, values] of Object.entries(parsed.flags)) {
    const s = flagSetting(name, values);
    if (!s) continue;
    out[s.key] = { value: s.value, origin: { from: "flag", name: parsed.spelled?.[name] ?? `--${name}`, where: `pid ${pid} argv` } };
  }
  return out;
}

/** Where, in a text that JSON.parse rejected, it goes wrong (V8's messages quote content, so we locate it ourselves). */
export function locateJsonError(text: string): { offset: number; line: number; column: number; reason: string } | undefined {
  let i = 0;
  class Stop {
    constructor(readonly offset: number, readonly reason: string) {}
  }
  const found = (c: string | undefined) => (c === undefined ? "unexpected end of input" : c === "/" ? "comments are not allowed in JSON" : `unexpected character ${JSON.stringify(c)}`);
  // A declaration (not an arrow in a const) so that a call narrows like a throw.
  function stop(reason: string): never {
    throw new Stop(i, reason);
  }
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const str = () => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) stop("unterminated string");
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") stop("control character in string");
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            stop("invalid \\u escape in string");
          }
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          i++;
          stop("invalid escape in string");
        }
        i += 2;
        continue;
      }
      i++;
    }
  };
  const num = () => {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) stop(found(text[i]));
    i += m[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") return obj();
    if (c === "[") return arr();
    if (c === '"') return str();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return num();
    for (const lit of ["true", "false", "null"]) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    stop(found(c));
  };
  const obj = () => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') stop(text[i] === "}" ? "trailing comma before '}'" : text[i] === undefined || text[i] === "/" ? found(text[i]) : "expected a double-quoted property name");
      str();
      ws();
      if (text[i] !== ":") stop(text[i] === undefined ? found(undefined) : "expected ':' after property name");
      i++;
      value();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      stop(text[i] === undefined || text[i] === "/" ? found(text[i]) : "expected ',' or '}' after property value");
    }
  };
  const arr = () => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === "]") stop("trailing comma before ']'");
      value();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      stop(text[i] === undefined || text[i] === "/" ? found(text[i]) : "expected ',' or ']' after array element");
    }
  };
  try {
    value();
    ws();
    if (i < text.length) stop(text[i] === "/" ? found("/") : "unexpected content after the JSON value");
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split("\n").length;
    const column = e.offset - (before.lastIndexOf("\n") + 1) + 1;
    return { offset: e.offset, line, column, reason: e.reason };
  }
}

export type ParsedConfig = { ok: true; content: Record<string, unknown> } | { ok: false; error: string };

/** daemon.json text → its object, or an error naming `path:line:column` (content itself is never quoted). */
export function parseDaemonJson(text: string, path: string): ParsedConfig {
  // dockerd strips a UTF-8 BOM and treats a blank file as an empty configuration.
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return { ok: true, content: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const at = locateJsonError(body);
    return { ok: false, error: at ? `${path}:${at.line}:${at.column}: not valid JSON (${at.reason})` : `${path}: not valid JSON` };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, error: `${path}:1:1: not a daemon configuration (the top-level JSON value is not an object)` };
  }
  return { ok: true, content: parsed as Record<string, unknown> };
}
