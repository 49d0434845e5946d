// Processes of running containers read from <root>/proc instead of the Engine API's /containers/{id}/top: dockerd
// answers each top call by running `ps` (about 0.1 s apiece, and they serialise), which alone would take ~10 s for
// 100 containers; and on a rootless daemon with cgroup v1 /top answers HTTP 500 for every container.
// A container's processes are those in the PID namespace of its init process (State.Pid): that holds for any cgroup
// layout, rootful or rootless, and for processes started with `docker exec`. A container without a PID namespace of
// its own (--pid=host, or one shared with another container) falls back to the cgroup path naming its id. Only the
// pid, the user and the executable's name (/proc/PID/comm) are read; command lines are not.
import type { ContainerProcess, Fact } from "../../snapshot/types.js";
import { okFact } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";
import { mapLimit } from "../map-limit.js";

export interface RunningContainer {
  Id: string;
  State: { Pid?: number };
}

/** NSpid of /proc/PID/status: the pid in each PID namespace from the procfs's own down to the process's. */
export function parseNsPid(status: string): number[] | undefined {
  const [, pids] = /^NSpid:\s*(.*)$/m.exec(status) ?? [];
  return pids === undefined ? undefined : pids.trim().split(/\s+/).map(Number);
}

/** Container ids (64 hex) named in a /proc/PID/cgroup text. */
export function cgroupContainerIds(cgroup: string): string[] {
  return cgroup.match(/[0-9a-f]{64}/g) ?? [];
}

/** The namespace a /proc/PID/ns/* link names ("pid:[4026532301]"), or undefined for anything else. */
export function parseNsLink(link: string): string | undefined {
  return /^[a-z_]+:\[\d+\]$/.test(link) ? link : undefined;
}

/**
 * How each running container's processes are to be found: by its own PID namespace, or (no namespace of its own)
 * by the cgroup naming it. `initNs` maps container id → its init's PID namespace; `daemonNs` is dockerd's.
 */
export function planMapping(
  running: readonly RunningContainer[],
  initNs: ReadonlyMap<string, string>,
  daemonNs: string | undefined,
): { byNs: Map<string, string>; byCgroup: Set<string> } {
  const users = new Map<string, number>();
  for (const ns of initNs.values()) users.set(ns, (users.get(ns) ?? 0) + 1);
  const byNs = new Map<string, string>();
  const byCgroup = new Set<string>();
  for (const c of running) {
    const ns = initNs.get(c.Id);
    if (ns !== undefined && daemonNs !== undefined && ns !== daemonNs && users.get(ns) === 1) byNs.set(ns, c.Id);
    else byCgroup.add(c.Id);
  }
  return { byNs, byCgroup };
}

/**
 * Processes per running container, for the containers whose init process (State.Pid) was found among them.
 * Containers left out (or every container, with `reason`, when dockerd's pids are not this /proc's) are for the
 * caller to ask the Engine API about. `only` (dockaudit watch): answer for these containers alone — `running` must
 * still list every running container, since whether a PID namespace is a container's own depends on all of them.
 */
export async function processesFromProc(
  fs: HostFs,
  daemonPid: number,
  running: readonly RunningContainer[],
  only?: ReadonlySet<string>,
): Promise<{ byId: Record<string, Fact<ContainerProcess[]>>; reason?: string }> {
  if (running.length === 0) return { byId: {} };
  const status = await fs.readText(`/proc/${daemonPid}/status`);
  if (!status.ok) return { byId: {}, reason: status.error.message };
  const nspid = parseNsPid(status.value);
  // State.Pid is a pid in dockerd's namespace; it is this /proc's numbering only when dockerd is not nested.
  if (!nspid || nspid.length !== 1) return { byId: {}, reason: `dockerd (pid ${daemonPid}) runs in a nested PID namespace` };
  const nsOf = async (pid: number | string): Promise<string | undefined> => {
    const l = await fs.readlink(`/proc/${pid}/ns/pid`);
    return l.ok ? parseNsLink(l.value) : undefined;
  };
  const daemonNs = await nsOf(daemonPid);
  const initNs = new Map<string, string>();
  await mapLimit(running, 64, async (c) => {
    const ns = c.State.Pid ? await nsOf(c.State.Pid) : undefined;
    if (ns !== undefined) initNs.set(c.Id, ns);
  });
  const { byNs, byCgroup } = planMapping(running, initNs, daemonNs);
  if (only) {
    for (const [ns, id] of byNs) if (!only.has(id)) byNs.delete(ns);
    for (const id of byCgroup) if (!only.has(id)) byCgroup.delete(id);
  }

  const dir = await fs.readDir("/proc");
  if (!dir.ok) return { byId: {}, reason: dir.error.message };
  const pids = dir.value.filter((e) => /^\d+$/.test(e));
  const found = await mapLimit(pids, 64, async (pid) => {
    let id: string | undefined;
    if (byNs.size > 0) {
      const ns = await nsOf(pid);
      if (ns !== undefined) id = byNs.get(ns);
    }
    if (id === undefined && byCgroup.size > 0) {
      const cg = await fs.readText(`/proc/${pid}/cgroup`);
      if (cg.ok) id = cgroupContainerIds(cg.value).find((x) => byCgroup.has(x));
    }
    if (id === undefined) return undefined;
    const [comm, st] = await Promise.all([fs.readText(`/proc/${pid}/comm`), fs.readText(`/proc/${pid}/status`)]);
    if (!comm.ok || !st.ok) return undefined;
    const euid = /^Uid:\s*\d+\s+(\d+)/m.exec(st.value)?.[1];
    const user = euid === undefined ? undefined : ((await fs.userName(Number(euid))) ?? euid);
    const p: ContainerProcess = { pid, command: comm.value.replace(/\n$/, "") };
    if (user !== undefined) p.user = user;
    return { id, p };
  });
  const byContainer = new Map<string, ContainerProcess[]>();
  for (const f of found) {
    if (!f) continue;
    const list = byContainer.get(f.id);
    if (list) list.push(f.p);
    else byContainer.set(f.id, [f.p]);
  }
  const byId: Record<string, Fact<ContainerProcess[]>> = {};
  for (const c of running) {
    if (only && !only.has(c.Id)) continue;
    const ps = byContainer.get(c.Id);
    if (!ps || !ps.some((p) => Number(p.pid) === c.State.Pid)) continue;
    ps.sort((a, b) => Number(a.pid) - Number(b.pid));
    const ns = initNs.get(c.Id);
    const how = byCgroup.has(c.Id) ? `/proc/*/cgroup naming ${c.Id.slice(0, 12)}` : `/proc/*/ns/pid = ${ns}, the PID namespace of its init (pid ${c.State.Pid})`;
    byId[c.Id] = okFact(ps, how);
  }
  return { byId };
}
