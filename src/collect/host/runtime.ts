// What the kernel enforces, read from the audited host's /proc: the daemon's own process and each running
// container's init process (State.Pid). /proc/PID/status carries NoNewPrivs, Seccomp, the capability sets and the
// ids; /proc/PID/ns/pid names the PID namespace and /proc/PID/uid_map the user namespace's id mapping. A pid is
// taken as the container's only when it is the init of its own PID namespace (NSpid ends in 1) or, sharing the
// host's namespace, its cgroup names the container: cgroup paths alone do not name containers everywhere
// (rootless on cgroup v1 has none per container). Read-only; nothing else of the process is read.
import type { ContainerInspect, ContainerRuntime, Fact, ProcessSecurity, RuntimeFacts } from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import { cgroupContainerIds, parseNsPid } from "./container-procs.js";
import type { HostFs } from "../transports/host-fs.js";
import { mapLimit } from "../map-limit.js";
import { parseCmdline } from "../daemon/proc.js";

/** Linux capability numbers (linux/capability.h) → names without the CAP_ prefix, as Docker spells them. */
export const CAPABILITY_NAMES: readonly string[] = [
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
  "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
  "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
  "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
  "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
  "CHECKPOINT_RESTORE",
];

/** A kernel capability mask ("000001fffeffffff") → names; a bit without a known name becomes "CAP_<n>". */
export function decodeCapabilities(hex: string): string[] {
  let mask: bigint;
  try {
    mask = BigInt(`0x${hex.trim()}`);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((mask >> BigInt(bit)) & 1n) out.push(CAPABILITY_NAMES[bit] ?? `CAP_${bit}`);
  }
  return out;
}

/** The security fields of /proc/PID/status; undefined when a line every kernel since 4.x prints is missing. */
export function parseSecurityStatus(pid: number, text: string): Omit<ProcessSecurity, "pidNamespace"> | undefined {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(text)?.[1]?.trim();
  const ids = (name: string) => field(name)?.split(/\s+/).map(Number);
  const [uidReal, uidEffective] = ids("Uid") ?? [];
  const [gidReal, gidEffective] = ids("Gid") ?? [];
  const [eff, prm, bnd] = [field("CapEff"), field("CapPrm"), field("CapBnd")];
  if (uidReal === undefined || uidEffective === undefined || gidReal === undefined || gidEffective === undefined) return undefined;
  if (eff === undefined || prm === undefined || bnd === undefined) return undefined;
  const nnp = field("NoNewPrivs");
  const sec = field("Seccomp");
  const filters = field("Seccomp_filters");
  const ppid = field("PPid");
  const out: Omit<ProcessSecurity, "pidNamespace"> = {
    pid,
    nsPid: parseNsPid(text) ?? [pid],
    ppid: ppid === undefined ? null : Number(ppid),
    noNewPrivs: nnp === undefined ? null : nnp === "1",
    seccomp: sec === "0" ? "disabled" : sec === "1" ? "strict" : sec === "2" ? "filter" : null,
    capEff: decodeCapabilities(eff),
    capPrm: decodeCapabilities(prm),
    capBnd: decodeCapabilities(bnd),
    capHex: { eff, prm, bnd },
    uid: { real: uidReal, effective: uidEffective },
    gid: { real: gidReal, effective: gidEffective },
  };
  if (filters !== undefined) out.seccompFilters = Number(filters);
  return out;
}

/** "pid:[4026531836]" → 4026531836. */
export function namespaceInode(link: string): number | undefined {
  const m = /^[a-z_]+:\[(\d+)\]$/.exec(link.trim());
  return m ? Number(m[1]) : undefined;
}

export interface IdMapRange {
  inside: number;
  outside: number;
  count: number;
}

export function parseIdMap(text: string): IdMapRange[] {
  return text.split("\n").flatMap((l) => {
    const f = l.trim().split(/\s+/).map(Number);
    const [inside, outside, count] = f;
    if (f.length !== 3 || !f.every(Number.isFinite) || inside === undefined || outside === undefined || count === undefined) return [];
    return [{ inside, outside, count }];
  });
}

/** The id inside the namespace for an id as the audited /proc shows it; null when the map does not cover it. */
export function insideId(map: readonly IdMapRange[], id: number): number | null {
  const r = map.find((m) => id >= m.outside && id < m.outside + m.count);
  return r ? r.inside + (id - r.outside) : null;
}

const isIdentity = ([only, ...more]: readonly IdMapRange[]) => only !== undefined && more.length === 0 && only.inside === 0 && only.outside === 0 && only.count >= 4294967295;

/** One process's kernel facts, or why they could not be read (exited, permission). */
export async function readProcessSecurity(fs: HostFs, pid: number, opts: { apparmor?: boolean } = {}): Promise<Fact<ProcessSecurity>> {
  const source = `/proc/${pid}/status`;
  const [status, ns, uidMap, apparmor] = await Promise.all([
    fs.readText(source), fs.readlink(`/proc/${pid}/ns/pid`), fs.readText(`/proc/${pid}/uid_map`),
    opts.apparmor === false ? undefined : readAppArmorLabel(fs, pid),
  ]);
  if (!status.ok) {
    const gone = status.error.code === "ENOENT" || status.error.code === "ESRCH";
    return errFact(gone ? `process ${pid} is gone (it exited during the audit)` : status.error.message, source);
  }
  const parsed = parseSecurityStatus(pid, status.value);
  if (!parsed) return errFact(`${source} lacks the Uid, Gid or Cap* lines`, source);
  const out: ProcessSecurity = { ...parsed, pidNamespace: ns.ok ? (namespaceInode(ns.value) ?? null) : null };
  if (uidMap.ok) {
    const map = parseIdMap(uidMap.value);
    if (map.length > 0 && !isIdentity(map)) out.nsUid = { real: insideId(map, out.uid.real), effective: insideId(map, out.uid.effective) };
  }
  if (apparmor !== undefined) out.apparmor = apparmor;
  return okFact(out, source);
}

/**
 * The AppArmor label of a process: attr/apparmor/current (kernels with LSM stacking), else attr/current when it
 * reads as an AppArmor label ("name (mode)" or "unconfined"). Undefined where AppArmor is not active (the read fails
 * with EINVAL) or the text is another LSM's (an SELinux context has colons). Bounded: a label is one short line.
 */
export async function readAppArmorLabel(fs: HostFs, pid: number): Promise<string | undefined> {
  for (const p of [`/proc/${pid}/attr/apparmor/current`, `/proc/${pid}/attr/current`]) {
    const r = await fs.readText(p);
    if (!r.ok) continue;
    const label = r.value.replace(/\0/g, "").trim();
    if (label.length > 0 && label.length <= 256 && (label === "unconfined" || /^[^\s:]+(?: \((?:enforce|complain|kill|unconfined|prompt)\))?$/.test(label))) return label;
  }
  return undefined;
}

type Running = Pick<ContainerInspect, "Id" | "State" | "HostConfig">;

/**
 * The container a runtime monitor runs, from its argv: Podman's `conmon … -c <id>` (or --cid) and containerd's
 * `containerd-shim-runc-v2 … -id <id>`, the parent of each container's init. Undefined for any other process.
 */
export function monitoredContainer(argv: readonly string[]): { monitor: string; id: string } | undefined {
  const monitor = (argv[0] ?? "").split("/").pop() ?? "";
  const flags = monitor === "conmon" ? ["-c", "--cid"] : monitor.startsWith("containerd-shim") ? ["-id"] : [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] ?? "";
    const eq = a.indexOf("=");
    const [flag, value] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, argv[i + 1]];
    if (flags.includes(flag) && value !== undefined && /^[0-9a-f]{64}$/.test(value)) return { monitor, id: value };
  }
  return undefined;
}

/**
 * Ties a pid to a container: the init of its own PID namespace (not the daemon's) whose cgroup names no other
 * container, or, in the daemon's namespace (--pid=host), a process whose cgroup names the container, or (no cgroup
 * per container: rootless on cgroup v1) whose parent is the runtime monitor running that container (`parent`: the
 * argv of /proc/PPID/cmdline).
 */
export function identify(c: Running, p: ProcessSecurity, daemonNs: number | null, cgroup: string | undefined, parent?: readonly string[]): { ok: true; by: string } | { ok: false; why: string } {
  const ids = cgroup === undefined ? [] : cgroupContainerIds(cgroup);
  const [named] = ids;
  if (named !== undefined && !ids.includes(c.Id)) return { ok: false, why: `pid ${p.pid} belongs to another container (its cgroup names ${named.slice(0, 12)}): the container's process exited and the pid was reused` };
  const ownNs = p.nsPid.length > 1 && p.nsPid[p.nsPid.length - 1] === 1 && (p.pidNamespace === null || p.pidNamespace !== daemonNs);
  if (ownNs) return { ok: true, by: `init of its own PID namespace${p.pidNamespace !== null ? ` (pid:[${p.pidNamespace}])` : ""}, NSpid ${p.nsPid.join(" ")}` };
  if (ids.includes(c.Id)) return { ok: true, by: `its cgroup names ${c.Id.slice(0, 12)}` };
  const monitored = parent ? monitoredContainer(parent) : undefined;
  if (monitored?.id === c.Id && p.ppid !== null) return { ok: true, by: `its parent ${monitored.monitor} (pid ${p.ppid}) runs ${c.Id.slice(0, 12)}` };
  const mode = c.HostConfig.PidMode ?? "";
  const shared = mode === "host" ? "the host's PID namespace (--pid=host)" : mode.startsWith("container:") ? `the PID namespace of ${mode}` : undefined;
  return {
    ok: false,
    why: shared
      ? `pid ${p.pid} shares ${shared} and its cgroup does not name the container, so it cannot be tied to it`
      : `pid ${p.pid} is not the init of a PID namespace of its own (NSpid ${p.nsPid.join(" ")}): the container's process exited and the pid was reused`,
  };
}

/**
 * The runtime slice: the daemon's process and every running container's init. `daemonPid` is the dockerd serving
 * the audited endpoint (undefined with the reason when it is not known). `apparmor: false` (the host has AppArmor
 * off) skips reading the inits' AppArmor labels, which would fail anyway.
 */
export async function collectRuntime(
  fs: HostFs,
  daemon: { pid: number } | { error: string },
  containers: Fact<Running[]>,
  opts: { apparmor?: boolean } = {},
): Promise<Fact<RuntimeFacts>> {
  if (!containers.ok) return errFact(`the containers could not be listed: ${containers.error}`, containers.source);
  if ("error" in daemon) return errFact(`the daemon's process is unknown, so container pids cannot be read: ${daemon.error}`, "/proc");
  const d = await readProcessSecurity(fs, daemon.pid, opts);
  const running = containers.value.flatMap((c) => (c.State.Running && c.State.Pid !== undefined && c.State.Pid > 0 ? [{ c, pid: c.State.Pid }] : []));
  const out: RuntimeFacts = { daemon: d, containers: {} };
  // State.Pid is a pid in dockerd's PID namespace; this /proc numbers processes that way only when dockerd is not nested.
  const nested = d.ok && d.value.nsPid.length !== 1;
  const one = async ({ c, pid }: { c: Running; pid: number }): Promise<Fact<ContainerRuntime>> => {
    if (!d.ok) return errFact(`dockerd's own process could not be read (${d.error}), so pid ${pid} cannot be placed`, `/proc/${pid}/status`);
    if (nested) return errFact(`dockerd (pid ${daemon.pid}) runs in a nested PID namespace (NSpid ${d.value.nsPid.join(" ")}): State.Pid ${pid} is not a pid of ${fs.root === "/" ? "this" : fs.root} /proc`, `/proc/${daemon.pid}/status`);
    const [p, cg] = await Promise.all([readProcessSecurity(fs, pid, opts), fs.readText(`/proc/${pid}/cgroup`)]);
    if (!p.ok) return p;
    let who = identify(c, p.value, d.value.pidNamespace, cg.ok ? cg.value : undefined);
    if (!who.ok && p.value.ppid !== null && p.value.ppid > 1) {
      // Only when the namespace and cgroup cannot tell: one more read, the parent's command line.
      const parent = await fs.readText(`/proc/${p.value.ppid}/cmdline`);
      if (parent.ok) who = identify(c, p.value, d.value.pidNamespace, cg.ok ? cg.value : undefined, parseCmdline(parent.value));
    }
    if (!who.ok) return errFact(who.why, p.source);
    return okFact({ init: p.value, identifiedBy: who.by }, p.source);
  };
  const results = await mapLimit(running, 32, async (r) => [r.c.Id, await one(r)] as const);
  for (const [id, fact] of results) out.containers[id] = fact;
  return okFact(out, fs.root === "/" ? "/proc/PID/status of dockerd and each container's State.Pid" : `/proc/PID/status under ${fs.root}`);
}
