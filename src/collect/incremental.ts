// Re-collection of part of a snapshot for `dockaudit watch`: the containers, networks or images an Engine API event
// touched, read with the very code a full collection runs (engine-api.ts's inspect, /top fallback and sanitising,
// container-procs.ts for processes, runtime.ts for each running init's kernel facts), merged into the previous
// snapshot. For those containers the result equals what collectSnapshot would give. With containers, /info and the
// host's audited files (which containerd shims run decides 1.1.14-1.1.18) are read again too; the rest of the host-
// and daemon-level facts stay as the last full collection left them (the watcher collects everything again on a
// resync).
import type { ContainerInspect, ContainerProcess, Fact, ImageHistoryEntry, Snapshot } from "../snapshot/types.js";
import { okFact } from "../snapshot/types.js";
import { processesFromProc } from "./host/container-procs.js";
import { engineReader, resolveDockerEndpoint } from "./engine-api/engine-api.js";
import { HostFs } from "./transports/host-fs.js";
import { collectHostAuditFacts } from "./host/host-files.js";
import { collectRuntime } from "./host/runtime.js";

export interface PartialTarget {
  /** Container ids to inspect again (a 404 drops the container). */
  containers: readonly string[];
  networks?: boolean;
  images?: boolean;
}

export interface PartialCollectOptions {
  root: string;
  dockerHost?: string;
  timeoutMs?: number;
}

/** Why a partial collection cannot stand in for a full one (the caller then collects everything). */
export function partialUnsupported(prev: Snapshot): string | undefined {
  const e = prev.engine;
  if (!e.containers.ok) return "the containers could not be listed in the last full collection";
  if ((e.version.ok ? e.version.value.Components ?? [] : []).some((c) => c?.Name === "Podman Engine")) return "Podman: every event is followed by a full collection";
  if (prev.collection.host) return "a remote host";
  return undefined;
}

/** Newest first, as GET /containers/json lists them. */
function byCreatedDesc(a: ContainerInspect, b: ContainerInspect): number {
  const ca = String((a as { Created?: string }).Created ?? ""), cb = String((b as { Created?: string }).Created ?? "");
  return ca === cb ? (a.Id < b.Id ? -1 : 1) : ca < cb ? 1 : -1;
}

/**
 * The previous snapshot with `target` read again. Throws (DaemonUnreachableError, or an inspect failing other than
 * with 404) when a part cannot be read: the caller then collects everything, so a failure never leaves a stale
 * verdict standing as if fresh.
 */
export async function collectPartial(opts: PartialCollectOptions, prev: Snapshot, target: PartialTarget): Promise<Snapshot> {
  const startedAt = new Date().toISOString();
  const endpoint = resolveDockerEndpoint(opts.dockerHost);
  const fs = new HostFs(opts.root || "/");
  const reader = engineReader(endpoint, { timeoutMs: opts.timeoutMs });
  const prevContainers = prev.engine.containers.ok ? prev.engine.containers.value : [];
  const ids = [...new Set(target.containers)];
  const wanted = new Set(ids);
  const daemonPid = prev.daemon.process.ok ? prev.daemon.process.value.pid : undefined;

  // Inspect first: processesFromProc must know every running container (touched ones as they are now).
  const notes: string[] = [];
  const [networks, images] = await Promise.all([
    target.networks ? reader.networks(notes) : Promise.resolve(prev.engine.networks),
    target.images ? reader.images(notes) : Promise.resolve(prev.engine.images),
  ]);
  let current: ContainerInspect[] = prevContainers;
  let slices: Awaited<ReturnType<typeof reader.containers>> = [];
  if (ids.length > 0) {
    slices = await reader.containers(ids, {
      podman: false,
      localProcesses: async (running) => {
        if (daemonPid === undefined) return {};
        const others = prevContainers.filter((c) => !wanted.has(c.Id) && c.State?.Running);
        return (await processesFromProc(fs, daemonPid, [...others, ...running], wanted)).byId;
      },
    });
    const fresh = new Map(slices.map((s) => [s.id, s.inspect]));
    current = [
      ...prevContainers.filter((c) => !fresh.has(c.Id)),
      ...slices.flatMap((s) => (s.inspect ? [s.inspect] : [])),
    ].sort(byCreatedDesc);
  }

  // /info counts containers (6.2); the host files of sections 1.1 and 3 depend on which containerd shims run.
  const info = ids.length > 0 ? await reader.info() : prev.engine.info;
  const engine = { ...prev.engine, info, containers: okFact(current, prev.engine.containers.source), networks, images };

  // Processes: the touched containers' entries replaced (or dropped once not running / gone).
  if (prev.engine.processes?.ok) {
    const record: Record<string, Fact<ContainerProcess[]>> = { ...prev.engine.processes.value };
    for (const s of slices) {
      if (s.processes) record[s.id] = s.processes;
      else delete record[s.id];
    }
    engine.processes = okFact(record, prev.engine.processes.source);
  }

  // Image history: kept for the images containers use, as a full collection keeps it.
  if (prev.engine.imageHistory?.ok) {
    const used = new Set(current.map((c) => c.Image).filter(Boolean));
    const record: Record<string, Fact<ImageHistoryEntry[]>> = {};
    const missing: string[] = [];
    for (const id of used) {
      const had = prev.engine.imageHistory.value[id];
      if (had && !target.images) record[id] = had;
      else missing.push(id);
    }
    await Promise.all(missing.map(async (id) => { record[id] = await reader.history(id); }));
    engine.imageHistory = okFact(record, prev.engine.imageHistory.source);
  }

  // The kernel's view of each touched running container's init, as collectRuntime reads it in a full collection.
  let host = prev.host;
  if (ids.length > 0) {
    host = { ...host, ...(await collectHostAuditFacts(fs, { daemon: prev.daemon, info, dockerHost: endpoint.url })) };
  }
  const runtime = prev.host.runtime;
  if (runtime?.ok && daemonPid !== undefined && ids.length > 0) {
    const apparmor = !(prev.host.apparmor.ok && !prev.host.apparmor.value.enabled);
    const touched = slices.flatMap((s) => (s.inspect ? [s.inspect] : []));
    const fresh = await collectRuntime(fs, { pid: daemonPid }, okFact(touched, "partial"), { apparmor });
    const containers = { ...runtime.value.containers };
    for (const id of ids) delete containers[id];
    if (fresh.ok) Object.assign(containers, fresh.value.containers);
    host = { ...host, runtime: okFact({ ...runtime.value, containers }, runtime.source) };
  }

  const snapshot: Snapshot = { ...prev, startedAt, finishedAt: new Date().toISOString(), host, engine };
  return snapshot;
}
