// `dockaudit diff OLD/fleet.json NEW/fleet.json`: which host newly fails which check, which newly passes, which
// hosts appeared, disappeared or could no longer be audited. Matched by host name and check key. Pure.
import { UsageError } from "../engine/select.js";
import { lineForTerminal } from "../terminal.js";
import type { Status } from "../engine/types.js";
import { FLEET_SCHEMA_VERSION, type FleetReport } from "./types.js";

export type FleetChangeKind = "newly-failing" | "newly-passing" | "changed" | "host-not-audited" | "host-audited-again" | "host-appeared" | "host-disappeared";
export const FLEET_CHANGE_KINDS: readonly FleetChangeKind[] = ["newly-failing", "host-not-audited", "host-appeared", "host-disappeared", "host-audited-again", "newly-passing", "changed"];

export interface FleetChange {
  change: FleetChangeKind;
  host: string;
  /** Check key and id, for check-level changes. */
  key?: string;
  id?: string;
  old: Status | null;
  new: Status | null;
  reason?: string;
}

export interface FleetDiff {
  old: { generatedAt: string; hosts: number };
  new: { generatedAt: string; hosts: number };
  counts: Record<FleetChangeKind, number>;
  /** Host × check pairs that fail now and did not before. */
  newFailures: number;
  changes: FleetChange[];
}

export function isFleetDocument(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "dockaudit-fleet";
}

/** Checks the shape `diffFleets` relies on; the message names the file and the JSON path, never a value. */
export function parseFleet(data: unknown, file: string): FleetReport {
  const f = data as Partial<FleetReport>;
  if (!isFleetDocument(data)) throw new UsageError(`${file}: not a dockaudit fleet.json`);
  if (f.schemaVersion !== FLEET_SCHEMA_VERSION) throw new UsageError(`${file}: fleet schema version ${String(f.schemaVersion)} is not supported (this build reads version ${FLEET_SCHEMA_VERSION})`);
  if (!Array.isArray(f.hosts) || !Array.isArray(f.checks)) throw new UsageError(`${file}: not a dockaudit fleet.json (no "hosts" and "checks" lists)`);
  f.hosts.forEach((h, i) => {
    if (!h || typeof h.name !== "string" || typeof h.audited !== "boolean") throw new UsageError(`${file}: hosts[${i}] has no "name" and "audited"`);
    if (h.checks !== undefined && (typeof h.checks !== "object" || h.checks === null || Array.isArray(h.checks))) throw new UsageError(`${file}: hosts[${i}].checks is not an object`);
  });
  return f as FleetReport;
}

export function diffFleets(older: FleetReport, newer: FleetReport): FleetDiff {
  const changes: FleetChange[] = [];
  const oldHosts = new Map(older.hosts.map((h) => [h.name, h]));
  const newHosts = new Map(newer.hosts.map((h) => [h.name, h]));
  const ids = new Map([...older.checks, ...newer.checks].map((c) => [c.key, c.id]));
  for (const [name, n] of newHosts) {
    const o = oldHosts.get(name);
    if (!o) { changes.push({ change: "host-appeared", host: name, old: null, new: null }); continue; }
    if (!n.audited) {
      if (o.audited) changes.push({ change: "host-not-audited", host: name, old: null, new: null, ...(n.reason ? { reason: n.reason } : {}) });
      continue;
    }
    if (!o.audited) { changes.push({ change: "host-audited-again", host: name, old: null, new: null }); }
    const before = new Map(Object.entries(o.checks ?? {}));
    for (const [key, status] of Object.entries(n.checks ?? {})) {
      const was = before.get(key) ?? null;
      if (was === status) continue;
      if (!o.audited && status !== "fail") continue;
      const change: FleetChangeKind = status === "fail" ? "newly-failing" : status === "pass" && was === "fail" ? "newly-passing" : "changed";
      changes.push({ change, host: name, key, id: ids.get(key) ?? key, old: was, new: status });
    }
  }
  for (const name of oldHosts.keys()) if (!newHosts.has(name)) changes.push({ change: "host-disappeared", host: name, old: null, new: null });
  changes.sort((a, b) => FLEET_CHANGE_KINDS.indexOf(a.change) - FLEET_CHANGE_KINDS.indexOf(b.change) || a.host.localeCompare(b.host) || (a.key ?? "").localeCompare(b.key ?? ""));
  const counts = Object.fromEntries(FLEET_CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.change === k).length])) as Record<FleetChangeKind, number>;
  return {
    old: { generatedAt: older.generatedAt, hosts: older.hosts.length },
    new: { generatedAt: newer.generatedAt, hosts: newer.hosts.length },
    counts,
    newFailures: counts["newly-failing"],
    changes,
  };
}

const LABELS: Record<FleetChangeKind, string> = {
  "newly-failing": "Newly failing", "newly-passing": "Newly passing", changed: "Changed status",
  "host-not-audited": "Hosts no longer audited", "host-audited-again": "Hosts audited again",
  "host-appeared": "Hosts appeared", "host-disappeared": "Hosts disappeared",
};

/** Host names and reasons come from reports anyone may write: no control character reaches the terminal. */
const clean = lineForTerminal;

export function renderFleetDiffTable(d: FleetDiff, files: { old: string; new: string }): string {
  const out = [`dockaudit diff (fleet): ${clean(files.old)} (${clean(d.old.generatedAt)}, ${d.old.hosts} hosts) -> ${clean(files.new)} (${clean(d.new.generatedAt)}, ${d.new.hosts} hosts)`];
  for (const kind of FLEET_CHANGE_KINDS) {
    const rows = d.changes.filter((c) => c.change === kind);
    if (!rows.length) continue;
    out.push("", `${LABELS[kind]} (${rows.length}):`);
    for (const c of rows) {
      if (c.key) out.push(`  ${clean(c.host)}  ${clean(c.id ?? c.key).padEnd(8)} ${c.old ?? "-"} -> ${c.new ?? "-"}  (${clean(c.key)})`);
      else out.push(`  ${clean(c.host)}${c.reason ? `: ${clean(c.reason)}` : ""}`);
    }
  }
  out.push("", d.changes.length === 0 ? "No changes." : FLEET_CHANGE_KINDS.filter((k) => d.counts[k]).map((k) => `${d.counts[k]} ${LABELS[k].toLowerCase()}`).join(", ") + ".");
  return out.join("\n") + "\n";
}

export function renderFleetDiffJson(d: FleetDiff, files: { old: string; new: string }): string {
  return JSON.stringify({ kind: "dockaudit-fleet-diff", old: { file: files.old, ...d.old }, new: { file: files.new, ...d.new }, counts: d.counts, newFailures: d.newFailures, changes: d.changes }, null, 2) + "\n";
}
