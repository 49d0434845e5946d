// Which environment variable NAMES hold a credential. Decided on words, not substrings: the name is split into
// words at `_`, `-`, `.` and camelCase, so BYPASS or COMPASS never match PASS and TOKENIZER never matches TOKEN;
// only PASSWORD, PASSWD and PASSPHRASE are also found inside a word (DBPASSWORD), PASSWORDLESS excepted.
//
// A name is a secret when it contains a secret word (PASSWORD, PASSWD, PASS, PWD, SECRET, TOKEN, CREDENTIALS,
// PASSPHRASE, …) or a secret pair (API KEY, PRIVATE KEY, ACCESS KEY, …), unless
//  - its last word says it holds a reference or a setting, not the secret itself: *_FILE, *_PATH, *_DIR (Docker's
//    `_FILE` convention points at a mounted secret), *_POLICY, *_LENGTH, *_EXPIRY, *_TTL, *_ALGORITHM, *_ID, …;
//  - a word before the secret word makes it a switch: MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD,
//    SKIP_TOKEN_CHECK, DISABLE_PASSWORD_AUTH;
//  - it is the shell's PWD / OLDPWD (the working directory).

// The secret words and pairs are the one list redaction uses too (src/snapshot/secret-words.ts).
import { secretWordAt } from "../../src/check-api.js";

/** A last word naming where the secret is, or a property of it, rather than the secret. */
const REFERENCE_OR_SETTING = new Set([
  "FILE", "FILES", "PATH", "DIR", "FILENAME", "LOCATION", "MOUNT", "POLICY", "LENGTH", "LEN", "MIN", "MAX", "EXPIRY",
  "EXPIRES", "EXPIRATION", "EXPIRE", "TTL", "TIMEOUT", "LIFETIME", "ROTATION", "ALGORITHM", "ALGO", "TYPE", "FORMAT",
  "ID", "NAME", "USER", "USERNAME", "HEADER", "URL", "URI", "ENDPOINT", "HOST", "PORT", "ENABLED", "REQUIRED",
  "SECONDS", "MINUTES", "HOURS", "DAYS", "MS", "COUNT", "ATTEMPTS", "RETRIES", "PROMPT", "FIELD", "PARAM", "HINT",
]);

/** A word before the secret word that makes the variable a switch (`ALLOW_EMPTY_PASSWORD=yes`). */
const SWITCH_WORDS = new Set(["ALLOW", "EMPTY", "RANDOM", "GENERATE", "SKIP", "DISABLE", "ENABLE", "REQUIRE", "USE", "NO", "ONETIME", "FORCE"]);

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/** The word(s) that make `name` a secret, or undefined when it is not one. */
export function secretNameMatch(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper === "PWD" || upper === "OLDPWD") return undefined;
  const words = nameWords(name);
  let at = -1, match = "";
  const lower = words.map((w) => w.toLowerCase());
  for (const i of words.keys()) {
    const found = secretWordAt(lower, i, (w) => w.endsWith("less"));
    if (found !== undefined) { at = i; match = found.toUpperCase(); }
  }
  if (at < 0) return undefined;
  const last = words.at(-1);
  if (at < words.length - 1 && last !== undefined && REFERENCE_OR_SETTING.has(last)) return undefined;
  if (words.slice(0, at).some((w) => SWITCH_WORDS.has(w))) return undefined;
  return match;
}
