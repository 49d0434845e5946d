// Shared predicates for section 5: security options, capabilities, published ports and host paths, parsed the way
// dockerd itself parses them so that a check and the daemon never disagree about what a setting means.
import { daemonSetting } from "../../src/engine/define.js";
import type { EvalContext } from "../../src/engine/types.js";
import type { ContainerInspect, MountPoint } from "../../src/snapshot/types.js";
import { parseSecurityOpt, type SecurityOpt } from "../../src/snapshot/notions.js";
import { isWithin, normalisePath } from "../paths.js";

export { DEFAULT_CAPS, normaliseCap, parseGoBool, parseSecurityOpt, type SecurityOpt } from "../../src/snapshot/notions.js";

/** A container's security options (HostConfig.SecurityOpt), parsed as dockerd parses them. */
export function securityOpts(c: ContainerInspect): SecurityOpt[] {
  return (c.HostConfig.SecurityOpt ?? []).map(parseSecurityOpt);
}

export interface PublishedPort {
  /** Container side, e.g. "80/tcp". */
  port: string;
  hostIp: string;
  /** As given, e.g. "8080", "8000-8010", or "" for an ephemeral port. */
  hostPort: string;
  /** Lowest host port of the binding, null when Docker picks one. */
  lowPort: number | null;
}

export interface PublishedPorts {
  ports: PublishedPort[];
  /** Which inspect field the bindings came from. */
  from: "NetworkSettings.Ports" | "HostConfig.PortBindings";
}

/**
 * The host bindings of a container: what the daemon actually bound while it runs (NetworkSettings.Ports), what
 * is configured otherwise (HostConfig.PortBindings). Published ports are discarded in the host network mode.
 */
export function publishedPorts(c: ContainerInspect): PublishedPorts {
  const effective = c.NetworkSettings.Ports;
  const useEffective = c.State.Running && effective !== undefined && effective !== null;
  const from = useEffective ? "NetworkSettings.Ports" : "HostConfig.PortBindings";
  const source = useEffective ? effective : c.HostConfig.NetworkMode === "host" ? {} : (c.HostConfig.PortBindings ?? {});
  const ports: PublishedPort[] = [];
  for (const [port, bindings] of Object.entries(source ?? {})) {
    for (const b of bindings ?? []) {
      const hostPort = String(b.HostPort ?? "");
      const low = /^\d+/.exec(hostPort);
      const lowPort = low && Number(low[0]) > 0 ? Number(low[0]) : null;
      ports.push({ port, hostIp: b.HostIp ?? "", hostPort, lowPort });
    }
  }
  return { ports, from };
}

export function describePort(p: PublishedPort): string {
  const ip = p.hostIp.includes(":") && !p.hostIp.startsWith("[") ? `[${p.hostIp}]` : p.hostIp || "*";
  return `${ip}:${p.hostPort || "(ephemeral)"}->${p.port}`;
}

/** Addresses that mean "every interface of the host", IPv4 and IPv6 alike. */
export function isAllInterfaces(ip: string): boolean {
  return ["", "0.0.0.0", "::", "[::]"].includes(ip.trim());
}

/**
 * The address an unaddressed configured binding will use: the daemon's "ip" setting, else dockerd's default of
 * every interface. Undefined when the daemon's configuration could not be read.
 */
export function daemonDefaultBindIp(ctx: EvalContext): string | undefined {
  if (!ctx.snapshot.daemon.effective.ok) return undefined;
  const ip = daemonSetting(ctx, "ip")?.value;
  return typeof ip === "string" && ip !== "" ? ip : "0.0.0.0";
}

export { isWithin, normalisePath };

/** Bind mounts only: named volumes, tmpfs and the like have no host path a user chose. */
export function bindMounts(c: ContainerInspect): MountPoint[] {
  return (c.Mounts ?? []).filter((m) => m.Type === "bind" && typeof m.Source === "string" && m.Source !== "");
}

/**
 * Paths of the Docker API socket on this host: the usual ones, the audited endpoint and every unix:// listener of
 * the daemon, each also under its /run ↔ /var/run alias (one is normally a symlink to the other).
 */
export function dockerSocketPaths(ctx: EvalContext): string[] {
  const paths = new Set(["/var/run/docker.sock", "/run/docker.sock"]);
  const hosts: unknown[] = [ctx.snapshot.collection.dockerHost];
  if (ctx.snapshot.daemon.effective.ok) {
    const h = daemonSetting(ctx, "hosts")?.value;
    hosts.push(...(Array.isArray(h) ? h : [h]));
  }
  if (ctx.snapshot.daemon.flags.ok) hosts.push(...(ctx.snapshot.daemon.flags.value["host"] ?? []), ...(ctx.snapshot.daemon.flags.value["H"] ?? []));
  for (const h of hosts) {
    if (typeof h === "string" && h.startsWith("unix://") && h.length > "unix://".length) paths.add(normalisePath(h.slice("unix://".length)));
  }
  for (const p of [...paths]) {
    if (p.startsWith("/var/run/")) paths.add(p.slice("/var".length));
    else if (p.startsWith("/run/")) paths.add("/var" + p);
  }
  return [...paths].sort();
}
