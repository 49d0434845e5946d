// The one place where secret values are removed (the secret policy, src/secrets/). Collectors call it on arrival, before anything is kept, so a
// snapshot (and so every report and bundle made from it) never holds a secret value; a snapshot read from disk
// goes through it again (redactSnapshot) in case it was written by something else.
//
// Redaction keeps the key, flag or variable name and replaces only the value with a marker saying why, e.g.
// `--password=<redacted: looks like a password>`, so a reader still sees that a secret was there. Environment
// values are dropped whole (names kept, plus the kind of credential a value looked like). Every rule is one row of
// RULES below; README's "Secrets" paragraph lists them. Redaction is idempotent: a redacted value redacts to
// itself, so re-redacting a saved snapshot changes nothing.
import { JOINED_KEY, KEY_PAIR_FIRST, PASSWORD_INSIDE, PASSWORD_WORDS, SECRET_WORDS, TOKEN_WORD } from "../snapshot/secret-words.js";
import type { SecretShape, Snapshot } from "../snapshot/types.js";

/** How a rule finds a secret: by the value's own shape, by a textual form, or by the name the value is given under. */
export type RuleKind = "shape" | "form" | "name";

interface RuleBase {
  id: string;
  kind: RuleKind;
  /** What the marker says: `<redacted: REASON>`. */
  reason: string;
  /** What it matches, in words (README). */
  doc: string;
}

export interface ShapeRule extends RuleBase {
  kind: "shape";
  /** The credential pattern, replaced wherever it occurs. */
  re: RegExp;
  /** Strings one of which every match contains (a quick test before the pattern). */
  hints: string[];
}

export interface FormRule extends RuleBase {
  kind: "form";
}

export interface NameRule extends RuleBase {
  kind: "name";
  /** Whether the words of a name (key, flag, variable) make its value secret. */
  name: (n: NameWords) => boolean;
  /** Only when the value itself looks like a credential (high-entropy token), not e.g. a path or a word. */
  credentialValuesOnly?: boolean;
  /** The whole object or list under such a key is redacted leaf by leaf (daemon.json, info). */
  subtree?: boolean;
}

export type RedactionRule = ShapeRule | FormRule | NameRule;

export interface NameWords {
  /** The name as given, without leading dashes. */
  raw: string;
  /** Lower-case words split at non-alphanumerics and camelCase: "dbPass" → ["db", "pass"]. */
  words: string[];
}

// The secret words are one list shared with the environment check (src/snapshot/secret-words.ts); redaction adds
// the words only configuration files use (redis's requirepass/masterauth, htpasswd, cookies, auth).
const REDACTION_PASSWORD_WORDS = new Set(["requirepass", "masterauth", "htpasswd"]);
const REDACTION_SECRET_WORDS = new Set(["cookie", "cookies"]);
const AUTH_WORDS = new Set(["auth", "basicauth", "digestauth", "npmauth", "authinfo"]);

/** Whether some word of the name passes `test`, which also sees the word before it. */
const has = (n: NameWords, test: (w: string, previous: string | undefined) => boolean) => n.words.some((w, i) => test(w, n.words[i - 1]));

/** Every redaction rule, in the order they apply: shapes first, then textual forms, then names. */
export const RULES: readonly RedactionRule[] = [
  // ---- credential shapes: replaced wherever they appear, whatever they are called
  { id: "private-key", kind: "shape", reason: "looks like a private key", doc: "a PEM private key block (`-----BEGIN … PRIVATE KEY-----`), body included",
    hints: ["PRIVATE KEY"], re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*)/g },
  { id: "aws-access-key-id", kind: "shape", reason: "looks like an AWS access key", doc: "an AWS access key id (`AKIA…`, `ASIA…`)",
    hints: ["AKIA", "ASIA"], re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { id: "jwt", kind: "shape", reason: "looks like a JWT", doc: "a JSON Web Token (`eyJ….eyJ….…`)",
    hints: ["eyJ"], re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g },
  { id: "github-token", kind: "shape", reason: "looks like a GitHub token", doc: "a GitHub token (`ghp_…`, `gho_…`, `github_pat_…`)",
    hints: ["gh", "github_pat_"], re: /\b(?:gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})/g },
  { id: "gitlab-token", kind: "shape", reason: "looks like a GitLab token", doc: "a GitLab personal access token (`glpat-…`)",
    hints: ["glpat-"], re: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{16,}/g },
  { id: "slack-token", kind: "shape", reason: "looks like a Slack token", doc: "a Slack token (`xoxb-…`, `xoxp-…`)",
    hints: ["xox"], re: /(?<![A-Za-z0-9_-])xox[baprs]-[A-Za-z0-9-]+/g },
  { id: "npm-token", kind: "shape", reason: "looks like an npm token", doc: "an npm access token (`npm_` + 36 characters)",
    hints: ["npm_"], re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { id: "google-api-key", kind: "shape", reason: "looks like a Google API key", doc: "a Google API key (`AIza…`)",
    hints: ["AIza"], re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { id: "stripe-key", kind: "shape", reason: "looks like a Stripe key", doc: "a Stripe secret or restricted key (`sk_live_…`, `rk_live_…`)",
    hints: ["k_live_", "k_test_"], re: /\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}/g },
  // ---- textual forms: a value recognisable by what surrounds it
  { id: "url-credentials", kind: "form", reason: "credentials in a URL",
    doc: "the whole userinfo of a URL, `scheme://user:password@host` (a password holding `@` or `/` included)" },
  { id: "authorization-header", kind: "form", reason: "looks like an authorization header",
    doc: "an `Authorization:` or `Proxy-Authorization:` header value (scheme kept: `Bearer <redacted…>`), also as a label or option value under a key ending in `authorization`" },
  { id: "user-password", kind: "form", reason: "looks like a password",
    doc: "`-u user:X`, `-fsu user:X`, `--user user:X`, `--user=user:X` (curl and alike): the part after the colon, unless it is a numeric group id (`-u 1000:1000`)" },
  { id: "password-option", kind: "form", reason: "looks like a password",
    doc: "a short option that takes a password: `-pX` attached after any program (`mysql -pX`, `7z -pX`; `ssh -p2222` loses its port too: a port lost from the evidence costs less than a password kept in it), except after programs whose `-p` is a switch (`mkdir`, `cp`, `tar`, `rsync`, `find`, `install`, `ls`, `mv`, `patch`, `perl`, compilers), a path (`dockerd -p/run/docker.pid`) and port publishing after `docker`/`podman`/`nerdctl` (`-p8080:80`); `-p X` with a blank after `mongo`, `mongosh`, `mongodump`…, `sshpass`, `login` (elsewhere a spaced `-p` is kept: `mkdir -p /x`, `docker run -p 8080:80`, `mysql -p db` where it names a database); `-P X`/`-PX` after any program (`sqlcmd`, `zip`, `unzip`; `mysql -P 3306` loses its port) except where `-P` is a switch or names no secret (`docker`/`podman`/`nerdctl`, `cp`, `find`, `grep`, `rsync`, `ls`, `ln`, `du`, `cd`, `pwd`, `xargs`, `git`, `wget`, `curl`, `scp`) and a path; `-a X`/`-aX` after `redis-cli`, `redis-benchmark`, `keydb-cli`" },
  { id: "env-instruction", kind: "form", reason: "environment value",
    doc: "every value an image's `ENV` instruction sets, as image history shows it (`ENV NAME=X`, `ENV A=X B=\"Y Z\"`, `ENV NAME X`, after `/bin/sh -c #(nop)` too): names kept, values dropped whatever the name, like a container's environment" },
  // ---- names: the value given under a secret-looking name (KEY=X, --flag X, --flag=X, "key": X, label, option)
  { id: "password-name", kind: "name", reason: "looks like a password", subtree: true,
    doc: "names with a word PASS, PASSWORD, PASSWD, PW, PWD, PASSPHRASE (`--db-pass`, `--pw`, `--pwd`, `db.pass`, `DB_PASSWORD`, `requirepass`, `htpasswd`)",
    name: (n) => has(n, (w) => PASSWORD_WORDS.has(w) || REDACTION_PASSWORD_WORDS.has(w) || PASSWORD_INSIDE.test(w)) },
  { id: "token-name", kind: "name", reason: "looks like a token", subtree: true,
    doc: "names with a word ending in TOKEN (`splunk-token`, `auth_token`, `accesstoken`)",
    name: (n) => has(n, (w) => TOKEN_WORD.test(w)) },
  { id: "secret-name", kind: "name", reason: "looks like a secret", subtree: true,
    doc: "names with a word SECRET, CREDENTIAL(S), CREDS or COOKIE",
    name: (n) => has(n, (w) => SECRET_WORDS.has(w) || REDACTION_SECRET_WORDS.has(w) || /secret|credential/.test(w)) },
  { id: "auth-name", kind: "name", reason: "looks like credentials", subtree: true,
    doc: "names with a word AUTH or BASICAUTH (`loki-basic-auth`, `NPM_AUTH`, `_auth`, `traefik…basicauth.users`); AUTHORIZATION-PLUGIN and AUTHOR are not",
    name: (n) => has(n, (w) => AUTH_WORDS.has(w)) },
  { id: "key-name", kind: "name", reason: "looks like a key", subtree: true,
    doc: "names with a key pair such as ACCESS KEY, PRIVATE KEY, API KEY, SECRET KEY (`--access-key`, `--private-key`, `apikey`)",
    name: (n) => has(n, (w, previous) => JOINED_KEY.test(w) || ((w === "key" || w === "keys") && previous !== undefined && KEY_PAIR_FIRST.includes(previous))) },
  { id: "key-credential", kind: "name", reason: "looks like a key", credentialValuesOnly: true,
    doc: "any other name with KEY in it (`*key*`), only when the value looks like a credential: 16 or more characters of a base64/hex alphabet mixing letters and digits (so `--tlskey /etc/docker/key.pem` stays)",
    name: (n) => /key/i.test(n.raw) },
];

const byId = new Map(RULES.map((r) => [r.id, r]));
/** A rule by its id; the ids used in this module are RULES' own, so an unknown one is a bug here and throws. */
const rule = (id: string): RedactionRule => {
  const r = byId.get(id);
  if (!r) throw new Error(`no redaction rule "${id}"`);
  return r;
};
const SHAPE_RULES = RULES.filter((r): r is ShapeRule => r.kind === "shape");
const NAME_RULES = RULES.filter((r): r is NameRule => r.kind === "name");

/** The marker that replaces a secret value. */
export function marker(reason: string): string {
  return `<redacted: ${reason}>`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const MARKER_SRC = `<redacted: (?:${[...new Set(RULES.map((r) => r.reason))].map(escapeRe).join("|")})>`;
const MARKER_ONLY = new RegExp(`^${MARKER_SRC}$`);

/** Whether `value` is exactly one of this module's markers (so redacting it again leaves it as is). */
export function isMarker(value: string): boolean {
  return MARKER_ONLY.test(value);
}

// ------------------------------------------------------------------------------------------------ predicates

export function nameWords(name: string): NameWords {
  const raw = name.replace(/^-+/, "");
  const words = raw.replace(/([a-z0-9])([A-Z])/g, "$1_$2").split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
  return { raw, words };
}

/** A file-system path (`/…`, `./…`, `../…`, `~/…`): the value of a `--key-file` or `tlskey` is where a secret is, not the secret. */
export function isPathLike(value: string): boolean {
  return /^(?:~|\.{1,2})?\/[\w.@%,:~/-]*$/.test(value);
}

/** Every name some name rule (or the authorization-header form) can match contains one of these. */
const NAME_HINT = /pass|pw|tok|secret|cred|cookie|auth|key/i;

/** The last word names a reference to the secret (`*_FILE`, `*-path`), so a path there is kept. */
const REFERENCE_WORDS = new Set(["file", "files", "filename", "path", "dir", "directory", "location", "mount"]);

function shannonBits(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const c of counts.values()) bits -= (c / s.length) * Math.log2(c / s.length);
  return bits;
}

/** A value that looks like a credential on its own: a known shape, or a long random-looking token. */
export function looksLikeCredential(value: string): boolean {
  if (secretShape(value)) return true;
  if (value.length < 16 || value.length > 8192 || !/^[A-Za-z0-9+/=_-]+$/.test(value) || isPathLike(value)) return false;
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value) && shannonBits(value) >= 3;
}

/** The kind of credential `value` looks like (a shape rule's id), or undefined. */
export function secretShape(value: string): string | undefined {
  return shapeRule(value)?.id;
}

function shapeRule(value: string): ShapeRule | undefined {
  for (const r of SHAPE_RULES) {
    if (!r.hints.some((h) => value.includes(h))) continue;
    r.re.lastIndex = 0;
    if (r.re.test(value)) return r;
  }
  return undefined;
}

/**
 * The name rule that makes `value`, given under `name`, a secret; undefined when it may be kept. `value` undefined
 * means "not a string" (an object or list in a document): then only subtree rules apply.
 */
export function secretNameRule(name: string, value?: string): RedactionRule | undefined {
  if (!NAME_HINT.test(name)) return undefined;
  if (value !== undefined && (value === "" || isMarker(value))) return undefined;
  const n = nameWords(name);
  const last = n.words.at(-1);
  if (last === undefined) return undefined;
  for (const r of NAME_RULES) {
    if (!r.name(n)) continue;
    if (value === undefined) return r.subtree ? r : undefined;
    if (r.credentialValuesOnly) return looksLikeCredential(value) ? r : undefined;
    // Where the secret lives, not the secret: `--password-file /run/secrets/db`, `--private-key ./id_rsa`.
    if (isPathLike(value) && (REFERENCE_WORDS.has(last) || r.id === "key-name")) return undefined;
    // A switch, not a value: `--password-stdin`.
    if (last === "stdin") return undefined;
    return r;
  }
  if (/authorization$/i.test(n.raw) && value !== undefined) return rule("authorization-header");
  return undefined;
}

/** Whether a variable, label key, flag or option name marks its value as secret whatever the value. */
export function isSecretName(name: string): boolean {
  return secretNameRule(name, "x") !== undefined;
}

// ------------------------------------------------------------------------------------------------ free text

// Every pattern below starts only where a run of its characters starts and scans forward without nested
// repetition, so a hostile 1 MB label costs one pass, not a quadratic search.

// A value in free text: quoted, or a run of non-blank characters (a marker counts as one piece).
const VALUE = new RegExp(`(?:"[^"]*"|'[^']*'|${MARKER_SRC}|[^\\s"'&])+`, "y");
// Header or mapping values end at , } ] too: `{"password": "x", …}`.
const COLON_VALUE = new RegExp(`"[^"]*"|'[^']*'|(?:${MARKER_SRC}|[^\\s"'&,}\\]])+`, "y");
// KEY=value, --key=value, ARG values in history (`|1 NPM_AUTH=x`), query parameters (`?access_token=x`).
const ASSIGNMENT = /(?<![\w.\-/])(-{0,2}[A-Za-z_][\w.-]*)=/g;
// --password value, separated by blanks inside one string (a shell-form command).
const FLAG_SPACE = /(?<=^|\s)(--?[A-Za-z][\w.-]*)\s+(?!-)/g;
// The same in an exec-form list as history prints it: `CMD ["app" "--token" "x"]`, `["app","--token","x"]`.
const FLAG_QUOTED = /(?<=^|[\s[,])(["'])(--?[A-Za-z][\w.-]*)\1(?:\s*,\s*|\s+)(?=["'][^-])/g;
const QUOTED = /"[^"]*"|'[^']*'/y;
// Header or mapping form: `Authorization: Bearer x`, `X-Api-Key: x`, `"password": "x"`.
const COLON_FORM = /(?<![\w.\-/])(["']?)([A-Za-z_][\w.-]*)\1\s*:\s*(?:(?:bearer|basic|token|digest|negotiate|apikey)\s+)?/gi;
// -u user:password / -fsu user:password / --user user:password / --user=user:password
const USER_PASSWORD = /(?<=^|\s)(?:-[A-Za-z]*u\s*|--user[=\s]\s*)[^\s:"'=]+:/g;
// -pX / -p X / -PX / -P X / -aX / -a X: judged by the nearest program before it that the table below knows.
const SHORT_OPTION = /(?<=^|\s)-([pPa])(\s*)(?=[^\s-])/g;
const MYSQL_FAMILY = /^(?:mysql\w*|mariadb[\w-]*)$/;
const SPACED_P_FAMILY = /^(?:sshpass|login|mongo|mongosh|mongo(?:dump|restore|export|import|stat|top|files))$/;
const REDIS_FAMILY = /^(?:redis-cli|redis-benchmark|keydb-cli)$/;
const CONTAINER_CLI = /^(?:docker|podman|nerdctl)$/;
/** Programs whose `-p` never takes a password (a switch, or `patch -p1`). */
const P_SWITCH = /^(?:mkdir|cp|tar|rsync|find|install|ls|mv|patch|perl|gcc|g\+\+|cc|c\+\+|clang|clang\+\+)$/;
/** Programs whose `-P` is a switch or names no secret. */
const UPPER_P_SWITCH = /^(?:docker|podman|nerdctl|cp|find|grep|egrep|fgrep|rsync|ls|ln|du|cd|pwd|xargs|git|wget|curl|scp)$/;
const KNOWN_PROGRAM = [MYSQL_FAMILY, SPACED_P_FAMILY, REDIS_FAMILY, CONTAINER_CLI, P_SWITCH, UPPER_P_SWITCH];
/** docker run -p: [ip:][hostPort[-end]:]containerPort[-end][/proto], ip possibly [v6]. */
const PORT_SPEC = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):)?(?:(?:\d{1,5}(?:-\d{1,5})?)?:)?\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/;

/** The program's base name: `/usr/bin/mysql` → mysql, `CMD=mysql` (a label) → mysql. */
const programName = (w: string) => {
  const v = w.replace(/^[\w.-]*=/, "").replace(/^["']|["']$/g, "");
  return v.slice(v.lastIndexOf("/") + 1);
};

/** The program a word names when the short-option rule knows it, else undefined. */
export function knownProgram(word: string): string | undefined {
  const w = programName(word);
  return KNOWN_PROGRAM.some((re) => re.test(w)) ? w : undefined;
}

/**
 * Whether `-LETTER` followed by `value` (attached: `-pX`; else `-p X`) gives a password, judged by `program`: the
 * nearest program before it that KNOWN_PROGRAM lists ("" when none).
 */
export function shortOptionIsPassword(letter: string, attached: boolean, value: string, program: string): boolean {
  if (letter === "a") return REDIS_FAMILY.test(program);
  if (letter === "P") return !UPPER_P_SWITCH.test(program) && !isPathLike(value);
  if (SPACED_P_FAMILY.test(program)) return true;
  if (!attached || P_SWITCH.test(program)) return false;
  if (MYSQL_FAMILY.test(program)) return true;
  if (CONTAINER_CLI.test(program) && PORT_SPEC.test(value)) return false;
  return !isPathLike(value);
}
const SCHEME = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\//g;

const m = (id: string) => marker(rule(id).reason);
const unquote = (v: string) => v.replace(/^["']|["']$/g, "");
const quoted = (v: string, mk: string) => {
  const q = v.charAt(0);
  return /^["']/.test(v) && v.length > 1 && v.endsWith(q) ? `${q}${mk}${q}` : mk;
};

// What a decision looks at: the first 512 characters of a value (an unterminated quote allowed). Deciding on a
// bounded prefix keeps a run of heads without secrets (`a:a:a:…`) linear; a value that is redacted is then matched
// whole and skipped.
const PEEK = new RegExp(`(?:"[^"]*"?|'[^']*'?|${MARKER_SRC}|[^\\s"'&])+`, "y");

/**
 * For each match of `head` that `candidate` accepts, the value right after it (matched by the sticky `value`) is
 * replaced by a marker when `decide` names a rule for it; otherwise the search goes on right after the head, so the
 * value is itself searched too.
 */
function redactAfter(text: string, head: RegExp, value: RegExp, candidate: (h: RegExpExecArray) => boolean, decide: (h: RegExpExecArray, v: string) => RedactionRule | undefined): string {
  let out = "";
  let last = 0;
  head.lastIndex = 0;
  for (let h = head.exec(text); h; h = head.exec(text)) {
    const at = h.index + h[0].length;
    if (h[0].length === 0) head.lastIndex++;
    if (!candidate(h)) continue;
    PEEK.lastIndex = 0;
    const peek = unquote(PEEK.exec(text.slice(at, at + 512))?.[0] ?? "");
    const r = peek !== "" && !isMarker(peek) ? decide(h, peek) : undefined;
    if (!r) continue;
    value.lastIndex = at;
    const v = value.exec(text)?.[0] ?? text.slice(at).replace(/\s[\s\S]*/, "");
    out += text.slice(last, at) + quoted(v, marker(r.reason));
    last = head.lastIndex = at + v.length;
  }
  return out + text.slice(last);
}

/** Whether some name rule could apply to `name` (cheap, before any value is looked at). */
function mayBeSecretName(name: string): boolean {
  if (!NAME_HINT.test(name)) return false;
  const n = nameWords(name);
  return NAME_RULES.some((r) => r.name(n)) || /authorization$/i.test(n.raw);
}

/**
 * For positions asked in increasing order, the nearest program KNOWN_PROGRAM lists before that position in the same
 * command (a ; & | or newline starts a new one), "" when none. One pass over the text in all, however many asked.
 */
function programTracker(text: string): (at: number) => string {
  const word = /[^\s;&|]+|[;&|\n]/g;
  let program = "";
  let next = word.exec(text);
  return (at) => {
    while (next && next.index < at) {
      const w = next[0];
      if (w === ";" || w === "&" || w === "|" || w === "\n") program = "";
      else program = knownProgram(w) ?? program;
      next = word.exec(text);
    }
    return program;
  };
}

/**
 * scheme://userinfo@host → scheme://<marker>@host: the whole userinfo, up to the last @ before the host. With
 * `keepUser`, only what follows the user name's colon (the password): scheme://user:<marker>@host, and a userinfo
 * without a colon (a user name alone) stays.
 */
function redactUrlCredentials(text: string, keepUser = false): string {
  let out = "";
  let last = 0;
  SCHEME.lastIndex = 0;
  for (let h = SCHEME.exec(text); h; h = SCHEME.exec(text)) {
    const at = h.index + h[0].length;
    const chunk = text.slice(at, at + 4096);
    const stop = chunk.search(/[\s"'<>]/);
    const rest = stop < 0 ? chunk : chunk.slice(0, stop);
    const sep = rest.search(/[/?#]/);
    const authority = sep < 0 ? rest : rest.slice(0, sep);
    let end = authority.lastIndexOf("@");
    // A password holding "/" (unencoded): user:pa/ss@host — the @ comes after the first "/".
    if (end < 0 && sep >= 0 && /^[^:@]*:(?!\d+$)/.test(authority)) {
      const at2 = rest.indexOf("@", sep);
      if (at2 >= 0 && !/[/?#]/.test((rest.slice(at2 + 1).split(/[/?#]/)[0] ?? "").replace(/[^@]/g, ""))) end = at2;
      while (end >= 0 && rest.indexOf("@", end + 1) >= 0 && !/[/?#]/.test(rest.slice(end + 1, rest.indexOf("@", end + 1)))) end = rest.indexOf("@", end + 1);
    }
    if (end <= 0) continue;
    if (keepUser) {
      const colon = rest.indexOf(":");
      if (colon < 0 || colon > end) continue;
      // Shown, not parsed: a password holding "@" and "/" (`user:p@ss/w@host`) is hidden up to the last "@".
      end = rest.lastIndexOf("@");
      out += text.slice(last, at + colon + 1) + m("url-credentials");
      last = SCHEME.lastIndex = at + end;
      continue;
    }
    out += text.slice(last, at) + m("url-credentials");
    last = SCHEME.lastIndex = at + end;
  }
  return out + text.slice(last);
}

// An ENV instruction as image history shows it: `ENV A=x`, `/bin/sh -c #(nop)  ENV A=x B="y z"`, `ENV A x y`.
const ENV_HEAD = /^(?:[^\n#]{0,64}#\(nop\)\s*)?ENV\s+/;
const ENV_NAME = /[^\s=]+/y;
const ENV_VALUE = new RegExp(`(?:${MARKER_SRC}|"(?:[^"\\\\]|\\\\[\\s\\S])*"?|'[^']*'?|\\\\[\\s\\S]|[^\\s"'\\\\])+`, "y");

/** Every value of an ENV instruction → the marker; the names stay (as for a container's environment). */
function redactEnvInstruction(text: string): string {
  const head = ENV_HEAD.exec(text);
  if (!head) return text;
  const mk = m("env-instruction");
  let at = head[0].length;
  ENV_NAME.lastIndex = at;
  const first = ENV_NAME.exec(text);
  if (!first) return text;
  // The legacy form `ENV NAME value…`: the whole rest is the value.
  if (text.charAt(at + first[0].length) !== "=") {
    const rest = text.slice(at + first[0].length).trim();
    return rest === "" ? text : `${text.slice(0, at + first[0].length)} ${mk}`;
  }
  let out = text.slice(0, at);
  while (at < text.length) {
    ENV_NAME.lastIndex = at;
    const name = ENV_NAME.exec(text);
    if (!name || text.charAt(at + name[0].length) !== "=") return out + text.slice(at);
    const valueAt = at + name[0].length + 1;
    ENV_VALUE.lastIndex = valueAt;
    const value = ENV_VALUE.exec(text)?.[0] ?? "";
    out += text.slice(at, valueAt) + (value === "" ? "" : mk);
    at = valueAt + value.length;
    const blanks = /\s*/y;
    blanks.lastIndex = at;
    const b = blanks.exec(text)?.[0] ?? "";
    out += b;
    at += b.length;
  }
  return out;
}

/**
 * An endpoint (`ssh://user:PASS@host`, `tcp://…`, any URL), or a line that may hold one, as it may be shown or
 * stored: the password of every URL's userinfo replaced by the marker (the user name kept), and every credential
 * shape replaced. The one function for it: messages, fleet rows, reports and the terminal all show endpoints
 * through it.
 */
export function endpointSafeToShow(text: string): string {
  let out = text;
  for (const r of SHAPE_RULES) if (r.hints.some((h) => out.includes(h))) out = out.replace(r.re, marker(r.reason));
  return out.includes("://") ? redactUrlCredentials(out, true) : out;
}

/** Whether a URL carries a password in its userinfo (`scheme://user:PASS@host`); a marker there counts as none. */
export function urlHasPassword(url: string): boolean {
  return redactUrlCredentials(url, true) !== url;
}

const SHAPE_HINT = new RegExp(SHAPE_RULES.flatMap((r) => r.hints).map(escapeRe).join("|"));

/** Redacts secret values inside free text: a shell command, a history line, a label or option value. */
export function redactText(text: string): string {
  let out = text.includes("ENV") ? redactEnvInstruction(text) : text;
  // Most values (`daemon off;`, `blue`, `nginx`) hold nothing any rule starts from.
  if (!/[=:@-]/.test(out) && !SHAPE_HINT.test(out)) return out;
  for (const r of SHAPE_RULES) if (r.hints.some((h) => out.includes(h))) out = out.replace(r.re, marker(r.reason));
  if (out.includes("://")) out = redactUrlCredentials(out);
  const has = (c: string) => out.includes(c);
  // Heads whose group `i` is the name (every such group is mandatory in its pattern, so it is always there).
  const named = (i: number) => (h: RegExpExecArray) => {
    const name = h[i];
    return name !== undefined && mayBeSecretName(name);
  };
  const byName = (i: number, header = false) => (h: RegExpExecArray, v: string) => {
    const name = h[i];
    if (name === undefined) return undefined;
    return header && /^(?:proxy-)?authorization$/i.test(name) ? rule("authorization-header") : secretNameRule(name, v);
  };
  if (/(?:^|\s)-[pPa]/.test(out)) {
    const programAt = programTracker(out);
    out = redactAfter(out, SHORT_OPTION, VALUE, () => true, (h, v) =>
      (shortOptionIsPassword(h[1] ?? "", h[2] === "", v, programAt(h.index)) ? rule("password-option") : undefined));
  }
  if (has("-")) out = redactAfter(out, USER_PASSWORD, VALUE, () => true, (_h, v) => (/^\d+$/.test(v) ? undefined : rule("user-password")));
  if (has("=")) out = redactAfter(out, ASSIGNMENT, VALUE, named(1), byName(1));
  if (has(":")) out = redactAfter(out, COLON_FORM, COLON_VALUE, named(2), byName(2, true));
  if (has("-")) out = redactAfter(out, FLAG_SPACE, VALUE, named(1), byName(1));
  if (has("-")) out = redactAfter(out, FLAG_QUOTED, QUOTED, named(2), byName(2));
  return out;
}

// ------------------------------------------------------------------------------------------------ argv

const FLAG_ALONE = /^(-{1,2})([A-Za-z_][\w.-]*)$/;
const FLAG_EQUALS = /^(-{0,2}[A-Za-z_][\w.-]*)=([\s\S]*)$/;

/** Redacts an argv-like token list: `--password=x`, `PASSWORD=x`, `--password x` across two tokens, `-u user:x`, … */
export function redactArgs(tokens: readonly string[]): string[] {
  const out: string[] = [];
  // The nearest program the short-option rule knows: it decides what `-pX`, `-p X`, `-P X` and `-a X` are.
  let program = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = String(tokens[i]);
    const next = i + 1 < tokens.length ? String(tokens[i + 1]) : undefined;
    const [, letter, attached] = /^-([pPa])([\s\S]*)$/.exec(t) ?? [];
    if (letter !== undefined && attached !== undefined) {
      if (attached !== "" && !attached.startsWith("-")) {
        const password = !isMarker(attached) && shortOptionIsPassword(letter, true, attached, program);
        // Judged here with the programs before it: the text rules alone would not know them.
        out.push(`-${letter}${password ? m("password-option") : redactText(attached)}`);
        continue;
      } else if (attached === "" && next !== undefined && next !== "" && !next.startsWith("-") && !isMarker(next) && shortOptionIsPassword(letter, false, next, program)) {
        out.push(t, m("password-option"));
        i++;
        continue;
      }
    }
    program = knownProgram(t) ?? program;
    const [, , name] = FLAG_ALONE.exec(t) ?? [];
    if (name !== undefined && next !== undefined) {
      let redacted: string | undefined;
      if ((name === "user" || /^-[A-Za-z]*u$/.test(t)) && /^[^:\s]+:/.test(next)) redacted = redactUserPassword(next);
      else if (!next.startsWith("-")) {
        const r = secretNameRule(name, next);
        if (r) redacted = marker(r.reason);
      }
      if (redacted !== undefined) {
        out.push(t, redacted);
        i++;
        continue;
      }
    }
    const [, eqName, eqValue] = FLAG_EQUALS.exec(t) ?? [];
    if (eqName !== undefined && eqValue !== undefined) {
      const r = secretNameRule(eqName, eqValue);
      if (r) {
        out.push(`${eqName}=${marker(r.reason)}`);
        continue;
      }
      if (eqName === "--user" && eqValue.includes(":")) {
        out.push(`--user=${redactUserPassword(eqValue)}`);
        continue;
      }
    }
    out.push(redactText(t));
  }
  return out;
}

function redactUserPassword(userColonPassword: string): string {
  const c = userColonPassword.indexOf(":");
  const pw = userColonPassword.slice(c + 1);
  if (pw === "" || /^\d+$/.test(pw) || isMarker(pw)) return redactText(userColonPassword);
  return `${redactText(userColonPassword.slice(0, c))}:${m("user-password")}`;
}

export function redactArgsOrNull<T extends readonly string[] | null | undefined>(tokens: T): T {
  return (Array.isArray(tokens) ? redactArgs(tokens) : tokens) as T;
}

// ------------------------------------------------------------------------------------------------ maps and documents

/** One value under one key: the key's rule, else a credential shape filling the value, else text rules inside it. */
export function redactValue(key: string, value: string): string {
  const r = secretNameRule(key, value);
  if (r) return marker(r.reason);
  const shape = shapeRule(value);
  if (shape && value.replace(shape.re, "").trim() === "") return marker(shape.reason);
  return redactText(value);
}

/** Labels, log options, driver options: values under a secret-looking key or shaped like a credential are replaced. */
export function redactLabels<T extends Record<string, unknown> | null | undefined>(labels: T): T {
  if (!labels || typeof labels !== "object") return labels;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(labels)) out[k] = typeof v === "string" ? redactValue(k, v) : redactDeep(v);
  return out as T;
}

/** Every string or number below a secret-named key becomes the marker; keys, booleans and nulls stay. */
function redactSubtree(value: unknown, reason: string): unknown {
  if (typeof value === "string") return value === "" || isMarker(value) ? value : marker(reason);
  if (typeof value === "number") return marker(reason);
  if (Array.isArray(value)) return value.map((v) => redactSubtree(v, reason));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSubtree(v, reason)]));
  return value;
}

/** Deep redaction for configuration documents (daemon.json, /info): by key name, by shape, and inside text. */
export function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redactValue("", value);
  // A list of strings may be an argv (`runtimes.*.runtimeArgs: ["--db-pass", "x"]`): redacted as one, token for token.
  if (strings(value)) return redactArgs(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (isObj(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string") out[k] = redactValue(k, v);
      else if (typeof v === "number") {
        const r = secretNameRule(k, String(v));
        out[k] = r && !(r.kind === "name" && r.credentialValuesOnly) ? marker(r.reason) : v;
      }
      else {
        const r = v !== null && typeof v === "object" ? secretNameRule(k) : undefined;
        out[k] = r ? redactSubtree(v, r.reason) : redactDeep(v);
      }
    }
    return out;
  }
  return value;
}

/** "key=value" → value redacted when the key looks secret or the value has a credential shape. */
export function redactLabelPair(pair: string): string {
  const eq = pair.indexOf("=");
  if (eq < 0) return redactValue("", pair);
  return `${pair.slice(0, eq)}=${redactValue(pair.slice(0, eq), pair.slice(eq + 1))}`;
}

// ------------------------------------------------------------------------------------------------ Engine API documents

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
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** A container or image `Config` block: Env → names, commands and labels redacted. */
export function sanitizeConfigBlock(config: unknown): Obj | null {
  if (!isObj(config)) return null;
  const { Env, ...rest } = config;
  const out: Obj = { ...rest };
  // A saved snapshot has names already (and no Env): keep them rather than emptying them.
  if (Env !== undefined || !Array.isArray(rest.EnvNames)) Object.assign(out, sanitizeEnv(strings(Env) ? Env : null));
  // Entrypoint and Cmd make one command line (`mysql` in one, `-pX` in the other): redacted together, token for token.
  const entry = strings(out.Entrypoint) ? out.Entrypoint : [];
  const cmd = strings(out.Cmd) ? out.Cmd : [];
  const both = redactArgs([...entry, ...cmd]);
  if (strings(out.Entrypoint)) out.Entrypoint = both.slice(0, entry.length);
  if (strings(out.Cmd)) out.Cmd = both.slice(entry.length);
  for (const k of ["OnBuild", "Shell"]) {
    if (strings(out[k])) out[k] = redactArgs(out[k] as string[]);
  }
  if (isObj(out.Healthcheck) && strings(out.Healthcheck.Test)) {
    out.Healthcheck = { ...out.Healthcheck, Test: redactArgs(out.Healthcheck.Test) };
  }
  if (isObj(out.Labels)) out.Labels = redactLabels(out.Labels);
  return out;
}

/** A container inspect document as the API returns it → what may enter the snapshot. */
export function sanitizeContainer(raw: Obj): Obj {
  const out: Obj = { ...raw, Config: sanitizeConfigBlock(raw.Config) ?? { EnvNames: [], EnvSecretShapes: [] } };
  // Path is argv[0] and Args the rest: redacted together, so `["--password", "x"]` across the two is caught too.
  const path = typeof raw.Path === "string" ? [raw.Path] : [];
  if (strings(raw.Args)) {
    const all = redactArgs([...path, ...raw.Args]);
    if (path.length) out.Path = all.shift();
    out.Args = all;
  } else if (path.length) out.Path = redactArgs(path)[0];
  if (isObj(raw.State)) {
    const st: Obj = { ...raw.State };
    // The health check's output is whatever the command printed; only when and how it ended is kept.
    if (isObj(st.Health) && Array.isArray(st.Health.Log)) {
      st.Health = { ...st.Health, Log: st.Health.Log.map((l) => (isObj(l) ? { Start: l.Start, End: l.End, ExitCode: l.ExitCode } : l)) };
    }
    if (typeof st.Error === "string") st.Error = redactText(st.Error);
    out.State = st;
  }
  if (isObj(raw.HostConfig)) {
    const hc: Obj = { ...raw.HostConfig };
    if (isObj(hc.LogConfig) && isObj(hc.LogConfig.Config)) hc.LogConfig = { ...hc.LogConfig, Config: redactLabels(hc.LogConfig.Config) };
    if (isObj(hc.Annotations)) hc.Annotations = redactLabels(hc.Annotations);
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
  if (typeof raw.Comment === "string") out.Comment = redactText(raw.Comment);
  return out;
}

/** A network inspect document: labels and driver and IPAM options redacted where secret-looking. */
export function sanitizeNetwork(raw: Obj): Obj {
  const out: Obj = { ...raw };
  if (isObj(raw.Labels)) out.Labels = redactLabels(raw.Labels);
  if (isObj(raw.Options)) out.Options = redactLabels(raw.Options);
  if (isObj(raw.IPAM) && isObj(raw.IPAM.Options)) out.IPAM = { ...raw.IPAM, Options: redactLabels(raw.IPAM.Options) };
  return out;
}

/** /info: daemon labels ("key=value" strings), proxy URLs, registry mirrors and the rest, redacted deeply. */
export function sanitizeInfo(raw: Obj): Obj {
  const out = redactDeep(raw) as Obj;
  if (strings(raw.Labels)) out.Labels = raw.Labels.map(redactLabelPair);
  return out;
}

// ------------------------------------------------------------------------------------------------ saved snapshots

type Fact = { ok: boolean; value?: unknown };
const mapFact = <T>(f: unknown, fn: (v: T) => unknown): void => {
  if (isObj(f) && (f as Fact).ok === true && (f as Fact).value !== undefined) (f as Obj).value = fn((f as Fact).value as T);
};
const mapList = (f: unknown, fn: (o: Obj) => Obj) => mapFact<unknown[]>(f, (v) => (Array.isArray(v) ? v.map((x) => (isObj(x) ? fn(x) : x)) : v));

/**
 * A snapshot read from disk, redacted again (defence in depth: it may come from an older build or another tool).
 * Idempotent on what this build's collectors wrote. Mutates and returns `s`, which the caller just parsed.
 */
export function redactSnapshot(s: Snapshot): Snapshot {
  const snap = s as unknown as Obj;
  if (isObj(snap.collection) && typeof snap.collection.dockerHost === "string") snap.collection.dockerHost = redactText(snap.collection.dockerHost);
  if (isObj(snap.collection) && isObj(snap.collection.selection) && strings(snap.collection.selection.label)) {
    snap.collection.selection = { ...snap.collection.selection, label: snap.collection.selection.label.map(redactLabelPair) };
  }
  const d = isObj(snap.daemon) ? snap.daemon : {};
  mapFact<Obj>(d.process, (p) => (isObj(p) && strings(p.argv) ? { ...p, argv: redactArgs(p.argv) } : p));
  mapFact<Obj>(d.flags, (fl) => isObj(fl) ? Object.fromEntries(Object.entries(fl).map(([k, vs]) => [k, strings(vs) ? vs.map((v) => redactValue(k, v)) : redactDeep(vs)])) : fl);
  mapFact<Obj>(d.configFile, (c) => (isObj(c) && isObj(c.content) ? { ...c, content: redactDeep(c.content) } : c));
  mapFact<Obj>(d.effective, (e) => isObj(e)
    ? Object.fromEntries(Object.entries(e).map(([k, x]) => [k, isObj(x) ? { ...x, value: (redactDeep({ [k]: x.value }) as Obj)[k] } : x]))
    : e);
  const e = isObj(snap.engine) ? snap.engine : {};
  mapFact<Obj>(e.info, (i) => (isObj(i) ? sanitizeInfo(i) : i));
  mapList(e.containers, sanitizeContainer);
  mapList(e.images, sanitizeImage);
  mapList(e.networks, sanitizeNetwork);
  mapFact<Obj>(e.imageHistory, (h) => {
    if (!isObj(h)) return h;
    for (const f of Object.values(h)) mapList(f, (x) => (typeof x.CreatedBy === "string" ? { ...x, CreatedBy: redactText(x.CreatedBy) } : x));
    return h;
  });
  return s;
}
