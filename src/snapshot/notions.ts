// One parser per Docker notion, as dockerd itself reads it, so that every check (and the daemon) agrees on what
// a setting in the snapshot means: security options, Go booleans, capability names, CPU lists, the default
// bridge network and shared namespaces. Pure functions.
import type { ContainerInspect, DockerVersion, Fact, NetworkInspect } from "./types.js";

/** Go's strconv.ParseBool, which dockerd uses for boolean flags and options; undefined when it would reject. */
export function parseGoBool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return undefined;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** One `--security-opt` of a container (HostConfig.SecurityOpt). */
export interface SecurityOpt {
  key: string;
  value?: string;
  raw: string;
}

/** As dockerd splits a container's security option: at the first "=", or at the first ":" in the deprecated colon form. */
export function parseSecurityOpt(raw: string): SecurityOpt {
  const sep = raw.includes("=") ? "=" : raw.includes(":") ? ":" : null;
  if (sep === null) return { key: raw, raw };
  const i = raw.indexOf(sep);
  return { key: raw.slice(0, i), value: raw.slice(i + 1), raw };
}

/**
 * One entry of the daemon's info.SecurityOptions, e.g. "name=seccomp,profile=builtin" → {name: "seccomp",
 * profile: "builtin"}. Engines before 1.13 listed bare names ("seccomp"); those parse to {name}.
 */
export function parseDaemonSecurityOption(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const part of raw.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) attrs["name"] ??= part;
    else attrs[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return attrs;
}

/** The daemon security option with this exact name (never a substring match), or undefined. */
export function daemonSecurityOption(options: readonly string[] | null | undefined, name: string): Record<string, string> | undefined {
  for (const raw of options ?? []) {
    const attrs = parseDaemonSecurityOption(raw);
    if (attrs["name"] === name) return attrs;
  }
  return undefined;
}

/** Docker's default capability set (moby oci/caps/defaults.go); adding one of these changes nothing. */
export const DEFAULT_CAPS: ReadonlySet<string> = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

/** dockerd accepts "cap_net_admin", "CAP_NET_ADMIN" and "NET_ADMIN" alike; "ALL" stays "ALL". */
export function normaliseCap(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, "");
}

/**
 * A cgroup CPU list as --cpuset-cpus takes it ("0-3,6", "1"), as the set of CPU numbers; undefined when it is
 * not a CPU list. Ranges are bounded so a hostile snapshot cannot make it allocate without limit.
 */
export function parseCpuSet(list: string): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of list.split(",")) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]), to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 65536) return undefined;
    for (let i = from; i <= to; i++) out.add(i);
  }
  return out;
}

/**
 * The daemon's default bridge network: the one libnetwork marks with com.docker.network.bridge.default_bridge
 * (a Go boolean), else the reserved name "bridge" with the bridge driver.
 */
export function defaultBridge(networks: readonly NetworkInspect[]): NetworkInspect | undefined {
  return networks.find((n) => parseGoBool(n.Options?.["com.docker.network.bridge.default_bridge"]) === true)
    ?? networks.find((n) => n.Name === "bridge" && n.Driver === "bridge");
}

/** The namespaces a container can share with the host or with another container, by their HostConfig field. */
export const NAMESPACE_MODE = { pid: "PidMode", ipc: "IpcMode", network: "NetworkMode" } as const;
export type SharedNamespace = keyof typeof NAMESPACE_MODE;

export type JoinedNamespace =
  | { kind: "host"; via: string[] }
  | { kind: "own"; via: string[]; mode: string }
  | { kind: "unknown"; via: string[]; why: string };

/**
 * Where a container's PID, IPC or network namespace really is. `--pid=container:X` (and `--ipc`, `--network`) joins
 * X's namespace, which may itself be the host's (X started with `--pid=host`): the mode is followed through such
 * chains, by full id, id prefix or name, to where they end. `via` names the containers passed through. A target
 * not among the inspected containers, or a cycle, leaves it unknown: never "own".
 */
export function joinedNamespace(c: ContainerInspect, ns: SharedNamespace, all: readonly ContainerInspect[]): JoinedNamespace {
  const field = NAMESPACE_MODE[ns];
  const via: string[] = [];
  let cur = c;
  for (let hop = 0; hop <= all.length; hop++) {
    const mode = cur.HostConfig[field] ?? "";
    if (mode === "host") return { kind: "host", via };
    if (!mode.startsWith("container:")) return { kind: "own", via, mode: mode || "private" };
    const ref = mode.slice("container:".length);
    const target = all.find((x) => x.Id === ref) ?? all.find((x) => x.Name === `/${ref}` || x.Name === ref)
      ?? (ref.length >= 4 && /^[0-9a-f]+$/.test(ref) ? all.find((x) => x.Id.startsWith(ref)) : undefined);
    if (!target) return { kind: "unknown", via, why: `it joins container ${ref}, which was not among the inspected containers` };
    const name = target.Name.replace(/^\//, "");
    if (target.Id === c.Id || via.includes(name)) return { kind: "unknown", via, why: `the --${ns}=container: chain loops back to ${name}` };
    via.push(name);
    cur = target;
  }
  return { kind: "unknown", via, why: "the container: chain is too long" };
}

/** An AppArmor label as the kernel prints it: "docker-default (enforce)" → { profile: "docker-default", mode: "enforce" }; "unconfined" → mode "unconfined". */
export function parseAppArmorLabel(label: string): { profile: string; mode: string } {
  if (label === "unconfined") return { profile: "unconfined", mode: "unconfined" };
  const m = /^(.*) \(([a-z]+)\)$/.exec(label);
  return m ? { profile: m[1] ?? label, mode: m[2] ?? "enforce" } : { profile: label, mode: "enforce" };
}

/** Podman's component in GET /version ("Podman Engine"), which is how Podman serving the Engine API is told from dockerd. */
export function podmanComponent(version: DockerVersion): { Name?: string; Version?: string } | undefined {
  return (version.Components ?? []).find((c) => c?.Name === "Podman Engine") ?? undefined;
}

/** Whether GET /version (read) says the engine is Podman: the one test the collector and the engine both use. */
export function isPodmanVersion(version: Fact<DockerVersion>): boolean {
  return version.ok && podmanComponent(version.value) !== undefined;
}
