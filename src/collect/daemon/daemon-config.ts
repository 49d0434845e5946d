// The daemon's own configuration: which dockerd serves the audited endpoint, its flags, its daemon.json, and the
// two merged. All reads go through HostFs (rooted at --root); nothing here throws past collectDaemonConfig.
import path from "node:path";
import type { DaemonConfigFile, DaemonFacts, DaemonProcess, Fact } from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import { mergeEffective, parseDaemonJson, parseDockerdArgv, type EffectiveSettings, type ParsedArgv } from "./daemon-argv.js";
import type { HostFs } from "../transports/host-fs.js";
import {
  endpointServes, exeBase, isDockerd, listenerServesHost, normaliseIp, normaliseUnixPath, parseCmdline, parseEndpoint, parseProcNetTcp,
  parseProcNetUnix, parseProcStatus, pickEnviron, socketInode, type Endpoint, environNames, parseStatStartTicks, parseBootTime,
  CLOCK_TICKS_PER_SECOND,
} from "./proc.js";
import { redactArgs, redactDeep } from "../../secrets/redact.js";
import { mapLimit } from "../map-limit.js";
import { findRootlessKit } from "./rootless.js";

export * from "./daemon-argv.js";

const DEFAULT_CONFIG_FILE = "/etc/docker/daemon.json";
const DEFAULT_SOCKET = "unix:///var/run/docker.sock";

export interface DockerdCandidate {
  pid: number;
  /** argv with secret-looking values redacted (the raw argv is never kept). */
  argv: string[];
  exe?: string;
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
    return { pid, argv, exe: exe.ok ? exe.value.replace(/ \(deleted\)$/, "") : undefined };
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

/** Reads and parses a daemon.json: absent → present:false (dockerd then runs on flags and defaults). */
export async function readDaemonConfigFile(fs: HostFs, file: string): Promise<Fact<DaemonConfigFile>> {
  const r = await fs.readText(file);
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

/** The hosts a candidate serves according to its -H flags, its daemon.json, or dockerd's default. */
function declaredHosts(c: DockerdCandidate, config: Fact<DaemonConfigFile> | undefined): { hosts: string[]; from: string } {
  const flags = c.parsed.flags.host;
  if (flags?.length) return { hosts: flags, from: `${c.parsed.spelled.host ?? "-H"} in pid ${c.pid} argv` };
  if (config?.ok) {
    const fromFile = config.value.content.hosts;
    if (Array.isArray(fromFile) && fromFile.length) return { hosts: fromFile.map(String), from: `"hosts" in ${config.value.path}` };
  }
  if (c.rootless) {
    const runtime = c.env.XDG_RUNTIME_DIR ?? (c.uid !== undefined ? `/run/user/${c.uid}` : undefined);
    if (runtime) return { hosts: [`unix://${runtime}/docker.sock`], from: `rootless dockerd's default socket (pid ${c.pid})` };
  }
  return { hosts: [DEFAULT_SOCKET], from: `dockerd's default socket (pid ${c.pid} gives no -H and no "hosts")` };
}

interface SocketEvidence {
  /** Candidates holding a listening socket of the endpoint. */
  holders: { pid: number; inode: number; detail: string }[];
  /** True when every candidate's tables and fds could be read, so "no holder" is a real negative. */
  conclusive: boolean;
  notes: string[];
}

async function socketEvidence(fs: HostFs, candidates: DockerdCandidate[], endpoint: Endpoint): Promise<SocketEvidence> {
  const ev: SocketEvidence = { holders: [], conclusive: true, notes: [] };
  if (endpoint.kind !== "unix" && endpoint.kind !== "tcp") return { ...ev, conclusive: false };
  // The socket as bound may be where a symlinked path (e.g. /var/run/docker.sock → elsewhere) points.
  const paths = new Set<string>();
  if (endpoint.kind === "unix") {
    paths.add(endpoint.path);
    const spellings = endpoint.path.startsWith("/run/") ? [endpoint.path, `/var${endpoint.path}`] : [endpoint.path];
    for (const p of spellings) {
      const real = await fs.realpath(p);
      if (real.ok) paths.add(normaliseUnixPath(real.value));
    }
  }
  let listenerSeen = false;
  for (const c of candidates) {
    // The candidate's own network namespace: a rootless dockerd's socket is not in the host's /proc/net/unix.
    const inodes = new Map<number, string>();
    if (endpoint.kind === "unix") {
      const t = await fs.readText(`/proc/${c.pid}/net/unix`);
      if (!t.ok) {
        ev.conclusive = false;
        ev.notes.push(t.error.message);
        continue;
      }
      for (const l of parseProcNetUnix(t.value)) {
        if (paths.has(normaliseUnixPath(l.path))) inodes.set(l.inode, `unix socket ${l.path}`);
      }
    } else {
      for (const table of ["tcp", "tcp6"]) {
        const t = await fs.readText(`/proc/${c.pid}/net/${table}`);
        if (!t.ok) {
          if (t.error.code !== "ENOENT") {
            ev.conclusive = false;
            ev.notes.push(t.error.message);
          }
          continue;
        }
        for (const l of parseProcNetTcp(t.value)) {
          const port = endpoint.port ?? 2375;
          if (l.port === port && listenerServesHost(l.address, endpoint.host)) inodes.set(l.inode, `tcp listener ${l.address}:${l.port}`);
        }
      }
    }
    if (inodes.size === 0) continue;
    listenerSeen = true;
    const fds = await fs.readDir(`/proc/${c.pid}/fd`);
    if (!fds.ok) {
      ev.conclusive = false;
      ev.notes.push(fds.error.message);
      continue;
    }
    // Lowest fds first, 16 at a time (over SSH each readlink is a round trip), stopping at the batch holding the
    // socket: a daemon opens its listening sockets at start-up, so with hundreds of fds (a dockerd running 100
    // containers held 623) a few readlinks find it instead of one per fd.
    const sorted = [...fds.value].sort((a, b) => Number(a) - Number(b));
    for (let i = 0; i < sorted.length && !ev.holders.some((h) => h.pid === c.pid); i += 16) {
      const links = await Promise.all(sorted.slice(i, i + 16).map((fd) => fs.readlink(`/proc/${c.pid}/fd/${fd}`)));
      for (const l of links) {
        const inode = l.ok ? socketInode(l.value) : undefined;
        if (inode !== undefined && inodes.has(inode)) {
          ev.holders.push({ pid: c.pid, inode, detail: `${inodes.get(inode)} (inode ${inode}) is open in pid ${c.pid}` });
          break;
        }
      }
    }
  }
  if (!listenerSeen) ev.conclusive = false;
  return ev;
}

export interface DaemonMatch {
  candidate: DockerdCandidate;
  matchedBy: string;
}

/**
 * Picks the dockerd serving `dockerHost`: exact socket evidence (listening inode held in the process's fds, which
 * also covers systemd socket activation with -H fd://), then the -H/hosts values, then the only dockerd running.
 */
export async function matchDaemon(
  fs: HostFs,
  candidates: DockerdCandidate[],
  dockerHost: string,
  configs: Map<number, Fact<DaemonConfigFile>>,
): Promise<{ ok: true; value: DaemonMatch } | { ok: false; error: string }> {
  const all = candidates.map((c) => c.pid).join(", ");
  if (candidates.length === 0) return { ok: false, error: `no dockerd process found in ${path.posix.join(fs.root, "proc")} (a remote daemon, or a PID namespace that hides it)` };
  const others = (pid: number) => (candidates.length > 1 ? `; other dockerd processes: ${candidates.filter((c) => c.pid !== pid).map((c) => c.pid).join(", ")}` : "");
  const endpoint = parseEndpoint(dockerHost);

  const ev = await socketEvidence(fs, candidates, endpoint);
  for (const h of ev.holders) {
    const c = candidates.find((x) => x.pid === h.pid);
    if (c) return { ok: true, value: { candidate: c, matchedBy: `socket: ${h.detail}${others(c.pid)}` } };
  }

  const byHosts = candidates.flatMap((c) => {
    const d = declaredHosts(c, configs.get(c.pid));
    const host = d.hosts.find((h) => endpointServes(parseEndpoint(h), endpoint));
    return host === undefined ? [] : [{ c, host, from: d.from }];
  });
  const [onlyByHosts] = byHosts;
  if (onlyByHosts && byHosts.length === 1) {
    const { c, host, from } = onlyByHosts;
    return { ok: true, value: { candidate: c, matchedBy: `hosts: ${host} from ${from}${others(c.pid)}` } };
  }
  if (byHosts.length > 1) {
    return { ok: false, error: `several dockerd processes declare ${dockerHost} (pids ${byHosts.map((b) => b.c.pid).join(", ")}) and none could be tied to it by its socket` };
  }

  const remote = endpoint.kind === "tcp" && !isLocalHost(endpoint.host);
  const [c] = candidates;
  if (c && candidates.length === 1 && !ev.conclusive && !remote) {
    const why = ev.notes.length ? ` (socket evidence unavailable: ${ev.notes[0]})` : "";
    return { ok: true, value: { candidate: c, matchedBy: `only: pid ${c.pid} is the only dockerd running; ${dockerHost} was not found in its -H/hosts${why}` } };
  }
  if (ev.conclusive) return { ok: false, error: `${dockerHost} is not served by any dockerd process on this host (dockerd pids: ${all})` };
  return { ok: false, error: `cannot tell which dockerd serves ${dockerHost} (dockerd pids: ${all}; none declares it${ev.notes.length ? `; ${ev.notes[0]}` : ""})` };
}

/** Loopback or wildcard: a daemon reached there runs on this host. Other addresses may be another machine's. */
function isLocalHost(host: string): boolean {
  if (host === "" || host === "localhost") return true;
  const ip = normaliseIp(host);
  return ip !== undefined && (ip.startsWith("127.") || ip === "0.0.0.0" || /^(0000:){7}000[01]$/.test(ip));
}

/** The daemon slice of the snapshot for the daemon serving `dockerHost`. */
export async function collectDaemonConfig(fs: HostFs, dockerHost: string): Promise<DaemonFacts> {
  try {
    return await collect(fs, dockerHost);
  } catch (err) {
    const msg = `reading the daemon's configuration failed: ${(err as Error).message}`;
    return { process: errFact(msg, "/proc"), flags: errFact(msg, "/proc"), configFile: errFact(msg, "/proc"), effective: errFact(msg, "/proc") };
  }
}

async function collect(fs: HostFs, dockerHost: string): Promise<DaemonFacts> {
  const procs = await findDockerdProcesses(fs);
  if (!procs.ok) {
    const e = `cannot list processes: ${procs.error}`;
    return { process: errFact(e, "/proc"), flags: errFact(e, "/proc"), configFile: errFact(e, "/proc"), effective: errFact(e, "/proc") };
  }
  const configs = new Map<number, Fact<DaemonConfigFile>>();
  const paths = new Map<number, string>();
  await Promise.all(procs.value.map(async (c) => {
    const p = await configFilePath(fs, c);
    paths.set(c.pid, p);
    configs.set(c.pid, await readDaemonConfigFile(fs, p));
  }));
  const match = await matchDaemon(fs, procs.value, dockerHost, configs);
  if (!match.ok) {
    const e = match.error;
    return { process: errFact(e, "/proc/*/cmdline"), flags: errFact(`unknown daemon process: ${e}`, "/proc/*/cmdline"), configFile: errFact(`unknown daemon process: ${e}`, "/proc/*/cmdline"), effective: errFact(`unknown daemon process: ${e}`, "/proc/*/cmdline") };
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
  // Both were read for every candidate above; read them here only if that ever stops being so.
  const file = paths.get(c.pid) ?? (await configFilePath(fs, c));
  const configFile = configs.get(c.pid) ?? (await readDaemonConfigFile(fs, file));
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
