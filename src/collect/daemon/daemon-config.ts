// The daemon's own configuration: which dockerd serves the audited endpoint, its flags, its daemon.json, and the
// two merged. All reads go through HostFs (rooted at --root); nothing here throws past collectDaemonConfig.
import fsSync from "node:fs";
import path from "node:path";
import type { DaemonConfigFile, DaemonFacts, DaemonProcess, Fact } from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import { mergeEffective, parseDaemonJson, parseDockerdArgv, type EffectiveSettings, type ParsedArgv } from "./daemon-argv.js";
import type { HostFs } from "../transports/host-fs.js";
import {
  exeBase, isDockerd, listenerServesHost, normaliseIp, normaliseUnixPath, parseCmdline, parseEndpoint, parseProcNetTcp,
  parseProcNetUnix, parseProcStatus, pickEnviron, socketInode, type Endpoint, environNames, parseStatStartTicks, parseBootTime,
  CLOCK_TICKS_PER_SECOND,
} from "./proc.js";
import { redactArgs, redactDeep } from "../../secrets/redact.js";
import { mapLimit } from "../map-limit.js";
import { findRootlessKit } from "./rootless.js";
import { processCredentials, readTextAs, type Credentials } from "../host/access.js";

export * from "./daemon-argv.js";

const DEFAULT_CONFIG_FILE = "/etc/docker/daemon.json";

export interface DockerdCandidate {
  pid: number;
  /** argv with secret-looking values redacted (the raw argv is never kept). */
  argv: string[];
  exe?: string;
  /** errno of the unreadable /proc/PID/exe (e.g. EACCES without ptrace access), when exe is absent. */
  exeError?: string;
  uid?: number;
  gid?: number;
  ppid?: number;
  rootless: boolean;
  parsed: ParsedArgv;
  /** HOME, XDG_* (used here, never kept) and DOCKER_CERT_PATH, DOCKER_CONFIG (kept); no other value is read. */
  env: Record<string, string>;
  /** Which Docker variables are set in its environment (names only); undefined when environ is unreadable. */
  envNames?: string[];
  cwd?: string;
  /** ISO time the process started, from /proc/PID/stat and /proc/stat's btime. */
  startedAt?: string;
}

/** The variables whose values dockerd's configuration depends on and that may enter the snapshot. */
export const DAEMON_ENV_VALUES = ["DOCKER_CERT_PATH", "DOCKER_CONFIG"] as const;
/** Docker variables whose presence (never value) is recorded: DOCKER_TLS_VERIFY there does not turn TLS on. */
export const DAEMON_ENV_NAMES = ["DOCKER_CERT_PATH", "DOCKER_CONFIG", "DOCKER_HOST", "DOCKER_TLS", "DOCKER_TLS_VERIFY"] as const;

/** Process start time: boot time + starttime ticks; undefined when either file is unreadable. */
export async function processStartedAt(fs: HostFs, pid: number): Promise<string | undefined> {
  const [stat, procStat] = await Promise.all([fs.readText(`/proc/${pid}/stat`), fs.readText("/proc/stat")]);
  if (!stat.ok || !procStat.ok) return undefined;
  const ticks = parseStatStartTicks(stat.value);
  const boot = parseBootTime(procStat.value);
  if (ticks === undefined || boot === undefined) return undefined;
  return new Date(boot * 1000 + Math.round((ticks * 1000) / CLOCK_TICKS_PER_SECOND)).toISOString();
}

/** Every dockerd process under <root>/proc (argv[0] or exe basename exactly "dockerd"). */
export async function findDockerdProcesses(fs: HostFs): Promise<{ ok: true; value: DockerdCandidate[] } | { ok: false; error: string }> {
  const dir = await fs.readDir("/proc");
  if (!dir.ok) return { ok: false, error: dir.error.message };
  const pids = dir.value.filter((e) => /^\d+$/.test(e)).map(Number);
  const found = await mapLimit(pids, 64, async (pid) => {
    const cmd = await fs.readText(`/proc/${pid}/cmdline`);
    if (!cmd.ok || cmd.value === "") return undefined;
    const argv = parseCmdline(cmd.value);
    const exe = await fs.readlink(`/proc/${pid}/exe`);
    if (!isDockerd(argv, exe.ok ? exe.value : undefined)) return undefined;
    return { pid, argv, exe: exe.ok ? exe.value.replace(/ \(deleted\)$/, "") : undefined, exeError: exe.ok ? undefined : exe.error.code };
  });
  const candidates: DockerdCandidate[] = [];
  for (const f of found) {
    if (!f) continue;
    const [status, environ, cwd, startedAt] = await Promise.all([
      fs.readText(`/proc/${f.pid}/status`),
      fs.readText(`/proc/${f.pid}/environ`),
      fs.readlink(`/proc/${f.pid}/cwd`),
      processStartedAt(fs, f.pid),
    ]);
    const st = status.ok ? parseProcStatus(status.value) : {};
    let parentIsRootlesskit = false;
    if (st.ppid) {
      const [pcmd, pexe] = await Promise.all([fs.readText(`/proc/${st.ppid}/cmdline`), fs.readlink(`/proc/${st.ppid}/exe`)]);
      parentIsRootlesskit = (pcmd.ok && exeBase(parseCmdline(pcmd.value)[0]) === "rootlesskit") || (pexe.ok && exeBase(pexe.value) === "rootlesskit");
    }
    const argv = redactArgs(f.argv);
    const parsed = parseDockerdArgv(argv);
    candidates.push({
      pid: f.pid,
      argv,
      exe: f.exe,
      ...(f.exeError === undefined ? {} : { exeError: f.exeError }),
      uid: st.uid,
      gid: st.gid,
      ppid: st.ppid,
      rootless: (st.uid !== undefined && st.uid !== 0) || parentIsRootlesskit || parsed.flags.rootless?.at(-1) === "true",
      parsed,
      env: environ.ok ? pickEnviron(environ.value, ["HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", ...DAEMON_ENV_VALUES]) : {},
      envNames: environ.ok ? environNames(environ.value, DAEMON_ENV_NAMES) : undefined,
      cwd: cwd.ok ? cwd.value : undefined,
      startedAt,
    });
  }
  return { ok: true, value: candidates };
}

/** The config file dockerd reads: --config-file, else /etc/docker/daemon.json (rootless: the user's config dir). */
export async function configFilePath(fs: HostFs, c: DockerdCandidate): Promise<string> {
  const given = c.parsed.flags["config-file"]?.at(-1);
  if (given !== undefined) return path.posix.isAbsolute(given) || !c.cwd ? given : path.posix.resolve(c.cwd, given);
  if (!c.rootless) return DEFAULT_CONFIG_FILE;
  if (c.env.XDG_CONFIG_HOME) return path.posix.join(c.env.XDG_CONFIG_HOME, "docker", "daemon.json");
  let home: string | undefined = c.env.HOME;
  if (!home && c.uid !== undefined) {
    const pw = await fs.passwd();
    if (pw.ok) home = pw.value.find((e) => e.uid === c.uid)?.home;
  }
  return path.posix.join(home ?? "~", ".config", "docker", "daemon.json");
}

/**
 * Reads and parses a daemon.json: absent → present:false (dockerd then runs on flags and defaults). `readAs`: the
 * credentials of a daemon running as another user (rootless): the file is read only if that user could read it
 * (access.ts), so a symlink to a file only root may read is an error, and its content is never read.
 */
export async function readDaemonConfigFile(fs: HostFs, file: string, readAs?: Credentials): Promise<Fact<DaemonConfigFile>> {
  const r = await readTextAs(fs, file, readAs);
  if (!r.ok) {
    if (r.error.code === "ENOENT") return okFact({ path: file, present: false, content: {} }, file);
    return errFact(r.error.message, file);
  }
  const parsed = parseDaemonJson(r.value, file);
  if (!parsed.ok) return errFact(parsed.error, file);
  const out: DaemonConfigFile = { path: file, present: true, content: redactDeep(parsed.content) as Record<string, unknown> };
  const st = await fs.stat(file);
  if (st.ok && "mtimeMs" in st.value) {
    const target = st.value.type === "symlink" ? st.value.target : undefined;
    const mtime = target ? (target.ok ? target.value.mtimeMs : undefined) : st.value.mtimeMs;
    if (mtime !== undefined) out.modifiedAt = new Date(mtime).toISOString();
  }
  return okFact(out, file);
}

/**
 * A candidate's config file, read with its own user's permissions when it runs as another user than root (a
 * rootless dockerd: see readDaemonConfigFile); an error when that user's credentials cannot be read.
 */
export async function readDaemonConfigAs(fs: HostFs, c: DockerdCandidate, file: string): Promise<Fact<DaemonConfigFile>> {
  if (c.uid === undefined) {
    if (c.rootless) return errFact(`cannot tell what the rootless dockerd (pid ${c.pid}) may read: its uid is unknown (/proc/${c.pid}/status unreadable)`, file);
    return readDaemonConfigFile(fs, file);
  }
  if (c.uid === 0) return readDaemonConfigFile(fs, file);
  const cred = await processCredentials(fs, c.pid);
  if (!cred.ok) return errFact(`cannot tell what uid ${c.uid} (dockerd pid ${c.pid}) may read: ${cred.error}`, file);
  return readDaemonConfigFile(fs, file, cred.value);
}

/**
 * dockerd's default TLS files come from its environment: $DOCKER_CERT_PATH, else $DOCKER_CONFIG (cliconfig.Dir),
 * holding ca.pem, cert.pem and key.pem. With TLS on and no tlscacert/tlscert/tlskey from a flag or daemon.json,
 * those paths are in effect, with origin "environment". Without either variable dockerd uses ~/.docker of its user,
 * which is left to the caller (the home directory is not a setting).
 */
export function tlsFromEnvironment(eff: EffectiveSettings, env: Record<string, string>, pid: number, cwd?: string): EffectiveSettings {
  const on = (k: string) => eff[k]?.value === true || eff[k]?.value === "true";
  if (!on("tls") && !on("tlsverify")) return eff;
  const certPath = env.DOCKER_CERT_PATH;
  const configDir = env.DOCKER_CONFIG;
  const [name, raw] = certPath ? ["DOCKER_CERT_PATH", certPath] : configDir ? ["DOCKER_CONFIG", configDir] : [];
  if (name === undefined || raw === undefined) return eff;
  const dir = path.posix.isAbsolute(raw) || !cwd ? raw : path.posix.resolve(cwd, raw);
  const out = { ...eff };
  for (const [key, file] of [["tlscacert", "ca.pem"], ["tlscert", "cert.pem"], ["tlskey", "key.pem"]] as const) {
    const set = out[key]?.value;
    if (typeof set === "string" && set !== "") continue;
    out[key] = { value: path.posix.join(dir, file), origin: { from: "environment", name, where: `pid ${pid} environ` } };
  }
  return out;
}

/**
 * The socket file a client of the audited endpoint connects to, as the auditor itself sees it (its device and inode
 * numbers and its owner). Given in container mode (`--root /host` with the socket mounted into the auditor's
 * container): a listening socket of a host process counts only when the file it is bound at, looked up under the
 * root, is this very file, so a path that merely matches (another daemon's socket mounted at /var/run/docker.sock)
 * never ties the endpoint to the host's dockerd.
 */
export interface EndpointFile {
  /** The endpoint's socket path in the auditor's own filesystem. */
  path: string;
  dev: number;
  ino: number;
  uid: number;
}

export interface MatchOptions {
  endpointFile?: EndpointFile;
}

/** Why a process could not be examined, for the one-line error: EACCES/EPERM on /proc/PID/* needs ptrace access. */
function procUnreadable(what: string, code: string, pid: number): string {
  const denied = code === "EACCES" || code === "EPERM";
  return `/proc/${pid}/${what} unreadable (${denied ? "needs root or CAP_SYS_PTRACE" : code})`;
}

interface Listener {
  inode: number;
  detail: string;
  /** The socket's owner: the unix socket file's uid, or the tcp table's uid column. */
  owner?: number;
}

interface SocketEvidence {
  /** Candidates proven to serve the endpoint (listening socket held, dockerd executable, root or the socket's owner). */
  proven: { pid: number; detail: string }[];
  /** Why a candidate could not be examined (its fd table or executable unreadable): "not proven" is then no negative. */
  unreadable: string[];
  /** Candidates that hold the socket but fail the executable or owner test, and other facts worth naming. */
  rejected: string[];
  /** Whether any candidate's network namespace has a listening socket of the endpoint at all. */
  listenerSeen: boolean;
}

/** Device and inode of a path under a local root (symlinks resolved inside the root), for container mode. */
async function localIdentity(fs: HostFs, p: string): Promise<{ dev: number; ino: number } | undefined> {
  if (fs.where !== "") return undefined;
  const real = await fs.realpath(p);
  if (!real.ok) return undefined;
  try {
    const st = fsSync.statSync(path.join(fs.root, real.value));
    return { dev: st.dev, ino: st.ino };
  } catch {
    return undefined;
  }
}

/** The owner of the endpoint's socket file on the audited host (following a symlinked path), when it can be read. */
async function socketFileOwner(fs: HostFs, p: string): Promise<number | undefined> {
  const st = await fs.stat(p);
  if (!st.ok || !("uid" in st.value)) return undefined;
  const v = st.value as { type?: string; uid?: number; target?: { ok: boolean; value?: { uid?: number } } };
  if (v.type === "symlink") return v.target?.ok ? v.target.value?.uid : undefined;
  return v.uid;
}

/** Listening sockets of the endpoint in `pid`'s network namespace. */
type Memo<T> = (p: string) => Promise<T>;

function memo<T>(f: (p: string) => Promise<T>): Memo<T> {
  const seen = new Map<string, Promise<T>>();
  return (p) => {
    let v = seen.get(p);
    if (!v) seen.set(p, (v = f(p)));
    return v;
  };
}

async function listenersOf(fs: HostFs, pid: number, endpoint: Endpoint, unixPaths: ReadonlySet<string>, opts: MatchOptions, ownerOf: Memo<number | undefined>, idOf: Memo<{ dev: number; ino: number } | undefined>): Promise<{ ok: true; value: Listener[] } | { ok: false; error: string }> {
  const out: Listener[] = [];
  if (endpoint.kind === "unix") {
    const t = await fs.readText(`/proc/${pid}/net/unix`);
    if (!t.ok) return { ok: false, error: t.error.message };
    for (const l of parseProcNetUnix(t.value)) {
      const file = opts.endpointFile;
      if (file) {
        // Container mode: the bound path, looked up under the root, must be the file the auditor connects to.
        if (l.path.startsWith("@")) continue;
        const id = await idOf(l.path);
        if (!id || id.dev !== file.dev || id.ino !== file.ino) continue;
        out.push({ inode: l.inode, detail: `unix socket ${l.path} (the file mounted at ${file.path}: device ${file.dev}, inode ${file.ino})`, owner: file.uid });
      } else if (unixPaths.has(normaliseUnixPath(l.path))) {
        out.push({ inode: l.inode, detail: `unix socket ${l.path}`, owner: await ownerOf(l.path) });
      }
    }
    return { ok: true, value: out };
  }
  if (endpoint.kind !== "tcp") return { ok: true, value: out };
  for (const table of ["tcp", "tcp6"]) {
    const t = await fs.readText(`/proc/${pid}/net/${table}`);
    if (!t.ok) {
      if (t.error.code === "ENOENT") continue;
      return { ok: false, error: t.error.message };
    }
    for (const l of parseProcNetTcp(t.value)) {
      const port = endpoint.port ?? 2375;
      if (l.port === port && listenerServesHost(l.address, endpoint.host)) out.push({ inode: l.inode, detail: `tcp listener ${l.address}:${l.port}`, owner: l.uid });
    }
  }
  return { ok: true, value: out };
}

/**
 * What the kernel proves about each candidate: it holds (in its fd table, which covers a socket inherited from
 * systemd with -H fd://) a listening socket of the endpoint, its /proc/PID/exe is a dockerd, and it runs as root or
 * as the socket's owner. argv is never evidence.
 */
async function socketEvidence(fs: HostFs, candidates: DockerdCandidate[], endpoint: Endpoint, opts: MatchOptions): Promise<SocketEvidence> {
  const ev: SocketEvidence = { proven: [], unreadable: [], rejected: [], listenerSeen: false };
  // The socket as bound may be where a symlinked path (e.g. /var/run/docker.sock → elsewhere) points.
  const paths = new Set<string>();
  if (endpoint.kind === "unix" && !opts.endpointFile) {
    paths.add(endpoint.path);
    const spellings = endpoint.path.startsWith("/run/") ? [endpoint.path, `/var${endpoint.path}`] : [endpoint.path];
    for (const p of spellings) {
      const real = await fs.realpath(p);
      if (real.ok) paths.add(normaliseUnixPath(real.value));
    }
  }
  // Several daemons in one network namespace list the same sockets: each path is looked up once.
  const ownerOf = memo((p) => socketFileOwner(fs, p));
  const idOf = memo((p) => localIdentity(fs, p));
  for (const c of candidates) {
    // The candidate's own network namespace: a rootless dockerd's socket is not in the host's /proc/net/unix.
    const ls = await listenersOf(fs, c.pid, endpoint, paths, opts, ownerOf, idOf);
    if (!ls.ok) {
      ev.unreadable.push(ls.error);
      continue;
    }
    if (ls.value.length === 0) continue;
    ev.listenerSeen = true;
    const byInode = new Map(ls.value.map((l) => [l.inode, l]));
    const fds = await fs.readDir(`/proc/${c.pid}/fd`);
    if (!fds.ok) {
      ev.unreadable.push(procUnreadable("fd", fds.error.code, c.pid));
      continue;
    }
    // Lowest fds first, 16 at a time (over SSH each readlink is a round trip), stopping at the batch holding the
    // socket: a daemon opens its listening sockets at start-up, so with hundreds of fds (a dockerd running 100
    // containers held 623) a few readlinks find it instead of one per fd.
    const sorted = [...fds.value].sort((a, b) => Number(a) - Number(b));
    let held: Listener | undefined;
    let linkError: string | undefined;
    for (let i = 0; i < sorted.length && !held; i += 16) {
      const links = await Promise.all(sorted.slice(i, i + 16).map((fd) => fs.readlink(`/proc/${c.pid}/fd/${fd}`)));
      for (const l of links) {
        if (!l.ok) {
          if (l.error.code !== "ENOENT") linkError ??= procUnreadable("fd/*", l.error.code, c.pid);
          continue;
        }
        const inode = socketInode(l.value);
        held = inode === undefined ? undefined : byInode.get(inode);
        if (held) break;
      }
    }
    if (!held) {
      if (linkError) ev.unreadable.push(linkError);
      continue;
    }
    const holds = `${held.detail} (socket inode ${held.inode}) is open in pid ${c.pid}`;
    if (c.exe === undefined) {
      ev.unreadable.push(`${holds}, but ${procUnreadable("exe", c.exeError ?? "EACCES", c.pid)}`);
      continue;
    }
    if (exeBase(c.exe) !== "dockerd") {
      ev.rejected.push(`${holds}, but its executable is ${c.exe}, not a dockerd`);
      continue;
    }
    if (c.uid === undefined) {
      ev.unreadable.push(`${holds}, but /proc/${c.pid}/status is unreadable (its owner is unknown)`);
      continue;
    }
    if (c.uid !== 0 && c.uid !== held.owner) {
      ev.rejected.push(`${holds}, but it runs as uid ${c.uid}, neither root nor the socket's owner (${held.owner === undefined ? "unknown" : `uid ${held.owner}`})`);
      continue;
    }
    ev.proven.push({ pid: c.pid, detail: `${holds}; /proc/${c.pid}/exe is ${c.exe}; it runs as ${c.uid === 0 ? "root" : `uid ${c.uid}, the socket's owner`}` });
  }
  return ev;
}

/** "/proc/1/fd unreadable (X)" and "/proc/2/fd unreadable (X)" → "/proc/PID/fd unreadable for pids 1, 2 (X)". */
export function mergeUnreadable(notes: readonly string[]): string[] {
  const groups = new Map<string, number[]>();
  const out: string[] = [];
  for (const n of notes) {
    const m = /^\/proc\/(\d+)\/(fd|fd\/\*|exe) unreadable (\(.*\))$/.exec(n);
    if (!m) {
      out.push(n);
      continue;
    }
    const key = `${m[2]} ${m[3]}`;
    groups.set(key, [...(groups.get(key) ?? []), Number(m[1])]);
  }
  for (const [key, pids] of groups) {
    const [what, why] = [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)];
    out.unshift(pids.length === 1 ? `/proc/${pids[0]}/${what} unreadable ${why}` : `/proc/PID/${what} unreadable for pids ${pids.join(", ")} ${why}`);
  }
  return out;
}

export interface DaemonMatch {
  candidate: DockerdCandidate;
  matchedBy: string;
}

/** Where the proof of the serving process comes from: named in the errors and sources of the daemon facts. */
export const DAEMON_WITNESS = "/proc/PID/net/{unix,tcp,tcp6} + /proc/PID/fd + /proc/PID/exe + /proc/PID/status";

/**
 * The dockerd serving `dockerHost`, as the kernel proves it: a process holding a listening socket of the endpoint
 * (also when systemd passed it with -H fd://), whose executable is dockerd and which runs as root or as the socket's
 * owner. No fallback on -H flags, "hosts" or "the only dockerd running": any process can call itself dockerd and
 * forge those. When the proof cannot be read (a non-root auditor cannot read root's /proc/PID/fd), no daemon is
 * taken and the error says why.
 */
export async function matchDaemon(
  fs: HostFs,
  candidates: DockerdCandidate[],
  dockerHost: string,
  opts: MatchOptions = {},
): Promise<{ ok: true; value: DaemonMatch } | { ok: false; error: string }> {
  const all = candidates.map((c) => c.pid).join(", ");
  if (candidates.length === 0) return { ok: false, error: `no dockerd process found in ${path.posix.join(fs.root, "proc")} (a remote daemon, or a PID namespace that hides it)` };
  const others = (pid: number) => (candidates.length > 1 ? `; other processes calling themselves dockerd: ${candidates.filter((c) => c.pid !== pid).map((c) => c.pid).join(", ")}` : "");
  const endpoint = parseEndpoint(dockerHost);
  const cannot = `cannot prove which process serves ${dockerHost}`;
  if (endpoint.kind !== "unix" && endpoint.kind !== "tcp") return { ok: false, error: `${cannot}: only unix:// and tcp:// endpoints can be tied to a process` };
  if (endpoint.kind === "tcp" && !isLocalHost(endpoint.host)) return { ok: false, error: `${cannot}: ${endpoint.host} may be another machine, whose processes are not visible here` };

  const ev = await socketEvidence(fs, candidates, endpoint, opts);
  const pids = [...new Set(ev.proven.map((p) => p.pid))];
  if (pids.length > 1) return { ok: false, error: `${cannot}: several dockerd processes hold its listening socket (pids ${pids.join(", ")})` };
  const [proof] = ev.proven;
  const c = proof ? candidates.find((x) => x.pid === proof.pid) : undefined;
  if (proof && c) {
    const notes = ev.unreadable.length ? ` (not examined: ${ev.unreadable.join("; ")})` : "";
    return { ok: true, value: { candidate: c, matchedBy: `socket: ${proof.detail}${others(c.pid)}${notes}` } };
  }
  const rejected = ev.rejected.length ? `; ${ev.rejected.join("; ")}` : "";
  if (ev.unreadable.length) return { ok: false, error: `${cannot}: ${mergeUnreadable(ev.unreadable).join("; ")}${rejected}` };
  if (!ev.listenerSeen) {
    const where = opts.endpointFile ? ` (no dockerd's network namespace has a listening socket bound at the file mounted at ${opts.endpointFile.path})` : "";
    return { ok: false, error: `${dockerHost} is not served by any dockerd process on this host (dockerd pids: ${all})${where}` };
  }
  return { ok: false, error: `${dockerHost} is not served by any dockerd process on this host (dockerd pids: ${all})${rejected}` };
}

/** Loopback or wildcard: a daemon reached there runs on this host. Other addresses may be another machine's. */
function isLocalHost(host: string): boolean {
  if (host === "" || host === "localhost") return true;
  const ip = normaliseIp(host);
  return ip !== undefined && (ip.startsWith("127.") || ip === "0.0.0.0" || /^(0000:){7}000[01]$/.test(ip));
}

/** The daemon slice of the snapshot for the daemon serving `dockerHost`. */
export async function collectDaemonConfig(fs: HostFs, dockerHost: string, opts: MatchOptions = {}): Promise<DaemonFacts> {
  try {
    return await collect(fs, dockerHost, opts);
  } catch (err) {
    const msg = `reading the daemon's configuration failed: ${(err as Error).message}`;
    return { process: errFact(msg, "/proc"), flags: errFact(msg, "/proc"), configFile: errFact(msg, "/proc"), effective: errFact(msg, "/proc") };
  }
}

async function collect(fs: HostFs, dockerHost: string, opts: MatchOptions): Promise<DaemonFacts> {
  const procs = await findDockerdProcesses(fs);
  if (!procs.ok) {
    const e = `cannot list processes: ${procs.error}`;
    return { process: errFact(e, "/proc"), flags: errFact(e, "/proc"), configFile: errFact(e, "/proc"), effective: errFact(e, "/proc") };
  }
  // Only the proven daemon's configuration file is ever opened: any user can start a process named dockerd whose
  // --config-file is a FIFO or /dev/zero.
  const match = await matchDaemon(fs, procs.value, dockerHost, opts);
  if (!match.ok) {
    const e = match.error;
    const unknown = `unknown daemon process: ${e}`;
    return { process: errFact(e, DAEMON_WITNESS), flags: errFact(unknown, DAEMON_WITNESS), configFile: errFact(unknown, DAEMON_WITNESS), effective: errFact(unknown, DAEMON_WITNESS) };
  }
  const c = match.value.candidate;
  const cmdline = `/proc/${c.pid}/cmdline`;
  const proc: DaemonProcess = { pid: c.pid, exe: c.exe ?? c.argv[0] ?? "", argv: c.argv, matchedBy: match.value.matchedBy, rootless: c.rootless };
  if (c.startedAt) proc.startedAt = c.startedAt;
  if (c.envNames) {
    proc.environment = { names: c.envNames };
    for (const k of DAEMON_ENV_VALUES) if (c.env[k] !== undefined) proc.environment[k] = c.env[k];
  }
  if (c.uid !== undefined) proc.uid = c.uid;
  if (c.gid !== undefined) proc.gid = c.gid;
  if (c.rootless && c.ppid) {
    const kit = await findRootlessKit(fs, c.ppid);
    if (kit) proc.rootlessKit = kit;
  }
  const flags: Fact<Record<string, string[]>> = c.parsed.problems.length > 0 && Object.keys(c.parsed.flags).length === 0
    ? errFact(`cannot parse dockerd's argv: ${c.parsed.problems.join("; ")}`, cmdline)
    : okFact(c.parsed.flags, cmdline);
  // Read as the daemon's own user could (a rootless daemon's file must not lead root where that user cannot read).
  const file = await configFilePath(fs, c);
  const configFile = await readDaemonConfigAs(fs, c, file);
  let effective: DaemonFacts["effective"];
  if (!flags.ok) effective = errFact(`dockerd's flags could not be read: ${flags.error}`, `${cmdline} + ${file}`);
  else if (!configFile.ok) effective = errFact(`the daemon configuration file could not be read: ${configFile.error}`, `${cmdline} + ${file}`);
  else {
    const merged = tlsFromEnvironment(mergeEffective(c.parsed, configFile.value.content, c.pid, file), c.env, c.pid, c.cwd);
    const fromEnv = Object.values(merged).some((s) => s.origin.from === "environment");
    effective = okFact(merged, `pid ${c.pid} argv + ${file}${fromEnv ? ` + pid ${c.pid} environ` : ""}`);
  }
  return { process: okFact(proc, cmdline), flags, configFile, effective };
}
