// Verdict changes between two evaluations, one JSON line each: the check, the subject, the old and the new status and
// the event that caused it. A finding that appears has old null; one that disappears (its container destroyed) has
// new null. Only names and ids go out — never a finding's message or evidence, which may quote configuration.
import type { EngineEvent } from "../collect/events.js";
import { compareIds } from "../engine/run.js";
import type { AuditReport, Status } from "../engine/types.js";

export interface Verdict {
  check: string;
  key: string;
  scored: boolean;
  severity: string;
  subject: { kind: string; name: string; id?: string };
  status: Status;
}

export interface ChangeLine {
  time: string;
  check: string;
  key: string;
  scored: boolean;
  severity: string;
  subject: { kind: string; name: string; id?: string };
  old: Status | null;
  new: Status | null;
  event: { type: string; action: string; id?: string; name?: string; time?: string } | { type: "resync"; reason: string };
}

/** check id + subject kind + subject id (or name): one finding's identity across evaluations. */
export function verdictKey(v: Pick<Verdict, "check" | "subject">): string {
  return `${v.check}\u0000${v.subject.kind}\u0000${v.subject.id ?? v.subject.name}`;
}

/** Every finding of a report by identity. Two findings of one check on one subject: the worse one (first listed) stands. */
export function verdicts(report: AuditReport): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const r of report.results) {
    for (const f of r.findings) {
      const subject: Verdict["subject"] = { kind: f.subject.kind, name: f.subject.name };
      if (f.subject.id) subject.id = f.subject.id;
      const v: Verdict = { check: r.id, key: r.key, scored: r.scored, severity: r.severity, subject, status: f.status };
      const k = verdictKey(v);
      if (!out.has(k)) out.set(k, v);
    }
  }
  return out;
}

export type Cause = (v: Verdict) => ChangeLine["event"];

/** The changes from `before` to `after`, in check-id then subject order. */
export function diffVerdicts(before: ReadonlyMap<string, Verdict>, after: ReadonlyMap<string, Verdict>, cause: Cause, now: Date): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const time = now.toISOString();
  const line = (v: Verdict, old: Status | null, nu: Status | null): ChangeLine =>
    ({ time, check: v.check, key: v.key, scored: v.scored, severity: v.severity, subject: v.subject, old, new: nu, event: cause(v) });
  for (const [k, v] of after) {
    const was = before.get(k);
    if (!was) lines.push(line(v, null, v.status));
    else if (was.status !== v.status) lines.push(line(v, was.status, v.status));
  }
  for (const [k, v] of before) if (!after.has(k)) lines.push(line(v, v.status, null));
  return lines.sort((a, b) => compareIds(a.check, b.check) || (a.subject.name < b.subject.name ? -1 : a.subject.name > b.subject.name ? 1 : 0));
}

/** The event named as a change's cause: the one that touched its container, else the batch's network/image/daemon event. */
export function causeFrom(causes: ReadonlyMap<string, EngineEvent>, resync?: string): Cause {
  const describe = (e: EngineEvent): ChangeLine["event"] => {
    const out: { type: string; action: string; id?: string; name?: string; time?: string } = { type: e.type, action: e.action };
    if (e.id) out.id = e.type === "image" ? e.id : e.id.slice(0, 12);
    if (e.name) out.name = e.name;
    out.time = new Date(e.time * 1000).toISOString();
    return out;
  };
  return (v) => {
    const own = v.subject.id ? causes.get(v.subject.id) : undefined;
    if (own) return describe(own);
    if (resync) return { type: "resync", reason: resync };
    const other = causes.get(v.subject.kind === "network" ? "networks" : v.subject.kind === "image" ? "images" : "daemon")
      ?? causes.get("networks") ?? causes.get("images") ?? [...causes.values()][0];
    return other ? describe(other) : { type: "resync", reason: "re-evaluation" };
  };
}
