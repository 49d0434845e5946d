// The one list of words that make a name (environment variable, flag, label or option key) name a secret. Used by
// the redaction rules (src/secrets/redact.ts), which replace such values, and by the check that reports secrets
// passed in containers' environments (checks/dockaudit/secret-names.ts), which adds its own exceptions (`*_FILE`,
// switches such as ALLOW_EMPTY_PASSWORD). Words are lower case; names are split into words at non-alphanumerics and
// camelCase before they are looked up.

/** Words naming a password. */
export const PASSWORD_WORDS: ReadonlySet<string> = new Set(["password", "passwords", "passwd", "pass", "pw", "pwd", "passphrase"]);
/** Password words also found inside a longer word (`dbpassword`). */
export const PASSWORD_INSIDE = /password|passwd|passphrase/;
/** Words naming a secret or credentials. */
export const SECRET_WORDS: ReadonlySet<string> = new Set(["secret", "secrets", "credential", "credentials", "creds"]);
/** A word ending in token(s): `token`, `authtoken`, `accesstoken`. */
export const TOKEN_WORD = /^[a-z0-9]*tokens?$/;
/** Words that make the word `key` after them name a secret (`api key`, `private key`). */
export const KEY_PAIR_FIRST: readonly string[] = [
  "access", "private", "secret", "api", "app", "auth", "client", "master", "encryption", "signing", "license", "session",
  "shared", "account", "storage", "hmac", "ssh", "consumer",
];
/** The same pairs written as one word: `apikey`, `privatekeys`. */
export const JOINED_KEY = new RegExp(`^(?:${KEY_PAIR_FIRST.join("|")})keys?$`);

/**
 * The secret word or pair at `words[i]` (lower case), or undefined: `pass`, `dbpassword`, `authtoken`, `apikey`,
 * `api_key` (as "api_key"). `exceptInside` rejects a word holding a password word inside it (e.g. `passwordless`).
 */
export function secretWordAt(words: readonly string[], i: number, exceptInside: (w: string) => boolean = () => false): string | undefined {
  const w = words[i];
  if (w === undefined) return undefined;
  if (PASSWORD_WORDS.has(w) || SECRET_WORDS.has(w) || TOKEN_WORD.test(w) || JOINED_KEY.test(w)) return w;
  if (PASSWORD_INSIDE.test(w) && !exceptInside(w)) return w;
  const previous = words[i - 1];
  if ((w === "key" || w === "keys") && previous !== undefined && KEY_PAIR_FIRST.includes(previous)) return `${previous}_${w}`;
  return undefined;
}
