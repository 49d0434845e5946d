// Owner, group and mode of the host files sections 1 and 3 judge, keyed by role. Paths come from the daemon that
// actually runs (its binary, data-root, sockets, TLS files, loaded daemon.json, systemd units), not from the
// defaults peers hard-code; a path that does not exist is recorded as such, one that cannot be examined carries
// the reason, so a check can tell "not applicable" from "unknown".
import path from "node:path";
import { errFact, okFact } from "../../snapshot/types.js";
import type { DaemonFacts, DockerInfo, Fact, FileStat, HostFacts, UnitFiles } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";
import { collectAuditRules } from "./audit-rules.js";
import { collectUnits, listenStreamPaths, type CommandRunner } from "./units.js";
import { binaryDirs, daemonBinaries, type DaemonBinaries } from "../daemon/running-binaries.js";

export const DEFAULT_DATA_ROOT = "/var/lib/docker";
export const DEFAULT_SOCKET = "/var/run/docker.sock";
export const DEFAULT_CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
/** dockerd's default exec-root, under which it runs its own containerd when no system containerd is configured. */
export const DEFAULT_EXEC_ROOT = "/var/run/docker";
export const CERTS_DIR = "/etc/docker/certs.d";

/** Directories searched for containerd and runc, after the directory dockerd itself runs from. */
export const BIN_DIRS = ["/usr/bin", "/usr/local/bin", "/usr/sbin", "/usr/local/sbin", "/bin", "/sbin", "/usr/libexec/docker"];
export const BINARIES = ["containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2", "runc"] as const;

export interface HostFileInputs {
  daemon: DaemonFacts;
  info: Fact<DockerInfo>;
  /** The audited endpoint, e.g. "unix:///var/run/docker.sock". */
  dockerHost: string;
  units: Fact<UnitFiles>;
}

type Files = Record<string, Fact<FileStat[]>>;

/** Resolves every symlink of an audited path inside the root; undefined when a component cannot be read. */
export async function resolvePath(fs: HostFs, p: string): Promise<string | undefined> {
  const parts = path.posix.resolve("/", p).split("/").filter(Boolean);
  let done: string[] = [];
  let hops = 0;
  for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
    if (part === ".") continue;
    if (part === "..") {
      done.pop();
      continue;
    }
    const candidate = "/" + [...done, part].join("/");
    const link = await fs.readlink(candidate);
    if (link.ok) {
      if (++hops > 40) return undefined;
      if (link.value.startsWith("/")) done = [];
      parts.unshift(...link.value.split("/").filter(Boolean));
    } else if (link.error.code === "EINVAL") {
      done.push(part);
    } else if (link.error.code === "ENOENT" || link.error.code === "ENOTDIR") {
      done.push(part, ...parts);
      break;
    } else {
      return undefined;
    }
  }
  return "/" + done.join("/");
}

/** The stat of what a path names (symlinks followed), owner and group names resolved in the audited root. */
export async function statFile(fs: HostFs, p: string): Promise<FileStat> {
  const audited = path.posix.resolve("/", p);
  const r = await fs.stat(audited);
  if (!r.ok) return { path: audited, exists: false, error: r.error.message };
  let v: FileStat = r.value;
  // Resolved even for a missing path, so /var/run/x and /run/x are known to be one name.
  const real = await resolvePath(fs, audited);
  const alias = real && real !== audited ? { realPath: real } : {};
  if (!v.exists) return { path: audited, exists: false, ...alias };
  if (v.type === "symlink" && "target" in r.value) {
    const t = r.value.target;
    if (!t || !t.ok) {
      if (!t || t.error.code === "ENOENT" || t.error.code === "ENOTDIR") return { path: audited, exists: false, ...alias };
      return { path: audited, exists: false, error: t.error.message };
    }
    v = t.value;
  }
  const out: FileStat = { path: audited, exists: true };
  if (v.type !== undefined) out.type = v.type;
  if (v.mode !== undefined) out.mode = v.mode;
  if (v.uid !== undefined) out.uid = v.uid;
  if (v.gid !== undefined) out.gid = v.gid;
  if (v.user !== undefined) out.user = v.user;
  if (v.group !== undefined) out.group = v.group;
  return { ...out, ...alias };
}

/** Stats each path once per real file: /var/run/docker.sock and /run/docker.sock are usually one socket. */
async function statUnique(fs: HostFs, paths: readonly string[], keepMissing = true): Promise<FileStat[]> {
  const out: FileStat[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const st = await statFile(fs, p);
    const key = st.realPath ?? st.path;
    if (seen.has(key) || seen.has(st.path)) continue;
    seen.add(key);
    seen.add(st.path);
    if (!keepMissing && !st.exists && !st.error) continue;
    out.push(st);
  }
  return out;
}

const src = (paths: readonly string[], fs: HostFs) => (fs.root === "/" ? paths.join(", ") : `${paths.join(", ")} under ${fs.root}`);

async function one(fs: HostFs, p: string): Promise<Fact<FileStat[]>> {
  return okFact([await statFile(fs, p)], src([p], fs));
}

/** Every regular file below a directory (following links, as dockerd does when it loads certificates). */
async function walkFiles(fs: HostFs, dir: string, depth: number): Promise<{ ok: true; files: FileStat[] } | { ok: false; error: string }> {
  const list = await fs.readDir(dir);
  if (!list.ok) {
    if (list.error.code === "ENOENT" || list.error.code === "ENOTDIR") return { ok: true, files: [] };
    return { ok: false, error: list.error.message };
  }
  const files: FileStat[] = [];
  for (const name of list.value) {
    const p = path.posix.join(dir, name);
    const st = await statFile(fs, p);
    if (st.type === "directory") {
      if (depth <= 0) continue;
      const sub = await walkFiles(fs, p, depth - 1);
      if (!sub.ok) return sub;
      files.push(...sub.files);
    } else if (st.exists || st.error) {
      files.push(st);
    }
  }
  return { ok: true, files };
}

function stringList(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** dockerd strips surrounding quotes from these path flags (deprecated in 28.4, still honoured). */
function unquote(v: string): string {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) ? v.slice(1, -1) : v;
}

type Effective = Record<string, { value: unknown }>;

function effectiveOf(daemon: DaemonFacts): Effective | undefined {
  return daemon.effective.ok ? daemon.effective.value : undefined;
}

/** The data-root the daemon uses: what it reports, else what it was configured with, else dockerd's default. */
export function dataRootOf(inputs: Pick<HostFileInputs, "daemon" | "info">): { ok: true; path: string; from: string } | { ok: false; error: string } {
  const reported = inputs.info.ok ? inputs.info.value.DockerRootDir : undefined;
  if (typeof reported === "string" && reported.startsWith("/")) return { ok: true, path: reported, from: "GET /info DockerRootDir" };
  const eff = effectiveOf(inputs.daemon);
  const configured = eff?.["data-root"]?.value;
  if (typeof configured === "string" && configured.startsWith("/")) {
    return { ok: true, path: path.posix.resolve(configured), from: "effective data-root" };
  }
  const rootless = inputs.daemon.process.ok && inputs.daemon.process.value.rootless;
  if (eff && !rootless) return { ok: true, path: DEFAULT_DATA_ROOT, from: "dockerd default" };
  const why = inputs.info.ok ? "GET /info has no DockerRootDir" : `GET /info failed (${inputs.info.error})`;
  const config = eff ? "does not set data-root for this rootless daemon" : "could not be read";
  return { ok: false, error: `the daemon's data-root is unknown: ${why} and the daemon configuration ${config}` };
}

function rootlessUid(dockerHost: string): number | undefined {
  const m = /^unix:\/\/\/run\/user\/(\d+)\//.exec(dockerHost);
  return m ? Number(m[1]) : undefined;
}

/** Unix socket paths of the daemon: its -H/hosts listeners, the socket unit's ListenStream for fd://, the endpoint audited. */
export async function dockerSocketPaths(fs: HostFs, inputs: HostFileInputs): Promise<{ paths: string[]; notes: string[] }> {
  const notes: string[] = [];
  const eff = effectiveOf(inputs.daemon);
  let hosts = stringList(eff?.["hosts"]?.value);
  if (!eff && inputs.daemon.flags.ok) hosts = inputs.daemon.flags.value["host"] ?? [];
  const rootless = inputs.daemon.process.ok && inputs.daemon.process.value.rootless;
  const paths: string[] = [];
  if (eff && hosts.length === 0 && !rootless) paths.push(DEFAULT_SOCKET);
  for (const h of hosts) {
    if (h === "unix://") paths.push(DEFAULT_SOCKET);
    else if (h.startsWith("unix://")) paths.push(h.slice("unix://".length));
    else if (h.startsWith("fd://") && inputs.units.ok && inputs.units.value.socket) {
      const unitFiles = [inputs.units.value.socket, ...inputs.units.value.dropIns.filter(isSocketDropIn)];
      const listen = await listenStreamPaths(fs, unitFiles);
      paths.push(...listen.paths);
      if (listen.errors.length) notes.push(`docker.socket unreadable: ${listen.errors.join("; ")}`);
    }
  }
  if (inputs.dockerHost.startsWith("unix://")) paths.push(inputs.dockerHost.slice("unix://".length) || DEFAULT_SOCKET);
  return { paths: [...new Set(paths.map((p) => path.posix.resolve("/", p)))], notes };
}

export function isSocketDropIn(p: string): boolean {
  const dir = path.posix.basename(path.posix.dirname(p));
  return dir.endsWith(".socket.d") || dir === "socket.d";
}

async function unitRole(fs: HostFs, units: Fact<UnitFiles>, which: "service" | "socket"): Promise<Fact<FileStat[]>> {
  if (!units.ok) return errFact(`the docker.${which} unit could not be located: ${units.error}`, units.source);
  const main = units.value[which];
  if (!main) return okFact([], `looked up with ${units.value.method}`);
  const dropIns = units.value.dropIns.filter((p) => (which === "socket" ? isSocketDropIn(p) : !isSocketDropIn(p)));
  return okFact(await statUnique(fs, [main, ...dropIns]), `${units.value.method}: ${[main, ...dropIns].join(", ")}`);
}

/** Directories a bare runtime name ("runc") resolves in, in the order of the usual root PATH, after the running binaries' own. */
const PATH_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/libexec/docker"];

async function searchRole(fs: HostFs, name: string, firstDirs: readonly string[], why = ""): Promise<Fact<FileStat[]>> {
  const dirs = [...new Set([...firstDirs, ...BIN_DIRS])];
  const found = await statUnique(fs, dirs.map((d) => path.posix.join(d, name)), false);
  const files = found.length > 0 ? found : [{ path: path.posix.join("/usr/bin", name), exists: false }];
  return okFact(files, `${name} searched in ${src(dirs, fs)}${why}`);
}

/**
 * containerd and the shims: the executables of the processes serving the audited daemon (/proc/PID/exe); when
 * none of that name runs, the copies beside the running binaries and in the usual directories. A shim kind that
 * does not run while other shims of the daemon's containerd do is not in use.
 */
async function binaryRole(fs: HostFs, name: (typeof BINARIES)[number], dirs: readonly string[], bins: DaemonBinaries): Promise<Fact<FileStat[]>> {
  const running = name === "runc" ? undefined : bins.running[name];
  if (running?.length) {
    return okFact(await statUnique(fs, running.map((r) => r.exe)), running.map((r) => `running: /proc/${r.pids.join(",")}/exe → ${r.exe} (${r.why})`).join("; "));
  }
  if (bins.unreadable?.length) {
    const more = bins.unreadable.length > 1 ? ` (and ${bins.unreadable.length - 1} more)` : "";
    return errFact(`cannot tell which ${name} runs: ${bins.unreadable[0]}${more}; the copies on disk are not judged in its place`, "/proc/PID/exe");
  }
  const shims = Object.entries(bins.running).filter(([n]) => n !== "containerd").flatMap(([, v]) => v ?? []);
  if (name !== "containerd" && bins.containerdFound && shims.length > 0) {
    return okFact([], `no ${name} process serves the daemon's containerd (its shims: ${[...new Set(shims.map((r) => r.exe))].join(", ")})`);
  }
  const why = bins.containerdFound || name === "containerd" ? ` (no ${name} process of the audited daemon found)` : "";
  return searchRole(fs, name, dirs, why);
}

/**
 * runc as the daemon runs it: the absolute runc paths among the runtimes it reports (GET /info Runtimes), and for a
 * bare "runc" the first copy found beside the running binaries, then along the usual PATH (dockerd's PATH itself
 * is not read: only DOCKER_CERT_PATH and DOCKER_CONFIG values are taken from its environment).
 */
async function runcRole(fs: HostFs, info: Fact<DockerInfo>, dirs: readonly string[]): Promise<Fact<FileStat[]>> {
  const runtimes = info.ok ? (info.value["Runtimes"] as Record<string, { path?: unknown }> | undefined) : undefined;
  const named = Object.entries(runtimes ?? {}).map(([k, v]) => [k, typeof v?.path === "string" ? v.path : ""] as const)
    .filter(([, p]) => path.posix.basename(p) === "runc");
  const absolute = [...new Set(named.map(([, p]) => p).filter((p) => p.startsWith("/")))];
  const bare = !runtimes || named.some(([, p]) => !p.startsWith("/"));
  const files = absolute.length ? await statUnique(fs, absolute) : [];
  const sources = absolute.length ? [`GET /info Runtimes: ${absolute.join(", ")}`] : [];
  if (bare) {
    const order = [...new Set([...dirs, ...PATH_DIRS])];
    let first: FileStat | undefined;
    for (const d of order) {
      const st = await statFile(fs, path.posix.join(d, "runc"));
      if (st.exists || st.error) {
        first = st;
        break;
      }
    }
    const seen = new Set(files.map((f) => f.realPath ?? f.path));
    if (first && !seen.has(first.realPath ?? first.path)) files.push(first);
    sources.push(`${runtimes ? '"runc" from GET /info Runtimes' : "runc"} resolved as on PATH in ${src(order, fs)}`);
    if (!first) files.push({ path: "/usr/bin/runc", exists: false });
  }
  return okFact(files, sources.join("; "));
}

async function tlsRoles(fs: HostFs, inputs: HostFileInputs): Promise<Files> {
  const keys = { "tls-ca": ["tlscacert", "ca.pem"], "tls-cert": ["tlscert", "cert.pem"], "tls-key": ["tlskey", "key.pem"] } as const;
  const out: Files = {};
  const eff = effectiveOf(inputs.daemon);
  if (!eff) {
    const e = inputs.daemon.effective;
    for (const role of Object.keys(keys)) out[role] = errFact(`the daemon's TLS settings are unknown: ${e.ok ? "" : e.error}`, e.source);
    return out;
  }
  const tlsOn = eff["tls"]?.value === true || eff["tlsverify"]?.value === true;
  for (const [role, [key, file]] of Object.entries(keys)) {
    const set = eff[key]?.value;
    if (typeof set === "string" && set !== "") {
      out[role] = await one(fs, unquote(set));
      continue;
    }
    if (!tlsOn) {
      out[role] = okFact([], `${key} not set and TLS not enabled (effective daemon configuration)`);
      continue;
    }
    // dockerd then falls back to $DOCKER_CERT_PATH or ~/.docker of the user it runs as.
    const rootless = inputs.daemon.process.ok && inputs.daemon.process.value.rootless;
    let home: string | undefined = rootless ? undefined : "/root";
    const uid = rootlessUid(inputs.dockerHost);
    if (rootless && uid !== undefined) {
      const pw = await fs.passwd();
      home = pw.ok ? pw.value.find((e) => e.uid === uid)?.home : undefined;
    }
    out[role] = home
      ? await one(fs, path.posix.join(home, ".docker", file))
      : errFact(`TLS is enabled without ${key}; dockerd then uses ~/.docker/${file} of its user, whose home could not be determined`, "effective daemon configuration");
  }
  return out;
}

/**
 * The containerd socket the daemon talks to: the address it reports (GET /info "Containerd", API 1.46+), else its
 * --containerd setting, else the system default; plus the containerd dockerd runs itself under <exec-root> when
 * that socket exists.
 */
async function containerdSocketRole(fs: HostFs, inputs: HostFileInputs): Promise<Fact<FileStat[]>> {
  const eff = effectiveOf(inputs.daemon);
  const reported = inputs.info.ok ? (inputs.info.value["Containerd"] as { Address?: unknown } | undefined)?.Address : undefined;
  const configured = eff?.["containerd"]?.value;
  const [primary, from] = typeof reported === "string" && reported !== ""
    ? [reported, "GET /info Containerd.Address"]
    : typeof configured === "string" && configured !== ""
      ? [configured, "effective containerd"]
      : [DEFAULT_CONTAINERD_SOCKET, "containerd default"];
  const execRoot = eff?.["exec-root"]?.value;
  // A rootless dockerd's exec-root defaults to $XDG_RUNTIME_DIR/docker and it always runs its own containerd there
  // (the system's /run/containerd is not visible in its mount namespace).
  const rootless = inputs.daemon.process.ok && inputs.daemon.process.value.rootless;
  const uid = rootless ? rootlessUid(inputs.dockerHost) : undefined;
  const defaultExecRoot = uid !== undefined ? `/run/user/${uid}/docker` : DEFAULT_EXEC_ROOT;
  const managed = path.posix.join(typeof execRoot === "string" && execRoot !== "" ? execRoot : defaultExecRoot, "containerd", "containerd.sock");
  if (uid !== undefined && from === "containerd default") {
    return okFact(await statUnique(fs, [managed]), `rootless dockerd's own containerd: ${src([managed], fs)}`);
  }
  const main = await statUnique(fs, [primary.replace(/^unix:\/\//, "")]);
  const own = await statUnique(fs, [managed], false);
  const all = [...main, ...own.filter((m) => !main.some((c) => (c.realPath ?? c.path) === (m.realPath ?? m.path)))];
  return okFact(all, `${from}: ${src([primary], fs)}; dockerd's own containerd: ${managed}`);
}

export async function collectHostFiles(fs: HostFs, inputs: HostFileInputs): Promise<Files> {
  const files: Files = {};

  const dataRoot = dataRootOf(inputs);
  if (dataRoot.ok) {
    files["data-root"] = okFact([await statFile(fs, dataRoot.path)], `${dataRoot.from}: ${dataRoot.path}`);
    const under = dataRoot.path === DEFAULT_DATA_ROOT || dataRoot.path.startsWith(DEFAULT_DATA_ROOT + "/");
    files["default-data-root"] = under ? okFact([], `the data-root is ${dataRoot.path}`) : await one(fs, DEFAULT_DATA_ROOT);
  } else {
    files["data-root"] = errFact(dataRoot.error, "GET /info + effective daemon configuration");
    files["default-data-root"] = await one(fs, DEFAULT_DATA_ROOT);
  }

  const proc = inputs.daemon.process;
  let dockerdDir: string | undefined;
  if (proc.ok && proc.value.exe.startsWith("/")) {
    files["dockerd"] = okFact([await statFile(fs, proc.value.exe)], `${proc.source}: exe`);
    dockerdDir = path.posix.dirname(proc.value.exe);
  } else {
    const found = await statUnique(fs, BIN_DIRS.map((d) => path.posix.join(d, "dockerd")), false);
    const why = proc.ok ? `its exe "${proc.value.exe}" is not a path` : proc.error;
    files["dockerd"] = found.length > 0
      ? okFact(found, `dockerd searched in ${src(BIN_DIRS, fs)} (the daemon's binary could not be read: ${why})`)
      : errFact(`the dockerd binary could not be located: ${why}, and no dockerd in ${BIN_DIRS.join(", ")}`, proc.source);
  }

  files["etc-docker"] = await one(fs, "/etc/docker");
  files["containerd-run-dir"] = await one(fs, "/run/containerd");
  files["etc-default-docker"] = await one(fs, "/etc/default/docker");
  files["etc-sysconfig-docker"] = await one(fs, "/etc/sysconfig/docker");
  files["containerd-config"] = await one(fs, "/etc/containerd/config.toml");
  files["docker-service"] = await unitRole(fs, inputs.units, "service");
  files["docker-socket-unit"] = await unitRole(fs, inputs.units, "socket");

  const cfg = inputs.daemon.configFile;
  const flags = inputs.daemon.flags;
  const cfgPath = cfg.ok ? cfg.value.path : flags.ok ? (flags.value["config-file"]?.at(-1) ?? "/etc/docker/daemon.json") : undefined;
  files["daemon-json"] = cfgPath
    ? await one(fs, cfgPath)
    : errFact(`the daemon's configuration file is unknown: ${cfg.ok ? "" : cfg.error}`, cfg.source);

  files["containerd-socket"] = await containerdSocketRole(fs, inputs);
  const socketRole = files["containerd-socket"];
  const cdSockets = socketRole.ok ? socketRole.value.filter((f) => f.exists).flatMap((f) => [f.path, ...(f.realPath ? [f.realPath] : [])]) : [];
  const bins = await daemonBinaries(fs, proc.ok ? proc.value.pid : undefined, cdSockets);
  const dirs = [...(dockerdDir ? [dockerdDir] : []), ...binaryDirs(Object.values(bins.running).flatMap((v) => (v ?? []).map((r) => r.exe)))];
  for (const name of BINARIES) files[name] = name === "runc" ? await runcRole(fs, inputs.info, dirs) : await binaryRole(fs, name, dirs, bins);

  const certs = await walkFiles(fs, CERTS_DIR, 3);
  files["registry-certs"] = certs.ok
    ? okFact(certs.files, `every file below ${src([CERTS_DIR], fs)}`)
    : errFact(`cannot list the registry certificates: ${certs.error}`, CERTS_DIR);

  Object.assign(files, await tlsRoles(fs, inputs));

  const sockets = await dockerSocketPaths(fs, inputs);
  const notes = sockets.notes.length ? ` (${sockets.notes.join("; ")})` : "";
  files["docker-socket"] = sockets.paths.length === 0
    ? errFact(`the Docker socket in use is unknown${notes}`, "effective hosts + endpoint")
    : okFact(await statUnique(fs, sockets.paths), `effective hosts + endpoint ${inputs.dockerHost}: ${sockets.paths.join(", ")}${notes}`);
  return files;
}

/** Members of the docker group: listed in /etc/group, plus accounts whose primary group it is (/etc/passwd). */
export async function collectDockerGroup(fs: HostFs): Promise<NonNullable<HostFacts["dockerGroup"]>> {
  const source = fs.root === "/" ? "/etc/group + /etc/passwd" : `/etc/group + /etc/passwd under ${fs.root}`;
  const groups = await fs.groups();
  if (!groups.ok) return errFact(groups.error.message, source);
  const g = groups.value.find((e) => e.name === "docker");
  if (!g) return okFact({ exists: false, members: [] }, source);
  const passwd = await fs.passwd();
  if (!passwd.ok) return errFact(passwd.error.message, source);
  const members = [...new Set([...g.members, ...passwd.value.filter((u) => u.gid === g.gid).map((u) => u.name)])];
  return okFact({ exists: true, gid: g.gid, members }, source);
}

/**
 * The section 1 and 3 host facts: systemd units, audit rules, docker group and the files of every role. Needs the
 * daemon's facts (data-root, listeners, TLS files, loaded configuration, binary), so it runs after those are read.
 */
export async function collectHostAuditFacts(
  fs: HostFs,
  inputs: Omit<HostFileInputs, "units">,
  opts: { run?: CommandRunner } = {},
): Promise<Pick<HostFacts, "files" | "dockerGroup" | "auditRules" | "units">> {
  const unitsP = collectUnits(fs, opts);
  const [units, dockerGroup, auditRules] = await Promise.all([unitsP, collectDockerGroup(fs), collectAuditRules(fs, opts)]);
  const files = await collectHostFiles(fs, { ...inputs, units });
  return { files, dockerGroup, auditRules, units };
}
