// A remote host over one SSH connection, with nothing installed on it but sshd: its files, /proc, /sys and /etc
// through SFTP, the few read-only commands the collectors run (systemctl show, auditctl -l) through exec, and the
// Engine API through the connection's Unix-socket forwarding (OpenSSH's streamlocal) to the remote Docker socket.
// The collectors see the same HostFs and CommandRunner as for this machine, so none knows which it is using.
//
// Trust: the host key is checked against known_hosts as OpenSSH does (src/collect/known-hosts.ts); a host with no key
// recorded is an error unless --accept-new-host-key, which records it; a host with any key recorded (of any type)
// that does not offer one of them is always an error, and nothing is recorded. Authentication is by key only
// (ssh-agent, --ssh-key, the IdentityFile of the user's ~/.ssh/config entry, or the default key files), never a
// password prompt, so unattended runs cannot hang.
import { appendFileSync, existsSync, mkdirSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import ssh2, { type Client as SshClient, type ConnectConfig, type SFTPWrapper } from "ssh2";
import { DaemonUnreachableError, InvalidDockerHostError } from "../errors.js";
import { HostFs, type FsOps, type FsStats } from "./host-fs.js";
import { CONFIG_FILE_MAX_BYTES, HostReadError, isKernelFile, kindOfMode, notRegular, readRegularSync, tooLarge } from "./host-read.js";
import { endpointSafeToShow, urlHasPassword } from "../../secrets/redact.js";
import { hostKeyAlgorithmsFor, hostKeyRefusal, judgeHostKey, knownHostsName, type KnownHostsText } from "./known-hosts.js";
import { UnreadableFileError } from "../../files/safe-read.js";
import { loadKeyFile, type KeyFile } from "../../ssh/keys.js";

// ssh2 is CommonJS: its named exports are reached through the default export.
const { Client } = ssh2;
type Client = SshClient;
import type { CommandResult, CommandRunner } from "../host/units.js";

export interface SshTarget {
  user?: string;
  host: string;
  port?: number;
}

/** Why an endpoint with a password is refused (OpenSSH takes none in a URL; dockaudit authenticates by key). */
export const NO_URL_PASSWORD = "a password in the URL is not supported (authentication is by key: ssh-agent, --ssh-key, ~/.ssh/config); remove it";

/** `ssh://[user@]host[:port]`; a usage error (exit 2) for anything else. Messages never show a password. */
export function parseSshTarget(raw: string): SshTarget {
  if (urlHasPassword(raw)) throw new InvalidDockerHostError(`unsupported host "${endpointSafeToShow(raw)}": ${NO_URL_PASSWORD}`);
  const [, user, host, portText] = /^ssh:\/\/(?:([^@/:\s]+)@)?(\[[0-9a-fA-F:.]+\]|[^@/:\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(raw.trim()) ?? [];
  if (host === undefined) throw new InvalidDockerHostError(`unsupported host "${endpointSafeToShow(raw)}" (use ssh://[user@]host[:port])`);
  const port = portText ? Number(portText) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) throw new InvalidDockerHostError(`unsupported host "${endpointSafeToShow(raw)}": port out of range`);
  return { ...(user ? { user } : {}), host: host.replace(/^\[(.*)\]$/, "$1"), ...(port ? { port } : {}) };
}

// ---------------------------------------------------------------- ~/.ssh/config

export interface SshConfigEntry {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  userKnownHostsFiles: string[];
  identityAgent?: string;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
}

function expandHome(p: string, home: string): string {
  return p === "~" ? home : p.startsWith("~/") ? path.join(home, p.slice(2)) : p;
}

/**
 * The settings of the user's ssh_config that apply to `host`, as OpenSSH reads them: for each keyword the first
 * value obtained wins (IdentityFile and UserKnownHostsFile accumulate). Only the keywords dockaudit uses.
 */
export function sshConfigFor(text: string, host: string, home = os.homedir()): SshConfigEntry {
  const out: SshConfigEntry = { identityFiles: [], userKnownHostsFiles: [] };
  let applies = true;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const [, keyword, rawValue] = /^(\S+?)(?:\s*=\s*|\s+)(.+)$/.exec(line) ?? [];
    if (keyword === undefined || rawValue === undefined) continue;
    const key = keyword.toLowerCase();
    const value = rawValue.trim().replace(/^"(.*)"$/, "$1");
    if (key === "host") {
      const patterns = value.split(/\s+/);
      const negated = patterns.filter((p) => p.startsWith("!")).some((p) => globToRegExp(p.slice(1)).test(host));
      applies = !negated && patterns.filter((p) => !p.startsWith("!")).some((p) => globToRegExp(p).test(host));
      continue;
    }
    if (key === "match") { applies = false; continue; }
    if (!applies) continue;
    const subst = (v: string) => expandHome(v.replace(/%h/g, host).replace(/%d/g, home), home);
    if (key === "hostname" && out.hostName === undefined) out.hostName = value.replace(/%h/g, host);
    else if (key === "user" && out.user === undefined) out.user = value;
    else if (key === "port" && out.port === undefined && /^\d+$/.test(value)) out.port = Number(value);
    else if (key === "identityfile") out.identityFiles.push(subst(value));
    else if (key === "userknownhostsfile") out.userKnownHostsFiles.push(...value.split(/\s+/).map(subst));
    else if (key === "identityagent" && out.identityAgent === undefined) out.identityAgent = subst(value);
  }
  return out;
}

// ---------------------------------------------------------------- known_hosts (src/collect/known-hosts.ts)

export { checkKnownHosts, knownHostsName, type HostKeyVerdict } from "./known-hosts.js";

function keyTypeOf(blob: Buffer): string {
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString("latin1");
}

// ---------------------------------------------------------------- SFTP as a filesystem

const SFTP_ERRNO: Record<number, string> = { 2: "ENOENT", 3: "EACCES", 4: "EIO", 8: "EOPNOTSUPP" };
/** Output kept of a remote command (systemctl show, auditctl -l). */
const MAX_COMMAND_OUTPUT = 16 * 1024 * 1024;
/** SFTP requests in flight at once (the collectors start many in parallel). */
const SFTP_WINDOW = 64;
/** Entries one remote directory listing may hold (a host's /proc has one per process: far fewer). */
export const MAX_DIR_ENTRIES = 100_000;
/** Per SFTP request, and for one whole read or listing, when the caller gives no --timeout. */
export const DEFAULT_SFTP_TIMEOUT_MS = 10_000;

function errno(err: unknown): Error {
  const e = err as Error & { code?: number | string };
  const code = typeof e?.code === "number" ? (SFTP_ERRNO[e.code] ?? "EIO") : typeof e?.code === "string" ? e.code : "EIO";
  return Object.assign(new Error(`${code}: ${e?.message ?? String(err)}`), { code });
}

class Limiter {
  private active = 0;
  private queue: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

interface SftpAttrs { mode: number; uid: number; gid: number; size: number; mtime: number }

function toStats(a: SftpAttrs): FsStats {
  const type = a.mode & 0o170000;
  return {
    mode: a.mode, uid: a.uid, gid: a.gid, size: a.size, mtimeMs: a.mtime * 1000,
    isSymbolicLink: () => type === 0o120000,
    isFile: () => type === 0o100000,
    isDirectory: () => type === 0o040000,
    isSocket: () => type === 0o140000,
  };
}

/**
 * Corks `sock` until the current burst of synchronous work and promise continuations is over, so the SFTP requests
 * the collectors issue together leave in one write (writev) instead of one write system call per packet. Uncorked
 * in the same turn of the event loop (setImmediate, after the promise continuations the replies just resumed:
 * process.nextTick would run before them and send each request alone).
 */
export function tickBatcher(sock: Pick<net.Socket, "cork" | "uncork">): () => void {
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    sock.cork();
    setImmediate(() => {
      corked = false;
      sock.uncork();
    });
  };
}

export interface SftpLimits {
  /**
   * Milliseconds one SFTP request may wait for its answer, and one whole read or listing may take (--timeout).
   * A request left unanswered marks the session stuck (sftp-server serves requests one at a time: one blocked on
   * a FIFO blocks all that follow), so every later request fails at once with the same reason instead of waiting.
   */
  timeoutMs?: number;
  /** Entries one listing may hold (default MAX_DIR_ENTRIES). */
  maxEntries?: number;
}

/** What an SFTP session knows of its own health, shared by every request (see SftpLimits.timeoutMs). */
export interface SftpSession {
  /** Why no more requests are sent: the server stopped answering, or the connection dropped. */
  broken?: string;
}

/**
 * `batch` (optional) is called before each request is sent, e.g. a tickBatcher of the connection's socket.
 * Every request is bounded in time, every read in size and every listing in entries (see SftpLimits); a path that
 * is not a kernel file of /proc or /sys is stat'ed before it is opened, so a FIFO (on which sftp-server's open
 * would block for good), a device or an over-size file is refused without opening it.
 */
export function sftpOps(sftp: SFTPWrapper, batch: () => void = () => undefined, limits: SftpLimits = {}, session: SftpSession = {}): FsOps {
  const limit = new Limiter(SFTP_WINDOW);
  const timeoutMs = limits.timeoutMs ?? DEFAULT_SFTP_TIMEOUT_MS;
  const maxEntries = limits.maxEntries ?? MAX_DIR_ENTRIES;
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  // One request, bounded in time; a session already stuck or dropped fails it at once.
  const raw = <T>(p: string, fn: (cb: (err: Error | null | undefined, v: T) => void) => void, eofOk = false): Promise<T | undefined> =>
    new Promise<T | undefined>((resolve, reject) => {
      if (session.broken) return reject(new HostReadError("ETIMEDOUT", `was not read: ${session.broken}`, p));
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        session.broken ??= `the SFTP server did not answer a request within ${seconds} (--timeout)`;
        reject(new HostReadError("ETIMEDOUT", `got no answer from the SFTP server within ${seconds} (--timeout)`, p));
      }, timeoutMs);
      batch();
      fn((err, v) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err && eofOk && (err as { code?: number }).code === 1) return resolve(undefined);
        if (err) return reject(errno(err));
        resolve(v);
      });
    });
  const call = <T>(p: string, fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> =>
    limit.run(() => raw<T>(p, fn) as Promise<T>);
  // A whole read or listing within the timeout too (a server answering each request just in time cannot drip forever).
  const within = <T>(work: (deadline: number) => Promise<T>): Promise<T> => work(Date.now() + timeoutMs);
  const overdue = (p: string, deadline: number) => {
    if (Date.now() <= deadline) return;
    throw new HostReadError("ETIMEDOUT", `took longer than ${seconds} (--timeout) to read over SFTP`, p);
  };
  return {
    lstat: async (p) => toStats(await call<SftpAttrs>(p, (cb) => sftp.lstat(p, cb as never))),
    stat: async (p) => toStats(await call<SftpAttrs>(p, (cb) => sftp.stat(p, cb as never))),
    // Handle by handle (not ssh2's readdir(path), which collects without end), at most maxEntries names.
    readdir: (p) => limit.run(() => within(async (deadline) => {
      const handle = (await raw<Buffer>(p, (cb) => sftp.opendir(p, cb as never))) as Buffer;
      const names: string[] = [];
      try {
        for (;;) {
          overdue(p, deadline);
          const list = await raw<{ filename: string }[]>(p, (cb) => sftp.readdir(handle, cb as never), true);
          if (!list) return names;
          for (const e of list) if (e.filename !== "." && e.filename !== "..") names.push(e.filename);
          if (names.length > maxEntries) throw new HostReadError("EFBIG", `lists more than ${maxEntries} entries (the most dockaudit reads of a directory)`, p);
        }
      } finally {
        if (!session.broken) {
          batch();
          sftp.close(handle, () => undefined);
        }
      }
    })),
    // SFTP answers a readlink of a non-link with a bare "failure"; callers (like readlink(2) users) need EINVAL.
    readlink: async (p) => {
      try {
        return await call<string>(p, (cb) => sftp.readlink(p, cb as never));
      } catch (e) {
        if ((e as { code?: string }).code !== "EIO") throw e;
        const st = toStats(await call<SftpAttrs>(p, (cb) => sftp.lstat(p, cb as never)));
        if (!st.isSymbolicLink()) throw Object.assign(new Error(`EINVAL: not a symbolic link, ${p}`), { code: "EINVAL" });
        throw e;
      }
    },
    realpath: (p) => call<string>(p, (cb) => sftp.realpath(p, cb as never)),
    // /proc files report size 0, so read until EOF, never past the bound.
    readText: (p, maxBytes) => limit.run(() => within(async (deadline) => {
      if (!isKernelFile(p)) {
        const st = (await raw<SftpAttrs>(p, (cb) => sftp.stat(p, cb as never))) as SftpAttrs;
        if ((st.mode & 0o170000) !== 0o100000) throw notRegular(p, kindOfMode(st.mode));
        if (st.size > maxBytes) throw tooLarge(p, maxBytes);
      }
      const handle = (await raw<Buffer>(p, (cb) => sftp.open(p, "r", cb as never))) as Buffer;
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        for (;;) {
          overdue(p, deadline);
          const buf = Buffer.allocUnsafe(Math.min(32 * 1024, maxBytes + 1 - total));
          const n = await raw<number>(p, (cb) => sftp.read(handle, buf, 0, buf.length, total, cb as never), true);
          if (!n) return Buffer.concat(chunks, total).toString("utf8");
          chunks.push(buf.subarray(0, n));
          total += n;
          if (total > maxBytes) throw tooLarge(p, maxBytes);
        }
      } finally {
        // The answer is known once the last read is in: the close goes out without waiting for its reply (its
        // outcome never changed the result), which saves a round trip per file.
        if (!session.broken) {
          batch();
          sftp.close(handle, () => undefined);
        }
      }
    })),
  };
}

// ---------------------------------------------------------------- commands and the Engine API over the connection

/** POSIX shell quoting for one word. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function sshRunner(client: Client, timeoutMs = 10_000, session: SftpSession = {}): CommandRunner {
  return (file, args) => new Promise<CommandResult>((resolve) => {
    if (session.broken) return resolve({ ok: false, stdout: "", error: `not run: ${session.broken}` });
    const cmd = `LC_ALL=C exec ${[file, ...args].map(shellQuote).join(" ")}`;
    let settled = false;
    const finish = (r: CommandResult) => { if (!settled) { settled = true; clearTimeout(opening); resolve(r); } };
    // The channel itself may never open (a dropped or stalled connection): bounded too.
    const opening = setTimeout(() => finish({ ok: false, stdout: "", error: `no answer within ${timeoutMs / 1000} s (--timeout)` }), timeoutMs);
    client.exec(cmd, (err, stream) => {
      if (err) return finish({ ok: false, stdout: "", error: `ssh exec: ${err.message}` });
      if (settled) return stream.close();
      clearTimeout(opening);
      let stdout = "", stderr = "", timedOut = false;
      const timer = setTimeout(() => { timedOut = true; stream.close(); finish({ ok: false, stdout: "", error: `timed out after ${timeoutMs / 1000} s (--timeout)` }); }, timeoutMs);
      stream.on("data", (d: Buffer) => { if (stdout.length < MAX_COMMAND_OUTPUT) stdout += d.toString("utf8"); });
      stream.stderr.on("data", (d: Buffer) => { if (stderr.length < 4096) stderr += d.toString("utf8"); });
      stream.on("close", (code: number | null) => {
        clearTimeout(timer);
        if (timedOut) return finish({ ok: false, stdout, error: "timed out" });
        if (code === 0) return finish({ ok: true, stdout });
        // 127: the remote shell found no such command.
        if (code === 127) return finish({ ok: false, stdout, error: "ENOENT" });
        const first = stderr.trim().split("\n")[0] ?? "";
        finish({ ok: false, stdout, error: `exit code ${code ?? "?"}${first ? `: ${first}` : ""}` });
      });
    });
  });
}

/** Makes an SSH channel look enough like a socket for node's HTTP client (timeouts, no-delay, keep-alive). */
function socketLike(stream: Duplex): Duplex {
  const s = stream as Duplex & Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  let ms = 0;
  const arm = () => { clearTimeout(timer); if (ms > 0) timer = setTimeout(() => s.emit("timeout"), ms); };
  s.setTimeout = (t: number, cb?: () => void) => { ms = t; if (cb) s.once("timeout", cb); arm(); return s; };
  s.on("data", arm);
  s.on("close", () => clearTimeout(timer));
  s.setNoDelay = () => s;
  s.setKeepAlive = () => s;
  s.ref = () => s;
  s.unref = () => s;
  return s;
}

/**
 * An HTTP agent whose every connection is a stream forwarded to `socketPath` on the remote host. A forward that
 * cannot open (the connection dropped: ssh2 then never calls back, and node's request timeout only starts once a
 * socket exists, which left the process with nothing pending and exit code 13) fails within `timeoutMs`.
 */
export function forwardingAgent(client: Client, socketPath: string, timeoutMs = DEFAULT_SFTP_TIMEOUT_MS, session: SftpSession = {}): http.Agent {
  const agent = new http.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, cb: (err: Error | null, s?: Duplex) => void) => {
    if (session.broken) {
      process.nextTick(() => cb(new Error(`cannot open ${socketPath} through SSH: ${session.broken}`)));
      return undefined;
    }
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      cb(new Error(`cannot open ${socketPath} through SSH: no answer within ${timeoutMs / 1000} s (--timeout)`));
    }, timeoutMs);
    client.openssh_forwardOutStreamLocal(socketPath, (err, stream) => {
      clearTimeout(timer);
      if (settled) return void stream?.close();
      settled = true;
      if (err) return cb(new Error(`cannot open ${socketPath} through SSH: ${err.message}`));
      cb(null, socketLike(stream));
    });
    return undefined;
  };
  return agent;
}

// ---------------------------------------------------------------- the connection

export interface SshOptions {
  /** A private key file (`--ssh-key`); else the IdentityFile of ~/.ssh/config, else the default key files. */
  identityFile?: string;
  /** Record an unknown host key in known_hosts instead of refusing it. A changed key is refused either way. */
  acceptNewHostKey?: boolean;
  /** known_hosts file (default: UserKnownHostsFile of ~/.ssh/config, else ~/.ssh/known_hosts). */
  knownHostsFile?: string;
  /** ssh_config file (default ~/.ssh/config). */
  configFile?: string;
  /** Seconds to wait for the connection and authentication. */
  timeoutSeconds?: number;
  /**
   * Milliseconds each request on the open connection (SFTP, a remote command, a forwarded socket) may wait, and one
   * whole file read or listing may take (--timeout; default 10 s).
   */
  requestTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export interface RemoteHost {
  /** "ssh://user@host:port", for messages and the snapshot's collection record. */
  label: string;
  fs: HostFs;
  run: CommandRunner;
  /** An HTTP agent reaching a Unix socket on the remote host. */
  agentFor(socketPath: string): http.Agent;
  /** Why the connection ended before close() (it dropped mid-collection); undefined while it is up. */
  lost(): string | undefined;
  close(): void;
}

export class SshConnectError extends DaemonUnreachableError {
  override name = "SshConnectError";
}

/**
 * The whole of one SSH collection may take this many times --timeout (5 minutes at the default 10 s). Each request
 * already waits at most --timeout; this bounds a host that answers every one of thousands of requests just in time.
 * A whole audit cannot be held to --timeout itself: a big host legitimately takes longer than 10 s over SSH.
 */
export const SSH_DEADLINE_FACTOR = 30;

/** `work`, or a rejection with `expired()` once `ms` have passed (then `onExpire` runs, e.g. closing the connection). */
export function withDeadline<T>(work: Promise<T>, ms: number, expired: () => Error, onExpire: () => void = () => {}): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpire();
      reject(expired());
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const DEFAULT_KEYS = ["id_ed25519", "id_ecdsa", "id_rsa"];
/** Connection attempts when sshd drops the connection before its version line (see openSshHost). */
export const HANDSHAKE_ATTEMPTS = 3;

/** sshd closed the connection before its version line (MaxStartups, or a saturated sshd): worth one more try. */
export function droppedBeforeHandshake(err: Error & { level?: string; code?: string }): boolean {
  return err.message === "Connection lost before handshake" || (err.level === "client-socket" && (err.code === "ECONNRESET" || err.code === "EPIPE"));
}

export async function openSshHost(raw: string, opts: SshOptions = {}): Promise<RemoteHost> {
  const target = parseSshTarget(raw);
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const configFile = opts.configFile ?? path.join(home, ".ssh", "config");
  let cfg: SshConfigEntry = { identityFiles: [], userKnownHostsFiles: [] };
  // The auditor's own files, through the same safe read as the host's (a FIFO there must not hang the run either).
  try { cfg = sshConfigFor(readRegularSync(configFile, configFile, CONFIG_FILE_MAX_BYTES), target.host, home); } catch { /* no ssh_config */ }
  const host = cfg.hostName ?? target.host;
  const port = target.port ?? cfg.port ?? 22;
  const user = target.user ?? cfg.user ?? os.userInfo().username;
  const label = `ssh://${user}@${host.includes(":") ? `[${host}]` : host}:${port}`;
  const fail = (why: string) => new SshConnectError(`cannot audit ${label}: ${why}`);

  const knownHosts = opts.knownHostsFile ?? cfg.userKnownHostsFiles[0] ?? path.join(home, ".ssh", "known_hosts");
  const name = knownHostsName(host, port);
  // Every file ssh itself would consult (--known-hosts alone when given), read once: the same text orders the
  // host-key algorithms and judges the key. A new key is appended to the first.
  const knownFiles: KnownHostsText[] = [];
  for (const file of opts.knownHostsFile ? [opts.knownHostsFile] : [...new Set([knownHosts, ...cfg.userKnownHostsFiles, "/etc/ssh/ssh_known_hosts"])]) {
    // A regular file of bounded size, never a blocking open (a FIFO planted as known_hosts must not hang the run).
    try { knownFiles.push({ file, text: readRegularSync(file, file, CONFIG_FILE_MAX_BYTES) }); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // no such file yet
      throw new Error(`cannot read the known_hosts file ${file}: ${(e as Error).message}`);
    }
  }
  const hostKeyAlgorithms = hostKeyAlgorithmsFor(knownFiles, name);
  let hostKeyProblem: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    const type = keyTypeOf(key);
    const b64 = key.toString("base64");
    const v = judgeHostKey(knownFiles, name, type, b64);
    if (v.state === "known") return true;
    // Any key recorded for this name and port (of any type), a revoked key or a CA line: refused, nothing recorded.
    const refusal = hostKeyRefusal(v, name, type);
    if (refusal !== undefined) {
      hostKeyProblem = refusal;
      return false;
    }
    if (!opts.acceptNewHostKey) {
      hostKeyProblem = `the host key (${type}) is not in ${knownHosts}; verify it and add it, or run once with --accept-new-host-key`;
      return false;
    }
    const text = knownFiles.find((f) => f.file === knownHosts)?.text ?? "";
    try {
      mkdirSync(path.dirname(knownHosts), { recursive: true, mode: 0o700 });
      appendFileSync(knownHosts, `${text && !text.endsWith("\n") ? "\n" : ""}${name} ${type} ${b64}\n`, { mode: 0o600 });
    } catch (e) {
      hostKeyProblem = `cannot record the new host key in ${knownHosts}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      return false;
    }
    return true;
  };

  // Keys: --ssh-key alone when given; else the config's IdentityFiles, else the default files that exist.
  const keyFiles = opts.identityFile ? [opts.identityFile] : cfg.identityFiles.length ? cfg.identityFiles : DEFAULT_KEYS.map((k) => path.join(home, ".ssh", k));
  const keys: { file: string; key: Buffer }[] = [];
  const keyNotes: string[] = [];
  for (const file of keyFiles) {
    if (!existsSync(file)) {
      if (opts.identityFile) throw new InvalidDockerHostError(`--ssh-key ${file}: no such file`);
      continue;
    }
    let loaded: KeyFile;
    try { loaded = await loadKeyFile(file); } catch (e) {
      keyNotes.push(`${file}: ${e instanceof UnreadableFileError && !e.code ? e.message : ((e as NodeJS.ErrnoException).code ?? "unreadable")}`);
      continue;
    }
    if (loaded.parsed instanceof Error) {
      keyNotes.push(loaded.encrypted ? `${file} is encrypted (load it into ssh-agent)` : `${file}: not a usable private key`);
      continue;
    }
    keys.push({ file, key: loaded.raw });
  }
  const agentSock = cfg.identityAgent ?? env.SSH_AUTH_SOCK;
  // Tried in this order, each once; never "password" or "keyboard-interactive".
  const methods = [
    ...(agentSock && existsSync(agentSock) ? [{ type: "agent" as const, username: user, agent: agentSock }] : []),
    ...keys.map((k) => ({ type: "publickey" as const, username: user, key: k.key })),
  ];
  if (methods.length === 0) {
    throw fail(`no key to authenticate with (no ssh-agent, ${keyNotes.length ? keyNotes.join("; ") : `none of ${keyFiles.join(", ")} exists`}); give one with --ssh-key`);
  }

  const timeoutMs = (opts.timeoutSeconds ?? 20) * 1000;
  const deadline = Date.now() + timeoutMs;
  let client: Client | undefined;
  let sock: net.Socket | undefined;
  // sshd closes connections beyond MaxStartups (default 10:30:100: from 10 unauthenticated connections on, 30 %
  // of new ones, rising) before saying a word, which a fleet opening 10-20 connections at once can meet. Such a
  // drop, before the server's version line, is retried (at most HANDSHAKE_ATTEMPTS in all, within the timeout);
  // every other failure (refused port, host key, authentication, timeout) is final at once.
  for (let attempt = 1; ; attempt++) {
    const c = new Client();
    const s = net.connect({ host, port });
    const outcome = await new Promise<{ ok: true } | { ok: false; err: Error & { level?: string } }>((resolve) => {
      const onError = (err: Error & { level?: string }) => {
        // A failed attempt may still report more (the socket's error after the protocol's): nothing more to say.
        c.on("error", () => undefined);
        c.end();
        s.destroy();
        resolve({ ok: false, err });
      };
      c.once("ready", () => { c.removeListener("error", onError); resolve({ ok: true }); });
      c.once("error", onError);
      // dockaudit owns the socket, so the SFTP requests can be batched into one write per burst (tickBatcher).
      c.connect({ sock: s, host, port, username: user, readyTimeout: Math.max(1000, deadline - Date.now()), hostVerifier, ...(hostKeyAlgorithms ? { algorithms: { serverHostKey: hostKeyAlgorithms as never } } : {}), authHandler: [...methods] as unknown as ConnectConfig["authHandler"], keepaliveInterval: 10_000 });
    });
    if (outcome.ok) {
      client = c;
      sock = s;
      break;
    }
    const err = outcome.err;
    if (hostKeyProblem) throw fail(hostKeyProblem);
    if (err.level === "client-authentication") {
      const tried = [...(agentSock ? ["ssh-agent"] : []), ...keys.map((k) => k.file)];
      throw fail(`authentication failed for ${user} (tried ${tried.join(", ")}${keyNotes.length ? `; ${keyNotes.join("; ")}` : ""})`);
    }
    if (err.level === "client-timeout") throw fail(`no SSH handshake within ${timeoutMs / 1000} s`);
    const backoff = 200 * attempt + Math.floor(Math.random() * 200);
    if (!droppedBeforeHandshake(err) || attempt >= HANDSHAKE_ATTEMPTS || Date.now() + backoff >= deadline) {
      throw fail(droppedBeforeHandshake(err) && attempt > 1 ? `${err.message} (${attempt} attempts; sshd's MaxStartups?)` : err.message);
    }
    await new Promise((r) => setTimeout(r, backoff));
  }
  if (!client || !sock) throw fail("no SSH connection");
  // The connection dropping mid-audit fails every request at once (see SftpSession) and is reported by lost(), so the
  // run ends with exit 3 and the reason instead of judging a half-read host.
  const session: SftpSession = {};
  let lostReason: string | undefined;
  let closing = false;
  let lastError: string | undefined;
  client.on("error", (e: Error) => { lastError = e.message; });
  client.on("close", () => {
    if (closing) return;
    lostReason = `the SSH connection was lost during collection${lastError ? ` (${lastError})` : ""}`;
    session.broken = lostReason;
  });
  const requestMs = opts.requestTimeoutMs ?? DEFAULT_SFTP_TIMEOUT_MS;
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(fail(`SFTP is not available: ${err.message}`)) : resolve(s))))
    .catch((e) => { client.end(); throw e; });
  return {
    label,
    fs: new HostFs("/", sftpOps(sftp, tickBatcher(sock), { timeoutMs: requestMs }, session), label),
    run: sshRunner(client, requestMs, session),
    agentFor: (socketPath) => forwardingAgent(client, socketPath, requestMs, session),
    lost: () => lostReason,
    close: () => { closing = true; client.end(); },
  };
}
