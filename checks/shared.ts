// Logic more than one section of the catalog uses, in one place: a section's lib.ts is its own, and no section
// imports another's (eslint.config.js enforces it). What is here was in the section that first needed it; that
// section's lib.ts re-exports it for its own checks.
import { type CgroupControl, cgroupEnforcement, type ContainerInspect, containerName, defaultWitnesses, error, type EvalContext, type Evidence, fail, type FileRole, type FileStat, finding, type Finding, hostSubject, type ImageInspect, imageSubject, parseSecurityOpt, resolveNeed, type SecurityOpt, skip, type Verdict, witnessList } from "../src/check-api.js";

/** A container's security options (HostConfig.SecurityOpt), parsed as dockerd parses them. */
export function securityOpts(c: ContainerInspect): SecurityOpt[] {
  return (c.HostConfig.SecurityOpt ?? []).map(parseSecurityOpt);
}

/** A resource limit a container has, and the cgroup control that has to apply it. */
export interface CgroupLimit {
  /** As in a message: "a memory limit of 67108864 bytes". */
  what: string;
  control: CgroupControl;
}

/**
 * A passing verdict built from limits in HostConfig, checked against what the running daemon enforces (GET /info,
 * see cgroupEnforcement): it stands when at least one limit is applied (the others named as not applied); fails
 * when none is, e.g. every limit of a rootless dockerd on cgroup v1, which has no cgroups; an error when /info could
 * not be read. Other verdicts, and a pass without limits, are returned as they are.
 */
export function enforcedLimits(ctx: EvalContext, configured: Verdict, limits: readonly CgroupLimit[]): Verdict {
  if (configured.status !== "pass" || limits.length === 0) return configured;
  const judged = limits.map((l) => ({ ...l, e: cgroupEnforcement(ctx.snapshot, l.control) }));
  const list = (ls: readonly CgroupLimit[]) => ls.map((l) => l.what).join(", ");
  const them = limits.length > 1 ? "them" : "it";
  for (const j of judged) {
    if ("unknown" in j.e) return error(`could not decide: it has ${list(limits)}, but whether the daemon enforces ${them} is unknown (${j.e.unknown})`, configured.evidence);
  }
  const off = judged.flatMap((j) => ("why" in j.e ? [{ what: j.what, control: j.control, why: j.e.why, evidence: j.e.evidence }] : []));
  const first = off[0];
  if (!first) return configured;
  const evidence = { ...configured.evidence, ...first.evidence, notEnforced: off.map((o) => o.control) };
  if (off.length === limits.length) return fail(`has ${list(limits)}, but nothing enforces ${them}: ${first.why}`, evidence);
  return { ...configured, message: `${configured.message} (not enforced: ${list(off)}, ${first.why})`, evidence };
}

/** The engine's major version ("20.10.24+dfsg1" → 20), from /version or /info, when either says. */
export function engineMajor(ctx: EvalContext): number | undefined {
  const v = ctx.snapshot.engine.version;
  const i = ctx.snapshot.engine.info;
  const text = (v.ok ? v.value.Version : undefined) ?? (i.ok ? i.value.ServerVersion : undefined);
  const m = /^v?(\d+)\./.exec(text ?? "");
  return m ? Number(m[1]) : undefined;
}

/**
 * The kernel against the daemon-wide seccomp profile /info reports: running containers the running dockerd started
 * with no seccomp option of their own and not privileged, whose init has no seccomp filter (Seccomp: 0). dockerd
 * builds each container's seccomp filter from its default profile at start, so one such container proves the
 * reported profile is not what it applies. A filter on the init proves nothing (it may be inherited), nor does a
 * container started before the running dockerd or at an unknown time (it got the default of the daemon then).
 */
export function seccompKernelAgainst(ctx: EvalContext): { verdict: Verdict } | undefined {
  const relies = (c: ContainerInspect) => c.HostConfig.Privileged !== true && !securityOpts(c).some((o) => o.key === "seccomp");
  const bare = defaultWitnesses(ctx.snapshot, relies, "started").filter((w) => w.byRunningDaemon === true && w.init.seccomp === "disabled");
  if (bare.length === 0) return undefined;
  return {
    verdict: fail(
      `the kernel shows no seccomp filter (Seccomp: 0) on the init of ${witnessList(bare)}, started by the running daemon without a seccomp option of its own, so its default profile is not applied`,
      { source: "kernel", kernel: bare.map((w) => ({ container: w.name, pid: w.init.pid, Seccomp: 0 })) },
    ),
  };
}

export interface ImageInUse {
  id: string;
  /** Undefined when a selected container names an image the image list does not hold. */
  image?: ImageInspect;
  containers: string[];
}

/** Images run by the selected containers, each once, with the containers that run it. */
export function imagesInUse(ctx: EvalContext): ImageInUse[] {
  const all = ctx.snapshot.engine.images.ok ? ctx.snapshot.engine.images.value : [];
  const byId = new Map<string, ImageInUse>();
  for (const c of ctx.containers) {
    let u = byId.get(c.Image);
    if (!u) {
      u = { id: c.Image, image: all.find((i) => i.Id === c.Image), containers: [] };
      byId.set(c.Image, u);
    }
    u.containers.push(containerName(c));
  }
  return [...byId.values()];
}

/**
 * One finding per image in use by a selected container (never builder or base images nobody runs). An image a
 * container uses but the image list lacks is an error for that image, not a silent omission.
 */
export function perImageInUse(fn: (img: ImageInspect, ctx: EvalContext, containers: string[]) => Verdict) {
  return (ctx: EvalContext): Finding[] => {
    const used = imagesInUse(ctx);
    if (used.length === 0) {
      const which = ctx.snapshot.collection.allContainers ? "containers" : "running containers";
      return [finding(hostSubject(ctx), skip(`no ${which} selected, so no image is in use`))];
    }
    return used.map((u) => {
      if (!u.image) {
        return finding({ kind: "image", name: u.id, id: u.id },
          error(`the image list holds no image ${u.id}, used by ${u.containers.join(", ")}`, { containers: u.containers }));
      }
      const v = fn(u.image, ctx, u.containers);
      return finding(imageSubject(u.image), { ...v, evidence: { ...v.evidence, containers: u.containers } });
    });
  };
}

export type RoleRead = { ok: true; files: FileStat[]; source: string } | { ok: false; reason: string; source?: string };

/** The files of one role, resolved as the engine resolves the need `host.files:<role>`. */
export function roleFiles(ctx: EvalContext, role: FileRole): RoleRead {
  const r = resolveNeed(ctx.snapshot, `host.files:${role}`);
  return r.ok ? { ok: true, files: r.value as FileStat[], source: r.source } : r;
}

export interface PerFileOptions {
  /** What the role's files are, for messages: "docker.service unit file". */
  noun: string;
  /** Judge files that do not exist too (a rule may watch a path that is absent); default: skip them. */
  judgeMissing?: boolean;
  /** Evidence every finding of the role carries, e.g. where the configuration took the file's path from. */
  evidence?: (ctx: EvalContext) => Evidence;
}

/** One finding per file of a role; the subject is the file's path. */
export function perFile(role: FileRole, opts: PerFileOptions, judge: (f: FileStat, ctx: EvalContext) => Verdict) {
  return (ctx: EvalContext): Finding[] => {
    const r = roleFiles(ctx, role);
    if (!r.ok) return [finding(hostSubject(ctx), error(`could not decide: ${r.reason}`, { source: r.source }))];
    if (r.files.length === 0) return [finding(hostSubject(ctx), skip(`no ${opts.noun} on this host (${r.source})`))];
    const extra = opts.evidence?.(ctx) ?? {};
    const withExtra = (v: Verdict): Verdict => (opts.evidence ? { ...v, evidence: { ...v.evidence, ...extra } } : v);
    return r.files.map((f) => {
      const subject = { kind: "host" as const, name: f.path };
      if (f.error) return finding(subject, withExtra(error(`${f.path} could not be examined: ${f.error}`, { path: f.path })));
      if (!f.exists && !opts.judgeMissing) return finding(subject, withExtra(skip(`${f.path} does not exist on this host`, { path: f.path })));
      return finding(subject, withExtra(judge(f, ctx)));
    });
  };
}
