// The one audit service: select → run → waivers → score → gates, on a snapshot already in hand. The command line
// (audit), verify (re-evaluating an evidence bundle), fleet (each inventory host) and the tests all come through
// here, so a setting or a step added here reaches every one of them. Pure: the catalog is handed in, nothing is
// read or written.

import { evaluateGates, type GateOptions, type GateResult } from "./gates.js";
import { runChecks } from "./run.js";
import { selectChecks } from "./select.js";
import type { AuditReport, BenchmarkVersion, Check } from "./types.js";
import { applyAttestations, type Attestation } from "./attestations.js";
import { applyWaivers, subjectFactsFromSnapshot, type SubjectLookup, type Waiver } from "./waivers.js";
import type { Snapshot } from "../snapshot/types.js";

/** Every setting that changes a verdict: what an evidence manifest records and verify re-evaluates with. */
export interface VerdictSettings {
  benchmark: BenchmarkVersion;
  check: string[];
  skipCheck: string[];
  level?: 1 | 2;
  include: string[];
  exclude: string[];
  label: string[];
  all: boolean;
  trustedUsers?: string[];
  maxImageAge?: number;
  /** Approved exceptions (from the config file), applied after evaluation; none when absent or empty. */
  waivers?: readonly Waiver[];
  /**
   * Answers to manual checks (--attestations), applied before the waivers. Not recorded in an evidence manifest as a
   * setting: the bundle holds the attestation file itself, and verify parses it again.
   */
  appliedAttestations?: readonly Attestation[];
}

/** The settings of one audit: the verdicts' and the gates'. */
export type AuditSettings = VerdictSettings & GateOptions;

export interface AuditOutcome {
  report: AuditReport;
  gate: GateResult;
}

/** The verdict settings of a plain run: the default benchmark's whole catalog, running containers, no waivers. */
export function defaultVerdictSettings(benchmark: BenchmarkVersion): VerdictSettings {
  return { benchmark, check: [], skipCheck: [], include: [], exclude: [], label: [], all: false };
}

/** The checks a run evaluates; throws UsageError for a selector that matches nothing (before any collecting). */
export function selectFor(catalog: readonly Check[], s: Pick<VerdictSettings, "benchmark" | "check" | "skipCheck" | "level">): Check[] {
  return selectChecks(catalog, s.benchmark, { check: s.check, skipCheck: s.skipCheck, level: s.level });
}

/** The report of one snapshot: the selected checks run, then the waivers applied (the score follows both). */
export function evaluateSnapshot(snapshot: Snapshot, s: VerdictSettings, catalog: readonly Check[]): AuditReport {
  const report = runChecks(snapshot, selectFor(catalog, s), {
    benchmark: s.benchmark,
    containers: { include: s.include, exclude: s.exclude, label: s.label, all: s.all },
    eval: { trustedUsers: s.trustedUsers, maxImageAgeDays: s.maxImageAge },
  });
  return applyAnswers(report, s, subjectFactsFromSnapshot(snapshot));
}

/**
 * What people answered, on a report already evaluated: attestations settle manual findings first, then waivers
 * cover failures (a waiver may cover an attested failure). The one order for audit, verify, fleet and Compose.
 */
export function applyAnswers(report: AuditReport, s: Pick<VerdictSettings, "waivers" | "appliedAttestations">, lookup: SubjectLookup): AuditReport {
  let out = report;
  if (s.appliedAttestations?.length) out = applyAttestations(out, s.appliedAttestations, lookup);
  if (s.waivers?.length) out = applyWaivers(out, s.waivers, lookup);
  return out;
}

/** One whole audit of a snapshot: the report (waived and scored) and the gates' verdict on it. */
export function audit(snapshot: Snapshot, s: AuditSettings, catalog: readonly Check[]): AuditOutcome {
  const report = evaluateSnapshot(snapshot, s, catalog);
  return { report, gate: evaluateGates(report, { failOn: s.failOn, minScore: s.minScore, failOnError: s.failOnError, baseline: s.baseline }) };
}
