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
 */
import { execFile, spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alive, ping, unmountUnder } from "./dockerd.js";

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
  if (spawnSync("sh", ["-c", "command -v podman"]).status !== 0) return "podman is not installed (Debian package podman)";
  return undefined;
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
    const deadline = Date.now() + timeoutMs;
    while (!(await ping(socket))) {
      if (exited) throw new Error(exited);
      if (Date.now() > deadline) throw new Error(`not ready: no answer on ${socket}/_ping within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    let tail = "";
    try { tail = readFileSync(join(dir, "service.log"), "utf8").trimEnd().split("\n").slice(-20).join("\n"); } catch { /* none */ }
    await stop();
    throw new Error(`podman service: ${(err as Error).message}${tail ? `\n--- service.log (tail) ---\n${tail}` : ""}`);
  }
  return { dir, socket, host: `unix://${socket}`, pid: child.pid ?? 0, podman, stop };
}
