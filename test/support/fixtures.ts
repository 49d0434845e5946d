// Typed snapshot fixtures: plain data, built from a sane default host with overrides per test case.
import type { ContainerInspect, DaemonFacts, Fact, ImageInspect, NetworkInspect, Snapshot } from "../../src/snapshot/types.js";
import { errFact, okFact } from "../../src/snapshot/types.js";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

export const FIXED_TIME = "2026-01-15T10:00:00.000Z";

export function container(name: string, over: DeepPartial<ContainerInspect> = {}): ContainerInspect {
  const base: ContainerInspect = {
    Id: `${name.padEnd(12, "0")}`.replace(/[^a-z0-9]/gi, "0").toLowerCase() + "0".repeat(52),
    Name: `/${name}`,
    Created: "2026-01-10T10:00:00Z",
    Image: "sha256:" + "a".repeat(64),
    State: { Status: "running", Running: true, Pid: 4242, StartedAt: "2026-01-10T10:00:01Z" },
    AppArmorProfile: "docker-default",
    HostConfig: {
      Privileged: false, PidMode: "", IpcMode: "private", UTSMode: "", UsernsMode: "", NetworkMode: "bridge",
      CgroupParent: "", CapAdd: null, CapDrop: null, SecurityOpt: null, ReadonlyRootfs: false,
      Memory: 0, CpuShares: 0, NanoCpus: 0, PidsLimit: null, Ulimits: null, Devices: [],
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 }, PortBindings: {}, Binds: null,
      LogConfig: { Type: "json-file", Config: {} },
    },
    Mounts: [],
    Config: { Hostname: name, User: "", EnvNames: ["PATH"], EnvSecretShapes: [], Cmd: ["sleep", "3600"], Image: "busybox:1", Labels: {}, Healthcheck: null },
    NetworkSettings: { Ports: {}, Networks: { bridge: { NetworkID: "n1", IPAddress: "172.17.0.2" } } },
  };
  return merge(base, over);
}

export function image(tag: string, over: DeepPartial<ImageInspect> = {}): ImageInspect {
  return merge<ImageInspect>({ Id: "sha256:" + "a".repeat(64), RepoTags: [tag], Created: "2026-01-01T00:00:00Z", Config: { User: "", Healthcheck: null, EnvNames: [], Labels: {} } }, over);
}

export function bridgeNetwork(options: Record<string, string> = {}): NetworkInspect {
  return {
    Id: "n1", Name: "bridge", Driver: "bridge", Scope: "local",
    Options: { "com.docker.network.bridge.default_bridge": "true", "com.docker.network.bridge.enable_icc": "true", "com.docker.network.bridge.name": "docker0", ...options },
    Containers: {},
  };
}

/** Effective daemon settings as the collector would merge them; `origin` defaults to the config file. */
export function effective(settings: Record<string, unknown>, from: "flag" | "config-file" = "config-file"): DaemonFacts["effective"] {
  const out: Record<string, { value: unknown; origin: { from: "flag" | "config-file"; name: string; where: string } }> = {};
  for (const [k, v] of Object.entries(settings)) {
    out[k] = { value: v, origin: from === "flag" ? { from, name: `--${k}`, where: "pid 100 argv" } : { from, name: k, where: "/etc/docker/daemon.json" } };
  }
  return okFact(out, "pid 100 argv + /etc/docker/daemon.json");
}

export interface SnapshotOptions {
  containers?: ContainerInspect[] | Fact<ContainerInspect[]>;
  images?: ImageInspect[];
  networks?: NetworkInspect[];
  daemon?: Partial<DaemonFacts>;
  settings?: Record<string, unknown>;
  info?: Snapshot["engine"]["info"] extends Fact<infer T> ? Partial<T> : never;
  version?: Snapshot["engine"]["version"] extends Fact<infer T> ? Partial<T> : never;
  host?: Partial<Snapshot["host"]>;
  engine?: Partial<Snapshot["engine"]>;
  allContainers?: boolean;
}

/** A snapshot of a plain default host: daemon with no daemon.json settings, no containers. */
export function snapshot(o: SnapshotOptions = {}): Snapshot {
  const containers = Array.isArray(o.containers) || o.containers === undefined ? okFact(o.containers ?? [], "GET /containers/json") : o.containers;
  return {
    schemaVersion: 1,
    tool: { name: "dockaudit", version: "0.0.0-test" },
    startedAt: FIXED_TIME,
    finishedAt: FIXED_TIME,
    collection: { root: "/", dockerHost: "unix:///var/run/docker.sock", allContainers: o.allContainers ?? false },
    host: {
      hostname: okFact("testhost", "/etc/hostname"),
      kernelRelease: okFact("6.1.0-test", "/proc/sys/kernel/osrelease"),
      mounts: okFact([{ device: "/dev/vda1", mountPoint: "/", fsType: "ext4", options: ["rw"] }], "/proc/mounts"),
      seccomp: okFact({ procStatus: true, kernelConfig: "y", actionsAvail: ["kill_process", "kill_thread", "trap", "errno", "user_notif", "trace", "log", "allow"] }, "/proc/self/status"),
      apparmor: okFact({ enabled: true }, "/sys/module/apparmor/parameters/enabled"),
      selinux: okFact({ enabled: false, enforcing: false }, "/sys/fs/selinux/enforce"),
      ...o.host,
    },
    daemon: {
      process: okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd", "-H", "fd://"], matchedBy: "test", rootless: false }, "/proc/100/cmdline"),
      flags: okFact({ host: ["fd://"] }, "/proc/100/cmdline"),
      configFile: okFact({ path: "/etc/docker/daemon.json", present: true, content: o.settings ?? {} }, "/etc/docker/daemon.json"),
      effective: effective(o.settings ?? {}),
      ...o.daemon,
    },
    engine: {
      info: okFact({ ServerVersion: "28.2.2", NCPU: 4, Driver: "overlay2", LoggingDriver: "json-file", CgroupDriver: "systemd", CgroupVersion: "2", DockerRootDir: "/var/lib/docker", SecurityOptions: ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"], LiveRestoreEnabled: false, Swarm: { LocalNodeState: "inactive" }, Plugins: { Authorization: null }, ...o.info }, "GET /info"),
      version: okFact({ Version: "28.2.2", ApiVersion: "1.50", Experimental: false, ...o.version }, "GET /version"),
      containers,
      networks: okFact(o.networks ?? [bridgeNetwork()], "GET /networks"),
      images: okFact(o.images ?? [], "GET /images/json"),
      ...o.engine,
    },
  };
}

export { okFact, errFact };

function merge<T>(base: T, over: unknown): T {
  if (over === null || typeof over !== "object" || Array.isArray(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    const b = out[k];
    out[k] = b !== null && typeof b === "object" && !Array.isArray(b) && v !== null && typeof v === "object" && !Array.isArray(v) ? merge(b, v) : v;
  }
  return out as T;
}
