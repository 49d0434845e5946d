// Is dockaudit itself running in one of the audited daemon's containers? Docker bind-mounts
// <data-root>/containers/<id>/{hostname,hosts,resolv.conf} over /etc/hostname, /etc/hosts and /etc/resolv.conf of
// every container (Podman: .../overlay-containers/<id>/userdata/...), so this process's own mount table names its
// container; with cgroup v1 (or a host cgroup namespace) /proc/self/cgroup names it too. Read from this process's
// own /proc, never through --root: it is about the auditor, not the audited host.
import type { ContainerInspect } from "../../snapshot/types.js";
import { cgroupContainerIds } from "./container-procs.js";
import { HostFs } from "../transports/host-fs.js";

export interface SelfContainer {
  id: string;
  name: string;
  /** How it was recognised, e.g. "/proc/self/mountinfo: /etc/hostname from .../containers/<id>/hostname". */
  source: string;
}

const ETC_FILES = new Set(["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"]);

/** Container ids named by the sources of /etc/hostname, /etc/hosts and /etc/resolv.conf in a mountinfo text. */
export function mountinfoContainerIds(mountinfo: string): { id: string; line: string }[] {
  const out: { id: string; line: string }[] = [];
  for (const line of mountinfo.split("\n")) {
    // mount-id parent-id major:minor root mount-point options ... - fstype source super-options
    const [, , , rawRoot, rawMountPoint] = line.split(" ");
    if (rawRoot === undefined || rawMountPoint === undefined) continue;
    const [root, mountPoint] = [unescapeMountinfo(rawRoot), unescapeMountinfo(rawMountPoint)];
    if (!ETC_FILES.has(mountPoint)) continue;
    const [, id] = /\/([0-9a-f]{64})\/(?:userdata\/)?(?:hostname|hosts|resolv\.conf)$/.exec(root) ?? [];
    if (id !== undefined) out.push({ id, line: `${mountPoint} from ${root}` });
  }
  return out;
}

function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * The collected container this process runs in, or undefined (not in a container, or in one of another daemon).
 * Only an id that is one of `containers` counts, so a stray 64-hex path can never hide a container from the audit.
 */
export function recogniseSelf(containers: readonly ContainerInspect[], texts: { mountinfo?: string; cgroup?: string }): SelfContainer | undefined {
  const byId = new Map(containers.map((c) => [c.Id, c]));
  const candidates = [
    ...mountinfoContainerIds(texts.mountinfo ?? "").map((c) => ({ id: c.id, source: `/proc/self/mountinfo: ${c.line}` })),
    ...cgroupContainerIds(texts.cgroup ?? "").map((id) => ({ id, source: `/proc/self/cgroup names ${id}` })),
  ];
  for (const c of candidates) {
    const hit = byId.get(c.id);
    if (hit) return { id: hit.Id, name: hit.Name.replace(/^\//, ""), source: c.source };
  }
  return undefined;
}

export async function collectSelfContainer(containers: readonly ContainerInspect[], fs = new HostFs("/")): Promise<SelfContainer | undefined> {
  const [mountinfo, cgroup] = await Promise.all([fs.readText("/proc/self/mountinfo"), fs.readText("/proc/self/cgroup")]);
  return recogniseSelf(containers, { mountinfo: mountinfo.ok ? mountinfo.value : undefined, cgroup: cgroup.ok ? cgroup.value : undefined });
}
