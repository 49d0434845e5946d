// Host-key trust for the SSH transport, as strict as OpenSSH's: known_hosts files (plain and hashed `|1|salt|hash`
// names, comma-separated patterns with `*`, `?` and `!negation`, `[host]:port` off port 22, `@revoked` and
// `@cert-authority` markers) judge the key a host offers.
//
// A host (its name AND port, as known_hosts records it) is "new" only when no line of any type names it. When any
// key is recorded for it and the offered one is not among them, the host's identity has changed, whatever the key
// types: a key of another type is no evidence of the same host (an attacker offers whatever type it holds), so
// --accept-new-host-key never records it. A revoked key is refused always; host certificates (`@cert-authority`)
// are not supported, so a host that only a CA line names is refused with that reason rather than taken as new.
import { createHmac } from "node:crypto";

/** What the known_hosts files say about the offered key. */
export type HostKeyVerdict =
  | { state: "known" }
  | { state: "unknown" }
  /** Keys are recorded for the host and the offered one is none of them. `sameType`: one of the offered type differs. */
  | { state: "changed"; file: string; line: number; recordedTypes: string[]; sameType: boolean }
  | { state: "revoked"; file: string; line: number }
  /** Only `@cert-authority` lines name the host: certificates are not supported. */
  | { state: "cert-authority"; file: string; line: number };

export interface KnownHostsText {
  file: string;
  text: string;
}

/** The name a host has in known_hosts: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
}

/**
 * Whether the host field of a known_hosts line names `name`: a hashed `|1|salt|hash` entry, or a comma-separated
 * list of patterns where any negated pattern that matches (`!pattern`) rejects the line, as in OpenSSH.
 */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith("|1|")) {
    const [, , salt, hash] = field.split("|");
    if (!salt || !hash) return false;
    return createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
  }
  let matched = false;
  for (const p of field.split(",")) {
    if (p.startsWith("!")) {
      if (globToRegExp(p.slice(1)).test(name)) return false;
    } else if (p !== "" && globToRegExp(p).test(name)) matched = true;
  }
  return matched;
}

interface Line { file: string; line: number; marker?: string; type: string; blob: string }

/** The lines of the files that name `name`, in order. Comments, blank and malformed lines are passed over. */
export function linesFor(files: readonly KnownHostsText[], name: string): Line[] {
  const out: Line[] = [];
  for (const { file, text } of files) {
    for (const [i, rawLine] of text.split("\n").entries()) {
      const l = rawLine.trim();
      if (!l || l.startsWith("#")) continue;
      const f = l.split(/\s+/);
      const marker = f[0]?.startsWith("@") ? f.shift() : undefined;
      const [hosts, type, blob] = f;
      if (!hosts || !type || !blob || !hostFieldMatches(hosts, name)) continue;
      out.push({ file, line: i + 1, ...(marker ? { marker } : {}), type, blob });
    }
  }
  return out;
}

/** Judges an offered host key (its type and base64 blob) against known_hosts files, as OpenSSH does. */
export function judgeHostKey(files: readonly KnownHostsText[], name: string, keyType: string, keyBase64: string): HostKeyVerdict {
  const lines = linesFor(files, name);
  const revoked = lines.find((l) => l.marker === "@revoked" && l.blob === keyBase64);
  if (revoked) return { state: "revoked", file: revoked.file, line: revoked.line };
  const plain = lines.filter((l) => l.marker === undefined);
  if (plain.some((l) => l.type === keyType && l.blob === keyBase64)) return { state: "known" };
  const first = plain.find((l) => l.type === keyType) ?? plain[0];
  if (first) {
    return { state: "changed", file: first.file, line: first.line, recordedTypes: [...new Set(plain.map((l) => l.type))], sameType: first.type === keyType };
  }
  const ca = lines.find((l) => l.marker === "@cert-authority");
  if (ca) return { state: "cert-authority", file: ca.file, line: ca.line };
  return { state: "unknown" };
}

/** Compatibility: one file's text. */
export function checkKnownHosts(text: string, file: string, name: string, keyType: string, keyBase64: string): HostKeyVerdict {
  return judgeHostKey([{ file, text }], name, keyType, keyBase64);
}

/** The host-key algorithms the SSH client asks for that give a key of `type`. */
const ALGORITHMS_OF: Record<string, string[]> = {
  "ssh-ed25519": ["ssh-ed25519"],
  "ecdsa-sha2-nistp256": ["ecdsa-sha2-nistp256"],
  "ecdsa-sha2-nistp384": ["ecdsa-sha2-nistp384"],
  "ecdsa-sha2-nistp521": ["ecdsa-sha2-nistp521"],
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};
/** ssh2's default order of host-key algorithms. */
export const DEFAULT_HOST_KEY_ALGORITHMS = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

/**
 * The host-key algorithms to offer, those giving a key type already recorded for the host first (OpenSSH's
 * ordering): a server holding several keys then shows the one known_hosts has, so only a host that lacks every
 * recorded type ends up offering another one (and is refused). Undefined: no key is recorded, use the default.
 */
export function hostKeyAlgorithmsFor(files: readonly KnownHostsText[], name: string): string[] | undefined {
  const recorded = linesFor(files, name).filter((l) => l.marker === undefined).flatMap((l) => ALGORITHMS_OF[l.type] ?? []);
  if (recorded.length === 0) return undefined;
  const first = [...new Set(recorded)];
  return [...first, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}

/** One line saying why a host key is refused; undefined when it is trusted or new. */
export function hostKeyRefusal(v: HostKeyVerdict, name: string, keyType: string): string | undefined {
  const forget = (file: string) => `if the host really changed its keys, remove them (ssh-keygen -R '${name}' -f ${file}) and verify the new one`;
  switch (v.state) {
    case "known":
    case "unknown":
      return undefined;
    case "revoked":
      return `the host key (${keyType}) is marked @revoked in ${v.file} line ${v.line}: refusing to connect`;
    case "cert-authority":
      return `${v.file} line ${v.line} trusts host certificates (@cert-authority) for ${name}, which dockaudit does not support: add the host's own key to known_hosts`;
    case "changed":
      return v.sameType
        ? `REMOTE HOST IDENTIFICATION HAS CHANGED: the host key (${keyType}) differs from the one in ${v.file} line ${v.line}; refusing to connect (${forget(v.file)})`
        : `REMOTE HOST IDENTIFICATION HAS CHANGED: the host offered a ${keyType} key, and a key of another type (${v.recordedTypes.join(", ")}) is recorded for ${name} in ${v.file} line ${v.line}; refusing to connect and recording nothing (${forget(v.file)})`;
  }
}
