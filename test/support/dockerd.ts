/*
 * Throwaway dockerd harness for the real-daemon tests. Findings from trying it on the CI VM (Debian 12, dockerd
 * 20.10.24, containerd 1.6.20, runc 1.1.5, cgroup v1, no systemd, no AppArmor; docker CLI 28.2 and 20.10 both work):
 *
 * Per-daemon isolation
 * - docker0 can belong to one daemon only (--bip still uses docker0), so each daemon gets a bridge made with
 *   `ip link add dka<hex> type bridge` + `ip addr add 10.2xx.y.1/24` and `--bridge dka<hex>`. The default "bridge"
 *   network exists (Options["com.docker.network.bridge.name"] is dka<hex>, not docker0). Two+ daemons run side by side.
 * - iptables (nf_tables backend) works, so dockerd keeps its default --iptables=true (the harness adds
 *   --iptables=false only when `iptables -t nat -S` fails). Side effects, as on any docker host: ip_forward=1 and
 *   FORWARD policy DROP stay set; the DOCKER* chains are shared, and a starting daemon flushes the nat DOCKER chain, so
 *   published-port DNAT of other live daemons is lost (inspect data is unaffected; don't test real traffic across daemons).
 *   stop() deletes the rules naming its bridges/subnets.
 * - Without --containerd and with no /run/containerd/containerd.sock, dockerd runs its own containerd under
 *   <exec-root>/containerd; several coexist. If a system containerd socket exists, dockerd would use it, so the harness
 *   then passes unique --containerd-namespace/--containerd-plugins-namespace.
 * - dockerd still writes /etc/docker/key.json (shared: all daemons report the same engine ID) and /var/run/docker/plugins;
 *   "deprecated-key-path" exists only as a daemon.json key, not as a flag.
 *
 * Containers on a harness daemon (busybox image)
 * - start: --pid=host --ipc=host --uts=host --net=host, -v /etc:/host-etc[:ro], -v /proc:/hostproc,
 *   -v <daemon socket>:/var/run/docker.sock, --security-opt seccomp=unconfined|no-new-privileges|apparmor=unconfined,
 *   --cap-add SYS_ADMIN|NET_ADMIN|SYS_MODULE, --cap-drop ALL, --read-only, --memory 64m [--memory-swap], --cpus,
 *   --cpu-shares, --pids-limit, --restart on-failure:5|always, -p 80:80, -p [::]:8080:80 (no --ipv6 needed),
 *   -p 127.0.0.1:22:22, --health-cmd (reaches "healthy"), --user 1000, --userns=host, --device /dev/vda,
 *   --cgroup-parent, --sysctl net.ipv4.ip_forward=1, --shm-size, --oom-kill-disable, --log-opt.
 * - create only (start fails "unable to apply caps"): --privileged, --cap-add ALL, --cap-add SYS_RESOURCE. The VM's
 *   capability bounding set lacks CAP_SYS_RESOURCE, and root cannot raise RLIMIT_NOFILE above the inherited hard
 *   limit (20000 in this shell): --ulimit nofile=N / default-ulimits above `ulimit -Hn` of the test process fail too.
 * - :rshared on a non-shared source (e.g. /tmp) fails; use sharedMountSource(d) as the source and it starts.
 * - NEVER `-v /var/run/docker.sock:...` here: with no system dockerd the path is missing and docker creates a
 *   *directory* there on the host. Bind d.socket instead (or --mount type=bind, which refuses a missing source).
 * - container names need 2+ characters.
 *
 * Daemon settings (daemon.json via --config-file): live-restore, userland-proxy:false (no docker-proxy), no-new-privileges
 * (NoNewPrivs:1 in containers), icc:false (bridge enable_icc=false + DROP rule), default-ulimits (below the limit
 * above), log-level all work. userns-remap:"default" works: dockerd itself creates the dockremap user and its
 * /etc/subuid+subgid ranges (100000:65536) when missing; data-root becomes <dir>/data/100000.100000, so the temp dir
 * is 0711. `docker swarm init` works; initSwarm() pre-creates docker_gwbridge with its own bridge/subnet (the name
 * would clash across daemons) and listens on 127.0.0.1:<free port>; two swarm daemons run at once (only the first
 * gets the gossip port 127.0.0.1:7946). `docker swarm leave --force` leaves docker_gwbridge; stop() deletes it.
 *
 * Engines (the matrix): besides the system's docker.io (bookworm: 20.10), Debian trixie's (26.1.5, containerd 1.7) and
 * sid's (28.5.2, containerd 2.1 in Nov 2026) are unpacked into /opt/docker-<suite> by scripts/install-engine.sh, without
 * their runc (it needs glibc 2.38; bookworm's runc 1.1.5 serves all three). Such a dockerd starts with
 * PATH=<root>/usr/sbin:<root>/usr/bin:$PATH, so the containerd, shim, docker-init and docker-proxy it runs are its own.
 * DOCKAUDIT_ENGINES (comma list, default "system,trixie,sid") says which engines the matrix suites run on; an engine
 * that is not installed skips those suites, or fails them when daemonRequired(). The system's docker CLI (20.10)
 * talks to all of them (API version negotiation).
 *
 * Images without a registry: `docker import --change` accepts CMD, USER and HEALTHCHECK (and ENV, ...); `docker build`
 * (classic builder, DOCKER_BUILDKIT=0) works from `FROM dockaudit-test/busybox:1`, and its history shows instructions.
 */
import { execFile, spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { toolsRequired } from "./required.js";
import { randomBytes, randomInt } from "node:crypto";
import {
  chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync,
  symlinkSync, writeFileSync,
} from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { generateTls } from "./tls.js";

const DOCKER_CLI = process.env.DOCKAUDIT_DOCKER_CLI ?? "docker";
const DOCKERD = process.env.DOCKAUDIT_DOCKERD ?? "dockerd";
export const BUSYBOX_IMAGE = "dockaudit-test/busybox:1";
export const HARDENED_BUSYBOX_IMAGE = "dockaudit-test/busybox-hardened:1";

/** A Docker Engine the harness can start: the system's, or one unpacked under a directory of its own. */
export interface Engine {
  /** "system", or the Debian suite it came from ("trixie", "sid"), or the directory given. */
  name: string;
  /** Unpacked root (dockerd at <root>/usr/sbin/dockerd); undefined for the system's engine. */
  root?: string;
  dockerd: string;
}

export const SYSTEM_ENGINE: Engine = { name: "system", dockerd: DOCKERD };

/** An engine by name: "system", a Debian suite installed as /opt/docker-<suite>, or an absolute directory. */
export function engineNamed(name: string): Engine {
  if (name === "system") return SYSTEM_ENGINE;
  if (!/^(\/|[a-z0-9-]+$)/.test(name)) throw new Error(`DOCKAUDIT_ENGINES: "${name}" is neither "system", a suite name nor an absolute directory`);
  const root = name.startsWith("/") ? name : `/opt/docker-${name}`;
  return { name, root, dockerd: join(root, "usr", "sbin", "dockerd") };
}

/** The engines the matrix suites run on (DOCKAUDIT_ENGINES, default system, trixie and sid). */
export function matrixEngines(env: NodeJS.ProcessEnv = process.env): Engine[] {
  const names = (env.DOCKAUDIT_ENGINES ?? "system,trixie,sid").split(",").map((n) => n.trim()).filter(Boolean);
  return [...new Set(names)].map(engineNamed);
}

const versions = new Map<string, string>();

/** "28.5.2+dfsg4" from `dockerd --version`, or undefined when the engine is not installed here. */
export function engineVersion(e: Engine): string | undefined {
  if (!versions.has(e.dockerd)) {
    const r = spawnSync(e.dockerd, ["--version"], { encoding: "utf8", timeout: 10_000 });
    versions.set(e.dockerd, r.status === 0 ? (/version ([^\s,]+)/.exec(r.stdout)?.[1] ?? "") : "");
  }
  return versions.get(e.dockerd) || undefined;
}

/** The engine's major version (20, 26, 28...), NaN when it is not installed: for version-dependent expectations. */
export function engineMajor(e: Engine): number {
  return Number(/^(\d+)\./.exec(engineVersion(e) ?? "")?.[1] ?? NaN);
}

/** "sid (28.5.2)" — for suite titles. */
export function engineLabel(e: Engine): string {
  const v = engineVersion(e);
  return `${e.name} (${v ?? "not installed"})`;
}

/**
 * Declares a suite once per engine of the matrix (`engines`: "all", or the names it runs on, e.g. ["system"]).
 * The body gets the engine to pass to startDaemonOrSkip.
 */
export function describeEngines(title: string, engines: "all" | string[], body: (this: Mocha.Suite, engine: Engine) => void): void {
  for (const e of matrixEngines()) {
    if (engines !== "all" && !engines.includes(e.name)) continue;
    describe(`${title} [${engineLabel(e)}]`, function () {
      body.call(this, e);
    });
  }
}

export interface DaemonOptions {
  /** Short label, used in the temp dir name and in error messages. */
  name: string;
  /** Which engine to start; the system's by default. */
  engine?: Engine;
  /** Written to <dir>/conf/daemon.json and passed with --config-file. Must not set data-root, exec-root, pidfile, bridge, bip. */
  daemonJson?: Record<string, unknown>;
  /**
   * Default true. false: write daemonJson to /etc/docker/daemon.json and pass no --config-file (refused if that file
   * exists; removed on stop). Meanwhile every other daemon started without daemonJson reads it too.
   */
  configFileInNonDefaultPlace?: boolean;
  extraArgs?: string[];
  /** Also listen on tcp://127.0.0.1:<free port> with tlsverify; certs from ./tls.ts, tls keys set in daemon.json. */
  tcpTls?: boolean;
  readyTimeoutMs?: number;
  /** Added to dockerd's environment (e.g. DOCKER_CERT_PATH, or a PATH that puts other binaries first). */
  env?: Record<string, string>;
  /** The dockerd executable to run instead of DOCKAUDIT_DOCKERD / "dockerd" (e.g. a copy in another directory). */
  dockerd?: string;
  /**
   * Socket-activated as by the stock Debian/Ubuntu units: systemd-socket-activate binds <dir>/docker.sock, and on the
   * first connection execs dockerd (same pid) with `-H fd://`, which serves the listening fd it inherited.
   */
  socketActivated?: boolean;
}

export interface DockerRunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export interface DaemonTls {
  port: number;
  /** "tcp://127.0.0.1:<port>" */
  host: string;
  /** For DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem), with DOCKER_TLS_VERIFY=1. */
  clientCertDir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
}

export interface ThrowawayDaemon {
  name: string;
  engine: Engine;
  socket: string;
  /** "unix://<dir>/docker.sock" */
  host: string;
  pid: number;
  dir: string;
  configFile?: string;
  /** The host bridge interface this daemon's default "bridge" network uses (not docker0) and its subnet. */
  bridge: string;
  subnet: string;
  tls?: DaemonTls;
  /** process.env with DOCKER_HOST pointing at this daemon (and DOCKER_CONTEXT/DOCKER_TLS* removed). */
  env: NodeJS.ProcessEnv;
  /** Runs the docker CLI against this daemon; resolves stdout, rejects with stderr in the message. */
  docker(args: string[], opts?: DockerRunOptions): Promise<string>;
  stop(): Promise<void>;
}

interface DaemonState {
  name: string;
  pid: number;
  dir: string;
  host: string;
  env: NodeJS.ProcessEnv;
  bridges: string[];
  subnets: string[];
  removeFiles: string[];
  swarm: boolean;
  stopped: boolean;
}

const live = new Set<DaemonState>();
const stateOf = new WeakMap<ThrowawayDaemon, DaemonState>();

export function daemonRequired(): boolean {
  return toolsRequired();
}

export async function startDaemon(opts: DaemonOptions): Promise<ThrowawayDaemon> {
  installExitHandlers();
  const label = opts.name.replace(/[^a-zA-Z0-9_.-]/g, "-").slice(0, 20);
  const dir = mkdtempSync(`/tmp/dockaudit-${label}-`);
  // 0711: with userns-remap the remapped root must be able to traverse into data-root.
  chmodSync(dir, 0o711);
  const socket = join(dir, "docker.sock");
  const host = `unix://${socket}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host };
  for (const k of ["DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_TLS"]) delete env[k];
  const state: DaemonState = { name: opts.name, pid: 0, dir, host, env, bridges: [], subnets: [], removeFiles: [], swarm: false, stopped: false };
  live.add(state);
  try {
    return await launch(opts, state, socket);
  } catch (err) {
    const tail = fileTail(join(dir, "dockerd.log"));
    teardown(state);
    throw new Error(`throwaway dockerd "${opts.name}": ${(err as Error).message}${tail ? `\n--- dockerd.log (tail) ---\n${tail}` : ""}`);
  }
}

async function launch(opts: DaemonOptions, state: DaemonState, socket: string): Promise<ThrowawayDaemon> {
  const { dir } = state;
  for (const owned of ["data-root", "graph", "exec-root", "pidfile", "bridge", "bip"]) {
    if (opts.daemonJson && owned in opts.daemonJson) throw new Error(`daemonJson["${owned}"] is managed by the harness`);
  }
  const bridge = createBridge(state);
  const hosts = opts.socketActivated ? ["fd://"] : [state.host];
  let tls: ThrowawayDaemon["tls"];
  let json: Record<string, unknown> = { ...opts.daemonJson };
  if (opts.tcpTls) {
    const m = generateTls(join(dir, "tls"));
    const port = await freePort();
    tls = { port, host: `tcp://127.0.0.1:${port}`, clientCertDir: m.clientDir, caCert: m.caCert, serverCert: m.serverCert, serverKey: m.serverKey };
    hosts.push(tls.host);
    json = { tlsverify: true, tlscacert: m.caCert, tlscert: m.serverCert, tlskey: m.serverKey, ...opts.daemonJson };
  }

  const args = [
    "--data-root", join(dir, "data"),
    "--exec-root", join(dir, "exec"),
    "--pidfile", join(dir, "docker.pid"),
    "--bridge", bridge.name,
  ];
  // dockerd and its flags may not both set a key: merge our sockets into a "hosts" array if the test gave one.
  if (Array.isArray(json.hosts)) json.hosts = [...hosts, ...(json.hosts as unknown[])];
  else args.push(...hosts.flatMap((h) => ["-H", h]));
  if (!("iptables" in json) && !iptablesUsable()) args.push("--iptables=false");
  // dockerd uses a running system containerd instead of its own; keep daemons apart inside it.
  if (existsSync("/run/containerd/containerd.sock")) {
    const ns = `dockaudit-${randomBytes(4).toString("hex")}`;
    args.push("--containerd-namespace", ns, "--containerd-plugins-namespace", `${ns}-plugins`);
  }

  let configFile: string | undefined;
  if (opts.daemonJson !== undefined || opts.tcpTls) {
    const text = JSON.stringify(json, null, 2) + "\n";
    if (opts.configFileInNonDefaultPlace === false) {
      configFile = "/etc/docker/daemon.json";
      mkdirSync("/etc/docker", { recursive: true });
      try {
        writeFileSync(configFile, text, { flag: "wx", mode: 0o644 });
      } catch (err) {
        throw new Error(`refusing to overwrite ${configFile}: ${(err as Error).message}`);
      }
      state.removeFiles.push(configFile);
    } else {
      configFile = join(dir, "conf", "daemon.json");
      mkdirSync(join(dir, "conf"));
      writeFileSync(configFile, text, { mode: 0o644 });
      args.push("--config-file", configFile);
    }
  }
  args.push(...(opts.extraArgs ?? []));

  const engine = opts.engine ?? SYSTEM_ENGINE;
  if (engine.root && !opts.dockerd && !existsSync(engine.dockerd)) {
    throw new Error(`engine "${engine.name}" is not installed: no ${engine.dockerd} (scripts/install-engine.sh ${engine.name})`);
  }
  // An unpacked engine runs its own containerd, shim, docker-init and docker-proxy (found on PATH), the system's runc.
  const spawnEnv = engine.root
    ? { ...process.env, PATH: [join(engine.root, "usr", "sbin"), join(engine.root, "usr", "bin"), process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"].join(":") }
    : process.env;
  const logFd = openSync(join(dir, "dockerd.log"), "a");
  const [cmd, cmdArgs] = opts.socketActivated
    ? ["systemd-socket-activate", ["-l", socket, opts.dockerd ?? engine.dockerd, ...args]]
    : [opts.dockerd ?? engine.dockerd, args];
  const child = spawn(cmd, cmdArgs, {
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: opts.env ? { ...spawnEnv, ...opts.env } : spawnEnv,
  });
  closeSync(logFd);
  child.unref();
  let exited: string | undefined;
  const reaped = new Promise<void>((resolve) => {
    child.on("exit", (code, sig) => {
      exited = `dockerd exited (${sig ?? `code ${code}`})`;
      resolve();
    });
    child.on("error", (err) => {
      exited = `cannot run ${opts.dockerd ?? engine.dockerd}: ${err.message}`;
      resolve();
    });
  });
  state.pid = child.pid ?? 0;

  await waitForPing(socket, opts.readyTimeoutMs ?? 60_000, () => exited);

  const daemon: ThrowawayDaemon = {
    name: opts.name,
    engine,
    socket,
    host: state.host,
    pid: state.pid,
    dir,
    configFile,
    bridge: bridge.name,
    subnet: bridge.subnet,
    tls,
    env: state.env,
    docker: (dockerArgs, runOpts) => runDocker(state.env, dockerArgs, runOpts),
    stop: async () => {
      teardown(state);
      // Let node reap the child so no zombie dockerd pid lingers after stop().
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([reaped, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
    },
  };
  stateOf.set(daemon, state);
  return daemon;
}

function runDocker(env: NodeJS.ProcessEnv, args: string[], opts: DockerRunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(DOCKER_CLI, args, { env: { ...env, ...opts.env }, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.join(" ")} failed (${err.code ?? err.signal}): ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(opts.input);
  });
}

/** True when something answers GET /_ping with 200 on this unix socket. */
export function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: "/_ping", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function run(cmd: string, args: string[], timeoutMs = 60_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs });
}

function mustRun(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * A 10.200-249.x.0/24 that no interface or route on this host uses yet. Also for user-defined networks: on a host
 * with many bridges Docker 26+ refuses to auto-allocate ("all predefined address pools have been fully subnetted").
 */
export function freeSubnet(): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const prefix = `10.${200 + randomInt(50)}.${randomInt(256)}`;
    const inUse = mustRun("ip", ["-o", "-4", "addr", "show"]) + mustRun("ip", ["-4", "route", "show", "table", "all"]);
    if (!new RegExp(`\\b${prefix.replace(/\./g, "\\.")}\\.`).test(inUse)) return `${prefix}.0/24`;
  }
  throw new Error("no free 10.2xx.x.0/24 subnet found");
}

// docker0 can belong to one daemon only, so each daemon gets its own pre-made bridge (passed with --bridge).
function createBridge(state: DaemonState): { name: string; subnet: string } {
  for (let attempt = 0; attempt < 10; attempt++) {
    const name = `dka${randomBytes(4).toString("hex")}`;
    const subnet = freeSubnet();
    const r = run("ip", ["link", "add", name, "type", "bridge"]);
    if (r.error) throw new Error(`ip link add: ${r.error.message}`);
    if (r.status !== 0) {
      if (/exists/i.test(r.stderr)) continue;
      throw new Error(`ip link add ${name} type bridge: ${r.stderr.trim()}`);
    }
    state.bridges.push(name);
    state.subnets.push(subnet);
    mustRun("ip", ["addr", "add", subnet.replace(/\.0\/24$/, ".1/24"), "dev", name]);
    mustRun("ip", ["link", "set", name, "up"]);
    return { name, subnet };
  }
  throw new Error("could not create a bridge interface");
}

function iptablesUsable(): boolean {
  return run("iptables", ["-w", "-t", "nat", "-S"]).status === 0;
}

/**
 * Swarm mode on a throwaway daemon. docker_gwbridge is pre-created with its own bridge name and subnet and the
 * swarm listens on 127.0.0.1:<free port>, so several swarm-mode daemons can coexist.
 */
export async function initSwarm(d: ThrowawayDaemon): Promise<void> {
  const state = stateOf.get(d);
  if (!state) throw new Error("initSwarm: not a daemon from startDaemon()");
  const name = `dkg${randomBytes(4).toString("hex")}`;
  const subnet = freeSubnet();
  state.bridges.push(name);
  state.subnets.push(subnet);
  await d.docker(["network", "create", "--driver", "bridge", "--subnet", subnet,
    "--opt", `com.docker.network.bridge.name=${name}`,
    "--opt", "com.docker.network.bridge.enable_icc=false",
    "--opt", "com.docker.network.bridge.enable_ip_masquerade=true",
    "docker_gwbridge"]);
  const port = await freePort();
  state.swarm = true;
  await d.docker(["swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr", `127.0.0.1:${port}`]);
}

const APPLETS = ["sh", "ps", "sleep", "top", "cat", "ls", "echo", "id", "true", "false", "env", "grep", "hostname", "mkdir",
  "rm", "touch", "kill", "uname", "whoami", "wget", "nc", "ip", "ifconfig", "mount"];

/** <dir>/busybox-rootfs.tar: a bare rootfs with a copy of /bin/busybox (static) and applet symlinks in /bin. */
export function busyboxRootfsTar(dir: string): string {
  const tarPath = join(dir, "busybox-rootfs.tar");
  if (existsSync(tarPath)) return tarPath;
  const root = mkdtempSync(join(dir, "rootfs-"));
  for (const sub of ["bin", "etc", "proc", "sys", "dev", "root", "tmp"]) mkdirSync(join(root, sub));
  chmodSync(join(root, "tmp"), 0o1777);
  copyFileSync("/bin/busybox", join(root, "bin", "busybox"));
  chmodSync(join(root, "bin", "busybox"), 0o755);
  for (const applet of APPLETS) symlinkSync("busybox", join(root, "bin", applet));
  writeFileSync(join(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  writeFileSync(join(root, "etc", "group"), "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
  mustRun("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", root, "-cf", tarPath, "."]);
  rmSync(root, { recursive: true, force: true });
  return tarPath;
}

/**
 * `docker import` of a rootfs holding a copy of /bin/busybox (static) and applet symlinks in /bin; CMD is
 * ["/bin/sleep","3600"]. `changes` are extra Dockerfile instructions for --change (USER, HEALTHCHECK, ENV, ... all work).
 */
export async function importBusyboxImage(d: ThrowawayDaemon, tag = BUSYBOX_IMAGE, changes: string[] = []): Promise<void> {
  const tar = busyboxRootfsTar(d.dir);
  await d.docker(["import", ...['CMD ["/bin/sleep","3600"]', ...changes].flatMap((c) => ["--change", c]), tar, tag]);
}

/** The busybox image with USER 1000 and a HEALTHCHECK (what the CIS 4.1 / 4.6 checks want to see). */
export async function importHardenedBusyboxImage(d: ThrowawayDaemon, tag = HARDENED_BUSYBOX_IMAGE, user = "1000"): Promise<void> {
  await importBusyboxImage(d, tag, [`USER ${user}`, 'HEALTHCHECK --interval=5s --timeout=3s CMD ["/bin/true"]']);
}

/** `docker build` (classic builder, no registry needed) of a Dockerfile, e.g. starting `FROM dockaudit-test/busybox:1`. */
export async function buildImage(d: ThrowawayDaemon, tag: string, dockerfile: string, files: Record<string, string> = {}): Promise<void> {
  const ctx = mkdtempSync(join(d.dir, "build-"));
  try {
    writeFileSync(join(ctx, "Dockerfile"), dockerfile);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(ctx, name), content);
    await d.docker(["build", "-q", "-t", tag, ctx], { env: { DOCKER_BUILDKIT: "0" } });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** A directory under the daemon's temp dir, bind-mounted onto itself as a shared mount: a valid source for `:rshared`. */
export function sharedMountSource(d: ThrowawayDaemon, name = "shared"): string {
  const path = join(d.dir, name);
  mkdirSync(path, { recursive: true });
  mustRun("mount", ["--bind", path, path]);
  mustRun("mount", ["--make-shared", path]);
  return path;
}

/** For tests: start a daemon, or skip the test (fail it when daemonRequired()) if that is impossible here. */
export async function startDaemonOrSkip(ctx: Mocha.Context, opts: DaemonOptions): Promise<ThrowawayDaemon> {
  try {
    return await startDaemon(opts);
  } catch (err) {
    if (daemonRequired()) throw err;
    console.warn(`      skipped, no throwaway dockerd: ${(err as Error).message.split("\n")[0]}`);
    ctx.skip();
  }
}

// ---- teardown: synchronous so the same code serves stop() and the process "exit" handler ----

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Alive and not a zombie (an exited child stays a zombie until node's event loop reaps it). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function waitGone(pid: number, ms: number): boolean {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    sleepSync(100);
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** dockerd/containerd/containerd-shim processes whose command line names our temp dir. */
function pidsMentioning(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!/^(dockerd|containerd)/.test(readFileSync(`/proc/${entry}/comm`, "utf8"))) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(`${dir}/`)) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

/** Lazily unmounts every mount at or under dir, deepest first. */
export function unmountUnder(dir: string): void {
  const points = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4]?.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))))
    .filter((p): p is string => p !== undefined && (p === dir || p.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const p of points) run("umount", ["-l", p]);
}

/** Rules dockerd leaves behind for a bridge/subnet of ours once that bridge is gone. */
function removeIptablesRules(needles: string[]): void {
  for (const table of ["filter", "nat"]) {
    const r = run("iptables", ["-w", "-t", table, "-S"]);
    if (r.status !== 0) continue;
    for (const line of r.stdout.split("\n")) {
      if (!line.startsWith("-A ") || line.includes('"')) continue;
      const words = line.split(" ");
      if (needles.some((n) => words.includes(n))) run("iptables", ["-w", "-t", table, "-D", ...words.slice(1)]);
    }
  }
}

function teardown(s: DaemonState): void {
  if (s.stopped) return;
  s.stopped = true;
  live.delete(s);
  if (s.pid && alive(s.pid)) {
    const cli = (args: string[], timeoutMs: number) =>
      spawnSync(DOCKER_CLI, args, { encoding: "utf8", timeout: timeoutMs, env: s.env });
    // Removing containers first: dockerd's own shutdown would wait ~10 s for each "sleep" PID 1 ignoring SIGTERM,
    // and with live-restore it would leave them running.
    if (s.swarm) cli(["swarm", "leave", "--force"], 30_000);
    const ids = (cli(["ps", "-aq"], 15_000).stdout ?? "").split(/\s+/).filter(Boolean);
    if (ids.length > 0) cli(["rm", "-f", "-v", ...ids], 60_000);
    signal(s.pid, "SIGTERM");
    if (!waitGone(s.pid, 30_000)) {
      signal(s.pid, "SIGKILL");
      waitGone(s.pid, 5_000);
    }
  }
  for (const pid of pidsMentioning(s.dir)) signal(pid, "SIGKILL");
  for (const pid of pidsMentioning(s.dir)) waitGone(pid, 5_000);
  unmountUnder(s.dir);
  for (const b of s.bridges) run("ip", ["link", "del", b]);
  if (iptablesUsable()) removeIptablesRules([...s.bridges, ...s.subnets]);
  for (const f of s.removeFiles) rmSync(f, { force: true });
  try {
    rmSync(s.dir, { recursive: true, force: true });
  } catch {
    unmountUnder(s.dir);
    rmSync(s.dir, { recursive: true, force: true });
  }
}

/** The last `lines` lines of a log file, or "" when it cannot be read (for error messages). */
export function fileTail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/**
 * Waits until `socket` answers /_ping, polling every `everyMs`; throws what `exited()` says once the process
 * serving it has ended, or a timeout after `timeoutMs`.
 */
export async function waitForPing(socket: string, timeoutMs: number, exited: () => string | undefined, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ping(socket))) {
    const why = exited();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`not ready: no answer on ${socket}/_ping within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let exitHandlersInstalled = false;

/** A failed or interrupted test run must never leave a dockerd (or its containerd) behind. */
function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on("exit", () => {
    for (const s of [...live]) {
      process.stderr.write(`dockaudit test harness: stopping leftover throwaway dockerd "${s.name}" (pid ${s.pid})\n`);
      teardown(s);
    }
  });
  process.once("SIGINT", () => process.exit(130));
  process.once("SIGTERM", () => process.exit(143));
}
