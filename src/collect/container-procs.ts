// Processes of running containers read from <root>/proc instead of the Engine API's /containers/{id}/top: dockerd
// answers each top call by running `ps` (about 0.1 s apiece, and they serialise), which alone would take ~10 s for
// 100 containers. A process belongs to a container when its cgroup path names the container's id. Only the pid,
// the user and the executable's name (/proc/PID/comm) are read; command lines are not.
import type { ContainerProcess, Fact } from "../snapshot/types.js";
import { okFact } from "../snapshot/types.js";
import type { HostFs } from "./host-fs.js";
import { mapLimit } from "./map-limit.js";

export interface RunningContainer {
  Id: string;
  State: { Pid?: number };
}

/** NSpid of /proc/PID/status: the pid in each PID namespace from the procfs's own down to the process's. */
export function parseNsPid(status: string): number[] | undefined {
  const m = /^NSpid:\s*(.*)$/m.exec(status);
  return m ? m[1].trim().split(/\s+/).map(Number) : undefined;
}

/** Container ids (64 hex) named in a /proc/PID/cgroup text. */
export function cgroupContainerIds(cgroup: string): string[] {
  return cgroup.match(/[0-9a-f]{64}/g) ?? [];
}

/**
 * Processes per running container, for the containers whose init process (State.Pid) was found under a cgroup
 * naming them. Containers left out (or every container, with `reason`, when dockerd's pids are not this /proc's)
 * are for the caller to ask the Engine API about.
 */
export async function processesFromProc(
  fs: HostFs,
  daemonPid: number,
  running: readonly RunningContainer[],
): Promise<{ byId: Record<string, Fact<ContainerProcess[]>>; reason?: string }> {
  if (running.length === 0) return { byId: {} };
  const status = await fs.readText(`/proc/${daemonPid}/status`);
  if (!status.ok) return { byId: {}, reason: status.error.message };
  const nspid = parseNsPid(status.value);
  // State.Pid is a pid in dockerd's namespace; it is this /proc's numbering only when dockerd is not nested.
  if (!nspid || nspid.length !== 1) return { byId: {}, reason: `dockerd (pid ${daemonPid}) runs in a nested PID namespace` };
  const wanted = new Set(running.map((c) => c.Id));
  const dir = await fs.readDir("/proc");
  if (!dir.ok) return { byId: {}, reason: dir.error.message };
  const pids = dir.value.filter((e) => /^\d+$/.test(e));
  const found = await mapLimit(pids, 64, async (pid) => {
    const cg = await fs.readText(`/proc/${pid}/cgroup`);
    if (!cg.ok) return undefined;
    const id = cgroupContainerIds(cg.value).find((x) => wanted.has(x));
    if (!id) return undefined;
    const [comm, st] = await Promise.all([fs.readText(`/proc/${pid}/comm`), fs.readText(`/proc/${pid}/status`)]);
    if (!comm.ok || !st.ok) return undefined;
    const euid = /^Uid:\s*\d+\s+(\d+)/m.exec(st.value)?.[1];
    const user = euid === undefined ? undefined : ((await fs.userName(Number(euid))) ?? euid);
    const p: ContainerProcess = { pid, command: comm.value.replace(/\n$/, "") };
    if (user !== undefined) p.user = user;
    return { id, p };
  });
  const byContainer = new Map<string, ContainerProcess[]>();
  for (const f of found) if (f) (byContainer.get(f.id) ?? byContainer.set(f.id, []).get(f.id)!).push(f.p);
  const byId: Record<string, Fact<ContainerProcess[]>> = {};
  for (const c of running) {
    const ps = byContainer.get(c.Id);
    if (!ps || !ps.some((p) => Number(p.pid) === c.State.Pid)) continue;
    ps.sort((a, b) => Number(a.pid) - Number(b.pid));
    byId[c.Id] = okFact(ps, `/proc/*/cgroup naming ${c.Id.slice(0, 12)}`);
  }
  return { byId };
}
