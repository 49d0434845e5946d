// A Compose audit: the project's services, modelled as the containers Compose would create, judged by the very
// checks a live audit runs (section 5, the 4.x image checks and dockaudit's own per-container checks), with the
// same ids, messages, waivers and gates. Then each finding about a modelled container becomes a finding about its
// service, at the service's line (or the offending key's), and what the Compose file cannot tell is said, never
// guessed: a verdict that rests on the target daemon's configuration names the setting; one that needs a running
// container's processes is `skip`. Pure: the loaded project and, optionally, a snapshot of the target daemon come in.
import { isSecretName, looksLikeCredential, redactDeep } from "../secrets/redact.js";
import { withFingerprints } from "../engine/fingerprint.js";
import { runChecks, worstStatus } from "../engine/run.js";
import { summarize } from "../engine/score.js";
import { subjectFactsFromSnapshot, type SubjectLookup } from "../engine/waivers.js";
import type { AuditReport, BenchmarkVersion, Check, EvalOptions, Finding, SourceLocation } from "../engine/types.js";
import { daemonSecurityOption } from "../snapshot/notions.js";
import { errFact, okFact, SNAPSHOT_SCHEMA_VERSION, type ContainerInspect, type DockerInfo, type Snapshot } from "../snapshot/types.js";
import type { ComposeProject, ServiceDef } from "./load.js";
import { findImage, serviceContainer, type TargetFacts } from "./model.js";

/** The target daemon as far as it is known: a live snapshot (--docker-host), a daemon.json (--daemon-config), or nothing. */
export type ComposeDaemon =
  | { kind: "docker-host"; snapshot: Snapshot; localHost: boolean }
  | { kind: "daemon-config"; file: string; content: Record<string, unknown> }
  | { kind: "none" };

/** dockaudit's own checks that judge one container or image each, and so one service. */
const OWN_PER_SERVICE = new Set(["da-dangerous-capabilities", "da-env-secrets", "da-image-age", "da-no-resource-limits", "da-remote-shell-daemon"]);

/** The checks of a Compose audit: section 5, section 4 and the own per-container checks; never host or daemon sections. */
export function composeChecks(catalog: readonly Check[]): Check[] {
  return catalog.filter((c) => c.section === "container-runtime" || c.section === "images" || OWN_PER_SERVICE.has(c.key));
}

/** The Compose keys each check judges, the first one a service sets being where its finding points. */
export const CHECK_KEYS: Record<string, readonly string[]> = {
  "container-apparmor-profile": ["security_opt", "privileged"],
  "container-capabilities-restricted": ["cap_add", "privileged"],
  "da-dangerous-capabilities": ["cap_add", "privileged"],
  "container-cgroup-parent": ["cgroup_parent"],
  "container-cpu-priority": ["cpus", "cpu_shares", "cpu_quota", "cpuset", "deploy"],
  "container-default-bridge": ["network_mode", "networks"],
  "container-docker-socket-mount": ["volumes"],
  "container-sensitive-host-mounts": ["volumes", "secrets", "configs"],
  "container-mount-propagation": ["volumes"],
  "container-health-check": ["healthcheck"],
  "container-host-devices": ["privileged", "devices", "device_cgroup_rules"],
  "container-host-ipc-namespace": ["ipc"],
  "container-host-network-namespace": ["network_mode"],
  "container-host-pid-namespace": ["pid"],
  "container-host-user-namespace": ["userns_mode"],
  "container-host-uts-namespace": ["uts"],
  "container-latest-image": ["image"],
  "container-memory-limit": ["mem_limit", "deploy"],
  "da-no-resource-limits": ["mem_limit", "pids_limit", "cpus", "deploy"],
  "container-needed-ports": ["ports"],
  "container-port-host-interface": ["ports"],
  "container-privileged-ports": ["ports"],
  "container-no-new-privileges": ["security_opt"],
  "container-pids-limit": ["pids_limit", "deploy"],
  "container-privileged": ["privileged"],
  "container-read-only-rootfs": ["read_only"],
  "container-restart-policy": ["restart", "deploy"],
  "container-seccomp-profile": ["privileged", "security_opt"],
  "container-selinux-options": ["security_opt", "privileged", "pid", "ipc"],
  "container-ulimit-override": ["ulimits"],
  "image-container-user": ["user"],
  "da-env-secrets": ["environment", "env_file"],
};

/** The checks that look at the images in use, one finding per image. */
const IMAGE_IN_USE = new Set(["image-copy-not-add", "image-healthcheck", "image-update-not-alone", "da-image-age"]);
/** The checks that need a running container's processes. */
const PROCESS_CHECKS = new Set(["container-no-sshd", "da-remote-shell-daemon"]);

const NO_DAEMON = "no target daemon given (--docker-host or --daemon-config)";

function daemonJsonInfo(content: Record<string, unknown>): DockerInfo {
  const opts: string[] = [];
  const profile = content["seccomp-profile"];
  opts.push(`name=seccomp,profile=${typeof profile === "string" && profile !== "" ? profile : "builtin"}`);
  if (content["selinux-enabled"] === true) opts.push("name=selinux");
  if (typeof content["userns-remap"] === "string" && content["userns-remap"] !== "") opts.push("name=userns");
  return { SecurityOptions: opts, ...(typeof content["data-root"] === "string" ? { DockerRootDir: content["data-root"] } : {}) };
}

/** The snapshot the checks read: the modelled containers, and the target daemon's facts as far as they are known. */
export function composeSnapshot(project: ComposeProject, services: ServiceDef[], daemon: ComposeDaemon, now: Date, toolVersion: string): { snapshot: Snapshot; models: Map<string, ServiceDef> } {
  const base = daemon.kind === "docker-host" ? daemon.snapshot : undefined;
  const info = base?.engine.info.ok ? base.engine.info.value : undefined;
  const images = base?.engine.images.ok ? base.engine.images.value : undefined;
  const apparmor = base
    ? (daemon.kind === "docker-host" && daemon.localHost && base.host.apparmor.ok ? base.host.apparmor.value.enabled : info ? daemonSecurityOption(info.SecurityOptions, "apparmor") !== undefined : undefined)
    : undefined;
  const target: TargetFacts = { images, apparmor, dataRoot: info?.DockerRootDir ?? (daemon.kind === "daemon-config" ? (daemonJsonInfo(daemon.content).DockerRootDir) : undefined), home: process.env["HOME"] };
  const models = new Map<string, ServiceDef>();
  const containers: ContainerInspect[] = services.map((s) => {
    const c = serviceContainer(s, project, target);
    models.set(c.Name.replace(/^\//, ""), s);
    return c;
  });
  const at = now.toISOString();
  const none = (what: string) => errFact<never>(`${what}: ${NO_DAEMON}`, "compose");
  let snapshot: Snapshot;
  if (base) {
    const host = { ...base.host };
    delete host.runtime;
    if (daemon.kind === "docker-host" && !daemon.localHost) {
      // Another machine's daemon: its /info says whether AppArmor confines containers; SELinux only when it labels.
      host.apparmor = info ? okFact({ enabled: apparmor === true }, "GET /info SecurityOptions") : errFact("the target's /info could not be read", "GET /info");
      host.selinux = info && daemonSecurityOption(info.SecurityOptions, "selinux")
        ? okFact({ enabled: true, enforcing: true }, "GET /info SecurityOptions")
        : errFact("whether the target host has SELinux is not known: its /info lists SELinux only when dockerd labels containers", "GET /info");
    }
    const engine = { ...base.engine, containers: okFact(containers, "compose model") };
    delete engine.processes;
    snapshot = { ...base, host, engine, collection: { ...base.collection, allContainers: true } };
  } else {
    const content = daemon.kind === "daemon-config" ? (redactDeep(daemon.content) as Record<string, unknown>) : undefined;
    snapshot = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      tool: { name: "dockaudit", version: toolVersion },
      startedAt: at,
      finishedAt: at,
      collection: { root: "/", dockerHost: "unix:///var/run/docker.sock", allContainers: true, notes: [`Compose project ${project.name}: ${daemon.kind === "daemon-config" ? `daemon settings from ${daemon.file}` : NO_DAEMON}`] },
      host: {
        hostname: none("the target host"),
        kernelRelease: none("the target's kernel"),
        mounts: none("the target's mounts"),
        seccomp: none("the target's kernel seccomp support"),
        apparmor: errFact("whether the target host enforces AppArmor is not known without --docker-host (its /info lists AppArmor)", "compose"),
        selinux: errFact("whether the target host has SELinux is not known without --docker-host", "compose"),
      },
      daemon: {
        process: none("the target daemon's process"),
        flags: content ? okFact({}, "compose: --daemon-config (no flags known)") : none("the target daemon's flags"),
        configFile: content ? okFact({ path: daemon.kind === "daemon-config" ? daemon.file : "", present: true, content }, daemon.kind === "daemon-config" ? daemon.file : "") : none("the target daemon.json"),
        effective: content && daemon.kind === "daemon-config"
          ? okFact(Object.fromEntries(Object.entries(content).map(([k, v]) => [k, { value: v, origin: { from: "config-file" as const, name: k, where: daemon.file } }])), daemon.file)
          : none("the target daemon's configuration"),
      },
      engine: {
        // What no daemon says: no security options, no cgroup facts, no swarm state (checks reading them say so).
        info: okFact(content ? daemonJsonInfo(content) : {}, content ? `compose: ${daemon.kind === "daemon-config" ? daemon.file : ""}` : `compose: ${NO_DAEMON}`),
        version: none("the target daemon's version"),
        containers: okFact(containers, "compose model"),
        networks: okFact([], "compose model"),
        images: okFact([], `compose: ${NO_DAEMON}`),
      },
    };
  }
  return { snapshot, models };
}

function locationOf(s: ServiceDef, checkKey: string): SourceLocation {
  const key = (CHECK_KEYS[checkKey] ?? []).find((k) => s.keys[k]);
  const p = key ? s.keys[key] : undefined;
  if (!p) return { file: s.at.file, line: s.at.line, column: s.at.column };
  return { file: p.file, line: p.line, column: p.column, service: { file: s.at.file, line: s.at.line, column: s.at.column } };
}

const NOT_RUNNING = "a Compose service has no processes before it runs: this check is decided on the running containers (audit them without --compose)";

/** What the Compose file cannot tell, said for the check and the target daemon at hand; undefined: the verdict stands. */
function caveat(key: string, f: Finding, s: ServiceDef, c: ContainerInspect, daemon: ComposeDaemon): Finding | undefined {
  const known = daemon.kind !== "none";
  const live = daemon.kind === "docker-host";
  const imageKnown = c.Image.startsWith("sha256:");
  const say = (status: Finding["status"], message: string): Finding => ({ ...f, status, message, evidence: { ...f.evidence, compose: { relies: message } } });
  switch (key) {
    case "container-no-sshd":
    case "da-remote-shell-daemon":
      return say("skip", NOT_RUNNING);
    case "container-no-new-privileges":
      if (f.status === "error" && !known) return say("error", 'has no no-new-privileges option in security_opt, so it relies on the target daemon\'s "no-new-privileges" setting (daemon.json), which is unknown without --docker-host or --daemon-config');
      return undefined;
    case "container-seccomp-profile":
      if (f.status === "error" && !live) return say("error", 'has no seccomp option in security_opt, so it relies on the target daemon\'s default seccomp profile ("seccomp-profile" in daemon.json), which is unknown without --docker-host or --daemon-config');
      return undefined;
    case "container-port-host-interface":
      if (f.status === "error" && !known) return say("error", 'publishes ports without a host address, which then listen where the target daemon\'s "ip" setting says (every interface by default), unknown without --docker-host or --daemon-config');
      return undefined;
    case "container-apparmor-profile":
      if (f.status === "error" && !live) return say("error", "whether the target host enforces AppArmor (and so gives containers docker-default) is not known: give --docker-host, whose /info lists AppArmor");
      return undefined;
    case "container-selinux-options":
      if (f.status === "error") return say("error", `whether the target host has SELinux is not known${live ? " from the daemon's /info (it lists SELinux only when dockerd labels containers)" : ": give --docker-host"}`);
      return undefined;
    case "container-health-check":
      if (f.status === "fail" && !s.config["healthcheck"] && !imageKnown) {
        return say("error", `has no healthcheck key, and whether its image (${String(c.Config.Image)}) defines a HEALTHCHECK is not known: the image is not on a daemon given with --docker-host`);
      }
      return undefined;
    case "image-container-user":
      if (f.status === "fail" && s.config["user"] === undefined && !imageKnown) {
        return say("error", `has no user key, and which user its image (${String(c.Config.Image)}) runs as is not known: the image is not on a daemon given with --docker-host`);
      }
      return undefined;
    case "da-no-resource-limits":
      if (f.status === "error" && !known) return say("error", 'has no memory or PIDs limit, so it relies on the target daemon\'s "default-pids-limit" (daemon.json), which is unknown without --docker-host or --daemon-config');
      return undefined;
    case "container-memory-limit":
    case "container-pids-limit":
    case "container-cpu-priority":
      if (f.status === "pass" && !live) return { ...f, message: `${f.message} (whether the target daemon has the cgroups to enforce it is checked only with --docker-host)` };
      return undefined;
    default:
      return undefined;
  }
}

/** Values substituted into the Compose files that must not be shown: long ones, and those of secret-looking names or shapes. */
export function hiddenValues(project: ComposeProject): { value: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const { name, value } of project.substitutions) {
    if (value === "") continue;
    if (value.length >= 6 || isSecretName(name) || looksLikeCredential(value)) if (!seen.has(value)) seen.set(value, name);
  }
  // Longest first, so a value containing another is replaced whole.
  return [...seen.entries()].map(([value, name]) => ({ value, name })).sort((a, b) => b.value.length - a.value.length);
}

/** Every string in `v` with the hidden values replaced by a marker naming their variable. */
export function hideValues<T>(v: T, hidden: readonly { value: string; name: string }[]): T {
  if (hidden.length === 0) return v;
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") {
      let s = x;
      for (const h of hidden) if (s.includes(h.value)) s = s.split(h.value).join(`<interpolated: $${h.name}>`);
      return s;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, y]) => [walk(k) as string, walk(y)]));
    return x;
  };
  return walk(v) as T;
}

export interface ComposeAuditOptions {
  benchmark: BenchmarkVersion;
  checks: Check[];
  daemon: ComposeDaemon;
  now: Date;
  toolVersion: string;
  eval?: Partial<EvalOptions>;
}

/** The report of a Compose audit, and the snapshot it was judged from (for --evidence), both free of hidden values. */
export function auditCompose(project: ComposeProject, opts: ComposeAuditOptions): { report: AuditReport; snapshot: Snapshot; lookup: SubjectLookup } {
  const services = project.services;
  const { snapshot, models } = composeSnapshot(project, services, opts.daemon, opts.now, opts.toolVersion);
  const report = runChecks(snapshot, opts.checks, { benchmark: opts.benchmark, containers: { include: [], exclude: [], label: [], all: true }, eval: opts.eval });
  const containers = snapshot.engine.containers.ok ? snapshot.engine.containers.value : [];
  const byName = new Map(containers.map((c) => [c.Name.replace(/^\//, ""), c]));
  const unresolved = [...models.entries()].filter(([n]) => !byName.get(n)?.Image.startsWith("sha256:"));
  const serviceSubject = (s: ServiceDef, key: string) => ({ subject: { kind: "service" as const, name: s.name }, location: locationOf(s, key) });
  for (const r of report.results) {
    const imageInUse = IMAGE_IN_USE.has(r.key);
    const perService = r.key in CHECK_KEYS || PROCESS_CHECKS.has(r.key);
    let findings: Finding[] = r.findings.flatMap((f): Finding[] => {
      if (imageInUse && f.subject.kind !== "image" && (opts.daemon.kind !== "docker-host" || f.status === "skip")) return [];
      if (imageInUse && f.subject.kind === "image" && !f.subject.id?.startsWith("sha256:")) return [];
      if (r.key === "container-swarm-mode" && opts.daemon.kind !== "docker-host") {
        return [{ ...f, status: "error", message: "whether the target daemon is in swarm mode is not known without --docker-host" }];
      }
      const s = f.subject.kind === "container" ? models.get(f.subject.name) : undefined;
      const c = s ? byName.get(f.subject.name) : undefined;
      if (!s || !c) return [f];
      let out: Finding = { ...f, ...serviceSubject(s, r.key) };
      if (out.evidence?.["source"] === "inspect") out.evidence = { ...out.evidence, source: "compose" };
      out = caveat(r.key, out, s, c, opts.daemon) ?? out;
      return [out];
    });
    // A need the Compose model cannot meet (the host's AppArmor state, a running container's processes) stopped the
    // check before it looked at any service: each service is told why instead.
    if (perService && !findings.some((f) => f.subject.kind === "service") && models.size > 0) {
      const whole = findings.find((f) => f.status === "error" || f.status === "skip");
      if (whole) {
        findings = [...models.entries()].map(([n, s]) => {
          const base: Finding = { ...serviceSubject(s, r.key), status: whole.status, message: whole.message, ...(whole.evidence ? { evidence: whole.evidence } : {}) };
          const c = byName.get(n);
          return (c && caveat(r.key, base, s, c, opts.daemon)) || base;
        });
      }
    }
    if (imageInUse) {
      for (const [, s] of unresolved) {
        const image = String(s.config["image"] ?? `${project.name}-${s.name}`);
        findings.push({
          ...serviceSubject(s, "container-latest-image"), status: "skip",
          message: `its image ${image} is not on ${opts.daemon.kind === "docker-host" ? "the daemon at --docker-host" : "a daemon given with --docker-host"}, so the image checks cannot look at it`,
        });
      }
    }
    if (findings.length === 0) findings = r.findings;
    r.findings = findings;
  }
  const rerun = runChecksSummary(report);
  const summary: AuditReport = {
    ...rerun,
    selection: { ...rerun.selection, containers: [] },
    containers: [],
    daemon: opts.daemon.kind === "docker-host" ? rerun.daemon : { ...rerun.daemon, collectionErrors: [] },
    compose: {
      project: project.name,
      files: project.files,
      daemon: opts.daemon.kind === "docker-host" ? { kind: "docker-host", endpoint: opts.daemon.snapshot.collection.dockerHost } : opts.daemon.kind === "daemon-config" ? { kind: "daemon-config", file: opts.daemon.file } : { kind: "none" },
      services: services.map((s, i) => {
        const c = containers[i];
        return { name: s.name, image: String(s.config["image"] ?? `${project.name}-${s.name}`), location: { file: s.at.file, line: s.at.line, column: s.at.column }, imageOnDaemon: c?.Image.startsWith("sha256:") ?? false };
      }),
      inactive: project.inactive,
    },
  };
  const hidden = hiddenValues(project);
  const hiddenSnapshot = hideValues(snapshot, hidden);
  const fromSnapshot = subjectFactsFromSnapshot(hiddenSnapshot);
  // Waivers name services by their service name; their images and labels are the modelled container's.
  const lookup: SubjectLookup = (subject) => {
    if (subject.kind !== "service") return fromSnapshot(subject);
    const c = containers.find((x) => models.get(x.Name.replace(/^\//, ""))?.name === subject.name);
    return c ? fromSnapshot({ kind: "container", name: c.Name.replace(/^\//, "") }) : undefined;
  };
  // Fingerprints name what a finding is about: here a service of the project, not the container it was modelled as
  // nor the machine the audit ran on (a CI runner's name changes from job to job). Computed on the final subjects.
  for (const r of summary.results) for (const f of r.findings) delete f.fingerprint;
  return { report: hideValues(withFingerprints(summary), hidden), snapshot: hiddenSnapshot, lookup };
}

/** The report with every check's status and the summary recomputed after the findings changed. */
function runChecksSummary(report: AuditReport): AuditReport {
  for (const r of report.results) r.status = worstStatus(r.findings.map((f) => f.status));
  return { ...report, summary: summarize(report.results) };
}

export { findImage };
