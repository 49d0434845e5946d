// Shared predicates for section 5: security options, capabilities, published ports and host paths, parsed the way
// dockerd itself parses them so that a check and the daemon never disagree about what a setting means.
import { type ContainerInspect, daemonKernel, daemonProcessName, daemonSetting, decideWithKernel, error, type EvalContext, fail, joinedNamespace, kernelView, type MountPoint, NAMESPACE_MODE, pass, type SharedNamespace, type Verdict } from "../../src/check-api.js";
import { isWithin, normalisePath } from "../paths.js";

export { DEFAULT_CAPS, normaliseCap, parseGoBool, parseSecurityOpt, type SecurityOpt } from "../../src/check-api.js";
export { securityOpts, type CgroupLimit, enforcedLimits } from "../shared.js";

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

export interface SharedNamespaceWords {
  /** "PID", "IPC", "network". */
  what: string;
  /** The flag's name: "pid", "ipc", "network". */
  flag: string;
  /** The pass message for a namespace not the host's, given the mode ("private", "bridge", "shareable"...). */
  notShared: (mode: string) => string;
}

/**
 * 5.10, 5.16, 5.17: whether a container is in the host's PID, IPC or network namespace, by its mode followed through
 * `container:` chains (a container joining one started with `--pid=host` is in the host's namespace too). A chain
 * that cannot be followed is an error, never a pass. For the PID namespace the kernel decides where it can: the
 * init's /proc/PID/ns/pid against dockerd's own (dockerd is in the audited host's PID namespace whenever its
 * containers' kernel facts are read at all).
 */
export function sharedNamespaceVerdict(c: ContainerInspect, ctx: EvalContext, ns: SharedNamespace, words: SharedNamespaceWords): Verdict {
  const all = ctx.snapshot.engine.containers.ok ? ctx.snapshot.engine.containers.value : [c];
  const field = NAMESPACE_MODE[ns];
  const mode = c.HostConfig[field] ?? "";
  const j = joinedNamespace(c, ns, all);
  const evidence: Record<string, unknown> = { [field]: mode || null, ...(j.via.length > 0 ? { through: j.via } : {}) };
  const chain = j.via.length > 0 ? ` through container ${j.via.join(" → ")}` : "";
  const configured = j.kind === "host"
    ? fail(`shares the host's ${words.what} namespace${chain} (--${words.flag}=host${chain ? ` on ${j.via[j.via.length - 1]}` : ""})`, evidence)
    : j.kind === "unknown"
      ? error(`could not tell whether it shares the host's ${words.what} namespace: ${j.why}`, evidence)
      : pass(chain ? `joins the ${words.what} namespace of container ${j.via.join(" → ")}, which is not the host's (${j.mode})` : words.notShared(j.mode), evidence);
  if (ns !== "pid") return configured;
  const decided = decideWithKernel(configured, kernelPidNamespace(c, ctx));
  // Agreeing with a followed chain: the kernel's message, and the chain that explains it.
  return chain && decided.status === configured.status && decided.evidence?.["source"] === "kernel" ? { ...decided, message: `${decided.message}: it ${configured.message}` } : decided;
}

function kernelPidNamespace(c: ContainerInspect, ctx: EvalContext) {
  const k = kernelView(ctx.snapshot, c);
  if (!k.ok) return { unavailable: k.reason };
  const d = daemonKernel(ctx.snapshot);
  const { pid, pidNamespace } = k.value.init;
  if (pidNamespace === null) return { unavailable: `/proc/${pid}/ns/pid could not be read` };
  const daemon = daemonProcessName(ctx.snapshot);
  if (!d || d.pidNamespace === null) return { unavailable: `${daemon}'s own PID namespace was not read` };
  const facts = { pid, pidNamespace, dockerdPidNamespace: d.pidNamespace, read: k.source };
  return d.pidNamespace === pidNamespace
    ? { verdict: fail(`the kernel shows its init (pid ${pid}) in the host's PID namespace (pid:[${pidNamespace}], ${daemon}'s)`), facts }
    : { verdict: pass(`the kernel shows its init (pid ${pid}) in a PID namespace that is not the host's (pid:[${pidNamespace}], ${daemon}'s pid:[${d.pidNamespace}])`), facts };
}

