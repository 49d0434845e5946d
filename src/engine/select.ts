// Selection of checks (--check, --skip-check, --level) and of containers (--include, --exclude, --label, --all).
// Everything is derived from check metadata; there is no second hand-kept list.

import picomatch from "picomatch";
import type { ContainerInspect } from "../snapshot/types.js";
import { containerName } from "./define.js";
import type { BenchmarkVersion, Check } from "./types.js";

export class UsageError extends Error {}

/** The id a check has in the selected benchmark version: its CIS id, or its own "X.n" id. */
export function checkId(check: Check, benchmark: BenchmarkVersion): string | undefined {
  if (check.ownId) return check.ownId;
  return check.cis?.[benchmark];
}

/** "5" matches 5.x, "1.1" matches 1.1.x, "5.4" matches 5.4 (and 5.4.x); a key matches itself. */
function matches(check: Check, id: string, selector: string): boolean {
  if (selector === check.key) return true;
  const s = selector.toUpperCase();
  const i = id.toUpperCase();
  return i === s || i.startsWith(s + ".");
}

export interface CheckSelection {
  check?: string[];
  skipCheck?: string[];
  level?: 1 | 2;
}

export function selectChecks(all: readonly Check[], benchmark: BenchmarkVersion, sel: CheckSelection): Check[] {
  const inVersion = all.flatMap((c) => {
    const id = checkId(c, benchmark);
    return id === undefined ? [] : [{ c, id }];
  });
  const known = (selector: string) =>
    inVersion.some(({ c, id }) => matches(c, id, selector)) ||
    all.some((c) => c.key === selector);
  for (const s of [...(sel.check ?? []), ...(sel.skipCheck ?? [])]) {
    if (!known(s)) throw new UsageError(`no check matches "${s}" in CIS Docker Benchmark ${benchmark} (see: dockaudit checks)`);
  }
  return inVersion.filter(({ c, id }) => {
    if (sel.check?.length && !sel.check.some((s) => matches(c, id, s))) return false;
    if (sel.skipCheck?.some((s) => matches(c, id, s))) return false;
    // Level 2 profiles include level 1 recommendations, as in CIS.
    if (sel.level === 1 && c.level !== 1) return false;
    return true;
  }).map(({ c }) => c);
}

export interface ContainerSelection {
  include?: string[];
  exclude?: string[];
  /** "KEY" (label present) or "KEY=VALUE". */
  label?: string[];
  all?: boolean;
}

export function selectContainers(containers: readonly ContainerInspect[], sel: ContainerSelection): ContainerInspect[] {
  const inc = sel.include?.length ? picomatch(sel.include) : null;
  const exc = sel.exclude?.length ? picomatch(sel.exclude) : null;
  return containers.filter((c) => {
    if (!sel.all && !c.State.Running) return false;
    const name = containerName(c);
    if (inc && !inc(name)) return false;
    if (exc && exc(name)) return false;
    for (const l of sel.label ?? []) {
      const eq = l.indexOf("=");
      const labels = c.Config.Labels ?? {};
      if (eq < 0 ? !(l in labels) : labels[l.slice(0, eq)] !== l.slice(eq + 1)) return false;
    }
    return true;
  });
}
