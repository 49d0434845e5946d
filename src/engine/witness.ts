// Witnesses: which fact decided a finding (`evidence.source`), and the kernel's view of containers and the daemon
// that outranks configuration wherever it exists. Order, strongest first: the kernel (/proc/PID/status of the
// process), the running daemon's API (/info, inspect), then configuration (flags, daemon.json, dockerd's
// environment). A daemon.json changed after dockerd started may hold settings that are not in effect.
import { daemonSecurityOption } from "../snapshot/notions.js";
import type { ContainerInspect, ContainerRuntime, ProcessSecurity, SettingOrigin, Snapshot } from "../snapshot/types.js";
import { engineOf } from "./applicability.js";

/** The witness that decided a finding, recorded as `evidence.source`. */
export type Witness = "kernel" | "inspect" | "API" | "flag" | "daemon.json" | "environment";

export function originWitness(from: SettingOrigin["from"]): Witness {
  return from === "flag" ? "flag" : from === "environment" ? "environment" : "daemon.json";
}

/** The kernel's facts for a container's init, or why there are none (not collected, unreadable, not running). */
export function kernelView(snapshot: Snapshot, c: ContainerInspect): { ok: true; value: ContainerRuntime; source: string } | { ok: false; reason: string } {
  const rt = snapshot.host.runtime;
  if (!rt) return { ok: false, reason: "the kernel's view of containers was not collected" };
  if (!rt.ok) return { ok: false, reason: rt.error };
  const f = rt.value.containers[c.Id];
  if (!f) return { ok: false, reason: c.State.Running ? "the container's init process was not read" : "the container is not running" };
  return f.ok ? { ok: true, value: f.value, source: f.source } : { ok: false, reason: f.error };
}

/** What the daemon's process is called in a finding: dockerd, or on Podman the `podman system service` process. */
export function daemonProcessName(snapshot: Snapshot): string {
  return engineOf(snapshot).kind === "podman" ? "the Podman service" : "dockerd";
}

/** The daemon process's own kernel facts (what containers inherit), when read. */
export function daemonKernel(snapshot: Snapshot): ProcessSecurity | undefined {
  const rt = snapshot.host.runtime;
  return rt?.ok && rt.value.daemon.ok ? rt.value.daemon.value : undefined;
}

/**
 * daemon.json keys dockerd applies again on SIGHUP (dockerd reference, "Configuration reload behavior"); every
 * other key is read only when dockerd starts.
 */
export const RELOADABLE_KEYS: ReadonlySet<string> = new Set([
  "debug", "labels", "live-restore", "max-concurrent-downloads", "max-concurrent-uploads", "max-download-attempts",
  "default-runtime", "runtimes", "authorization-plugins", "insecure-registries", "registry-mirrors", "shutdown-timeout",
  "features", "allow-nondistributable-artifacts", "network-diagnostic-port", "default-shm-size", "builder",
]);

/**
 * How far the recorded start of a process may lie before its real start: /proc/stat's btime is whole seconds
 * (truncated), /proc/PID/stat's starttime clock ticks (10 ms).
 */
export const START_TIME_PRECISION_MS = 1010;

/**
 * When dockerd's config file was provably changed after dockerd started: both times, else undefined. A file written
 * just before dockerd started (as dockerd-rootless.sh setups and service managers do) can look up to a second younger
 * than the recorded start, which is only known to START_TIME_PRECISION_MS: such a file is not flagged.
 */
export function configChangedAfterStart(snapshot: Snapshot): { modifiedAt: string; startedAt: string; path: string } | undefined {
  const p = snapshot.daemon.process;
  const f = snapshot.daemon.configFile;
  if (!p.ok || !f.ok || !p.value.startedAt || !f.value.modifiedAt || !f.value.present) return undefined;
  return Date.parse(f.value.modifiedAt) > Date.parse(p.value.startedAt) + START_TIME_PRECISION_MS
    ? { modifiedAt: f.value.modifiedAt, startedAt: p.value.startedAt, path: f.value.path }
    : undefined;
}

/**
 * For a setting read from a daemon.json changed after dockerd started: why it may not be in effect. Keys dockerd
 * reloads are in effect only if it was sent SIGHUP since; the others only after a restart.
 */
export function staleSettingNote(snapshot: Snapshot, key: string, origin: SettingOrigin): string | undefined {
  if (origin.from !== "config-file") return undefined;
  const changed = configChangedAfterStart(snapshot);
  if (!changed) return undefined;
  const when = `${changed.path} was changed at ${changed.modifiedAt}, after dockerd started at ${changed.startedAt}`;
  return RELOADABLE_KEYS.has(key)
    ? `${when}: "${key}" is in effect only if dockerd was reloaded (SIGHUP) since`
    : `${when}: "${key}" may not be in effect, dockerd reads it only when it starts`;
}

/** Whether a container was created by the running dockerd (after it started), so it got the daemon's current defaults. */
export function createdByRunningDaemon(snapshot: Snapshot, c: ContainerInspect): boolean | undefined {
  return byRunningDaemon(snapshot, c, "created");
}

/**
 * Whether the running dockerd created (or started) a container: true after dockerd's start, false before, undefined
 * when either time is unknown. Defaults fixed at creation (no-new-privileges) go with "created"; those dockerd
 * applies when it builds the runtime spec at each start (the seccomp profile) with "started".
 */
export function byRunningDaemon(snapshot: Snapshot, c: ContainerInspect, at: "created" | "started"): boolean | undefined {
  const p = snapshot.daemon.process;
  const when = at === "created" ? c.Created : c.State.StartedAt;
  if (!p.ok || !p.value.startedAt || !when) return undefined;
  const t = Date.parse(when);
  const started = Date.parse(p.value.startedAt);
  if (Number.isNaN(t) || Number.isNaN(started)) return undefined;
  return t >= started;
}

/** A running container that relies on a daemon default, as the kernel shows it. */
export interface DefaultWitness {
  name: string;
  init: ProcessSecurity;
  /** true: created (or started) by the running dockerd; undefined: unknown (dockerd's start time was not read). */
  byRunningDaemon: true | undefined;
}

/**
 * The kernel's witnesses of a daemon-wide default: running containers with no option of their own for it
 * (`relies`), whose init the kernel shows. Containers provably created (or started) before the running dockerd
 * are left out: they keep the default of the daemon that made them. Witnesses whose age is unknown cannot
 * outrank what the running daemon reports, but a configuration they contradict cannot be trusted either.
 */
export function defaultWitnesses(snapshot: Snapshot, relies: (c: ContainerInspect) => boolean, at: "created" | "started"): DefaultWitness[] {
  const all = snapshot.engine.containers;
  const out: DefaultWitness[] = [];
  for (const c of all.ok ? all.value : []) {
    if (!c.State.Running || !relies(c)) continue;
    const by = byRunningDaemon(snapshot, c, at);
    if (by === false) continue;
    const k = kernelView(snapshot, c);
    if (!k.ok) continue;
    out.push({ name: c.Name.replace(/^\//, ""), init: k.value.init, byRunningDaemon: by });
  }
  return out;
}

/** "web (pid 4242), db (pid 4243)". */
export function witnessList(ws: DefaultWitness[]): string {
  return ws.map((w) => `${w.name} (pid ${w.init.pid})`).join(", ");
}

/** A verdict as checks build them (define.ts's Verdict, repeated here to keep this module free of imports from it). */
interface WitnessVerdict {
  status: "pass" | "fail" | "manual" | "info" | "skip" | "error" | "waived";
  message: string;
  evidence?: Record<string, unknown>;
}

/**
 * Combines what the configuration (inspect) says with what the kernel shows for a container's init. The kernel's
 * verdict wins when there is one, with one exception: when the kernel shows the init better off than the
 * configuration and `configFailStands` says why the configured failure still applies (processes started by
 * `docker exec` get the configured user and capabilities, not what the init later made of them), the configured
 * failure stands, decided by inspect. A disagreement is spelled out and both are kept in the evidence. Without
 * the kernel's view the configuration decides, and the evidence says why the kernel could not.
 */
export function decideWithKernel(
  configured: WitnessVerdict,
  kernel: { verdict: WitnessVerdict; facts: Record<string, unknown> } | { unavailable: string },
  configFailStands?: string,
): WitnessVerdict {
  if ("unavailable" in kernel) {
    return { ...configured, evidence: { ...configured.evidence, source: "inspect", kernel: { unavailable: kernel.unavailable } } };
  }
  const k = kernel.verdict;
  const both = { kernel: kernel.facts, inspect: `${configured.status}: ${configured.message}` };
  if (k.status === "pass" && configured.status === "fail" && configFailStands) {
    return {
      status: "fail",
      message: `${configured.message} (${configFailStands}), although ${k.message}`,
      evidence: { ...configured.evidence, source: "inspect", ...both },
    };
  }
  const agree = k.status === configured.status || configured.status === "error";
  const message = agree ? k.message : `${k.message}; inspect disagrees: it ${configured.message}`;
  return { status: k.status, message, evidence: { ...configured.evidence, ...k.evidence, source: "kernel", ...both } };
}

/** The cgroup controls a container's resource limits need, by the GET /info field that says the daemon applies them. */
export const CGROUP_CONTROLS = {
  memory: "MemoryLimit",
  pids: "PidsLimit",
  "cpu-shares": "CPUShares",
  "cpu-quota": "CpuCfsQuota",
  cpuset: "CPUSet",
} as const;
export type CgroupControl = keyof typeof CGROUP_CONTROLS;

export type CgroupEnforcement =
  | { enforced: true; evidence: Record<string, unknown> }
  | { enforced: false; why: string; evidence: Record<string, unknown> }
  | { unknown: string };

/**
 * Whether the running daemon applies a cgroup limit its containers ask for, as GET /info says: with the cgroup
 * driver "none" (rootless dockerd on cgroup v1: no cgroups at all) or the control's field false (e.g. MemoryLimit),
 * a limit in HostConfig is stored and shown by inspect but nothing enforces it. A field the API does not report
 * leaves the configuration to decide; an unreadable /info leaves it unknown.
 */
export function cgroupEnforcement(snapshot: Snapshot, control: CgroupControl): CgroupEnforcement {
  const info = snapshot.engine.info;
  if (!info.ok) return { unknown: `GET /info could not be read: ${info.error}` };
  const field = CGROUP_CONTROLS[control];
  const driver = info.value.CgroupDriver;
  const value = info.value[field];
  const evidence: Record<string, unknown> = { source: "API", CgroupDriver: driver ?? null, [field]: typeof value === "boolean" ? value : null };
  if (driver === "none") {
    const rootless = daemonSecurityOption(info.value.SecurityOptions, "rootless") !== undefined;
    const v1 = info.value.CgroupVersion === "1" ? " on cgroup v1" : "";
    return { enforced: false, why: `the daemon runs without cgroups (GET /info CgroupDriver "none"${rootless ? `: rootless${v1}` : ""})`, evidence };
  }
  if (value === false) return { enforced: false, why: `the daemon cannot apply it (GET /info ${field} false)`, evidence };
  return { enforced: true, evidence };
}
