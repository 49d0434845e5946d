// Loading SSH keys from files, once for both users of them: the SSH transport (collect/ssh.ts, --ssh-key, the
// IdentityFile of ~/.ssh/config, ~/.ssh/id_*) and evidence signing (evidence/sshsig.ts, --sign-key). A key file is
// read as any file the user names: a regular file only (a FIFO would block, /dev/zero never end), at most
// MAX_KEY_FILE bytes. ssh2 parses it; an encrypted key is recognised as such (dockaudit never asks for a passphrase:
// such a key signs or authenticates only through ssh-agent), and the public half an OpenSSH private key file holds
// in the clear is available even then.

import type ssh2 from "ssh2";
import { readRegularFile, UnreadableFileError } from "../files/safe-read.js";

export type ParsedKey = ssh2.ParsedKey;

/** Key files are small; a bigger one is not what the user meant. */
export const MAX_KEY_FILE = 1 << 20;

/** A key file as read: its bytes, and ssh2's parse of them (or why it could not parse them). */
export interface KeyFile {
  file: string;
  raw: Buffer;
  /** The first key of the file, or ssh2's reason for not reading it. */
  parsed: ParsedKey | Error;
  /** The file is a private key that needs a passphrase. */
  encrypted: boolean;
}

/** ssh2, loaded on first use (~110 ms of start-up that a run without keys does not pay). */
export async function sshLib(): Promise<typeof ssh2> {
  return (await import("ssh2")).default;
}

/** ssh2's parse of a key text (private, public, or OpenSSH's one-line public form). */
export function parseKeyText(lib: typeof ssh2, text: Buffer | string): ParsedKey | Error {
  const k = lib.utils.parseKey(text);
  if (k instanceof Error) return k;
  return (Array.isArray(k) ? k[0] : k) ?? new Error("the file holds no key");
}

/** Whether ssh2 refused a key because it is encrypted. */
export function isEncryptedKeyError(e: Error): boolean {
  return /encrypt|passphrase/i.test(e.message);
}

/**
 * Reads and parses a key file. Throws UnreadableFileError (code "ENOENT" when it does not exist) for a file that
 * cannot be read, is not a regular file, or is larger than MAX_KEY_FILE.
 */
export async function loadKeyFile(file: string): Promise<KeyFile> {
  const raw = await readRegularFile(file, { maxBytes: MAX_KEY_FILE });
  const parsed = parseKeyText(await sshLib(), raw);
  return { file, raw, parsed, encrypted: parsed instanceof Error && isEncryptedKeyError(parsed) };
}

/** Why a key file could not be read, in a few words: the errno code, else what the safe reader said. */
export function keyFileProblem(e: unknown): string {
  if (e instanceof UnreadableFileError) return e.code ?? e.message;
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** The public key stored in the clear in an OpenSSH private key file (also when the private part is encrypted). */
export function opensshPublicKey(text: string): Buffer | null {
  const [, body] = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text) ?? [];
  if (body === undefined) return null;
  const buf = Buffer.from(body.replace(/\s+/g, ""), "base64");
  let pos = 0;
  const take = (n: number): Buffer => {
    if (n < 0 || pos + n > buf.length) throw new Error("truncated");
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const uint32 = () => take(4).readUInt32BE(0);
  const string = () => take(uint32());
  try {
    if (!take(15).equals(Buffer.from("openssh-key-v1\0"))) return null;
    string(); string(); string(); // cipher, kdf, kdf options
    if (uint32() < 1) return null;
    return Buffer.from(string());
  } catch {
    return null;
  }
}
