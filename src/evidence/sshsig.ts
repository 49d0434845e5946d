// Signing evidence bundles with an SSH key, in OpenSSH's SSHSIG format (PROTOCOL.sshsig), so an auditor can check
// a bundle with nothing but OpenSSH:
//   ssh-keygen -Y verify -f allowed_signers -I ID -n dockaudit-evidence -s manifest.json.sig < manifest.json
// The manifest holds the SHA-256 of every other file, so signing it signs the bundle.
//
// Keys: Ed25519 and RSA (signed as rsa-sha2-512), from a private key file, or from ssh-agent (SSH_AUTH_SOCK) when
// the file is a public key or an encrypted private key. We never ask for a passphrase: an encrypted key whose
// public half is not in a running agent is a clear error.
//
// Verification is ours too (dockaudit verify --allowed-signers): the allowed_signers file as ssh-keygen reads it
// (principals, options namespaces=, valid-after=, valid-before=; cert-authority lines cannot match a plain key).

import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";
import { keyFileProblem, loadKeyFile, MAX_KEY_FILE, opensshPublicKey, parseKeyText, sshLib, type KeyFile } from "../ssh/keys.js";
// ssh2 is loaded only when a key is (loadSigner): ~110 ms of start-up from a checkout that no other run needs.
import type ssh2 from "ssh2";
import { UsageError } from "../engine/select.js";

export const SIG_NAMESPACE = "dockaudit-evidence";
export const SIGNATURE_FILE = "manifest.json.sig";
const MAGIC = Buffer.from("SSHSIG");
const SIG_VERSION = 1;
const HASH = "sha512";
const ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----";
const ARMOR_END = "-----END SSH SIGNATURE-----";
/** allowed_signers files are small (as key files: ssh/keys.ts); a bigger one is not what the user meant. */
const MAX_FILE = MAX_KEY_FILE;

// ---------------------------------------------------------------- SSH wire format

function sshString(b: Buffer | string): Buffer {
  const data = typeof b === "string" ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer, private readonly what: string) {}
  bytes(n: number): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) throw new Error(`${this.what}: truncated`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }
  string(): Buffer {
    return this.bytes(this.uint32());
  }
  text(): string {
    return this.string().toString("utf8");
  }
  done(): boolean {
    return this.pos === this.buf.length;
  }
}

/** A name read from a signature (hostile input) made safe for a terminal line: printable ASCII, bounded. */
function shown(s: string): string {
  const t = s.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(t.length > 64 ? `${t.slice(0, 64)}…` : t);
}

/** Signature files are a few hundred bytes; anything much bigger is refused unread. */
export const MAX_SIGNATURE = 64 * 1024;

/** OpenSSH's fingerprint of a public key blob: SHA256:<unpadded base64>. */
export function fingerprint(publicKey: Buffer): string {
  return `SHA256:${createHash("sha256").update(publicKey).digest("base64").replace(/=+$/, "")}`;
}

export function keyType(publicKey: Buffer): string {
  return new Reader(publicKey, "public key").text();
}

/** A Node key object for an ssh-ed25519 or ssh-rsa public key blob. */
function publicKeyObject(publicKey: Buffer): KeyObject {
  const r = new Reader(publicKey, "public key");
  const type = r.text();
  const b64u = (b: Buffer) => b.toString("base64url");
  if (type === "ssh-ed25519") {
    const x = r.string();
    if (x.length !== 32) throw new Error("malformed ssh-ed25519 public key");
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64u(x) }, format: "jwk" });
  }
  if (type === "ssh-rsa") {
    const strip = (b: Buffer) => { let i = 0; while (i < b.length - 1 && b[i] === 0) i++; return b.subarray(i); };
    const e = strip(r.string()), n = strip(r.string());
    return createPublicKey({ key: { kty: "RSA", n: b64u(n), e: b64u(e) }, format: "jwk" });
  }
  throw new Error(`unsupported key type ${shown(type)} (dockaudit signs and verifies with ssh-ed25519 and ssh-rsa keys)`);
}

// ---------------------------------------------------------------- SSHSIG

/** What is actually signed: the preamble, the namespace, and the SHA-512 of the message. */
function signedData(namespace: string, hashAlg: string, message: Buffer): Buffer {
  const digest = createHash(hashAlg).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(""), sshString(hashAlg), sshString(digest)]);
}

function armor(blob: Buffer): string {
  const b64 = blob.toString("base64");
  const lines = b64.match(/.{1,70}/g) ?? [];
  return `${ARMOR_BEGIN}\n${lines.join("\n")}\n${ARMOR_END}\n`;
}

export interface ParsedSignature {
  publicKey: Buffer;
  namespace: string;
  hashAlg: string;
  sigFormat: string;
  signature: Buffer;
}

export function parseSignature(text: string): ParsedSignature {
  if (text.length > MAX_SIGNATURE) throw new Error(`larger than ${MAX_SIGNATURE} bytes, not an SSH signature`);
  const t = text.trim();
  if (!t.startsWith(ARMOR_BEGIN) || !t.endsWith(ARMOR_END)) throw new Error("not an SSH signature (no BEGIN/END SSH SIGNATURE armour)");
  const body = t.slice(ARMOR_BEGIN.length, t.length - ARMOR_END.length).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error("not an SSH signature (bad base64)");
  const r = new Reader(Buffer.from(body, "base64"), "SSH signature");
  if (!r.bytes(6).equals(MAGIC)) throw new Error("not an SSH signature (no SSHSIG preamble)");
  const version = r.uint32();
  if (version !== SIG_VERSION) throw new Error(`unsupported SSH signature version ${version}`);
  const publicKey = r.string();
  const namespace = r.text();
  r.string(); // reserved
  const hashAlg = r.text();
  const sig = new Reader(r.string(), "SSH signature");
  if (!r.done()) throw new Error("SSH signature: trailing data");
  const sigFormat = sig.text();
  const signature = sig.string();
  return { publicKey, namespace, hashAlg, sigFormat, signature };
}

/** Whether `sig` is a valid signature of `message` in `namespace` by the key it names. Throws on malformed input. */
export function checkSignature(sig: ParsedSignature, message: Buffer, namespace: string): { ok: true } | { ok: false; why: string } {
  if (sig.namespace !== namespace) return { ok: false, why: `the signature is for namespace ${shown(sig.namespace)}, not "${namespace}"` };
  if (sig.hashAlg !== "sha512" && sig.hashAlg !== "sha256") return { ok: false, why: `unsupported hash algorithm ${shown(sig.hashAlg)}` };
  const type = keyType(sig.publicKey);
  const data = signedData(sig.namespace, sig.hashAlg, message);
  const key = publicKeyObject(sig.publicKey);
  let good: boolean;
  if (type === "ssh-ed25519" && sig.sigFormat === "ssh-ed25519") good = cryptoVerify(null, data, key, sig.signature);
  else if (type === "ssh-rsa" && sig.sigFormat === "rsa-sha2-512") good = cryptoVerify("sha512", data, key, sig.signature);
  else if (type === "ssh-rsa" && sig.sigFormat === "rsa-sha2-256") good = cryptoVerify("sha256", data, key, sig.signature);
  else return { ok: false, why: `signature format ${shown(sig.sigFormat)} does not fit a ${shown(type)} key (ssh-rsa SHA-1 signatures are refused, as OpenSSH does)` };
  return good ? { ok: true } : { ok: false, why: "the signature does not match manifest.json (altered, or signed by another key)" };
}

// ---------------------------------------------------------------- signers

export interface Signer {
  publicKey: Buffer;
  /** Where the private half is: "key file PATH" or "ssh-agent". */
  via: string;
  /** Signs `data`, returning the SSH signature's format name and blob. */
  sign(data: Buffer): Promise<{ format: string; blob: Buffer }>;
}

type Ssh2 = typeof ssh2;

function checkKeyType(publicKey: Buffer, path: string): void {
  const type = keyType(publicKey);
  if (type !== "ssh-ed25519" && type !== "ssh-rsa") {
    throw new UsageError(`--sign-key ${path}: ${type} keys are not supported; use an Ed25519 or RSA key`);
  }
}

const sigFormatFor = (publicKey: Buffer) => (keyType(publicKey) === "ssh-rsa" ? "rsa-sha2-512" : "ssh-ed25519");

function agentSigner(lib: Ssh2, publicKey: Buffer, path: string, socket: string): Promise<Signer> {
  const agent = new lib.OpenSSHAgent(socket);
  const pub = parseKeyText(lib, `${keyType(publicKey)} ${publicKey.toString("base64")}`);
  if (pub instanceof Error) throw new UsageError(`--sign-key ${path}: ${pub.message}`);
  return new Promise((resolve, reject) => {
    agent.getIdentities((err, keys) => {
      if (err) return reject(new UsageError(`--sign-key ${path}: the SSH agent at SSH_AUTH_SOCK could not be asked for its keys: ${err.message}`));
      // Entries are parsed keys, or (in other agents) { pubKey } wrappers around one, a blob or a text key.
      const blobOf = (k: unknown): Buffer | null => {
        let x = k as { pubKey?: unknown; getPublicSSH?: () => Buffer } | Buffer | string | undefined;
        while (x && typeof x === "object" && !Buffer.isBuffer(x) && !x.getPublicSSH && x.pubKey) x = x.pubKey as typeof x;
        if (x && typeof x === "object" && !Buffer.isBuffer(x) && x.getPublicSSH) return Buffer.from(x.getPublicSSH());
        if (typeof x === "string" || Buffer.isBuffer(x)) { const p = parseKeyText(lib, x); return p instanceof Error ? null : Buffer.from(p.getPublicSSH()); }
        return null;
      };
      if (!(keys ?? []).some((k) => blobOf(k)?.equals(publicKey))) {
        return reject(new UsageError(`--sign-key ${path}: the SSH agent does not hold this key (${fingerprint(publicKey)}); add it with ssh-add`));
      }
      resolve({
        publicKey,
        via: "ssh-agent",
        sign: (data) => new Promise((res, rej) => {
          const opts = keyType(publicKey) === "ssh-rsa" ? { hash: "sha512" as const } : {};
          agent.sign(pub, data, opts, (e, blob) => (e || !blob ? rej(new Error(`the SSH agent did not sign: ${e?.message ?? "no signature"}`)) : res({ format: sigFormatFor(publicKey), blob })));
        }),
      });
    });
  });
}

/**
 * The signer for `--sign-key PATH`, checked before anything is collected: an unencrypted private key signs by
 * itself; a public key, or an encrypted private key, signs through the agent, which must hold it.
 */
export async function loadSigner(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Signer> {
  let key: KeyFile;
  try {
    key = await loadKeyFile(path);
  } catch (e) {
    if (e instanceof UnreadableFileError && / more than /.test(e.message)) throw new UsageError(`--sign-key ${path}: larger than ${MAX_KEY_FILE} bytes, not a key`);
    throw new UsageError(`--sign-key ${path}: ${keyFileProblem(e)}`);
  }
  const { raw, parsed, encrypted } = key;
  const text = raw.toString("utf8");
  const lib = await sshLib();
  if (!(parsed instanceof Error) && parsed.isPrivateKey()) {
    const publicKey = Buffer.from(parsed.getPublicSSH());
    checkKeyType(publicKey, path);
    return {
      publicKey,
      via: `key file ${path}`,
      sign: async (data) => {
        const blob = parsed.sign(data, keyType(publicKey) === "ssh-rsa" ? "sha512" : undefined);
        if (blob instanceof Error) throw new Error(`signing with ${path} failed: ${blob.message}`);
        return { format: sigFormatFor(publicKey), blob: Buffer.from(blob) };
      },
    };
  }
  // A public key, or a private key we cannot use without its passphrase: the agent must hold it.
  let publicKey: Buffer | null = null;
  if (!(parsed instanceof Error)) publicKey = Buffer.from(parsed.getPublicSSH());
  else if (encrypted) {
    publicKey = opensshPublicKey(text);
    if (!publicKey) {
      const pub = await loadKeyFile(`${path}.pub`).then((k) => k.parsed, () => null);
      if (pub && !(pub instanceof Error)) publicKey = Buffer.from(pub.getPublicSSH());
    }
  }
  if (!publicKey) throw new UsageError(`--sign-key ${path}: not an SSH key dockaudit can read${parsed instanceof Error && !encrypted ? ` (${parsed.message})` : ""}`);
  checkKeyType(publicKey, path);
  const socket = env.SSH_AUTH_SOCK;
  if (!socket) {
    throw new UsageError(encrypted
      ? `--sign-key ${path}: the key is encrypted and no SSH agent is running (SSH_AUTH_SOCK is not set); dockaudit never asks for a passphrase: load the key with ssh-add, or use an unencrypted key`
      : `--sign-key ${path}: a public key signs only through an SSH agent, and SSH_AUTH_SOCK is not set`);
  }
  return agentSigner(lib, publicKey, path, socket);
}

/** The SSHSIG signature of `message` (armoured, as ssh-keygen -Y sign writes it). */
export async function signMessage(signer: Signer, message: Buffer | string, namespace = SIG_NAMESPACE): Promise<string> {
  const msg = typeof message === "string" ? Buffer.from(message) : message;
  const { format, blob } = await signer.sign(signedData(namespace, HASH, msg));
  const sig = Buffer.concat([sshString(format), sshString(blob)]);
  return armor(Buffer.concat([MAGIC, Buffer.from([0, 0, 0, SIG_VERSION]), sshString(signer.publicKey), sshString(namespace), sshString(""), sshString(HASH), sshString(sig)]));
}

// ---------------------------------------------------------------- allowed_signers

export interface AllowedSigner {
  line: number;
  principals: string;
  certAuthority: boolean;
  namespaces?: string[];
  validAfter?: Date;
  validBefore?: Date;
  publicKey: Buffer;
}

/** ssh-keygen's time format in allowed_signers: YYYYMMDD[HHMM[SS]][Z] (local time unless Z). */
function parseTime(v: string, where: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/.exec(v);
  if (!m) throw new Error(`${where}: bad time "${v}"`);
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1, 7).map((x) => x ?? undefined) as string[];
  const args = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  return m[7] ? new Date(Date.UTC(...args)) : new Date(...args);
}

/** Splits one allowed_signers line into fields, keeping quoted option values (namespaces="a,b") whole. */
function fields(line: string): string[] {
  return line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

export function parseAllowedSigners(text: string, file = "allowed_signers"): { signers: AllowedSigner[]; problems: string[] } {
  const signers: AllowedSigner[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const where = `${file}:${i + 1}`;
    try {
      const f = fields(line);
      const principals = f.shift();
      if (!principals) throw new Error("no principals");
      const entry: Partial<AllowedSigner> = { line: i + 1, principals, certAuthority: false };
      // Options come before the key type, which is the first field naming a key algorithm.
      for (let options = f[0]; options !== undefined && !/^(ssh-|ecdsa-|sk-)/.test(options); options = f[0]) {
        f.shift();
        for (const opt of options.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
          const [name = "", ...rest] = opt.split("=");
          const value = rest.join("=").replace(/^"|"$/g, "");
          const lower = name.toLowerCase();
          if (lower === "cert-authority") entry.certAuthority = true;
          else if (lower === "namespaces") entry.namespaces = value.split(",").map((s) => s.trim());
          else if (lower === "valid-after") entry.validAfter = parseTime(value, where);
          else if (lower === "valid-before") entry.validBefore = parseTime(value, where);
          else throw new Error(`unknown option "${name}"`);
        }
      }
      const type = f.shift(), b64 = f.shift();
      if (!type || !b64) throw new Error("no public key");
      const key = Buffer.from(b64, "base64");
      if (keyType(key) !== type) throw new Error(`the key is not of type ${type}`);
      signers.push({ ...entry, publicKey: key } as AllowedSigner);
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  });
  return { signers, problems };
}

/** ssh-keygen's principal patterns: comma-separated, * and ? wildcards, ! negation. */
export function principalMatches(patterns: string, id: string): boolean {
  let matched = false;
  for (const p of patterns.split(",")) {
    const neg = p.startsWith("!");
    const re = new RegExp(`^${(neg ? p.slice(1) : p).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    if (re.test(id)) {
      if (neg) return false;
      matched = true;
    }
  }
  return matched;
}

export interface SignatureCheck {
  ok: boolean;
  lines: string[];
  problems: string[];
}

/**
 * Checks `signatureText` over `manifest` against an allowed_signers file: the signature must be valid for the
 * dockaudit-evidence namespace, and its key listed (not as a certificate authority), for that namespace, and
 * valid now. `principal`, when given, must be among the line's principals (as ssh-keygen's -I).
 */
export function checkAgainstAllowedSigners(
  signatureText: string | null | Error, manifest: Buffer, allowedText: string, allowedFile: string, now = new Date(), principal?: string,
): SignatureCheck {
  const lines: string[] = [];
  const problems: string[] = [];
  if (signatureText === null) {
    problems.push(`${SIGNATURE_FILE}: missing: the bundle is unsigned (audit --evidence DIR --sign-key KEY signs it)`);
    return { ok: false, lines, problems };
  }
  if (signatureText instanceof Error) {
    problems.push(`${SIGNATURE_FILE}: ${signatureText.message}`);
    return { ok: false, lines, problems };
  }
  let sig: ParsedSignature;
  try {
    sig = parseSignature(signatureText);
    const good = checkSignature(sig, manifest, SIG_NAMESPACE);
    if (!good.ok) {
      problems.push(`${SIGNATURE_FILE}: ${good.why}`);
      return { ok: false, lines, problems };
    }
  } catch (e) {
    problems.push(`${SIGNATURE_FILE}: ${(e as Error).message}`);
    return { ok: false, lines, problems };
  }
  const who = `${keyType(sig.publicKey)} key ${fingerprint(sig.publicKey)}`;
  const { signers, problems: parseProblems } = parseAllowedSigners(allowedText, allowedFile);
  for (const p of parseProblems) lines.push(`note: ${p} (line ignored)`);
  const mine = signers.filter((s) => s.publicKey.equals(sig.publicKey) && !s.certAuthority);
  const why: string[] = [];
  const usable = mine.filter((s) => {
    if (s.namespaces && !s.namespaces.some((n) => principalMatches(n, SIG_NAMESPACE))) { why.push(`line ${s.line} limits it to namespaces ${s.namespaces.join(",")}`); return false; }
    if (s.validAfter && now < s.validAfter) { why.push(`line ${s.line} makes it valid only after ${s.validAfter.toISOString()}`); return false; }
    if (s.validBefore && now > s.validBefore) { why.push(`line ${s.line} made it valid only before ${s.validBefore.toISOString()}`); return false; }
    if (principal !== undefined && !principalMatches(s.principals, principal)) { why.push(`line ${s.line} is for ${s.principals}, not ${principal}`); return false; }
    return true;
  });
  if (usable.length === 0) {
    problems.push(`${SIGNATURE_FILE}: signed by ${who}, which ${allowedFile} does not allow${why.length ? ` (${why.join("; ")})` : ""}`);
    return { ok: false, lines, problems };
  }
  lines.push(`ok: ${MANIFEST_NAME} is signed by ${usable.map((s) => s.principals).join(", ")} (${who}), as ${allowedFile} allows`);
  return { ok: true, lines, problems };
}

const MANIFEST_NAME = "manifest.json";

/** Reads the allowed_signers file, bounded. */
export async function readAllowedSigners(path: string): Promise<string> {
  try {
    return (await readRegularFile(path, { maxBytes: MAX_FILE })).toString("utf8");
  } catch (e) {
    if (e instanceof UnreadableFileError && / more than /.test(e.message)) throw new UsageError(`--allowed-signers ${path}: larger than ${MAX_FILE} bytes`);
    throw new UsageError(`--allowed-signers ${path}: ${keyFileProblem(e)}`);
  }
}

/**
 * A bundle's signature file, or null when there is none. Hostile bundles are normal: `read` reads regular files only,
 * never through a symbolic link, at most the size asked; what it refuses comes back as an Error saying why.
 */
export async function readSignatureWith(read: (maxBytes: number) => Promise<Buffer>): Promise<string | null | Error> {
  try {
    return (await read(MAX_SIGNATURE)).toString("utf8");
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) return e as Error;
    if (e.code === "ENOENT") return null;
    if (/symbolic link/.test(e.message)) return new Error("not a regular file (a symbolic link, not followed)");
    if (/ more than /.test(e.message)) return new Error(`larger than ${MAX_SIGNATURE} bytes, not an SSH signature`);
    if (/not a regular file/.test(e.message)) return new Error("not a regular file");
    return new Error(e.message);
  }
}

/** readSignatureWith on a path: a regular file, not through a symbolic link, bounded. */
export function readSignatureFile(path: string): Promise<string | null | Error> {
  return readSignatureWith((maxBytes) => readRegularFile(path, { maxBytes, noFollow: true }));
}
