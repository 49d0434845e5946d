// The snapshot: the one contract between `src/collect` (which produces it) and the engine (which evaluates it).
// Plain JSON data, versioned. Every fact records where it came from and, when it could not be read, why:
// checks never see `undefined` where a fact was unreadable, so an unreadable fact can never become a pass.
// Secret values never enter it: environment variables keep their names only, secret-looking label values and
// command-line values are replaced by a marker saying why (src/secrets/redact.ts: `<redacted: looks like a
// password>`), and file contents are reduced to the facts the checks need.

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** A fact that was read (`ok: true`) or could not be (`ok: false`, with the reason). */
export type Fact<T> =
  | { ok: true; value: T; source: string }
  | { ok: false; error: string; source: string };

export function okFact<T>(value: T, source: string): Fact<T> {
  return { ok: true, value, source };
}

export function errFact<T>(error: string, source: string): Fact<T> {
  return { ok: false, error, source };
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: "dockaudit"; version: string };
  startedAt: string;
  finishedAt: string;
  collection: CollectionSettings;
  host: HostFacts;
  daemon: DaemonFacts;
  engine: EngineFacts;
}

export interface CollectionSettings {
  /** Root of the host filesystem that was read (`--root`), "/" by default. */
  root: string;
  /** The Docker endpoint audited, e.g. "unix:///var/run/docker.sock" or "tcp://127.0.0.1:2376". */
  dockerHost: string;
  /** Whether stopped containers were collected too (`--all`). */
  allContainers: boolean;
  /**
   * The containers the audit that collected this snapshot judged (`--all`, `--include`, `--exclude`, `--label`),
   * so that `audit --snapshot` judges the same ones and gives the live run's verdicts, unless the command line or
   * the config file selects containers itself. Absent from snapshots of `dockaudit collect` (which judges nothing)
   * and of earlier versions: those are judged with the defaults (running containers, all of them).
   */
  selection?: ContainerSelectionRecord;
  /** The remote host the snapshot was collected from over SSH ("ssh://user@host:port"); absent for this machine. */
  host?: string;
  /** Remarks that are not errors, e.g. a container removed between list and inspect (so not in the snapshot). */
  notes?: string[];
  /**
   * The audited daemon's container this dockaudit ran in (recognised from its own mount table or cgroup), absent
   * when it ran on the host. The engine leaves it out of the judged containers: its socket and host mounts are what
   * an auditor needs, not a finding.
   */
  auditor?: AuditorContainer;
}

export interface ContainerSelectionRecord {
  /** --all: stopped containers judged too. */
  all: boolean;
  /** --include globs (container names). */
  include: string[];
  /** --exclude globs. */
  exclude: string[];
  /** --label key or key=value. */
  label: string[];
}

export interface AuditorContainer {
  id: string;
  name: string;
  /** How it was recognised, e.g. "/proc/self/mountinfo: /etc/hostname from /var/lib/docker/containers/<id>/hostname". */
  source: string;
}

// ---------------------------------------------------------------- host

export interface MountEntry {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
}

export interface SeccompSupport {
  /** `Seccomp:` line of /proc/self/status present (the running kernel knows seccomp). */
  procStatus: boolean | null;
  /** CONFIG_SECCOMP in /boot/config-<release>: "y", "n"/"absent", or null when that file is not there. */
  kernelConfig: "y" | "n" | null;
  /** /proc/sys/kernel/seccomp/actions_avail, or null when absent. */
  actionsAvail: string[] | null;
}

export interface FileStat {
  path: string;
  exists: boolean;
  type?: "file" | "directory" | "socket" | "symlink" | "other";
  /** Permission bits including setuid/setgid/sticky (mode & 0o7777). */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Names resolved through the audited root's /etc/passwd and /etc/group, when known. */
  user?: string;
  group?: string;
  /** The path with every symlink resolved inside the audited root, when it differs from `path`. */
  realPath?: string;
  /** Why the path could not be examined (e.g. EACCES on a parent); `exists` then proves nothing. */
  error?: string;
}

/**
 * The roles of `host.files`: the collector records the files of each role, and checks name the role they judge
 * (`needs: ["host.files:tls-key"]`), so a misspelt role is a compile error rather than a check that never runs.
 */
export const FILE_ROLES = [
  "dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2", "runc",
  "etc-docker", "containerd-run-dir", "etc-default-docker", "etc-sysconfig-docker", "containerd-config",
  "docker-service", "docker-socket-unit", "daemon-json", "containerd-socket", "registry-certs",
  "tls-ca", "tls-cert", "tls-key", "docker-socket", "data-root", "default-data-root",
] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export interface HostFacts {
  hostname: Fact<string>;
  kernelRelease: Fact<string>;
  mounts: Fact<MountEntry[]>;
  seccomp: Fact<SeccompSupport>;
  apparmor: Fact<{ enabled: boolean }>;
  selinux: Fact<{ enabled: boolean; enforcing: boolean }>;
  /** Host files and directories the catalog judges (section 1 and 3), keyed by a stable role name. */
  files?: Record<string, Fact<FileStat[]>>;
  /** Docker group membership (section 1). */
  dockerGroup?: Fact<{ exists: boolean; gid?: number; members: string[] }>;
  /** Audit rules, normalised (section 1). */
  auditRules?: Fact<AuditRule[]>;
  /** Systemd unit files (section 1 and 3). */
  units?: Fact<UnitFiles>;
  /**
   * What the kernel enforces for the daemon and each running container's init process (/proc/PID/status), the
   * first witness wherever it can speak. Absent in snapshots written before it was collected.
   */
  runtime?: Fact<RuntimeFacts>;
}

/** A process's security state as the kernel shows it in /proc/PID/status (and /proc/PID/ns/pid, uid_map). */
export interface ProcessSecurity {
  pid: number;
  /** NSpid: the pid in each PID namespace, from the audited /proc's own down to the process's. */
  nsPid: number[];
  /** Inode of /proc/PID/ns/pid (the PID namespace), null when the link could not be read. */
  pidNamespace: number | null;
  /** Parent pid (for a container's init: the containerd shim). */
  ppid: number | null;
  noNewPrivs: boolean | null;
  /** Seccomp mode: 0 disabled, 1 strict, 2 filter; null when the kernel does not say. */
  seccomp: "disabled" | "strict" | "filter" | null;
  /** Seccomp_filters (kernel 5.9+): filters attached, inherited ones included. */
  seccompFilters?: number;
  /** Capability sets decoded to names without the CAP_ prefix; the hex masks as printed by the kernel. */
  capEff: string[];
  capPrm: string[];
  capBnd: string[];
  capHex: { eff: string; prm: string; bnd: string };
  /** Real and effective ids as the audited /proc shows them (host ids). */
  uid: { real: number; effective: number };
  gid: { real: number; effective: number };
  /** The same ids inside the process's user namespace, when it maps them (userns-remap, rootless). */
  nsUid?: { real: number | null; effective: number | null };
  /**
   * The AppArmor confinement the kernel applies (/proc/PID/attr/apparmor/current, else attr/current), e.g.
   * "docker-default (enforce)" or "unconfined"; absent where AppArmor is not the active LSM or it was not read.
   */
  apparmor?: string;
}

export interface ContainerRuntime {
  /** The container's init process (State.Pid). */
  init: ProcessSecurity;
  /** How the pid was confirmed to be this container's, e.g. "own PID namespace (NSpid ends in 1)". */
  identifiedBy: string;
}

export interface RuntimeFacts {
  /** The daemon's own process: what every container inherits unless the runtime changes it. */
  daemon: Fact<ProcessSecurity>;
  /** Per container id (running containers only): its init's kernel facts, or why they could not be read. */
  containers: Record<string, Fact<ContainerRuntime>>;
}

export interface AuditRule {
  /** The path the rule watches (`-w PATH` or `-F path=PATH` / `-F dir=PATH`). */
  path: string;
  kind: "watch" | "path" | "dir";
  /** For `-a` syscall rules: "never" rules exclude what they match (watches are always "always"). */
  action?: "always" | "never";
  permissions?: string;
  key?: string;
  /** The rule text as read (rules hold no secrets). */
  raw: string;
  source: string;
}

export interface UnitFiles {
  service: string | null;
  socket: string | null;
  dropIns: string[];
  /** How the unit paths were found, e.g. "systemctl show" or "standard unit directories". */
  method: string;
}

// ---------------------------------------------------------------- daemon configuration

/** Where one effective daemon setting came from. */
export interface SettingOrigin {
  from: "flag" | "config-file" | "environment";
  /** The flag as written (e.g. "--icc"), the daemon.json key, or the environment variable. */
  name: string;
  /** e.g. "pid 1234 argv", "/etc/docker/daemon.json" or "pid 1234 environ". */
  where: string;
}

export interface DaemonProcess {
  pid: number;
  /** The executable's path as seen in /proc/PID/exe (or argv[0] when unreadable). */
  exe: string;
  /** argv with secret-looking values redacted. */
  argv: string[];
  /** Why this process was taken as the daemon serving the audited socket. */
  matchedBy: string;
  /** Whether it runs as rootless (uid != 0 or a rootlesskit parent). */
  rootless: boolean;
  /** When the process started (/proc/PID/stat starttime + /proc/stat btime), ISO 8601; absent when unreadable. */
  startedAt?: string;
  /**
   * dockerd's own environment, reduced to what decides its configuration: the values of DOCKER_CERT_PATH and
   * DOCKER_CONFIG only, and which Docker variables are set (names, never other values). Absent when unreadable.
   */
  environment?: { DOCKER_CERT_PATH?: string; DOCKER_CONFIG?: string; names: string[] };
  /** The uid it runs as (/proc/PID/status), when readable: a rootless daemon's user. */
  uid?: number;
  /** The gid it runs as (/proc/PID/status), when readable: a rootless daemon's user's group. */
  gid?: number;
  /** The rootlesskit a rootless dockerd runs under, when found. */
  rootlessKit?: RootlessKit;
}

export interface RootlessKit {
  pid: number;
  /** rootlesskit's --net: slirp4netns, pasta, vpnkit, host... */
  net?: string;
  /** The user-mode network process rootlesskit started. */
  networkProcess?: { pid: number; name: string };
}

export interface DaemonConfigFile {
  path: string;
  /** false when the file does not exist (dockerd then uses defaults and flags only). */
  present: boolean;
  /** Parsed content, secret-looking values redacted; {} when absent. */
  content: Record<string, unknown>;
  /** Last modification time, ISO 8601 (compared with the daemon's start: a later change may not be in effect). */
  modifiedAt?: string;
}

export interface DaemonFacts {
  process: Fact<DaemonProcess>;
  /** dockerd's own flags parsed from argv: long option name without dashes → every value given (repeatable). */
  flags: Fact<Record<string, string[]>>;
  configFile: Fact<DaemonConfigFile>;
  /**
   * The configuration dockerd runs with, merged from flags and the config file, keyed by daemon.json key names
   * (e.g. "icc", "userns-remap", "hosts", "default-ulimits"), each with its origin. Absent keys are dockerd defaults.
   * Not ok when either the flags or the config file could not be read, since then a missing key proves nothing.
   */
  effective: Fact<Record<string, { value: unknown; origin: SettingOrigin }>>;
}

// ---------------------------------------------------------------- engine API

/**
 * Raw Engine API objects are kept as Docker returns them (PascalCase), so that saved snapshots can be re-read
 * against the API documentation; only the fields the catalog reads are typed here.
 */
export interface EngineFacts {
  info: Fact<DockerInfo>;
  version: Fact<DockerVersion>;
  containers: Fact<ContainerInspect[]>;
  networks: Fact<NetworkInspect[]>;
  images: Fact<ImageInspect[]>;
  /** Processes per container id from /containers/{id}/top (running containers only). */
  processes?: Fact<Record<string, Fact<ContainerProcess[]>>>;
  /** Image history per image id (section 4), instructions with secret-looking values redacted. */
  imageHistory?: Fact<Record<string, Fact<ImageHistoryEntry[]>>>;
  swarm?: Fact<SwarmFacts>;
  /** Podman only: its containers.conf settings that have a CIS equivalent. */
  podman?: Fact<PodmanConfig>;
}

export interface PodmanSetting {
  value: string | boolean | string[];
  /** The containers.conf file that set it last. */
  file: string;
}

export interface PodmanConfig {
  /**
   * Whether the service runs rootless: the kernel's word where the `podman system service` process was found (its
   * uid in /proc/PID/status is not 0), else name=rootless in its /info SecurityOptions (which Podman 4.3.1's
   * compatible API does not give even when it runs rootless).
   */
  rootless: boolean;
  /** What decided `rootless`, e.g. "podman system service (pid 812) runs as uid 1001 (/proc/812/status)". */
  rootlessFrom?: string;
  /** The `podman system service` process serving the audited socket, when found in /proc. */
  service?: { pid: number; uid: number | null };
  /** The containers.conf files read, in the order Podman reads them. */
  files: string[];
  settings: Partial<Record<"default_capabilities" | "no_new_privileges" | "seccomp_profile" | "userns", PodmanSetting>>;
}

export interface DockerInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  Driver?: string;
  DriverStatus?: [string, string][];
  LoggingDriver?: string;
  CgroupDriver?: string;
  CgroupVersion?: string;
  DockerRootDir?: string;
  SecurityOptions?: string[];
  LiveRestoreEnabled?: boolean;
  ExperimentalBuild?: boolean;
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
  KernelVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  /** CPUs the daemon sees on the host. */
  NCPU?: number;
  Plugins?: { Authorization?: string[] | null; Log?: string[]; Network?: string[]; Volume?: string[] };
  Swarm?: {
    NodeID?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Managers?: number;
    Nodes?: number;
    Cluster?: { Spec?: { CAConfig?: { NodeCertExpiry?: number }; EncryptionConfig?: { AutoLockManagers?: boolean } } };
    RemoteManagers?: { NodeID: string; Addr: string }[] | null;
  };
  [key: string]: unknown;
}

export interface DockerVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  GitCommit?: string;
  GoVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Experimental?: boolean;
  Components?: { Name: string; Version: string; Details?: Record<string, string> }[];
  [key: string]: unknown;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface MountPoint {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode?: string;
  RW: boolean;
  Propagation?: string;
}

export interface SecretShape {
  /** The environment variable's name; its value is never stored. */
  name: string;
  /** What the value looks like, e.g. "aws-access-key-id", "private-key", "jwt". */
  kind: string;
}

export interface ContainerInspect {
  Id: string;
  /** As the API gives it, with the leading slash. */
  Name: string;
  Created?: string;
  Image: string;
  Path?: string;
  State: {
    Status: string;
    Running: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    Pid?: number;
    StartedAt?: string;
    Health?: { Status: string; FailingStreak?: number };
  };
  RestartCount?: number;
  AppArmorProfile?: string;
  HostConfig: {
    Privileged?: boolean;
    PidMode?: string;
    IpcMode?: string;
    UTSMode?: string;
    UsernsMode?: string;
    NetworkMode?: string;
    CgroupnsMode?: string;
    CgroupParent?: string;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
    SecurityOpt?: string[] | null;
    ReadonlyRootfs?: boolean;
    Memory?: number;
    MemorySwap?: number;
    MemoryReservation?: number;
    CpuShares?: number;
    NanoCpus?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    CpusetCpus?: string;
    PidsLimit?: number | null;
    Ulimits?: { Name: string; Soft: number; Hard: number }[] | null;
    Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[] | null;
    DeviceCgroupRules?: string[] | null;
    RestartPolicy?: { Name: string; MaximumRetryCount: number };
    PortBindings?: Record<string, PortBinding[] | null> | null;
    PublishAllPorts?: boolean;
    Binds?: string[] | null;
    Mounts?: unknown[] | null;
    LogConfig?: { Type: string; Config?: Record<string, string> };
    [key: string]: unknown;
  };
  Mounts: MountPoint[];
  Config: {
    Hostname?: string;
    User?: string;
    /** Names of the environment variables; the values are never collected. */
    EnvNames: string[];
    /** Variables whose *value* looked like a credential at collection time (value not kept). */
    EnvSecretShapes: SecretShape[];
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Image?: string;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number } | null;
    ExposedPorts?: Record<string, object> | null;
    [key: string]: unknown;
  };
  NetworkSettings: {
    Ports?: Record<string, PortBinding[] | null> | null;
    Networks?: Record<string, { NetworkID?: string; IPAddress?: string; [key: string]: unknown }> | null;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface NetworkInspect {
  Id: string;
  Name: string;
  Driver: string;
  Scope?: string;
  Internal?: boolean;
  Ingress?: boolean;
  EnableIPv6?: boolean;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, { Name: string; [key: string]: unknown }> | null;
  [key: string]: unknown;
}

export interface ImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Size?: number;
  Config?: {
    User?: string;
    Healthcheck?: { Test?: string[] } | null;
    /** Names only, as for containers. */
    EnvNames?: string[];
    Labels?: Record<string, string> | null;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

export interface ContainerProcess {
  pid?: string;
  user?: string;
  /** The executable's base name (e.g. "sshd"); arguments are not kept, they may hold secrets. */
  command: string;
}

export interface ImageHistoryEntry {
  Id?: string;
  Created?: number;
  CreatedBy: string;
  EmptyLayer?: boolean;
}

export interface SwarmFacts {
  nodes: Fact<unknown[]>;
  /** Whether an unlock key is set (the key itself is never stored). */
  unlockKeySet: Fact<boolean>;
  secrets: Fact<number>;
  /**
   * This node's swarm addresses as dockerd saved them in <DockerRootDir>/swarm/docker-state.json (read-only): the
   * Engine API shows the advertise address but never the listen address (CIS 7.2) or the data path address (7.9).
   */
  nodeState?: Fact<SwarmNodeState>;
  [key: string]: unknown;
}

export interface SwarmNodeState {
  /** e.g. "0.0.0.0:2377" (the default) or "10.0.0.5:2377". */
  ListenAddr?: string;
  AdvertiseAddr?: string;
  /** "" when data traffic uses the advertise address. */
  DataPathAddr?: string;
  /** The file read. */
  path: string;
}
