// What a check module uses: `defineCheck`, the closed set of verdict constructors, and helpers for the common
// shapes (one finding per container, one finding for the daemon or the host). Pure: no I/O here or in checks.

import type { ContainerInspect, Fact, ImageInspect } from "../snapshot/types.js";
import { resolveSubjectFact, type SubjectSlice } from "./needs.js";
import type { Check, EvalContext, Evidence, Finding, Status, Subject } from "./types.js";
import { originWitness, staleSettingNote, type Witness } from "./witness.js";

export function defineCheck(check: Check): Check {
  return check;
}

/** A verdict without its subject; the shape helpers attach the subject. */
export interface Verdict {
  status: Status;
  message: string;
  evidence?: Evidence;
}

export const pass = (message: string, evidence?: Evidence): Verdict => ({ status: "pass", message, evidence });
export const fail = (message: string, evidence?: Evidence): Verdict => ({ status: "fail", message, evidence });
export const manual = (message: string, evidence?: Evidence): Verdict => ({ status: "manual", message, evidence });
export const info = (message: string, evidence?: Evidence): Verdict => ({ status: "info", message, evidence });
export const skip = (reason: string, evidence?: Evidence): Verdict => ({ status: "skip", message: reason, evidence });
export const error = (reason: string, evidence?: Evidence): Verdict => ({ status: "error", message: reason, evidence });

export function finding(subject: Subject, v: Verdict): Finding {
  const f: Finding = { subject, status: v.status, message: v.message };
  if (v.evidence !== undefined) f.evidence = v.evidence;
  return f;
}

/** The container's name as people know it: without the API's leading slash. */
export function containerName(c: ContainerInspect): string {
  return c.Name.replace(/^\//, "");
}

export function containerSubject(c: ContainerInspect): Subject {
  return { kind: "container", name: containerName(c), id: c.Id };
}

export function imageSubject(img: ImageInspect): Subject {
  const tag = img.RepoTags?.find((t) => t !== "<none>:<none>");
  return { kind: "image", name: tag ?? img.Id, id: img.Id };
}

export function daemonSubject(ctx: EvalContext): Subject {
  const p = ctx.snapshot.daemon.process;
  return { kind: "daemon", name: ctx.snapshot.collection.dockerHost, ...(p.ok ? { id: String(p.value.pid) } : {}) };
}

export function hostSubject(ctx: EvalContext): Subject {
  const h = ctx.snapshot.host.hostname;
  return { kind: "host", name: h.ok ? h.value : ctx.snapshot.collection.root };
}

/**
 * One finding per selected container. With no container selected the check is not applicable: one `skip`
 * finding on the host says so, so the report still shows the check was considered.
 */
export function perContainer(fn: (c: ContainerInspect, ctx: EvalContext) => Verdict) {
  return (ctx: EvalContext): Finding[] => {
    if (ctx.containers.length === 0) return [finding(hostSubject(ctx), skip("no container selected (running ones are judged unless --all is given)"))];
    return ctx.containers.map((c) => finding(containerSubject(c), fn(c, ctx)));
  };
}

/** One finding per image used by a selected container. */
export function perImage(fn: (img: ImageInspect, ctx: EvalContext) => Verdict) {
  return (ctx: EvalContext): Finding[] => {
    if (ctx.images.length === 0) return [finding(hostSubject(ctx), skip("no images in use by the selected containers"))];
    return ctx.images.map((img) => finding(imageSubject(img), fn(img, ctx)));
  };
}

/** A single finding about the daemon. */
export function onDaemon(fn: (ctx: EvalContext) => Verdict) {
  return (ctx: EvalContext): Finding[] => [finding(daemonSubject(ctx), fn(ctx))];
}

/** A single finding about the host. */
export function onHost(fn: (ctx: EvalContext) => Verdict) {
  return (ctx: EvalContext): Finding[] => [finding(hostSubject(ctx), fn(ctx))];
}

/**
 * The value of a fact the check declared in `needs`. The engine has already turned an unreadable needed slice
 * into `error` before calling evaluate, so reaching a failed fact here is a programming error in the check.
 */
export function factValue<T>(fact: Fact<T> | undefined, what: string): T {
  return collected(fact, what).value;
}

/** The fact, read (its value and its source), or the same error as factValue. */
export function collected<T>(fact: Fact<T> | undefined, what: string): Extract<Fact<T>, { ok: true }> {
  if (!fact) throw new Error(`${what} was not collected`);
  if (!fact.ok) throw new Error(`${what} could not be read: ${fact.error}`);
  return fact;
}

/**
 * The effective daemon setting (flags, daemon.json and dockerd's environment merged), or undefined when dockerd uses
 * its default. `source` is the witness; `stale` says why a value from a daemon.json changed after dockerd started
 * may not be in effect (also appended to `origin`, so every finding that shows the origin says so).
 */
export function daemonSetting(ctx: EvalContext, key: string): { value: unknown; origin: string; source: Witness; stale?: string } | undefined {
  const eff = factValue(ctx.snapshot.daemon.effective, "the daemon's effective configuration");
  const s = eff[key];
  if (!s) return undefined;
  const where = s.origin.from === "flag" ? `${s.origin.name} (${s.origin.where})` : s.origin.from === "environment" ? `$${s.origin.name} (${s.origin.where})` : `"${s.origin.name}" in ${s.origin.where}`;
  const stale = staleSettingNote(ctx.snapshot, key, s.origin);
  return { value: s.value, origin: stale ? `${where}; ${stale}` : where, source: originWitness(s.origin.from), ...(stale ? { stale } : {}) };
}

/**
 * One subject's fact inside a per-subject slice (one container's processes, one image's history), or the `error`
 * verdict for that subject when it is missing or unreadable: the engine's wording, not each check's.
 */
export function subjectFact<T>(ctx: EvalContext, slice: SubjectSlice, id: string): { value: T; source: string } | Verdict {
  const r = resolveSubjectFact(ctx.snapshot, slice, id);
  if (r.ok) return { value: r.value as T, source: r.source };
  return error(`could not decide: ${r.reason}`, r.source ? { source: r.source } : undefined);
}

export function isVerdict(x: object): x is Verdict {
  return "status" in x && "message" in x;
}
