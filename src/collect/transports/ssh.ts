// A remote host over one SSH connection, with nothing installed on it but sshd: its files, /proc, /sys and /etc
// through SFTP, the few read-only commands the collectors run (systemctl show, auditctl -l) through exec, and the
// Engine API through the connection's Unix-socket forwarding (OpenSSH's streamlocal) to the remote Docker socket.
// The collectors see the same HostFs and CommandRunner as for this machine, so none knows which it is using.
//
// Trust: the host key is checked against known_hosts (plain and hashed entries); an unknown key is an error unless
// --accept-new-host-key, which records it, and a changed key is always an error. Authentication is by key only
// (ssh-agent, --ssh-key, the IdentityFile of the user's ~/.ssh/config entry, or the default key files), never a
// password prompt, so unattended runs cannot hang.
import { createHmac } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import ssh2, { type Client as SshClient, type ConnectConfig, type SFTPWrapper } from "ssh2";
import { DaemonUnreachableError, InvalidDockerHostError } from "../errors.js";
import { HostFs, type FsOps, type FsStats } from "./host-fs.js";
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

/** `ssh://[user@]host[:port]`; a usage error (exit 2) for anything else. */
export function parseSshTarget(raw: string): SshTarget {
  const [, user, host, portText] = /^ssh:\/\/(?:([^@/:\s]+)@)?(\[[0-9a-fA-F:.]+\]|[^@/:\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(raw.trim()) ?? [];
  if (host === undefined) throw new InvalidDockerHostError(`unsupported host "${raw}" (use ssh://[user@]host[:port])`);
  const port = portText ? Number(portText) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) throw new InvalidDockerHostError(`unsupported host "${raw}": port out of range`);
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

// ---------------------------------------------------------------- known_hosts

export type HostKeyVerdict = { state: "known" } | { state: "unknown" } | { state: "changed"; file: string; line: number };

/** The name a host has in known_hosts: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function nameMatches(field: string, name: string): boolean {
  if (field.startsWith("|1|")) {
    const [, , salt, hash] = field.split("|");
    if (!salt || !hash) return false;
    return createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
  }
  return field.split(",").some((p) => !p.startsWith("!") && globToRegExp(p).test(name));
}

/** Judges a host key (its type and base64 blob) against known_hosts text, as OpenSSH does. */
export function checkKnownHosts(text: string, file: string, name: string, keyType: string, keyBase64: string): HostKeyVerdict {
  let changed: HostKeyVerdict | undefined;
  for (const [i, rawLine] of text.split("\n").entries()) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const f = line.split(/\s+/);
    const marker = f[0]?.startsWith("@") ? f.shift() : undefined;
    if (marker === "@cert-authority") continue;
    const [hosts, type, blob] = f;
    if (!hosts || !type || !blob || !nameMatches(hosts, name)) continue;
    if (marker === "@revoked") {
      if (blob === keyBase64) return { state: "changed", file, line: i + 1 };
      continue;
    }
    if (type === keyType && blob === keyBase64) return { state: "known" };
    // A different key of the same type for this host is a changed key; another type alone proves nothing.
    if (type === keyType) changed ??= { state: "changed", file, line: i + 1 };
  }
  return changed ?? { state: "unknown" };
}

function keyTypeOf(blob: Buffer): string {
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString("latin1");
}

// ---------------------------------------------------------------- SFTP as a filesystem

const SFTP_ERRNO: Record<number, string> = { 2: "ENOENT", 3: "EACCES", 4: "EIO", 8: "EOPNOTSUPP" };
const MAX_READ = 16 * 1024 * 1024;
/** SFTP requests in flight at once (the collectors start many in parallel). */
const SFTP_WINDOW = 64;

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

/** `batch` (optional) is called before each request is sent, e.g. a tickBatcher of the connection's socket. */
export function sftpOps(sftp: SFTPWrapper, batch: () => void = () => undefined): FsOps {
  const limit = new Limiter(SFTP_WINDOW);
  const call = <T>(fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> =>
    limit.run(() => new Promise<T>((resolve, reject) => {
      batch();
      fn((err, v) => (err ? reject(errno(err)) : resolve(v)));
    }));
  return {
    lstat: async (p) => toStats(await call<SftpAttrs>((cb) => sftp.lstat(p, cb as never))),
    stat: async (p) => toStats(await call<SftpAttrs>((cb) => sftp.stat(p, cb as never))),
    readdir: async (p) => (await call<{ filename: string }[]>((cb) => sftp.readdir(p, cb as never))).map((e) => e.filename).filter((n) => n !== "." && n !== ".."),
    // SFTP answers a readlink of a non-link with a bare "failure"; callers (like readlink(2) users) need EINVAL.
    readlink: async (p) => {
      try {
        return await call<string>((cb) => sftp.readlink(p, cb as never));
      } catch (e) {
        if ((e as { code?: string }).code !== "EIO") throw e;
        const st = toStats(await call<SftpAttrs>((cb) => sftp.lstat(p, cb as never)));
        if (!st.isSymbolicLink()) throw Object.assign(new Error(`EINVAL: not a symbolic link, ${p}`), { code: "EINVAL" });
        throw e;
      }
    },
    realpath: (p) => call<string>((cb) => sftp.realpath(p, cb as never)),
    // /proc files report size 0, so read until EOF, bounded.
    readText: (p) => limit.run(() => new Promise<string>((resolve, reject) => {
      batch();
      sftp.open(p, "r", (err, handle) => {
        if (err) return reject(errno(err));
        const chunks: Buffer[] = [];
        let total = 0;
        // The answer is known once the last read is in: the close goes out without waiting for its reply (its
        // outcome never changed the result), which saves a round trip per file.
        const close = () => {
          batch();
          sftp.close(handle, () => undefined);
        };
        const next = () => {
          batch();
          const buf = Buffer.allocUnsafe(32 * 1024);
          sftp.read(handle, buf, 0, buf.length, total, (e, n) => {
            if (e && (e as { code?: number }).code !== 1) return close(), reject(errno(e));
            if (e || n === 0) return close(), resolve(Buffer.concat(chunks, total).toString("utf8"));
            chunks.push(buf.subarray(0, n));
            total += n;
            if (total > MAX_READ) return close(), reject(Object.assign(new Error(`EFBIG: larger than ${MAX_READ} bytes, ${p}`), { code: "EFBIG" }));
            next();
          });
        };
        next();
      });
    })),
  };
}

// ---------------------------------------------------------------- commands and the Engine API over the connection

/** POSIX shell quoting for one word. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function sshRunner(client: Client, timeoutMs = 10_000): CommandRunner {
  return (file, args) => new Promise<CommandResult>((resolve) => {
    const cmd = `LC_ALL=C exec ${[file, ...args].map(shellQuote).join(" ")}`;
    client.exec(cmd, (err, stream) => {
      if (err) return resolve({ ok: false, stdout: "", error: `ssh exec: ${err.message}` });
      let stdout = "", stderr = "", timedOut = false;
      const timer = setTimeout(() => { timedOut = true; stream.close(); }, timeoutMs);
      stream.on("data", (d: Buffer) => { if (stdout.length < MAX_READ) stdout += d.toString("utf8"); });
      stream.stderr.on("data", (d: Buffer) => { if (stderr.length < 4096) stderr += d.toString("utf8"); });
      stream.on("close", (code: number | null) => {
        clearTimeout(timer);
        if (timedOut) return resolve({ ok: false, stdout, error: "timed out" });
        if (code === 0) return resolve({ ok: true, stdout });
        // 127: the remote shell found no such command.
        if (code === 127) return resolve({ ok: false, stdout, error: "ENOENT" });
        const first = stderr.trim().split("\n")[0] ?? "";
        resolve({ ok: false, stdout, error: `exit code ${code ?? "?"}${first ? `: ${first}` : ""}` });
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

/** An HTTP agent whose every connection is a stream forwarded to `socketPath` on the remote host. */
export function forwardingAgent(client: Client, socketPath: string): http.Agent {
  const agent = new http.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, cb: (err: Error | null, s?: Duplex) => void) => {
    client.openssh_forwardOutStreamLocal(socketPath, (err, stream) => {
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
  close(): void;
}

export class SshConnectError extends DaemonUnreachableError {
  override name = "SshConnectError";
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
  try { cfg = sshConfigFor(readFileSync(configFile, "utf8"), target.host, home); } catch { /* no ssh_config */ }
  const host = cfg.hostName ?? target.host;
  const port = target.port ?? cfg.port ?? 22;
  const user = target.user ?? cfg.user ?? os.userInfo().username;
  const label = `ssh://${user}@${host.includes(":") ? `[${host}]` : host}:${port}`;
  const fail = (why: string) => new SshConnectError(`cannot audit ${label}: ${why}`);

  const knownHosts = opts.knownHostsFile ?? cfg.userKnownHostsFiles[0] ?? path.join(home, ".ssh", "known_hosts");
  const name = knownHostsName(host, port);
  let hostKeyProblem: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    const type = keyTypeOf(key);
    const b64 = key.toString("base64");
    let text = "";
    try { text = readFileSync(knownHosts, "utf8"); } catch { /* no known_hosts yet */ }
    const v = checkKnownHosts(text, knownHosts, name, type, b64);
    if (v.state === "known") return true;
    if (v.state === "changed") {
      hostKeyProblem = `the host key (${type}) differs from the one in ${v.file} line ${v.line}: refusing to connect (if the host was reinstalled, remove that line)`;
      return false;
    }
    if (!opts.acceptNewHostKey) {
      hostKeyProblem = `the host key (${type}) is not in ${knownHosts}; verify it and add it, or run once with --accept-new-host-key`;
      return false;
    }
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
      c.connect({ sock: s, host, port, username: user, readyTimeout: Math.max(1000, deadline - Date.now()), hostVerifier, authHandler: [...methods] as unknown as ConnectConfig["authHandler"], keepaliveInterval: 10_000 });
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
  // Later transport errors (the connection drops mid-audit) surface as failed reads, each an `error` verdict.
  client.on("error", () => undefined);
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(fail(`SFTP is not available: ${err.message}`)) : resolve(s))))
    .catch((e) => { client.end(); throw e; });
  return {
    label,
    fs: new HostFs("/", sftpOps(sftp, tickBatcher(sock)), label),
    run: sshRunner(client),
    agentFor: (socketPath) => forwardingAgent(client, socketPath),
    close: () => client.end(),
  };
}
