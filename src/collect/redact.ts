// Sanitising rules applied while collecting, so secret values never reach the snapshot: environment values are
// reduced to names (plus the kind of credential a value looked like), and secret-looking labels, options and
// command-line values are replaced by REDACTED. Over-redaction (e.g. a `--password-file` path) is accepted.
import { REDACTED } from "../snapshot/types.js";
import type { SecretShape } from "../snapshot/types.js";

/** Names (env vars, label keys, flags, daemon.json keys) whose values are taken to be secret. */
export const SECRET_NAME = /token|password|passwd|secret|credential|api[-_]?key/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Values that look like a credential whatever their name; `g` versions are used to replace inside text. */
const SHAPES: { kind: string; re: RegExp }[] = [
  { kind: "aws-access-key-id", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  // The whole PEM block goes, not just its header: the body is the secret.
  { kind: "private-key", re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*)/g },
  { kind: "jwt", re: /\beyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g },
  { kind: "github-token", re: /\bgh[pousr]_[A-Za-z0-9_]{16,}/g },
  { kind: "slack-token", re: /\bxox[baprs]-[A-Za-z0-9-]+/g },
];

/** The kind of credential `value` looks like, or undefined. */
export function secretShape(value: string): string | undefined {
  for (const s of SHAPES) {
    s.re.lastIndex = 0;
    if (s.re.test(value)) return s.kind;
  }
  return undefined;
}

const KEY_CHARS = "[A-Za-z0-9_.-]";
const SECRET_WORD = "(?:token|password|passwd|secret|credential|api[-_]?key)";
const VALUE = `(?:"[^"]*"|'[^']*'|[^\\s"']+)`;
// KEY=value, --key=value, -e KEY=value, ENV KEY=value, splunk-token=value, ARG values in history (`|1 PASSWORD=x`).
const ASSIGNMENT = new RegExp(`(${KEY_CHARS}*${SECRET_WORD}${KEY_CHARS}*)=(${VALUE})`, "gi");
// --password value (separated by blanks inside one string, e.g. a shell-form command).
const FLAG_SPACE_VALUE = new RegExp(`(^|\\s)(--?${KEY_CHARS}*${SECRET_WORD}${KEY_CHARS}*)(\\s+)(?!-)(${VALUE})`, "gi");
// scheme://user:password@host
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;

/** Redacts secret values inside free text (a shell command, a history line, a log option). */
export function redactText(text: string): string {
  let out = text;
  for (const s of SHAPES) out = out.replace(s.re, REDACTED);
  out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  out = out.replace(ASSIGNMENT, (_m, key: string) => `${key}=${REDACTED}`);
  out = out.replace(FLAG_SPACE_VALUE, (_m, lead: string, flag: string, sp: string) => `${lead}${flag}${sp}${REDACTED}`);
  return out;
}

const SECRET_FLAG_ALONE = new RegExp(`^--?${KEY_CHARS}*${SECRET_WORD}${KEY_CHARS}*$`, "i");

/** Redacts an argv-like token list: `--password=x`, `PASSWORD=x`, and `--password x` across two tokens. */
export function redactArgs(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    out.push(redactText(t));
    if (SECRET_FLAG_ALONE.test(t) && i + 1 < tokens.length && !tokens[i + 1].startsWith("-")) {
      out.push(REDACTED);
      i++;
    }
  }
  return out;
}

export function redactArgsOrNull<T extends readonly string[] | null | undefined>(tokens: T): T {
  return (Array.isArray(tokens) ? redactArgs(tokens) : tokens) as T;
}

/** Labels, log options, driver options: a secret-looking key or a credential-shaped value → REDACTED. */
export function redactLabels<T extends Record<string, unknown> | null | undefined>(labels: T): T {
  if (!labels || typeof labels !== "object") return labels;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== "string") out[k] = v;
    else if (isSecretName(k) || secretShape(v)) out[k] = REDACTED;
    else out[k] = redactText(v);
  }
  return out as T;
}

/** Deep redaction for configuration documents (daemon.json): secret-looking keys and credential-shaped strings. */
export function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return secretShape(value) ? REDACTED : redactText(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretName(k) && (typeof v === "string" || typeof v === "number") ? REDACTED : redactDeep(v);
    }
    return out;
  }
  return value;
}

/**
 * Environment as the API gives it (`NAME=value`) → names, plus the names whose value looked like a credential.
 * The values are dropped here and never stored.
 */
export function sanitizeEnv(env: readonly string[] | null | undefined): { EnvNames: string[]; EnvSecretShapes: SecretShape[] } {
  const EnvNames: string[] = [];
  const EnvSecretShapes: SecretShape[] = [];
  for (const entry of env ?? []) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? entry : entry.slice(0, eq);
    EnvNames.push(name);
    if (eq >= 0) {
      const kind = secretShape(entry.slice(eq + 1));
      if (kind) EnvSecretShapes.push({ name, kind });
    }
  }
  return { EnvNames, EnvSecretShapes };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A container or image `Config` block: Env → names, commands and labels redacted. */
export function sanitizeConfigBlock(config: unknown): Obj | null {
  if (!isObj(config)) return null;
  const { Env, ...rest } = config;
  const out: Obj = { ...rest, ...sanitizeEnv(Array.isArray(Env) ? (Env as string[]) : null) };
  for (const k of ["Cmd", "Entrypoint", "OnBuild", "Shell"]) {
    if (Array.isArray(out[k])) out[k] = redactArgs(out[k] as string[]);
  }
  if (isObj(out.Healthcheck) && Array.isArray(out.Healthcheck.Test)) {
    out.Healthcheck = { ...out.Healthcheck, Test: redactArgs(out.Healthcheck.Test as string[]) };
  }
  if (isObj(out.Labels)) out.Labels = redactLabels(out.Labels);
  return out;
}

/** A container inspect document as the API returns it → what may enter the snapshot. */
export function sanitizeContainer(raw: Obj): Obj {
  const out: Obj = { ...raw, Config: sanitizeConfigBlock(raw.Config) ?? { EnvNames: [], EnvSecretShapes: [] } };
  if (Array.isArray(out.Args)) out.Args = redactArgs(out.Args as string[]);
  if (isObj(raw.HostConfig)) {
    const hc: Obj = { ...raw.HostConfig };
    if (isObj(hc.LogConfig) && isObj(hc.LogConfig.Config)) hc.LogConfig = { ...hc.LogConfig, Config: redactLabels(hc.LogConfig.Config) };
    // Volume driver options can carry credentials (e.g. CIFS "o=username=..,password=..").
    if (Array.isArray(hc.Mounts)) hc.Mounts = hc.Mounts.map(sanitizeMountSpec);
    out.HostConfig = hc;
  }
  return out;
}

function sanitizeMountSpec(m: unknown): unknown {
  if (!isObj(m) || !isObj(m.VolumeOptions)) return m;
  const vo: Obj = { ...m.VolumeOptions };
  if (isObj(vo.Labels)) vo.Labels = redactLabels(vo.Labels);
  if (isObj(vo.DriverConfig) && isObj(vo.DriverConfig.Options)) vo.DriverConfig = { ...vo.DriverConfig, Options: redactLabels(vo.DriverConfig.Options) };
  return { ...m, VolumeOptions: vo };
}

/** An image inspect document → what may enter the snapshot. */
export function sanitizeImage(raw: Obj): Obj {
  // ContainerConfig is the legacy build container's config: its Env and Cmd repeat build-time values (ARG/ENV)
  // and no check reads it, so it is dropped whole.
  const { ContainerConfig: _legacy, ...rest } = raw;
  const out: Obj = { ...rest };
  const cfg = sanitizeConfigBlock(raw.Config);
  if (cfg) out.Config = cfg;
  return out;
}

/** A network inspect document: labels and driver options redacted where secret-looking. */
export function sanitizeNetwork(raw: Obj): Obj {
  const out: Obj = { ...raw };
  if (isObj(raw.Labels)) out.Labels = redactLabels(raw.Labels);
  if (isObj(raw.Options)) out.Options = redactLabels(raw.Options);
  return out;
}

/** /info: daemon labels ("key=value" strings), proxy URLs and registry mirrors may carry credentials. */
export function sanitizeInfo(raw: Obj): Obj {
  const out: Obj = { ...raw };
  if (Array.isArray(raw.Labels)) out.Labels = raw.Labels.map((l) => (typeof l === "string" ? redactLabelPair(l) : l));
  for (const k of ["HttpProxy", "HttpsProxy", "NoProxy"]) if (typeof raw[k] === "string") out[k] = redactText(raw[k] as string);
  if (isObj(raw.RegistryConfig)) out.RegistryConfig = redactDeep(raw.RegistryConfig);
  return out;
}

/** "key=value" → value redacted when the key looks secret or the value has a credential shape. */
export function redactLabelPair(pair: string): string {
  const eq = pair.indexOf("=");
  if (eq < 0) return secretShape(pair) ? REDACTED : pair;
  const key = pair.slice(0, eq);
  const value = pair.slice(eq + 1);
  return isSecretName(key) || secretShape(value) ? `${key}=${REDACTED}` : `${key}=${redactText(value)}`;
}
