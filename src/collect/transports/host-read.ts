// The one way a host file's content is read (HostFs.readText, locally, under --root, and over SFTP): regular files
// only, bounded in size, never a blocking open. What the host controls (a FIFO, /dev/zero, a socket, a 1 GiB file
// planted where a configuration file is expected) becomes an error naming the path and why, never a hang or a
// memory blow-up. docs/hostile-hosts.md states the guarantees.
//
// Locally the calls stay synchronous (see host-fs.ts: much faster than fs.promises for the ~1,700 /proc files of an
// audit) and that is safe: the path is stat'ed first (a device is never opened: opening some has side effects,
// e.g. a watchdog), then opened with O_NONBLOCK (a FIFO swapped in after the stat opens at once instead of waiting
// for a writer) and O_NOCTTY, the type is checked again on the open descriptor before any read, and a read on a
// regular file or a procfs/sysfs file never blocks. Reads stop one byte past the bound, whatever fstat said
// (procfs reports size 0).
import { closeSync, constants, fstatSync, openSync, readSync, statfsSync, statSync } from "node:fs";
import { fileKind } from "../../files/safe-read.js";

const MiB = 1024 * 1024;

/** Bound for a configuration or other ordinary file (daemon.json, units, /etc/default/docker, audit rules, certs). */
export const CONFIG_FILE_MAX_BYTES = 4 * MiB;
/**
 * Bound for a /proc or /sys file: larger, because some grow with the host (/proc/net/unix holds a line of ~100 bytes
 * per Unix socket; mountinfo a line per mount), and the kernel bounds the per-process ones (cmdline, environ) anyway.
 */
export const PROC_FILE_MAX_BYTES = 16 * MiB;

/** The bound for an audited path, and how messages name it. */
export function readBound(audited: string): number {
  return /^\/(?:proc|sys)\//.test(audited) ? PROC_FILE_MAX_BYTES : CONFIG_FILE_MAX_BYTES;
}

/**
 * Kernel files of /proc and /sys, read by the thousand (cmdline, status, net/unix, …): never devices or FIFOs, so
 * they need no stat before opening (their type is still checked on the open descriptor where there is one). Not
 * /proc/PID/fd/N, root/…, map_files/…, cwd/…: those lead anywhere.
 */
export function isKernelFile(p: string): boolean {
  return /^\/(?:proc\/(?:(?:\d+|self)\/)?(?:net\/)?[\w.-]+|sys\/[\w.:/-]+)$/.test(p) && !p.includes("/..");
}

/**
 * Kernel files whose read waits for data or takes it from others (/proc/kmsg consumes the kernel log, trace_pipe
 * blocks), or exposes memory: never read, whatever points there (a daemon's --config-file, say). Their type is
 * "regular file", so the type check alone would not stop them.
 */
const KERNEL_REFUSED = /^\/(?:proc\/kmsg|proc\/(?:\d+|self|thread-self)\/(?:task\/\d+\/)?(?:mem|pagemap)|sys\/kernel\/(?:debug\/)?tracing\/(?:per_cpu\/cpu\d+\/)?trace_pipe(?:_raw)?)$/;

export function refusedKernelFile(audited: string): HostReadError | undefined {
  return KERNEL_REFUSED.test(audited) ? new HostReadError("EPERM", "is a kernel file whose read blocks or takes data from others: dockaudit never reads it", audited) : undefined;
}

/** "4 MiB", "16 MiB", "512 KiB", "100 bytes". */
export function sizeText(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * A refused read: `code` is "ENOTREG" (not a regular file), "EFBIG" (over the bound) or "ETIMEDOUT"; `reason`
 * completes a sentence about the path ("is a FIFO, not a regular file"); the message is "PATH REASON".
 */
export class HostReadError extends Error {
  constructor(readonly code: string, readonly reason: string, readonly path: string) {
    super(`${path} ${reason}`);
  }
}


/** What a path is, as fileKind (src/files/safe-read.ts) says it, from a file mode's type bits (SFTP attributes carry only the mode). */
export function kindOfMode(mode: number): string {
  switch (mode & 0o170000) {
    case 0o100000: return "a regular file";
    case 0o040000: return "a directory";
    case 0o010000: return "a FIFO";
    case 0o140000: return "a socket";
    case 0o020000: return "a character device";
    case 0o060000: return "a block device";
    case 0o120000: return "a symbolic link";
    default: return "not a regular file";
  }
}

export function notRegular(audited: string, kind: string): HostReadError {
  return new HostReadError("ENOTREG", `is ${kind}, not a regular file`, audited);
}

export function tooLarge(audited: string, bound: number): HostReadError {
  return new HostReadError("EFBIG", `is larger than ${sizeText(bound)} (the most dockaudit reads of such a file)`, audited);
}

/** statfs magic numbers of procfs, sysfs, debugfs and tracefs. */
const KERNEL_FS = new Set([0x9fa0, 0x62656572, 0x64626720, 0x74726163]);

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;
/** One buffer for every first read (the calls are synchronous, so it is never shared): most files fit in it. */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/**
 * The UTF-8 text of the regular file at `real` (a path on this machine), `audited` naming it in errors; at most
 * `bound` bytes. `statFirst: false` skips the stat before opening, for kernel files under the real /proc and /sys,
 * which are never devices or FIFOs (the type is still checked on the descriptor). Throws HostReadError, or the
 * errno error of open/stat (ENOENT, EACCES, …).
 */
export function readRegularSync(real: string, audited: string, bound: number, statFirst = true): string {
  if (statFirst) {
    const st = statSync(real);
    if (!st.isFile()) throw notRegular(audited, fileKind(st));
    if (st.size > bound) throw tooLarge(audited, bound);
    // A path that is no kernel file by name but leads into one (daemon.json → /proc/kmsg): refused, as by name.
    if (st.size === 0 && !/^\/(?:proc|sys)\//.test(audited) && KERNEL_FS.has(statfsSync(real).type)) {
      throw new HostReadError("EPERM", "leads into /proc or /sys (a kernel file is never read through another name)", audited);
    }
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (e) {
    // A Unix socket cannot be opened at all (ENXIO): say what it is.
    if ((e as NodeJS.ErrnoException).code === "ENXIO" && !statFirst) {
      const st = statSync(real);
      if (!st.isFile()) throw notRegular(audited, fileKind(st));
    }
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(audited, fileKind(st));
    if (st.size > bound) throw tooLarge(audited, bound);
    // Read until EOF (fstat's size may be 0, as on procfs, or stale), never more than bound + 1 bytes.
    const first = readSync(fd, SCRATCH, 0, Math.min(SCRATCH.length, bound + 1), null);
    if (first === 0) return "";
    if (first < SCRATCH.length && first <= bound) {
      const more = readSync(fd, SCRATCH, first, Math.min(SCRATCH.length - first, bound + 1 - first), null);
      if (more === 0) return SCRATCH.toString("utf8", 0, first);
      return readRest(fd, [Buffer.from(SCRATCH.subarray(0, first + more))], first + more, audited, bound);
    }
    if (first > bound) throw tooLarge(audited, bound);
    return readRest(fd, [Buffer.from(SCRATCH.subarray(0, first))], first, audited, bound);
  } finally {
    closeSync(fd);
  }
}

function readRest(fd: number, chunks: Buffer[], total: number, audited: string, bound: number): string {
  for (;;) {
    if (total > bound) throw tooLarge(audited, bound);
    const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, bound + 1 - total));
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) return Buffer.concat(chunks, total).toString("utf8");
    chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    total += n;
  }
}
