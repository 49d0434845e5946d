// Reading a file someone else may have prepared (an evidence bundle, a config file) without being led astray: only a
// regular file is read (never a FIFO that would block, a device, a directory or, where asked, a symbolic link or a
// file with other hard links), it is opened without following a final link and without blocking, its type is
// checked on the open descriptor (no race between looking and reading), and at most `maxBytes` are read.

import { constants, type Stats } from "node:fs";
import { lstat, open, stat } from "node:fs/promises";

/** Why a file was not read; the message never quotes the file's content. */
export class UnreadableFileError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export interface SafeReadOptions {
  /** Read at most this many bytes; a larger file is refused. */
  maxBytes: number;
  /** Refuse a symbolic link (checked before opening, and O_NOFOLLOW when opening). Default: follow. */
  noFollow?: boolean;
  /** Refuse a regular file with more than one hard link (it may be a file from elsewhere). */
  singleLink?: boolean;
  /**
   * Refuse a file that another user could have written: owned by neither this process's user nor root, or
   * writable by its group or by others (a configuration that steers a root audit; docs/hostile-hosts.md).
   */
  trustedOwner?: boolean;
}

/** Why a file another user could have written is not trusted, or null (see SafeReadOptions.trustedOwner). */
export function untrustedOwner(st: Pick<Stats, "uid" | "mode">, euid = process.geteuid?.() ?? 0): string | null {
  if (st.uid !== 0 && st.uid !== euid) return `is owned by uid ${st.uid}, neither you (uid ${euid}) nor root`;
  const w = st.mode & 0o022;
  if (w) return `is writable by ${w === 0o022 ? "its group and others" : w === 0o020 ? "its group" : "others"} (mode ${(st.mode & 0o7777).toString(8).padStart(4, "0")}; chmod go-w)`;
  return null;
}

/** "a symbolic link", "a FIFO", …: what a non-regular file is. */
export function fileKind(st: Stats): string {
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return st.isFile() ? "a regular file" : "not a regular file";
}

export function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : n >= 1024 ? `${Math.round((n / 1024) * 10) / 10} KiB` : `${n} bytes`;
}

function refuse(st: Stats, o: SafeReadOptions): string | null {
  if (!st.isFile()) return `is ${fileKind(st)}, not a regular file`;
  if (o.singleLink && st.nlink > 1) return `has ${st.nlink} hard links (a file of its own has one)`;
  if (o.trustedOwner) {
    const why = untrustedOwner(st);
    if (why) return why;
  }
  if (st.size > o.maxBytes) return `is ${describeBytes(st.size)}, more than the ${describeBytes(o.maxBytes)} dockaudit reads`;
  return null;
}

/**
 * The bytes of a regular file, or an UnreadableFileError saying why not (code "ENOENT" when it does not exist).
 * Never blocks: the type is checked before opening (a device is never opened) and again on the descriptor.
 */
export async function readRegularFile(path: string, o: SafeReadOptions): Promise<Buffer> {
  let before: Stats;
  try {
    before = o.noFollow ? await lstat(path) : await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(code === "ENOENT" ? "missing" : `cannot be read (${code ?? "error"})`, code);
  }
  const early = refuse(before, o);
  if (early) throw new UnreadableFileError(early);
  const { O_RDONLY, O_NONBLOCK, O_NOCTTY, O_NOFOLLOW } = constants;
  let fh;
  try {
    fh = await open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | (o.noFollow ? O_NOFOLLOW : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(code === "ELOOP" ? "is a symbolic link, not a regular file" : `cannot be read (${code ?? "error"})`, code);
  }
  try {
    const st = await fh.stat();
    const why = refuse(st, o);
    if (why) throw new UnreadableFileError(why);
    // The file may grow between fstat and read: read until EOF, but never past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 64 * 1024), o.maxBytes + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > o.maxBytes) throw new UnreadableFileError(`is more than the ${describeBytes(o.maxBytes)} dockaudit reads`);
    }
    const [only] = chunks;
    return only && chunks.length === 1 ? only : Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}
