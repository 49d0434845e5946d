// Each Compose service as the container Docker Compose v2 (2.26) would create from it: the inspect shape the live
// checks read (HostConfig, Config, Mounts, NetworkSettings), with what dockerd itself fills in at create time where
// the target daemon is known (AppArmor profile, IPC mode, the image's own configuration). Pure; the result goes
// through the live audits' redaction (src/secrets/redact.ts), so environment values never enter it.
import { isAbsolute, join, normalize } from "node:path/posix";
import { sanitizeContainer } from "../secrets/redact.js";
import type { ContainerInspect, ImageInspect, MountPoint, PortBinding } from "../snapshot/types.js";
import { listToMap, type ComposeProject, type Obj, type ServiceDef } from "./load.js";

/** What the target daemon decides at create time, as far as it is known. */
export interface TargetFacts {
  /** Images on the target daemon (--docker-host), to resolve a service's image and merge its configuration. */
  images?: ImageInspect[];
  /** Whether the target host enforces AppArmor (dockerd then gives containers docker-default); undefined: unknown. */
  apparmor?: boolean;
  /** The daemon's data root (volumes live under it). */
  dataRoot?: string;
  /** The user's home directory, for "~" in bind-mount sources. */
  home?: string;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
/** A boolean as compose-go converts one after interpolation ("true", "yes", "1"...). */
export function toBool(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  return typeof v === "string" && ["1", "t", "true", "y", "yes", "on"].includes(v.trim().toLowerCase());
}
/** A number as compose-go converts one after interpolation; undefined when absent or not a number. */
function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The name Compose v2 gives a service's first container. */
export function containerNameOf(project: string, service: string, config: Obj): string {
  return typeof config["container_name"] === "string" ? config["container_name"] : `${project}-${service}-1`;
}

/** Bytes from a Compose size: 64m, 1g, 512k, 1024b, plain numbers (bytes). */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)?\s*$/i.exec(v);
  if (!m) return undefined;
  const mult = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[(m[2] ?? "").toLowerCase() as "" | "k"] ?? 1;
  return Math.round(Number(m[1]) * mult);
}

/** Nanoseconds from a Compose duration (1m30s, 10s, 500ms). */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === "number") return v * 1e9;
  if (typeof v !== "string") return undefined;
  let total = 0;
  let matched = false;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    matched = true;
    const n = Number(m[1]);
    total += n * { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }[m[2] as "s"];
  }
  return matched ? total : undefined;
}

/** Shell-like split of a command string (quotes respected), as Compose splits `command: "a b"`. */
export function splitCommand(v: unknown): string[] | null {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== "string") return null;
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let has = false;
  for (const ch of v) {
    if (quote) { if (ch === quote) quote = null; else cur += ch; continue; }
    if (ch === '"' || ch === "'") { quote = ch; has = true; continue; }
    if (/\s/.test(ch)) { if (has || cur) { out.push(cur); cur = ""; has = false; } continue; }
    cur += ch;
  }
  if (has || cur) out.push(cur);
  return out;
}

interface PortSpec {
  target: string;
  published: string;
  hostIp: string;
  protocol: string;
}

/** Short ("[IP:][HOST:]CONTAINER[/PROTO]", ranges) and long port syntaxes, expanded one binding per container port. */
export function parsePorts(ports: unknown[]): PortSpec[] {
  const out: PortSpec[] = [];
  for (const p of ports) {
    if (isObj(p)) {
      const target = String(p["target"] ?? "");
      const published = str(p["published"]) ?? "";
      out.push(...expandRange(target, published, str(p["host_ip"]) ?? "", str(p["protocol"]) ?? "tcp"));
      continue;
    }
    let s = String(p);
    let protocol = "tcp";
    const slash = s.lastIndexOf("/");
    if (slash >= 0) { protocol = s.slice(slash + 1); s = s.slice(0, slash); }
    let hostIp = "";
    const v6 = /^\[([^\]]*)\]:(.*)$/.exec(s);
    if (v6) { hostIp = v6[1] ?? ""; s = v6[2] ?? ""; }
    const parts = s.split(":");
    if (!v6 && parts.length === 3) { hostIp = parts[0] ?? ""; parts.shift(); }
    const target = (parts.length >= 2 ? parts[1] : parts[0]) ?? "";
    const published = (parts.length >= 2 ? parts[0] : "") ?? "";
    out.push(...expandRange(target, published, hostIp, protocol));
  }
  return out;
}

function expandRange(target: string, published: string, hostIp: string, protocol: string): PortSpec[] {
  const [t0, t1] = target.split("-").map(Number);
  if (t0 === undefined || Number.isNaN(t0)) return [{ target, published, hostIp, protocol }];
  const count = t1 !== undefined && !Number.isNaN(t1) ? Math.min(t1 - t0 + 1, 65536) : 1;
  const [p0, p1] = published.split("-").map(Number);
  const out: PortSpec[] = [];
  for (let i = 0; i < count; i++) {
    // A single host port for a range, or a host range as long as the container range, maps one to one; a host
    // range of another length is a range each binding may take a port from (Docker's own rule).
    let pub = published;
    if (published !== "" && p0 !== undefined && !Number.isNaN(p0)) {
      if (p1 !== undefined && !Number.isNaN(p1) && p1 - p0 + 1 === count) pub = String(p0 + i);
      else if (p1 === undefined && count > 1) pub = String(p0 + i);
    }
    out.push({ target: String(t0 + i), published: pub, hostIp, protocol });
  }
  return out;
}

interface Mount {
  type: string;
  source: string;
  target: string;
  readOnly: boolean;
  propagation?: string;
  mode?: string;
}

const PROPAGATIONS = new Set(["shared", "rshared", "slave", "rslave", "private", "rprivate"]);

/** Short ("SRC:DST[:MODE]", "DST") and long volume syntaxes. */
export function parseVolumes(volumes: unknown[], dir: string, home: string | undefined): Mount[] {
  const hostPath = (p: string) => {
    if (p.startsWith("~") && home) return normalize(join(home, p.slice(1)));
    return isAbsolute(p) ? normalize(p) : normalize(join(dir, p));
  };
  const isPath = (p: string) => p.startsWith(".") || p.startsWith("/") || p.startsWith("~");
  return volumes.map((v): Mount => {
    if (isObj(v)) {
      const type = String(v["type"] ?? "volume");
      const source = str(v["source"]) ?? "";
      const bind = isObj(v["bind"]) ? v["bind"] : {};
      return { type, source: type === "bind" ? hostPath(source) : source, target: String(v["target"] ?? ""), readOnly: toBool(v["read_only"]), ...(typeof bind["propagation"] === "string" ? { propagation: bind["propagation"] } : {}) };
    }
    const parts = String(v).split(":");
    if (parts.length === 1) return { type: "volume", source: "", target: parts[0] ?? "", readOnly: false };
    const [src, dst, mode = ""] = parts as [string, string, string?];
    const opts = mode.split(",").filter(Boolean);
    const propagation = opts.find((o) => PROPAGATIONS.has(o));
    const type = isPath(src) ? "bind" : "volume";
    return { type, source: type === "bind" ? hostPath(src) : src, target: dst, readOnly: opts.includes("ro"), ...(propagation ? { propagation } : {}), mode };
  });
}

/** The image on the target daemon a reference names: by id, by tag (docker.io/library/ and :latest implied). */
export function findImage(ref: string, images: readonly ImageInspect[] | undefined): ImageInspect | undefined {
  if (!images) return undefined;
  const norm = (r: string) => {
    let s = r.replace(/^docker\.io\//, "").replace(/^library\//, "");
    if (!s.includes("@") && !/:[^/]+$/.test(s)) s += ":latest";
    return s;
  };
  const want = norm(ref);
  return images.find((i) => i.Id === ref || i.Id === `sha256:${ref}`) ?? images.find((i) => (i.RepoTags ?? []).some((t) => norm(t) === want))
    ?? images.find((i) => (i.RepoDigests ?? []).some((d) => d === ref || norm(d) === want));
}

function restartPolicy(c: Obj): { Name: string; MaximumRetryCount: number } {
  const r = str(c["restart"]);
  if (r !== undefined && r !== "") {
    const [name, count] = r.split(":");
    return { Name: name ?? "no", MaximumRetryCount: count ? Number(count) : 0 };
  }
  const deploy = isObj(c["deploy"]) ? c["deploy"] : {};
  const rp = isObj(deploy["restart_policy"]) ? deploy["restart_policy"] : undefined;
  if (rp) {
    const cond = str(rp["condition"]) ?? "any";
    const name = cond === "none" ? "no" : cond === "any" ? "always" : cond;
    return { Name: name, MaximumRetryCount: typeof rp["max_attempts"] === "number" ? rp["max_attempts"] : 0 };
  }
  return { Name: "no", MaximumRetryCount: 0 };
}

function healthcheck(c: Obj): Obj | null {
  const h = c["healthcheck"];
  if (!isObj(h)) return null;
  if (toBool(h["disable"])) return { Test: ["NONE"] };
  const t = h["test"];
  const test = Array.isArray(t) ? t.map(String) : typeof t === "string" ? ["CMD-SHELL", t] : [];
  const out: Obj = { Test: test };
  const iv = parseDuration(h["interval"]), to = parseDuration(h["timeout"]), sp = parseDuration(h["start_period"]);
  if (iv !== undefined) out["Interval"] = iv;
  if (to !== undefined) out["Timeout"] = to;
  if (sp !== undefined) out["StartPeriod"] = sp;
  const retries = num(h["retries"]);
  if (retries !== undefined) out["Retries"] = retries;
  return out;
}

function ulimits(v: unknown): { Name: string; Soft: number; Hard: number }[] | null {
  if (!isObj(v)) return null;
  return Object.entries(v).map(([name, l]) => {
    if (isObj(l)) return { Name: name, Soft: Number(l["soft"]), Hard: Number(l["hard"]) };
    return { Name: name, Soft: Number(l), Hard: Number(l) };
  }).sort((a, b) => a.Name.localeCompare(b.Name));
}

function devices(v: unknown): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((d) => {
    if (isObj(d)) return { PathOnHost: String(d["source"] ?? ""), PathInContainer: String(d["target"] ?? d["source"] ?? ""), CgroupPermissions: String(d["permissions"] ?? "rwm") };
    const [host = "", ctr, perms] = String(d).split(":");
    return { PathOnHost: host, PathInContainer: ctr || host, CgroupPermissions: perms || "rwm" };
  });
}

/** The network a service's container is created on, and every network it is attached to (their real names). */
function networking(s: ServiceDef, project: ComposeProject, byService: (name: string) => string): { mode: string; networks: string[] } {
  const c = s.config;
  const mode = str(c["network_mode"]);
  if (mode !== undefined) {
    if (mode.startsWith("service:")) return { mode: `container:${byService(mode.slice("service:".length))}`, networks: [] };
    if (mode === "host" || mode === "none" || mode === "bridge") return { mode, networks: [mode] };
    return { mode, networks: mode.startsWith("container:") ? [] : [mode] };
  }
  const realName = (n: string) => {
    const def = project.networks[n];
    if (isObj(def) && typeof def["name"] === "string") return def["name"];
    if (isObj(def) && def["external"] === true) return n;
    return `${project.name}_${n}`;
  };
  const nets = c["networks"];
  let list: { name: string; priority: number }[];
  if (Array.isArray(nets)) list = nets.map((n) => ({ name: String(n), priority: 0 }));
  else if (isObj(nets)) list = Object.entries(nets).map(([n, o]) => ({ name: n, priority: isObj(o) && typeof o["priority"] === "number" ? o["priority"] : 0 }));
  else list = [{ name: "default", priority: 0 }];
  list.sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  const names = list.map((n) => realName(n.name));
  return { mode: names[0] ?? "default", networks: names };
}

/** The container Compose would create for a service (redacted as live audits redact a collected one). */
export function serviceContainer(s: ServiceDef, project: ComposeProject, target: TargetFacts): ContainerInspect {
  const c = s.config;
  const byService = (name: string) => {
    const other = project.services.find((x) => x.name === name);
    return containerNameOf(project.name, name, other?.config ?? {});
  };
  const name = containerNameOf(project.name, s.name, c);
  const imageRef = str(c["image"]) ?? `${project.name}-${s.name}`;
  const image = findImage(imageRef, target.images);
  const ic = (image?.Config ?? {}) as Obj;
  const deploy = isObj(c["deploy"]) ? c["deploy"] : {};
  const resources = isObj(deploy["resources"]) ? deploy["resources"] : {};
  const limits = isObj(resources["limits"]) ? resources["limits"] : {};
  const reservations = isObj(resources["reservations"]) ? resources["reservations"] : {};

  const pidsLimit = num(limits["pids"]) ?? num(c["pids_limit"]) ?? null;
  const memory = parseBytes(limits["memory"]) ?? parseBytes(c["mem_limit"]) ?? 0;
  const cpus = num(limits["cpus"]) ?? num(c["cpus"]) ?? 0;
  const ports = parsePorts(Array.isArray(c["ports"]) ? c["ports"] : []);
  const portBindings: Record<string, PortBinding[]> = {};
  const exposed: Record<string, object> = { ...((ic["ExposedPorts"] as Record<string, object> | undefined) ?? {}) };
  for (const p of ports) {
    const key = `${p.target}/${p.protocol}`;
    (portBindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: p.published });
    exposed[key] = {};
  }
  for (const e of Array.isArray(c["expose"]) ? c["expose"] : []) {
    const s2 = String(e);
    exposed[s2.includes("/") ? s2 : `${s2}/tcp`] = {};
  }
  const net = networking(s, project, byService);
  const privileged = toBool(c["privileged"]);
  const securityOpt = Array.isArray(c["security_opt"]) ? c["security_opt"].map(String) : null;

  const mounts = parseVolumes(Array.isArray(c["volumes"]) ? c["volumes"] : [], s.dir, target.home);
  const dataRoot = target.dataRoot ?? "/var/lib/docker";
  const Mounts: MountPoint[] = mounts.filter((m) => m.type !== "tmpfs" || true).map((m) => {
    if (m.type === "bind") return { Type: "bind", Source: m.source, Destination: m.target, Mode: m.mode ?? "", RW: !m.readOnly, Propagation: m.propagation ?? "rprivate" };
    if (m.type === "tmpfs") return { Type: "tmpfs", Source: "", Destination: m.target, Mode: "", RW: !m.readOnly, Propagation: "" };
    const def = project.volumes[m.source];
    const vname = m.source === "" ? "" : isObj(def) && typeof def["name"] === "string" ? def["name"] : isObj(def) && def["external"] === true ? m.source : `${project.name}_${m.source}`;
    return { Type: "volume", Name: vname, Source: vname ? `${dataRoot}/volumes/${vname}/_data` : "", Destination: m.target, Driver: "local", Mode: m.mode ?? "z", RW: !m.readOnly, Propagation: "" };
  });

  // File-based secrets and configs are bind-mounted read-only (Compose 2.26); their contents are never read here.
  for (const [key, defs, dirOf] of [["secrets", project.secrets, "/run/secrets/"], ["configs", project.configs, "/"]] as const) {
    for (const ref of Array.isArray(c[key]) ? c[key] : []) {
      const source = isObj(ref) ? String(ref["source"] ?? "") : String(ref);
      const targetName = isObj(ref) && typeof ref["target"] === "string" ? ref["target"] : source;
      const def = defs[source];
      if (!isObj(def) || typeof def["file"] !== "string") continue;
      const file = def["file"];
      Mounts.push({ Type: "bind", Source: isAbsolute(file) ? normalize(file) : normalize(join(s.dir, file)), Destination: targetName.startsWith("/") ? targetName : `${dirOf}${targetName}`, Mode: "ro", RW: false, Propagation: "rprivate" });
    }
  }
  const env = listToMap(c["environment"]);
  const envList = [
    ...((ic["Env"] as string[] | undefined) ?? []).filter((e) => !((e.split("=")[0] ?? "") in env)),
    ...Object.entries(env).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${String(v)}`),
  ];
  const labels: Record<string, string> = {
    ...((ic["Labels"] as Record<string, string> | undefined) ?? {}),
    ...Object.fromEntries(Object.entries(listToMap(c["labels"])).map(([k, v]) => [k, v === null ? "" : String(v)])),
    "com.docker.compose.project": project.name,
    "com.docker.compose.service": s.name,
    "com.docker.compose.container-number": "1",
    "com.docker.compose.oneoff": "False",
  };
  const hc = healthcheck(c) ?? ((ic["Healthcheck"] as Obj | undefined) ?? null);

  const apparmorOpt = (securityOpt ?? []).map((o) => /^apparmor[=:](.*)$/.exec(o)?.[1]).filter((x): x is string => x !== undefined).pop();
  const appArmorProfile = target.apparmor !== true ? "" : privileged ? "unconfined" : apparmorOpt ?? "docker-default";

  const raw = {
    Id: `compose:${project.name}/${s.name}`,
    Name: `/${name}`,
    Image: image?.Id ?? imageRef,
    State: { Status: "created", Running: false, Paused: false, Restarting: false, Pid: 0 },
    AppArmorProfile: appArmorProfile,
    HostConfig: {
      Privileged: privileged,
      PidMode: str(c["pid"]) ?? "",
      IpcMode: str(c["ipc"]) ?? "private",
      UTSMode: str(c["uts"]) ?? "",
      UsernsMode: str(c["userns_mode"]) ?? "",
      NetworkMode: net.mode,
      CgroupParent: str(c["cgroup_parent"]) ?? "",
      CapAdd: Array.isArray(c["cap_add"]) ? c["cap_add"].map(String) : null,
      CapDrop: Array.isArray(c["cap_drop"]) ? c["cap_drop"].map(String) : null,
      SecurityOpt: securityOpt,
      ReadonlyRootfs: toBool(c["read_only"]),
      Memory: memory,
      MemoryReservation: parseBytes(reservations["memory"]) ?? parseBytes(c["mem_reservation"]) ?? 0,
      CpuShares: num(c["cpu_shares"]) ?? 0,
      NanoCpus: Math.round(cpus * 1e9),
      CpuQuota: num(c["cpu_quota"]) ?? 0,
      CpuPeriod: num(c["cpu_period"]) ?? 0,
      CpusetCpus: str(c["cpuset"]) ?? "",
      PidsLimit: pidsLimit,
      Ulimits: ulimits(c["ulimits"]),
      Devices: devices(c["devices"]),
      DeviceCgroupRules: Array.isArray(c["device_cgroup_rules"]) ? c["device_cgroup_rules"].map(String) : null,
      RestartPolicy: restartPolicy(c),
      PortBindings: net.mode === "host" ? {} : portBindings,
      PublishAllPorts: false,
      Tmpfs: Object.fromEntries((Array.isArray(c["tmpfs"]) ? c["tmpfs"] : typeof c["tmpfs"] === "string" ? [c["tmpfs"]] : []).map((t) => {
        const [p, ...o] = String(t).split(":");
        return [p, o.join(":")];
      })),
    },
    Mounts,
    Config: {
      Hostname: str(c["hostname"]) ?? "",
      User: str(c["user"]) ?? (typeof ic["User"] === "string" ? ic["User"] : ""),
      Env: envList,
      Cmd: splitCommand(c["command"]) ?? ((ic["Cmd"] as string[] | undefined) ?? null),
      Entrypoint: splitCommand(c["entrypoint"]) ?? ((ic["Entrypoint"] as string[] | undefined) ?? null),
      Image: imageRef,
      Labels: labels,
      Healthcheck: hc,
      ExposedPorts: Object.keys(exposed).length ? exposed : null,
    },
    NetworkSettings: {
      Ports: {},
      Networks: Object.fromEntries(net.networks.map((n) => [n, {}])),
    },
  };
  return sanitizeContainer(raw as unknown as Record<string, unknown>) as unknown as ContainerInspect;
}
