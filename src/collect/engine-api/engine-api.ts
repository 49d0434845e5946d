// The Engine API slice of the snapshot, read with plain GET requests (engine-http.ts). Every slice is its own Fact, so one failing
// endpoint leaves the others intact; everything is sanitised (env values dropped, secrets redacted) on arrival.
import { CONFIG_FILE_MAX_BYTES, readRegularSync } from "../transports/host-read.js";
import os from "node:os";
import path from "node:path";
import type {
  ContainerInspect, ContainerProcess, DockerInfo, DockerVersion, EngineFacts, Fact, ImageHistoryEntry, ImageInspect,
  NetworkInspect, SwarmFacts,
} from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import { isPodmanVersion } from "../../snapshot/notions.js";
import { engineGet, type EngineHttpOptions } from "../transports/engine-http.js";
import { DaemonUnreachableError, InvalidDockerHostError } from "../errors.js";
import { endpointSafeToShow, redactText, sanitizeContainer, sanitizeImage, sanitizeInfo, sanitizeNetwork, urlHasPassword } from "../../secrets/redact.js";

export { DaemonUnreachableError, InvalidDockerHostError };

function unreachable(url: string, reason: string): DaemonUnreachableError {
  return new DaemonUnreachableError(`cannot reach the Docker daemon at ${url}: ${reason}`);
}

/** What to do about a socket that cannot be connected to: the two errors every newcomer meets first. */
function socketAdvice(e: { code?: unknown } | undefined, ep: DockerEndpoint): string | undefined {
  if (!ep.socketPath) return undefined;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") {
    return `permission denied on the socket ${ep.socketPath}: run dockaudit as root, or as a member of the group that owns the socket (usually "docker")`;
  }
  if (code === "ENOENT") {
    return `no socket at ${ep.socketPath} (is the daemon running?); name the daemon's endpoint with --docker-host or DOCKER_HOST (e.g. unix:///run/user/1000/docker.sock for rootless Docker)`;
  }
  if (code === "ECONNREFUSED") return `nothing listens on the socket ${ep.socketPath} (is the daemon running?); name another endpoint with --docker-host or DOCKER_HOST`;
  return undefined;
}

export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

export interface DockerEndpoint {
  /** Normalised URL: "unix:///path" or "tcp://host:port". */
  url: string;
  socketPath?: string;
  host?: string;
  port?: number;
  /** TLS material for tcp (from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH). */
  tls?: { certPath: string; verify: boolean };
  /** How to reach `socketPath` when it is on another host (an SSH connection's streamlocal forwarding). */
  agent?: import("node:http").Agent;
}

/**
 * Which endpoint to audit: `--docker-host` over DOCKER_HOST over the default socket. TLS (tcp only) follows the
 * docker client's environment: DOCKER_TLS_VERIFY (non-empty) or DOCKER_CERT_PATH turn it on, with ca.pem,
 * cert.pem and key.pem read from DOCKER_CERT_PATH (default ~/.docker); the server is always verified.
 */
export function resolveDockerEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const raw = (flag ?? env.DOCKER_HOST ?? "").trim() || DEFAULT_DOCKER_HOST;
  // Never echoed with a password; and none is taken (the Engine API authenticates by TLS client certificate).
  const shown = endpointSafeToShow(raw);
  if (urlHasPassword(raw)) throw new InvalidDockerHostError(`unsupported Docker host "${shown}": a password in the URL is not supported (TLS client certificates authenticate to dockerd); remove it`);
  if (raw.startsWith("/")) return { url: `unix://${raw}`, socketPath: raw };
  // Like the docker client, a value without a scheme is a tcp host[:port].
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(raw) ?? ["", "tcp", raw];
  const scheme = m[1].toLowerCase();
  if (scheme === "unix") {
    const p = m[2] || "/var/run/docker.sock";
    if (!p.startsWith("/")) throw new InvalidDockerHostError(`unsupported Docker host "${shown}": the socket path must be absolute`);
    return { url: `unix://${p}`, socketPath: p };
  }
  if (scheme !== "tcp") throw new InvalidDockerHostError(`unsupported Docker host "${shown}" (use unix:// or tcp://)`);
  const certEnv = (env.DOCKER_CERT_PATH ?? "").trim();
  const tlsOn = (env.DOCKER_TLS_VERIFY ?? "") !== "" || certEnv !== "";
  let url: URL;
  try {
    url = new URL(`tcp://${m[2].replace(/\/+$/, "")}`);
  } catch {
    throw new InvalidDockerHostError(`unsupported Docker host "${shown}": not a valid tcp://host:port`);
  }
  if (!url.hostname) throw new InvalidDockerHostError(`unsupported Docker host "${shown}": no host name`);
  const port = url.port ? Number(url.port) : tlsOn ? 2376 : 2375;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const out: DockerEndpoint = { url: `tcp://${url.hostname}:${port}`, host, port };
  if (tlsOn) out.tls = { certPath: certEnv || path.join(os.homedir(), ".docker"), verify: true };
  return out;
}

/** A TLS client file of DOCKER_CERT_PATH: a regular file of at most 4 MiB, never a blocking open (host-read.ts). */
const readCert = (p: string) => Buffer.from(readRegularSync(p, p, CONFIG_FILE_MAX_BYTES));

function connect(ep: DockerEndpoint, timeoutMs: number): EngineHttpOptions {
  // No keep-alive agent: with one, every request to dockerd waited ~40 ms (measured), without it they take ~1 ms.
  // The socket is on the remote side: every connection is a stream the agent forwards to it.
  if (ep.agent) return { agent: ep.agent, host: "docker", port: 80, timeoutMs };
  if (ep.socketPath) return { socketPath: ep.socketPath, timeoutMs };
  if (!ep.tls) return { host: ep.host, port: ep.port, timeoutMs };
  try {
    return {
      host: ep.host, port: ep.port, timeoutMs,
      tls: {
        ca: readCert(path.join(ep.tls.certPath, "ca.pem")),
        cert: readCert(path.join(ep.tls.certPath, "cert.pem")),
        key: readCert(path.join(ep.tls.certPath, "key.pem")),
      },
    };
  } catch (err) {
    throw unreachable(ep.url, `cannot read TLS client certificates: ${(err as Error).message}`);
  }
}

interface ApiError extends Error {
  statusCode?: number;
  json?: { message?: string } | null;
  code?: string;
}

function apiMessage(err: unknown): string {
  const e = err as ApiError;
  if (e?.statusCode) {
    const msg = (e.json && typeof e.json === "object" && typeof e.json.message === "string" ? e.json.message : e.message).trim();
    return `HTTP ${e.statusCode}: ${msg}`;
  }
  return (e?.message ?? String(err)).trim();
}

type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

function limiter(n: number): Limit {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

export interface EngineCollectOptions {
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Per-request timeout (ms): a request on which the daemon stays silent this long fails (default 10 s). */
  timeoutMs?: number;
  /**
   * How long to wait for the daemon's answer to the first request (/_ping) before giving up with
   * DaemonUnreachableError (default `timeoutMs`): a daemon that accepts the connection and never answers.
   */
  pingTimeoutMs?: number;
  /**
   * Processes of running containers found without the API (see container-procs.ts); containers it leaves out are
   * asked about through /containers/{id}/top.
   */
  localProcesses?: (running: ContainerInspect[]) => Promise<Record<string, Fact<ContainerProcess[]>>>;
  /** Called as soon as /info is in, so that host collection depending on it need not wait for the rest. */
  onInfo?: (info: Fact<DockerInfo>) => void;
  /** Called as soon as GET /version is answered (or failed): which engine this is. */
  onVersion?: (version: Fact<DockerVersion>) => void;
}

export interface EngineCollection {
  engine: EngineFacts;
  /** Things worth saying that are not errors, e.g. a container removed between list and inspect. */
  notes: string[];
}

/** Base name of a process's executable from a `ps` COMMAND/CMD cell; its arguments are dropped here. */
export function processExecutable(cell: string, isArgs: boolean): string {
  if (!isArgs) return cell.trim();
  const first = cell.trim().split(/\s+/)[0] ?? "";
  return path.posix.basename(first.replace(/^\[|\]$/g, "")) || first;
}

/**
 * `/containers/{id}/top` output → pid, user and executable base name per process. Throws when no column holds the
 * command (e.g. Podman's answer to ps(1) options: one unsplit "PID USER COMMAND" column), so that a process list
 * whose names are unknown can never pass a check looking for a name.
 */
export function parseTop(top: { Titles?: string[] | null; Processes?: string[][] | null }, argsColumn: boolean): ContainerProcess[] {
  const titles = (top.Titles ?? []).map((t) => t.toUpperCase());
  const pidCol = titles.indexOf("PID");
  const userCol = titles.findIndex((t) => t === "USER" || t === "UID");
  const cmdCol = titles.findIndex((t) => t === "COMMAND" || t === "CMD" || t === "COMM");
  if (cmdCol < 0 && (top.Processes ?? []).length > 0) {
    throw new Error(`the process list has no command column (titles: ${JSON.stringify(top.Titles ?? [])})`);
  }
  return (top.Processes ?? []).map((row) => {
    const p: ContainerProcess = { command: cmdCol >= 0 ? processExecutable(row[cmdCol] ?? "", argsColumn) : "" };
    if (pidCol >= 0 && row[pidCol] !== undefined) p.pid = row[pidCol];
    if (userCol >= 0 && row[userCol] !== undefined) p.user = row[userCol];
    return p;
  });
}

/** Only what the swarm checks need from a node (no TLS material, no engine labels). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Engine API JSON, read defensively with ?.
function reduceNode(n: Record<string, any>): Record<string, unknown> {
  return {
    ID: n.ID,
    Hostname: n.Description?.Hostname,
    Role: n.Spec?.Role,
    Availability: n.Spec?.Availability,
    State: n.Status?.State,
    Addr: n.Status?.Addr,
    Leader: n.ManagerStatus?.Leader === true,
    Reachability: n.ManagerStatus?.Reachability,
    ManagerAddr: n.ManagerStatus?.Addr,
    EngineVersion: n.Description?.Engine?.EngineVersion,
  };
}

const GONE = new Set([404, 409]);

/** The default for `--timeout`: a daemon silent for 10 s is taken as unresponsive. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Rejects when `p` has not settled within `ms`; the socket itself is closed by the modem's own timeout. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(what)), ms); });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Reads the Engine API: ping first (unreachable → DaemonUnreachableError), then every slice concurrently with at
 * most `concurrency` requests in flight.
 */
export async function collectEngine(ep: DockerEndpoint, opts: EngineCollectOptions = {}): Promise<EngineCollection> {
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  return collectWith(connect(ep, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS), ep, concurrency, opts);
}

async function collectWith(client: EngineHttpOptions, ep: DockerEndpoint, concurrency: number, opts: EngineCollectOptions): Promise<EngineCollection> {
  const notes: string[] = [];
  const limit = limiter(concurrency);
  // Progress counts what its label says, containers inspected out of the containers listed: counting every
  // request against a total that grew as lists arrived showed "47/58 … 59/59" for 47 containers.
  const get = <T>(p: string, query?: Record<string, unknown>): Promise<T> => limit(() => engineGet(client, p, query) as Promise<T>);
  // The shared readers (also used by watch's partial collections) announce the requests they plan; a full collection
  // reports containers instead (above), so their plans are not counted here.
  const plan: Plan = () => {};

  try {
    const pingMs = Math.max(1, opts.pingTimeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const secs = Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 100) / 10;
    const pong = await within(get<unknown>("/_ping"), pingMs, `the daemon accepted the connection but did not answer within ${secs} s (--timeout)`);
    const text = Buffer.isBuffer(pong) ? pong.toString() : String(pong);
    if (text.trim() !== "OK") throw new Error(`unexpected answer to /_ping: ${text.slice(0, 40)}`);
  } catch (err) {
    const e = err as ApiError;
    const reason = e?.statusCode ? apiMessage(err) : (socketAdvice(e, ep) ?? ((e?.message ?? String(err)).split("\n")[0] ?? ""));
    throw unreachable(ep.url, reason);
  }

  const infoP = get<Record<string, unknown>>("/info").then(
    (v) => okFact(sanitizeInfo(v) as DockerInfo, "GET /info"),
    (e) => errFact<DockerInfo>(apiMessage(e), "GET /info"),
  ).then((f) => {
    opts.onInfo?.(f);
    return f;
  });
  const versionP = get<DockerVersion>("/version").then((v) => okFact(v, "GET /version"), (e) => errFact<DockerVersion>(apiMessage(e), "GET /version")).then((f) => {
    opts.onVersion?.(f);
    return f;
  });

  const containersP = (async (): Promise<Fact<ContainerInspect[]>> => {
    const src = "GET /containers/json?all=1 + GET /containers/{id}/json";
    let list: { Id: string; Names?: string[] }[];
    try {
      list = await get("/containers/json", { all: 1 });
    } catch (e) {
      return errFact(apiMessage(e), src);
    }
    let inspectedCount = 0;
    opts.onProgress?.(0, list.length);
    try {
      const inspected = await Promise.all(list.map(async (c) => {
        try {
          return await inspectContainer(get, c.Id);
        } catch (e) {
          if ((e as ApiError).statusCode === 404) {
            notes.push(`container ${c.Names?.[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)} was removed during collection`);
            return undefined;
          }
          throw new Error(`inspect of container ${c.Names?.[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)} failed: ${apiMessage(e)}`);
        } finally {
          opts.onProgress?.(++inspectedCount, list.length);
        }
      }));
      return okFact(inspected.filter((c): c is ContainerInspect => c !== undefined), src);
    } catch (e) {
      return errFact((e as Error).message, src);
    }
  })();

  const networksP = collectNetworks(get, plan, notes);
  const imagesP = collectImages(get, plan, notes);

  const swarmP = infoP.then(async (info): Promise<Fact<SwarmFacts>> => {
    const src = "GET /info Swarm";
    if (!info.ok) return errFact(`the swarm state is unknown: /info could not be read (${info.error})`, src);
    const state = info.value.Swarm?.LocalNodeState ?? "inactive";
    const controlAvailable = info.value.Swarm?.ControlAvailable === true;
    if (state !== "active") {
      const why = `swarm mode is ${state}`;
      return state === "inactive"
        ? okFact({ localNodeState: state, controlAvailable, nodes: okFact([], src), unlockKeySet: okFact(false, src), secrets: okFact(0, src) }, src)
        : okFact({ localNodeState: state, controlAvailable, nodes: errFact(why, src), unlockKeySet: errFact(why, src), secrets: errFact(why, src) }, src);
    }
    const [nodes, unlock, secrets] = await Promise.all([
      get<Record<string, unknown>[]>("/nodes").then((v) => okFact<unknown[]>(v.map(reduceNode), "GET /nodes"), (e) => errFact<unknown[]>(apiMessage(e), "GET /nodes")),
      // Only whether a key exists is kept; the key itself is dropped here.
      get<{ UnlockKey?: string }>("/swarm/unlockkey").then((v) => okFact(typeof v?.UnlockKey === "string" && v.UnlockKey !== "", "GET /swarm/unlockkey"), (e) => errFact<boolean>(apiMessage(e), "GET /swarm/unlockkey")),
      get<unknown[]>("/secrets").then((v) => okFact(v.length, "GET /secrets"), (e) => errFact<number>(apiMessage(e), "GET /secrets")),
    ]);
    return okFact({ localNodeState: state, controlAvailable, nodes, unlockKeySet: unlock, secrets }, "GET /nodes, /swarm/unlockkey, /secrets");
  });

  const processesP = containersP.then(async (cs): Promise<Fact<Record<string, Fact<ContainerProcess[]>>>> => {
    const src = "GET /containers/{id}/top";
    if (!cs.ok) return errFact(`containers could not be listed: ${cs.error}`, src);
    const running = cs.value.filter((c) => c.State?.Running);
    const local = opts.localProcesses ? await opts.localProcesses(running).catch(() => ({} as Record<string, Fact<ContainerProcess[]>>)) : {};
    const viaApi = running.filter((c) => !local[c.Id]);
    const version = await versionP;
    const podman = isPodmanVersion(version);
    plan(viaApi.length);
    const entries = await Promise.all(viaApi.map(async (c) => [c.Id, await topProcesses(get, plan, c.Id, podman)] as const));
    const sources = [...(Object.keys(local).length ? ["/proc/*/ns/pid, /proc/*/cgroup"] : []), ...(viaApi.length ? [src] : [])];
    return okFact({ ...local, ...Object.fromEntries(entries) }, sources.join(" + ") || src);
  });

  const historyP = containersP.then(async (cs): Promise<Fact<Record<string, Fact<ImageHistoryEntry[]>>>> => {
    const src = "GET /images/{id}/history";
    if (!cs.ok) return errFact(`containers could not be listed: ${cs.error}`, src);
    const used = [...new Set(cs.value.map((c) => c.Image).filter(Boolean))];
    plan(used.length);
    const entries = await Promise.all(used.map(async (id) => [id, await historyOf(get, id)] as const));
    return okFact(Object.fromEntries(entries), src);
  });

  const [info, version, containers, networks, images, swarm, processes, imageHistory] = await Promise.all([
    infoP, versionP, containersP, networksP, imagesP, swarmP, processesP, historyP,
  ]);
  return { engine: { info, version, containers, networks, images, processes, imageHistory, swarm }, notes };
}

type Get = <T>(p: string, query?: Record<string, unknown>) => Promise<T>;
type Plan = (n: number) => void;

/** Every network, inspected (the list has Options but not the attached containers). */
async function collectNetworks(get: Get, plan: Plan, notes: string[]): Promise<Fact<NetworkInspect[]>> {
  const src = "GET /networks + GET /networks/{id}";
  let list: Record<string, unknown>[];
  try {
    list = await get("/networks");
  } catch (e) {
    return errFact(apiMessage(e), src);
  }
  plan(list.length);
  try {
    // The list has Options but not the attached containers; inspect has both.
    const out = await Promise.all(list.map(async (n) => {
      try {
        return sanitizeNetwork(await get(`/networks/${encodeURIComponent(String(n.Id))}`)) as unknown as NetworkInspect;
      } catch (e) {
        if ((e as ApiError).statusCode === 404) {
          notes.push(`network ${String(n.Name)} was removed during collection`);
          return undefined;
        }
        throw new Error(`inspect of network ${String(n.Name)} failed: ${apiMessage(e)}`);
      }
    }));
    return okFact(out.filter((n): n is NetworkInspect => n !== undefined), src);
  } catch (e) {
    return errFact((e as Error).message, src);
  }
}

/** Every image, inspected. */
async function collectImages(get: Get, plan: Plan, notes: string[]): Promise<Fact<ImageInspect[]>> {
  const src = "GET /images/json + GET /images/{id}/json";
  let list: { Id: string }[];
  try {
    list = await get("/images/json");
  } catch (e) {
    return errFact(apiMessage(e), src);
  }
  plan(list.length);
  try {
    const out = await Promise.all(list.map(async (img) => {
      try {
        return sanitizeImage(await get(`/images/${encodeURIComponent(img.Id)}/json`)) as unknown as ImageInspect;
      } catch (e) {
        if ((e as ApiError).statusCode === 404) {
          notes.push(`image ${img.Id.slice(0, 19)} was removed during collection`);
          return undefined;
        }
        throw new Error(`inspect of image ${img.Id.slice(0, 19)} failed: ${apiMessage(e)}`);
      }
    }));
    return okFact(out.filter((i): i is ImageInspect => i !== undefined), src);
  } catch (e) {
    return errFact((e as Error).message, src);
  }
}

/**
 * One running container's processes through GET /containers/{id}/top (ps -o pid,user,comm; a `ps` without -o
 * support: the default listing, reduced to executables' names).
 */
async function topProcesses(get: Get, plan: Plan, id: string, podman: boolean): Promise<Fact<ContainerProcess[]>> {
  const s = `GET /containers/${id.slice(0, 12)}/top`;
  // Podman runs ps(1) inside the container for ps(1) options (changing it, and answering in one unsplit column);
  // its own AIX-style descriptors are read from /proc by Podman itself.
  const psArgs = podman ? "pid,user,comm" : "-o pid,user,comm";
  try {
    const top = await get<{ Titles: string[]; Processes: string[][] }>(`/containers/${encodeURIComponent(id)}/top`, { ps_args: psArgs });
    return okFact(parseTop(top, false), s);
  } catch (e) {
    const status = (e as ApiError).statusCode;
    if (status !== undefined && GONE.has(status)) return errFact(`container is no longer running (${apiMessage(e)})`, s);
    if (podman) return errFact(apiMessage(e), s);
    try {
      plan(1);
      const top = await get<{ Titles: string[]; Processes: string[][] }>(`/containers/${encodeURIComponent(id)}/top`);
      return okFact(parseTop(top, true), s);
    } catch (e2) {
      return errFact(apiMessage(e2), s);
    }
  }
}

/** An image's history, each step's command redacted on arrival. */
async function historyOf(get: Get, id: string): Promise<Fact<ImageHistoryEntry[]>> {
  const s = `GET /images/${id.slice(0, 19)}/history`;
  try {
    const h = await get<{ Id?: string; Created?: number; CreatedBy?: string; Size?: number }[]>(`/images/${encodeURIComponent(id)}/history`);
    return okFact(h.map((e) => ({ Id: e.Id, Created: e.Created, CreatedBy: redactText(e.CreatedBy ?? ""), EmptyLayer: e.Size === 0 })), s);
  } catch (e) {
    return errFact(apiMessage(e), s);
  }
}

/** One container's inspect, sanitised on arrival (environment values dropped, secrets redacted). */
async function inspectContainer(get: Get, id: string): Promise<ContainerInspect> {
  return sanitizeContainer(await get(`/containers/${encodeURIComponent(id)}/json`)) as unknown as ContainerInspect;
}

/** What one container contributes to the engine slice, read exactly as collectEngine reads it. */
export interface ContainerSlice {
  id: string;
  /** null: the daemon no longer has it (HTTP 404). */
  inspect: ContainerInspect | null;
  /** Running containers only. */
  processes?: Fact<ContainerProcess[]>;
}

/**
 * The Engine API read again for a part of the host (`dockaudit watch`): the same requests, sanitising and
 * fallbacks as collectEngine, for the containers, networks or images an event touched. An inspect failing other than
 * with 404 throws: the caller cannot tell that container's state, so it collects everything again.
 */
export function engineReader(ep: DockerEndpoint, opts: { timeoutMs?: number; concurrency?: number } = {}) {
  const client = connect(ep, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const limit = limiter(Math.max(1, opts.concurrency ?? 16));
  const get: Get = <T>(p: string, query?: Record<string, unknown>) => limit(() => engineGet(client, p, query) as Promise<T>);
  const plan: Plan = () => undefined;
  return {
    client,
    networks: (notes: string[] = []) => collectNetworks(get, plan, notes),
    images: (notes: string[] = []) => collectImages(get, plan, notes),
    history: (imageId: string) => historyOf(get, imageId),
    /** GET /info, sanitised as in a full collection (its container counts change with every container). */
    info: (): Promise<Fact<DockerInfo>> => get<Record<string, unknown>>("/info").then(
      (v) => okFact(sanitizeInfo(v) as DockerInfo, "GET /info"),
      (e) => errFact<DockerInfo>(apiMessage(e), "GET /info"),
    ),
    /** Inspect, then processes of those running (`localProcesses` first, /top for the rest, as collectEngine). */
    async containers(
      ids: readonly string[],
      o: { podman: boolean; localProcesses?: EngineCollectOptions["localProcesses"] },
    ): Promise<ContainerSlice[]> {
      const out = await Promise.all(ids.map(async (id): Promise<ContainerSlice> => {
        try {
          return { id, inspect: await inspectContainer(get, id) };
        } catch (e) {
          if ((e as ApiError).statusCode === 404) return { id, inspect: null };
          throw new Error(`inspect of container ${id.slice(0, 12)} failed: ${apiMessage(e)}`);
        }
      }));
      const running = out.flatMap((s) => (s.inspect?.State?.Running ? [s.inspect] : []));
      const local = o.localProcesses ? await o.localProcesses(running).catch(() => ({} as Record<string, Fact<ContainerProcess[]>>)) : {};
      await Promise.all(out.map(async (s) => {
        if (!s.inspect?.State?.Running) return;
        s.processes = local[s.id] ?? await topProcesses(get, plan, s.id, o.podman);
      }));
      return out;
    },
  };
}
