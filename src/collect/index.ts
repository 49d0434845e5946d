// Collection entry point: host files, the daemon's own configuration and the Engine API, read concurrently into
// one snapshot. The only layer that does I/O.
import type { ContainerInspect, DaemonFacts, DockerInfo, DockerVersion, Fact, Snapshot } from "../snapshot/types.js";
import { errFact, SNAPSHOT_SCHEMA_VERSION } from "../snapshot/types.js";
import { isPodmanVersion } from "../snapshot/notions.js";
import { processesFromProc } from "./host/container-procs.js";
import fsSync from "node:fs";
import { collectDaemonConfig, type MatchOptions } from "./daemon/daemon-config.js";
import { collectEngine, DEFAULT_DOCKER_HOST, InvalidDockerHostError, resolveDockerEndpoint } from "./engine-api/engine-api.js";
import { collectHost } from "./host/host.js";
import { collectHostAuditFacts } from "./host/host-files.js";
import { HostFs } from "./transports/host-fs.js";
import { collectPodmanConfig, findPodmanService } from "./podman/podman-config.js";
import path from "node:path";
import { collectRuntime } from "./host/runtime.js";
import { collectSelfContainer } from "./host/self-container.js";
import { collectSwarmNodeState } from "./daemon/swarm-state.js";

export interface CollectOptions {
  /** Root of the audited host's filesystem (`--root`), "/" by default. */
  root: string;
  /** `--docker-host`; DOCKER_HOST, then unix:///var/run/docker.sock, when absent. */
  dockerHost?: string;
  toolVersion: string;
  /** Engine API requests in flight at once (default 16). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Another host (`--host ssh://…`): its files and commands are read through this, and `dockerHost` names a
   * socket on that host. Absent: this machine.
   */
  remote?: import("./transports/ssh.js").RemoteHost;
  /** Engine API per-request timeout (ms) and the wait for the daemon's first answer (see EngineCollectOptions). */
  timeoutMs?: number;
  pingTimeoutMs?: number;
}

/**
 * Collects a snapshot. Throws InvalidDockerHostError (bad --docker-host/DOCKER_HOST) and DaemonUnreachableError
 * (ping failed); every other failure becomes an error fact inside the snapshot.
 */
export async function collectSnapshot(opts: CollectOptions): Promise<Snapshot> {
  const startedAt = new Date().toISOString();
  const remote = opts.remote;
  // On a remote host DOCKER_HOST describes this machine, not that one: only --docker-host (or the default) counts.
  const endpoint = remote ? remoteEndpoint(opts.dockerHost, remote) : resolveDockerEndpoint(opts.dockerHost);
  const fs = remote ? remote.fs : new HostFs(opts.root || "/");
  const run = remote?.run;
  let gotVersion!: (version: Fact<DockerVersion>) => void;
  const versionP = new Promise<Fact<DockerVersion>>((resolve) => (gotVersion = resolve));
  // On Podman no dockerd serves the endpoint, whatever dockerd runs beside it: the daemon facts say so, naming Podman.
  const daemonP = Promise.all([collectDaemonConfig(fs, endpoint.url, matchOptions(fs, remote, endpoint.socketPath)), versionP]).then(([d, v]) => podmanDaemonFacts(d, v, endpoint.url));
  // On Podman the engine's process is the `podman system service` serving the socket: its pids are the containers'.
  const podmanServiceP = versionP.then((v) => (engineIsPodman(v) && endpoint.socketPath ? findPodmanService(fs, path.posix.resolve("/", endpoint.socketPath)) : undefined));
  const localProcesses = async (running: ContainerInspect[]) => {
    const [d, podman] = await Promise.all([daemonP, podmanServiceP]);
    const pid = podman?.pid ?? (d.process.ok ? d.process.value.pid : undefined);
    if (pid === undefined) return {};
    return (await processesFromProc(fs, pid, running)).byId;
  };
  let gotInfo!: (info: Fact<DockerInfo>) => void;
  const infoP = new Promise<Fact<DockerInfo>>((resolve) => (gotInfo = resolve));
  // Sections 1 and 3: the files the running daemon actually uses (data-root, sockets, TLS files, config, binary),
  // started as soon as the daemon's process and /info are known.
  const auditFactsP = Promise.all([daemonP, infoP]).then(([daemon, info]) => collectHostAuditFacts(fs, { daemon, info, dockerHost: endpoint.url }, run ? { run } : {}));
  // If the engine fails first (unreachable daemon), these are never awaited: they must not become unhandled rejections.
  auditFactsP.catch(() => undefined);
  podmanServiceP.catch(() => undefined);
  const [host, daemon, engine] = await Promise.all([
    collectHost(fs),
    daemonP,
    collectEngine(endpoint, {
      concurrency: opts.concurrency, onProgress: opts.onProgress, localProcesses, onInfo: gotInfo, onVersion: gotVersion,
      timeoutMs: opts.timeoutMs, pingTimeoutMs: opts.pingTimeoutMs,
    }),
  ]);
  const podmanService = await podmanServiceP;
  if (engineIsPodman(engine.engine.version)) {
    const info = engine.engine.info;
    const rootless = info.ok && (info.value.SecurityOptions ?? []).some((o) => /^name=rootless(,|$)/.test(o));
    engine.engine.podman = await collectPodmanConfig(fs, endpoint.url, rootless, podmanService ?? null);
  }
  // The kernel's view of the daemon and of each running container's init (read after inspect gave State.Pid).
  let daemonPid: { pid: number } | { error: string } = daemon.process.ok ? { pid: daemon.process.value.pid } : { error: daemon.process.error };
  if (podmanService) daemonPid = { pid: podmanService.pid };
  const [auditFacts, runtime] = await Promise.all([auditFactsP, collectRuntime(fs, daemonPid, engine.engine.containers, { apparmor: !(host.apparmor.ok && !host.apparmor.value.enabled) })]);
  Object.assign(host, auditFacts, { runtime });
  const swarm = engine.engine.swarm;
  if (swarm?.ok) {
    const nodeState = await collectSwarmNodeState(fs, engine.engine.info);
    if (nodeState) swarm.value.nodeState = nodeState;
  }
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: "dockaudit", version: opts.toolVersion },
    startedAt,
    finishedAt: new Date().toISOString(),
    // Every container is collected; the engine decides which are judged (--all, --include, ...).
    collection: { root: fs.root, dockerHost: endpoint.url, allContainers: true, ...(remote ? { host: remote.label } : {}) },
    host,
    daemon,
    engine: engine.engine,
  };
  if (engine.notes.length > 0) snapshot.collection.notes = engine.notes;
  // This process's own container can only be one of this machine's daemon's containers, never a remote host's.
  const auditor = !remote && engine.engine.containers.ok ? await collectSelfContainer(engine.engine.containers.value) : undefined;
  if (auditor) snapshot.collection.auditor = auditor;
  return snapshot;
}

/**
 * Container mode (a local audit under a --root other than "/"): the endpoint's socket is a file of the auditor's own
 * filesystem (mounted into its container), and only a host process listening on that very file (same device and
 * inode under the root) can serve it. Elsewhere the audited host's paths are the endpoint's paths.
 */
export function matchOptions(fs: HostFs, remote: unknown, socketPath: string | undefined): MatchOptions {
  if (remote || fs.root === "/" || !socketPath) return {};
  const p = path.posix.resolve("/", socketPath);
  try {
    const st = fsSync.statSync(p);
    return { endpointFile: { path: p, dev: st.dev, ino: st.ino, uid: st.uid } };
  } catch {
    // Unreachable anyway (the Engine API fails first); an impossible identity makes sure no host process is taken.
    return { endpointFile: { path: p, dev: -1, ino: -1, uid: -1 } };
  }
}

/** A unix:// endpoint on the remote host, reached through the SSH connection; tcp:// is refused (say why). */
function remoteEndpoint(flag: string | undefined, remote: import("./transports/ssh.js").RemoteHost) {
  const ep = resolveDockerEndpoint(flag ?? DEFAULT_DOCKER_HOST, {});
  if (!ep.socketPath) throw new InvalidDockerHostError(`with --host ${remote.label}, --docker-host must be a unix:// socket on that host (got ${ep.url})`);
  return { ...ep, agent: remote.agentFor(ep.socketPath) };
}

/** Podman answers GET /version with a "Podman Engine" component (snapshot/notions.ts decides it for everyone). */
const engineIsPodman = isPodmanVersion;

/**
 * Podman serves the Engine API without any dockerd: the daemon facts say so, naming Podman, instead of "no dockerd
 * process found" — and a dockerd running beside it (matched only as "the only dockerd running", or by a -H it
 * declares) is not taken for the engine.
 */
export function podmanDaemonFacts(daemon: DaemonFacts, version: Fact<DockerVersion>, url: string): DaemonFacts {
  const podman = version.ok ? (version.value.Components ?? []).find((c) => c?.Name === "Podman Engine") : undefined;
  if (!podman) return daemon;
  const why = `Podman Engine ${podman.Version} serves ${url}: it has no dockerd process, dockerd flags or daemon.json`;
  const source = "GET /version";
  return { process: errFact(why, source), flags: errFact(why, source), configFile: errFact(why, source), effective: errFact(why, source) };
}

export { HostFs, parsePasswd, parseGroup, fsError } from "./transports/host-fs.js";
export type { FsError, FsResult, HostStat, PasswdEntry, GroupEntry } from "./transports/host-fs.js";
export { collectHost, parseMounts, parseKernelConfigSeccomp, hasSeccompStatusLine } from "./host/host.js";
export {
  collectDaemonConfig, findDockerdProcesses, matchDaemon, configFilePath, readDaemonConfigFile,
  parseDockerdArgv, mergeEffective, flagSetting, parseUlimit, parseDaemonJson, locateJsonError,
  DOCKERD_BOOLEAN_FLAGS, DOCKERD_SHORT_FLAGS, FLAG_TO_KEY,
} from "./daemon/daemon-config.js";
export type { DockerdCandidate, DaemonMatch, MatchOptions, EndpointFile, ParsedArgv, EffectiveSettings, Ulimit } from "./daemon/daemon-config.js";
export {
  parseProcNetUnix, parseProcNetTcp, parseCmdline, parseProcStatus, parseEndpoint, normaliseUnixPath, isDockerd,
  endpointServes, listenerServesHost,
} from "./daemon/proc.js";
export {
  collectEngine, resolveDockerEndpoint, parseTop, processExecutable, DEFAULT_DOCKER_HOST, DEFAULT_TIMEOUT_MS,
  DaemonUnreachableError, InvalidDockerHostError,
} from "./engine-api/engine-api.js";
export type { DockerEndpoint, EngineCollection, EngineCollectOptions } from "./engine-api/engine-api.js";
export { processesFromProc, parseNsPid, cgroupContainerIds } from "./host/container-procs.js";
export { collectRuntime, readProcessSecurity, parseSecurityStatus, decodeCapabilities, parseIdMap, insideId, identify, CAPABILITY_NAMES } from "./host/runtime.js";
export { recogniseSelf, mountinfoContainerIds, collectSelfContainer } from "./host/self-container.js";
export * from "../secrets/redact.js";
