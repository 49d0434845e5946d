/*
 * Throwaway Podman API service for the real-engine tests (see /work/shared/reference/engines.md): Debian's podman
 * 4.3.1 with private state (`--root`, `--runroot` in a temp dir, cgroupfs, file events: no systemd here) serving the
 * Docker-compatible API with `podman system service --time=0 unix://<dir>/podman.sock` (/version lists the
 * component "Podman Engine", API 1.41).
 * - Containers need explicit `--ulimit nofile=1024:1024 --ulimit nproc=1024:1024`: Podman's default rlimits exceed
 *   this VM's hard limits ("error setting rlimit type 7: operation not permitted").
 * - Networking is CNI here: the default network "podman" is the host bridge cni-podman0 (10.88.0.0/16). stop()
 *   removes the containers (releasing their veths, addresses and iptables rules) and deletes the bridge when this
 *   service created it.
 * - Containers run under conmon and outlive the service, so stop() removes them with the podman CLI on the same
 *   --root before ending the service.
 *
 * startRootlessPodmanService: the same service run by an unprivileged user of its own (useradd gives it subordinate
 * ids in /etc/subuid and /etc/subgid, as for the rootless dockerd of rootless.ts), found on this VM:
 * - XDG_RUNTIME_DIR=/run/user/<uid>, made here and owned by the user (no logind); the socket is Podman's rootless
 *   default, $XDG_RUNTIME_DIR/podman/podman.sock, which Podman creates with mode 0600.
 * - Storage is the user's own default under its temp HOME (~/.local/share/containers; the vfs driver here, without
 *   fuse-overlayfs), runroot $XDG_RUNTIME_DIR/containers; a containers.conf may go to ~/.config/containers/.
 * - Podman's compatible /info has no name=rootless in SecurityOptions (4.3.1), although libpod's /info says rootless.
 * - The default network is slirp4netns, which needs /dev/net/tun (0600 root here): containers are given
 *   --network none (or host) instead, so no device mode is changed.
 * - Besides the service, the user runs a pause process (holding its user namespace) and one conmon per container;
 *   stop() removes the containers, ends every process of the user, then deletes the user and its directories.
 */
import { execFile, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alive, busyboxRootfsTar, fileTail, unmountUnder, waitForPing } from "./dockerd.js";
import { createTestUser, missingCommand, pidsOfUid, userDirs, userRuntimeDirs, writeUserConfig } from "./rootless.js";

export interface PodmanService {
  dir: string;
  socket: string;
  /** "unix://<dir>/podman.sock" */
  host: string;
  pid: number;
  /** The podman CLI on this service's private storage. */
  podman(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export const PODMAN_ULIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"];

const BRIDGE = "cni-podman0";



function linkExists(name: string): boolean {
  return spawnSync("ip", ["link", "show", name], { stdio: "ignore" }).status === 0;
}


export function podmanUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "the Podman test service runs as root";
  return missingCommand([["podman", "podman"]]);
}

/** `containersConf`: a containers.conf for the service (and the CLI), passed as CONTAINERS_CONF. */
export async function startPodmanService(opts: { containersConf?: string; timeoutMs?: number } = {}): Promise<PodmanService> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const why = podmanUnavailable();
  if (why) throw new Error(why);
  const dir = mkdtempSync("/tmp/dockaudit-podman-");
  chmodSync(dir, 0o711);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.containersConf !== undefined) {
    env.CONTAINERS_CONF = join(dir, "containers.conf");
    writeFileSync(env.CONTAINERS_CONF, opts.containersConf, { mode: 0o644 });
  }
  const socket = join(dir, "podman.sock");
  const global = ["--root", join(dir, "root"), "--runroot", join(dir, "run"), "--cgroup-manager", "cgroupfs", "--events-backend", "file"];
  const bridgeBefore = linkExists(BRIDGE);
  const podman = (args: string[]) => new Promise<string>((resolve, reject) => {
    execFile("podman", [...global, ...args], { maxBuffer: 64 << 20, env }, (err, stdout, stderr) => {
      if (err) reject(new Error(`podman ${args.join(" ")} failed (${err.code ?? err.signal}): ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
  const logFd = openSync(join(dir, "service.log"), "a");
  const child = spawn("podman", [...global, "system", "service", "--time=0", `unix://${socket}`], { detached: true, stdio: ["ignore", logFd, logFd], env });
  closeSync(logFd);
  child.unref();
  let exited: string | undefined;
  const reaped = new Promise<void>((resolve) => {
    child.on("exit", (code, sig) => { exited = `podman system service exited (${sig ?? `code ${code}`})`; resolve(); });
    child.on("error", (err) => { exited = `cannot run podman: ${err.message}`; resolve(); });
  });
  let stopped = false;
  const teardown = () => {
    if (stopped) return;
    stopped = true;
    spawnSync("podman", [...global, "rm", "-af", "-t", "0"], { timeout: 60_000, env });
    if (child.pid) {
      try { process.kill(child.pid, "SIGTERM"); } catch { /* gone */ }
      // The service still writes its state while it ends; wait for it before removing the directory.
      for (let i = 0; i < 100 && alive(child.pid); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      if (alive(child.pid)) try { process.kill(child.pid, "SIGKILL"); } catch { /* gone */ }
    }
    if (!bridgeBefore && linkExists(BRIDGE)) spawnSync("ip", ["link", "del", BRIDGE]);
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    process.removeListener("exit", teardown);
  };
  process.on("exit", teardown);
  const stop = async () => {
    teardown();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reaped, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
    clearTimeout(timer);
  };
  try {
    await waitForPing(socket, timeoutMs, () => exited);
  } catch (err) {
    const tail = fileTail(join(dir, "service.log"), 20);
    await stop();
    throw new Error(`podman service: ${(err as Error).message}${tail ? `\n--- service.log (tail) ---\n${tail}` : ""}`);
  }
  return { dir, socket, host: `unix://${socket}`, pid: child.pid ?? 0, podman, stop };
}


export interface RootlessPodmanService {
  user: string;
  uid: number;
  gid: number;
  home: string;
  runtimeDir: string;
  /** $XDG_RUNTIME_DIR/podman/podman.sock */
  socket: string;
  host: string;
  /** The `podman system service` process. */
  pid: number;
  /** The user's environment: PATH, HOME, USER, XDG_RUNTIME_DIR. */
  env: NodeJS.ProcessEnv;
  /** The podman CLI run as the user, on its own storage. */
  podman(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Missing prerequisites, as a sentence; undefined when a rootless Podman service can be tried here. */
export function rootlessPodmanUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "setting up a rootless Podman user needs root";
  return missingCommand([["podman", "podman"], ["newuidmap", "uidmap"], ["useradd", "passwd"], ["systemd-socket-activate", "systemd"]]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `containersConf`: written to the user's ~/.config/containers/containers.conf (the user's, 0644) before the start.
 * `socketActivated`: the service gets its socket as systemd's socket activation gives it (LISTEN_FDS, no URI in its
 * argv), from systemd-socket-activate, which binds the socket and then becomes the service.
 */
export async function startRootlessPodmanService(opts: { containersConf?: string; socketActivated?: boolean; timeoutMs?: number } = {}): Promise<RootlessPodmanService> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const why = rootlessPodmanUnavailable();
  if (why) throw new Error(why);
  const u = createTestUser("dkpod", "podman-rootless", "dockaudit rootless Podman test");
  const { base, user, uid, gid, home, runtimeDir } = u;
  const socket = join(runtimeDir, "podman", "podman.sock");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", HOME: home, USER: user, LOGNAME: user, XDG_RUNTIME_DIR: runtimeDir,
  };
  // No systemd here: cgroupfs and file events, as for the rootful service.
  const global = ["--cgroup-manager", "cgroupfs", "--events-backend", "file"];
  const asUser = { uid, gid, env, cwd: home };
  let child: ReturnType<typeof spawn> | undefined;
  let stopped = false;

  const removeAll = () => {
    for (const p of pidsOfUid(uid)) try { process.kill(p, "SIGKILL"); } catch { /* gone */ }
    spawnSync("userdel", [user]);
    unmountUnder(base);
    rmSync(runtimeDir, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  const onExit = () => removeAll();
  process.on("exit", onExit);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Containers first (conmon keeps them beyond the service), then the service, then whatever the user still runs
    // (the pause process holding its user namespace).
    if (existsSync(home)) spawnSync("podman", [...global, "rm", "-af", "-t", "0"], { ...asUser, timeout: 60_000 });
    if (child?.pid) try { process.kill(child.pid, "SIGTERM"); } catch { /* gone */ }
    for (let i = 0; i < 50 && child?.pid && alive(child.pid); i++) await sleep(100);
    for (const p of pidsOfUid(uid)) try { process.kill(p, "SIGTERM"); } catch { /* gone */ }
    for (let i = 0; i < 50 && pidsOfUid(uid).length > 0; i++) await sleep(100);
    removeAll();
    process.removeListener("exit", onExit);
  };

  try {
    if (!readFileSync("/etc/subuid", "utf8").split("\n").some((l) => l.startsWith(`${user}:`))) throw new Error(`useradd gave ${user} no range in /etc/subuid`);
    userDirs(u);
    if (opts.containersConf !== undefined) writeUserConfig(u, "containers", "containers.conf", opts.containersConf);
    userRuntimeDirs(u, runtimeDir, join(runtimeDir, "podman"));
    const logFd = openSync(join(base, "service.log"), "a");
    const [cmd, ...args] = opts.socketActivated
      ? ["systemd-socket-activate", "-l", socket, "podman", ...global, "system", "service", "--time=0"]
      : ["podman", ...global, "system", "service", "--time=0", `unix://${socket}`];
    child = spawn(cmd ?? "podman", args, { ...asUser, detached: true, stdio: ["ignore", logFd, logFd] });
    closeSync(logFd);
    child.unref();
    let exited: string | undefined;
    child.on("exit", (code, sig) => (exited = `podman system service exited (${sig ?? `code ${code}`})`));
    child.on("error", (err) => (exited = `cannot run podman: ${err.message}`));
    await waitForPing(socket, timeoutMs, () => exited, 200);
  } catch (err) {
    const tail = fileTail(join(base, "service.log"), 20);
    await stop();
    throw new Error(`rootless podman service: ${(err as Error).message}${tail ? `\n--- service.log (tail) ---\n${tail}` : ""}`);
  }
  const podman = (args: string[]) => new Promise<string>((resolve, reject) => {
    execFile("podman", [...global, ...args], { ...asUser, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`podman ${args.join(" ")} (as ${user}) failed (${err.code ?? err.signal}): ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
  return { user, uid, gid, home, runtimeDir, socket, host: `unix://${socket}`, pid: child?.pid ?? 0, env, podman, stop };
}

/** The busybox rootfs imported as `tag` into the user's own storage (its tar made in the user's home, then removed). */
export async function importBusyboxRootlessPodman(s: RootlessPodmanService, tag: string): Promise<void> {
  const tar = busyboxRootfsTar(s.home);
  chownSync(tar, s.uid, s.gid);
  try {
    await s.podman(["import", "--change", 'CMD ["/bin/sleep","3600"]', tar, tag]);
  } finally {
    rmSync(tar, { force: true });
  }
}
