/*
 * Throwaway rootless dockerd for the real-daemon tests (root needed to set it up; the daemon itself runs as an
 * unprivileged user). Found on the CI VM (Debian 12, cgroup v1, no systemd/logind), see also
 * /work/shared/reference/engines.md:
 * - Debian packages uidmap, rootlesskit, slirp4netns; docker.io ships /usr/share/docker.io/contrib/dockerd-rootless.sh,
 *   which re-executes itself under rootlesskit (user, mount and network namespaces; slirp4netns for the network) and
 *   then runs the `dockerd` it finds on PATH.
 * - A user of our own (random name, home in a temp dir) made with useradd, which also gives it subordinate ids in
 *   /etc/subuid and /etc/subgid; userdel takes them back on stop().
 * - XDG_RUNTIME_DIR=/run/user/<uid>, made here and owned by the user (no logind). The socket is
 *   $XDG_RUNTIME_DIR/docker.sock with mode 01660; config ~/.config/docker/daemon.json; data ~/.local/share/docker.
 * - /dev/net/tun is 0600 root here, and slirp4netns then fails "open: Permission denied": while the daemon runs the
 *   device's group is the user's own group with mode 0660 (slirp4netns opens it once, at the start). Owner and mode
 *   are put back when the last rootless daemon of any test process stops: the original state and the users holding
 *   the device are kept in TUN_STATE, under a lock directory, so that daemons started side by side (the suites of
 *   two worktrees at once) do not restore each other's state: each used to put back what it saw at its start.
 * - Rootless containers on cgroup v1 get no cgroup of their own and GET /containers/{id}/top answers HTTP 500.
 * Engines (Engine from ./dockerd.ts): each runs its own contrib/dockerd-rootless.sh (trixie's 26.1 and sid's 28.5
 * ship one under <root>/usr/share/docker.io/contrib) with PATH=<root>/usr/sbin:<root>/usr/bin:$PATH, so the script
 * execs that engine's dockerd, which starts its own containerd and shim; rootlesskit, slirp4netns and runc are the
 * system's. Found on 26.1 and 28.5: the script passes rootlesskit --state-dir=$XDG_RUNTIME_DIR/dockerd-rootless
 * (20.10's does not); the process layout, socket (01660), daemon.json and data-root places are those of 20.10; the
 * socket's group on all three is the subordinate gid the namespace's "docker" group maps to, not the user's; /info
 * reports CgroupDriver "none" and CgroupVersion "1" here, and API 1.41, 1.45 and 1.51.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileTail, SYSTEM_ENGINE, waitForPing, type Engine } from "./dockerd.js";

const CONTRIB = "usr/share/docker.io/contrib";

/** The engine's own dockerd-rootless.sh: /usr/share/docker.io/contrib/... for the system's, under its root otherwise. */
export function rootlessScript(engine: Engine = SYSTEM_ENGINE): string {
  return join(engine.root ?? "/", CONTRIB, "dockerd-rootless.sh");
}

export interface RootlessDaemon {
  engine: Engine;
  user: string;
  uid: number;
  gid: number;
  home: string;
  runtimeDir: string;
  socket: string;
  host: string;
  /** rootlesskit's pid (what dockerd-rootless.sh became). */
  pid: number;
  /** Environment for the daemon's user: HOME, USER, XDG_RUNTIME_DIR, DOCKER_HOST. */
  env: NodeJS.ProcessEnv;
  /** The docker CLI run as the daemon's user. */
  docker(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export function must(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout;
}


/** The first command of `needed` ([command, Debian package]) missing from PATH, as a sentence; undefined when none is. */
export function missingCommand(needed: readonly (readonly [string, string])[]): string | undefined {
  for (const [cmd, pkg] of needed) {
    if (spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0) return `${cmd} is not installed (Debian package ${pkg})`;
  }
  return undefined;
}

/** A throwaway unprivileged user (useradd gives it subordinate ids) whose home, not yet created, is in a fresh 0755 directory. */
export interface TestUser {
  /** The fresh directory holding the home (and the logs). */
  base: string;
  user: string;
  uid: number;
  gid: number;
  home: string;
  /** /run/user/UID, not yet created. */
  runtimeDir: string;
}

/** `name`: the user name's prefix (a random suffix follows); `dir`: the temporary directory's ("/tmp/dockaudit-DIR-…"). */
export function createTestUser(name: string, dir: string, comment: string): TestUser {
  const base = mkdtempSync(`/tmp/dockaudit-${dir}-`);
  chmodSync(base, 0o755);
  const user = `${name}${randomBytes(3).toString("hex")}`;
  const home = join(base, "home");
  must("useradd", ["-M", "-d", home, "-s", "/bin/sh", "-c", comment, user]);
  const uid = Number(must("id", ["-u", user]).trim());
  const gid = Number(must("id", ["-g", user]).trim());
  return { base, user, uid, gid, home, runtimeDir: `/run/user/${uid}` };
}

/** Creates the user's home, or a directory under it, each level 0700 and owned by the user. */
export function userDirs(u: Pick<TestUser, "home" | "uid" | "gid">, ...sub: string[]): string {
  let dir = u.home;
  for (const part of ["", ...sub]) {
    dir = part ? join(dir, part) : dir;
    if (existsSync(dir)) continue;
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, u.uid, u.gid);
  }
  return dir;
}

/** Writes `content` to FILE in ~/.config/APP (0644, owned by the user), creating the directories. */
export function writeUserConfig(u: Pick<TestUser, "home" | "uid" | "gid">, app: string, file: string, content: string): void {
  const path = join(userDirs(u, ".config", app), file);
  writeFileSync(path, content, { mode: 0o644 });
  chownSync(path, u.uid, u.gid);
}

/** Creates each directory (parents as needed) 0700 and owned by the user: $XDG_RUNTIME_DIR and below. */
export function userRuntimeDirs(u: Pick<TestUser, "uid" | "gid">, ...dirs: string[]): void {
  for (const d of dirs) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    chownSync(d, u.uid, u.gid);
    chmodSync(d, 0o700);
  }
}

export function pidsOfUid(uid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (new RegExp(`^Uid:\\s+${uid}\\s`, "m").test(readFileSync(`/proc/${e}/status`, "utf8"))) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

const TUN = "/dev/net/tun";
const TUN_STATE = "/run/dockaudit-rootless-tun.json";
const TUN_LOCK = "/run/dockaudit-rootless-tun.lock";

interface TunState { uid: number; gid: number; mode: number; users: number[] }

/** Runs `fn` holding TUN_LOCK (mkdir is atomic); a lock older than 30 s is left over from a killed process. */
function withTunLock<T>(fn: () => T): T {
  for (let i = 0; ; i++) {
    try {
      mkdirSync(TUN_LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(TUN_LOCK).mtimeMs > 30_000) rmSync(TUN_LOCK, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      if (i > 1000) throw new Error(`${TUN_LOCK} stays locked`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(TUN_LOCK, { recursive: true, force: true });
  }
}

/** The recorded state, without users that no longer exist (a test process killed before it could return the device). */
function readTunState(): TunState | undefined {
  let state: TunState;
  try {
    state = JSON.parse(readFileSync(TUN_STATE, "utf8")) as TunState;
  } catch {
    return undefined;
  }
  state.users = state.users.filter((u) => spawnSync("getent", ["passwd", String(u)]).status === 0);
  return state;
}

/** Lets `uid`'s group open /dev/net/tun, recording the device's original owner and mode for the first user. */
function lendTun(uid: number, gid: number): void {
  if (!existsSync(TUN)) return;
  withTunLock(() => {
    const st = statSync(TUN);
    const state = readTunState() ?? { uid: st.uid, gid: st.gid, mode: st.mode & 0o7777, users: [] };
    state.users = [...new Set([...state.users, uid])];
    writeFileSync(TUN_STATE, JSON.stringify(state) + "\n");
    chownSync(TUN, state.uid, gid);
    chmodSync(TUN, 0o660);
  });
}

/** `uid` no longer needs /dev/net/tun; the last user puts the original owner and mode back. */
function returnTun(uid: number): void {
  if (!existsSync(TUN)) return;
  withTunLock(() => {
    const state = readTunState();
    if (!state) return;
    state.users = state.users.filter((u) => u !== uid);
    if (state.users.length > 0) {
      writeFileSync(TUN_STATE, JSON.stringify(state) + "\n");
      return;
    }
    chownSync(TUN, state.uid, state.gid);
    chmodSync(TUN, state.mode);
    rmSync(TUN_STATE, { force: true });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Missing prerequisites, as a sentence; undefined when a rootless dockerd of `engine` can be tried here. */
export function rootlessUnavailable(engine: Engine = SYSTEM_ENGINE): string | undefined {
  if (process.getuid?.() !== 0) return "setting up a rootless daemon needs root";
  const missing = missingCommand([["rootlesskit", "rootlesskit"], ["slirp4netns", "slirp4netns"], ["newuidmap", "uidmap"], ["useradd", "passwd"]]);
  if (missing) return missing;
  if (engine.root && !existsSync(engine.dockerd)) return `engine "${engine.name}" is not installed: no ${engine.dockerd} (scripts/install-engine.sh ${engine.name})`;
  const script = rootlessScript(engine);
  if (!existsSync(script)) return `${script} is missing (docker.io)`;
  return undefined;
}

/** `daemonJson`: written to the user's ~/.config/docker/daemon.json (owned by the user, 0644) before the start. */
export async function startRootlessDaemon(opts: { engine?: Engine; daemonJson?: Record<string, unknown>; timeoutMs?: number } = {}): Promise<RootlessDaemon> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const engine = opts.engine ?? SYSTEM_ENGINE;
  const script = rootlessScript(engine);
  const why = rootlessUnavailable(engine);
  if (why) throw new Error(why);
  const u = createTestUser("dkarl", "rootless", "dockaudit rootless test");
  const { base, user, uid, gid, home, runtimeDir } = u;
  let tunLent = false;
  let child: ReturnType<typeof spawn> | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (existsSync(join(runtimeDir, "docker.sock"))) {
      // Containers first, as in dockerd.ts: a "sleep" PID 1 ignores SIGTERM and dockerd would wait for each.
      const env = { PATH: process.env.PATH, HOME: home, DOCKER_HOST: `unix://${runtimeDir}/docker.sock` };
      const ids = spawnSync("docker", ["ps", "-aq"], { encoding: "utf8", uid, gid, env, timeout: 15_000 }).stdout ?? "";
      const list = ids.split(/\s+/).filter(Boolean);
      if (list.length > 0) spawnSync("docker", ["rm", "-f", ...list], { uid, gid, env, timeout: 60_000 });
    }
    if (child?.pid) try { process.kill(child.pid, "SIGTERM"); } catch { /* gone */ }
    for (let i = 0; i < 100 && pidsOfUid(uid).length > 0; i++) await sleep(100);
    for (const p of pidsOfUid(uid)) try { process.kill(p, "SIGKILL"); } catch { /* gone */ }
    for (let i = 0; i < 50 && pidsOfUid(uid).length > 0; i++) await sleep(100);
    if (tunLent) returnTun(uid);
    spawnSync("userdel", [user]);
    rmSync(runtimeDir, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
    process.removeListener("exit", onExit);
  };
  const onExit = () => {
    // Synchronous last resort for an interrupted run: kill the user's processes, give /dev/net/tun back, drop the user.
    for (const p of pidsOfUid(uid)) try { process.kill(p, "SIGKILL"); } catch { /* gone */ }
    if (tunLent) try { returnTun(uid); } catch { /* best effort */ }
    spawnSync("userdel", [user]);
    rmSync(runtimeDir, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  };
  process.on("exit", onExit);

  try {
    userDirs(u);
    if (opts.daemonJson) writeUserConfig(u, "docker", "daemon.json", JSON.stringify(opts.daemonJson, null, 2) + "\n");
    userRuntimeDirs(u, runtimeDir);
    lendTun(uid, gid);
    tunLent = true;
    // As for a rootful engine of the matrix: its own dockerd, containerd and shim come first on PATH; rootlesskit,
    // slirp4netns and runc are the system's.
    const own = engine.root ? [join(engine.root, "usr", "sbin"), join(engine.root, "usr", "bin")] : [];
    const env: NodeJS.ProcessEnv = {
      PATH: [join(engine.root ?? "/", CONTRIB), ...own, process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"].join(":"),
      HOME: home, USER: user, LOGNAME: user, XDG_RUNTIME_DIR: runtimeDir,
    };
    const logFd = openSync(join(base, "dockerd.log"), "a");
    child = spawn(script, [], { uid, gid, env, cwd: home, detached: true, stdio: ["ignore", logFd, logFd] });
    closeSync(logFd);
    child.unref();
    let exited: string | undefined;
    child.on("exit", (code, sig) => (exited = `dockerd-rootless.sh exited (${sig ?? `code ${code}`})`));
    child.on("error", (err) => (exited = `cannot run ${script}: ${err.message}`));
    const socket = join(runtimeDir, "docker.sock");
    await waitForPing(socket, timeoutMs, () => exited, 200);
    const host = `unix://${socket}`;
    const userEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, USER: user, XDG_RUNTIME_DIR: runtimeDir, DOCKER_HOST: host };
    const docker = (args: string[]) => new Promise<string>((resolve, reject) => {
      const c = spawn("docker", args, { uid, gid, env: userEnv, cwd: home, stdio: ["ignore", "pipe", "pipe"] });
      let out = "", err = "";
      c.stdout.on("data", (d: Buffer) => (out += d.toString()));
      c.stderr.on("data", (d: Buffer) => (err += d.toString()));
      c.on("error", reject);
      c.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`docker ${args.join(" ")} (as ${user}) failed (${code}): ${err.trim()}`))));
    });
    return { engine, user, uid, gid, home, runtimeDir, socket, host, pid: child.pid ?? 0, env: userEnv, docker, stop };
  } catch (err) {
    const tail = fileTail(join(base, "dockerd.log"), 30);
    await stop();
    throw new Error(`rootless dockerd: ${(err as Error).message}${tail ? `\n--- log (tail) ---\n${tail}` : ""}`);
  }
}

/** A busybox rootfs tar the rootless user can read, imported as `tag` through the user's own daemon. */
export async function importBusyboxRootless(d: RootlessDaemon, tar: string, tag: string): Promise<void> {
  const copy = join(d.home, "busybox-rootfs.tar");
  copyFileSync(tar, copy);
  chownSync(copy, d.uid, d.gid);
  await d.docker(["import", "--change", 'CMD ["/bin/sleep","3600"]', copy, tag]);
}
