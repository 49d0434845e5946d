// Waivers: approved, expiring exceptions applied to a finished report. Pure: the report and the facts about each
// subject come in, a new report goes out. Only failures are waived: an `error` means the check could not decide,
// and no approval can turn "unknown" into an accepted risk.

import picomatch from "picomatch";
import type { ContainerInspect, ImageInspect, Snapshot } from "../snapshot/types.js";
import { containerName } from "./define.js";
import { worstStatus } from "./run.js";
import { summarize } from "./score.js";
import type { AuditReport, CheckResult, Finding, Subject, WaiverState } from "./types.js";

export interface Waiver {
  /** A CIS id in the selected benchmark version, or a check key. */
  check: string;
  /** Container name globs. */
  containers?: string[];
  /** "KEY" (label present) or "KEY=VALUE", on the container (or the image, for image subjects). */
  labels?: string[];
  /** Image name globs, matched against the image a container runs (or an image subject's tags). */
  images?: string[];
  reason: string;
  approvedBy: string;
  /** YYYY-MM-DD; the waiver holds through that day (UTC). */
  expires: string;
}

/** What a waiver can match a subject on besides its name. */
export interface SubjectFacts {
  /** Names the subject's image is known by: the name the container was started with, and the image's tags. */
  images: string[];
  labels: Record<string, string>;
}

export type SubjectLookup = (subject: Subject) => SubjectFacts | undefined;

function tagsOf(img: ImageInspect | undefined): string[] {
  return (img?.RepoTags ?? []).filter((t) => t !== "<none>:<none>");
}

/** Image names and labels of every container and image in the snapshot, keyed the way findings name subjects. */
export function subjectFactsFromSnapshot(snapshot: Snapshot): SubjectLookup {
  const images = snapshot.engine.images.ok ? snapshot.engine.images.value : [];
  const containers: ContainerInspect[] = snapshot.engine.containers.ok ? snapshot.engine.containers.value : [];
  const imageById = new Map(images.map((i) => [i.Id, i]));
  const byContainer = new Map<string, SubjectFacts>();
  for (const c of containers) {
    const img = imageById.get(c.Image);
    const names = [c.Config.Image, ...tagsOf(img)].filter((n): n is string => typeof n === "string" && n !== "");
    byContainer.set(containerName(c), { images: [...new Set(names)], labels: { ...(c.Config.Labels ?? {}) } });
  }
  const byImage = new Map<string, SubjectFacts>();
  for (const img of images) {
    const facts = { images: tagsOf(img), labels: { ...(img.Config?.Labels ?? {}) } };
    byImage.set(img.Id, facts);
    for (const t of facts.images) byImage.set(t, facts);
  }
  return (s) => {
    if (s.kind === "container") return byContainer.get(s.name);
    if (s.kind === "image") return byImage.get(s.id ?? s.name) ?? byImage.get(s.name) ?? { images: [s.name], labels: {} };
    return undefined;
  };
}

/** Whether the run started after the waiver's last day. */
export function isExpired(expires: string, startedAt: string): boolean {
  const end = Date.parse(`${expires}T00:00:00.000Z`) + 24 * 3600 * 1000;
  return !(Date.parse(startedAt) < end);
}

function labelsMatch(wanted: readonly string[], labels: Record<string, string>): boolean {
  return wanted.some((l) => {
    const eq = l.indexOf("=");
    return eq < 0 ? Object.hasOwn(labels, l) : labels[l.slice(0, eq)] === l.slice(eq + 1);
  });
}

interface Matcher {
  waiver: Waiver;
  index: number;
  coversCheck(r: CheckResult): boolean;
  coversSubject(s: Subject, facts: SubjectFacts | undefined): boolean;
}

/** The subject filters waivers (and attestations) share: container name globs, image globs, labels. */
export interface SubjectFilter {
  containers?: string[];
  labels?: string[];
  images?: string[];
}

/** Whether a subject passes every filter given; a filter the subject has no data for does not hold. */
export function subjectMatcher(filter: SubjectFilter): (s: Subject, facts: SubjectFacts | undefined) => boolean {
  const byName = filter.containers?.length ? picomatch(filter.containers) : null;
  const byImage = filter.images?.length ? picomatch(filter.images) : null;
  return (s, facts) => {
    // Every filter given must hold; a filter the subject has no data for does not hold. A Compose audit's services
    // are matched by their service name, as containers are by theirs.
    if (byName && !((s.kind === "container" || s.kind === "service") && byName(s.name))) return false;
    if (byImage && !facts?.images.some((n) => byImage(n))) return false;
    if (filter.labels?.length && !(facts && labelsMatch(filter.labels, facts.labels))) return false;
    return true;
  };
}

function matcher(waiver: Waiver, index: number): Matcher {
  return {
    waiver,
    index,
    coversCheck: (r) => r.id === waiver.check || r.key === waiver.check,
    coversSubject: subjectMatcher(waiver),
  };
}

/**
 * Applies the waivers to a report: covered failures become `waived` with the waiver attached, check statuses and
 * the summary are recomputed, and `report.waivers` lists every waiver with its state and how many findings it
 * covered (for an expired waiver: how many it would have covered).
 */
export function applyWaivers(report: AuditReport, waivers: readonly Waiver[], lookup: SubjectLookup): AuditReport {
  const matchers = waivers.map(matcher);
  const expired = matchers.map((m) => isExpired(m.waiver.expires, report.startedAt));
  // Waiver index → how many failing findings it covered (absent: none).
  const matched = new Map<number, number>();
  const results = report.results.map((r): CheckResult => {
    const relevant = matchers.filter((m) => m.coversCheck(r));
    if (relevant.length === 0) return r;
    const findings = r.findings.map((f): Finding => {
      if (f.status !== "fail") return f;
      const facts = lookup(f.subject);
      const covering = relevant.filter((m) => m.coversSubject(f.subject, facts));
      for (const m of covering) matched.set(m.index, (matched.get(m.index) ?? 0) + 1);
      const active = covering.find((m) => !expired[m.index]);
      if (active) {
        const { reason, approvedBy, expires } = active.waiver;
        return { ...f, status: "waived", waiver: { reason, approvedBy, expires, index: active.index } };
      }
      const lapsed = covering[0];
      if (lapsed) return { ...f, message: `${f.message} (the waiver approved by ${lapsed.waiver.approvedBy} expired on ${lapsed.waiver.expires}, so it no longer applies)` };
      return f;
    });
    return { ...r, findings, status: worstStatus(findings.map((f) => f.status)) };
  });
  const states: WaiverState[] = matchers.map((m, i) => ({
    index: i,
    check: m.waiver.check,
    reason: m.waiver.reason,
    approvedBy: m.waiver.approvedBy,
    expires: m.waiver.expires,
    state: expired[i] ? "expired" : matched.has(i) ? "active" : "stale",
    matched: matched.get(i) ?? 0,
  }));
  return { ...report, results, summary: summarize(results), waivers: states };
}
