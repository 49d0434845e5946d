// One parser per Docker notion, as dockerd itself reads it, so that every check (and the daemon) agrees on what
// a setting in the snapshot means: security options, Go booleans, capability names, CPU lists and the default
// bridge network. Pure functions.
import type { NetworkInspect } from "./types.js";

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
