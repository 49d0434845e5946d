// Resolving what a check needs, whole slices and facts nested inside them, in one place: the engine turns an
// unreadable need into `error` before a check runs, and section libraries and per-subject helpers use the same
// resolution and the same wording, so no check re-implements "unreadable → error".
import type { Fact, Snapshot } from "../snapshot/types.js";
import type { Need, SliceNeed } from "./types.js";

export function needFact(snapshot: Snapshot, need: SliceNeed): Fact<unknown> | undefined {
  const [area, name] = need.split(".") as [keyof Snapshot, string];
  const slice = snapshot[area] as unknown as Record<string, Fact<unknown> | undefined>;
  return slice?.[name];
}

/** A needed fact's value, or why it cannot be had (the reason names the fact as `host.files["tls-ca"]`). */
export type NeedRead = { ok: true; value: unknown; source: string } | { ok: false; reason: string; source?: string };

function readFact(fact: Fact<unknown> | undefined, name: string): NeedRead {
  if (!fact) return { ok: false, reason: `${name} was not collected` };
  if (!fact.ok) return { ok: false, reason: `${name} could not be read: ${fact.error}`, source: fact.source };
  return { ok: true, value: fact.value, source: fact.source };
}

/** The one place that resolves a need, whole slice or nested fact, for the engine and the section libraries alike. */
export function resolveNeed(snapshot: Snapshot, need: Need): NeedRead {
  const role = /^host\.files:(.+)$/.exec(need)?.[1];
  if (role !== undefined) {
    const files = snapshot.host.files;
    if (!files) return { ok: false, reason: "host.files was not collected" };
    return readFact(files[role], `host.files["${role}"]`);
  }
  const swarmKey = /^engine\.swarm\.(\w+)$/.exec(need)?.[1];
  if (swarmKey !== undefined) {
    const swarm = readFact(snapshot.engine.swarm, "engine.swarm");
    if (!swarm.ok) return swarm;
    return readFact((swarm.value as Record<string, Fact<unknown> | undefined>)[swarmKey], need);
  }
  return readFact(needFact(snapshot, need as SliceNeed), need);
}

/** Per-subject facts: one image's history, one container's processes (keyed by image or container id). */
export type SubjectSlice = "engine.imageHistory" | "engine.processes";

/** The fact of one subject inside a per-subject slice, e.g. the history of one image. */
export function resolveSubjectFact(snapshot: Snapshot, slice: SubjectSlice, id: string): NeedRead {
  const all = readFact(needFact(snapshot, slice), slice);
  if (!all.ok) return all;
  return readFact((all.value as Record<string, Fact<unknown> | undefined>)[id], `${slice}["${id.slice(0, 19)}"]`);
}
