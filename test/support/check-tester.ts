// Runs a table of named cases against one check, through the engine (so `needs` and error handling are real).
// A table must hold at least one passing and one failing case; a case states the status it expects for the
// check and, optionally, per-subject statuses and a message fragment.
import { expect } from "chai";
import { buildContext, evaluateCheck, worstStatus } from "../../src/engine/run.js";
import type { BenchmarkVersion, Check, Finding, Status } from "../../src/engine/types.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import type { ContainerSelection } from "../../src/engine/select.js";

export interface Case {
  name: string;
  snapshot: Snapshot;
  status: Status;
  /** Expected status per subject name. */
  subjects?: Record<string, Status>;
  /** Fragments the messages of the findings (joined) must contain. */
  message?: string | RegExp;
  containers?: ContainerSelection;
  benchmark?: BenchmarkVersion;
  trustedUsers?: string[];
  maxImageAgeDays?: number;
  check?: (findings: Finding[]) => void;
}

export function runCase(check: Check, c: Case): Finding[] {
  const ctx = buildContext(c.snapshot, {
    benchmark: c.benchmark ?? "1.8.0",
    containers: c.containers ?? {},
    eval: { trustedUsers: c.trustedUsers, maxImageAgeDays: c.maxImageAgeDays },
  });
  return evaluateCheck(check, ctx);
}

/** Every table declared so far, by check key, so the catalog test can prove each scored check can fail. */
export const tables = new Map<string, { check: Check; cases: Case[] }>();

export function checkTable(check: Check, cases: Case[]): void {
  tables.set(check.key, { check, cases });
  const statuses = new Set(cases.map((c) => c.status));
  if (!statuses.has("pass") && !statuses.has("skip") && !statuses.has("info") && !statuses.has("manual")) {
    throw new Error(`${check.key}: the table has no passing case`);
  }
  if (!statuses.has("fail") && (check.automated || (check.scored ?? check.automated))) throw new Error(`${check.key}: the table has no failing case`);
  describe(`check ${check.key}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const findings = runCase(check, c);
        const text = findings.map((f) => `${f.subject.name}: ${f.status}: ${f.message}`).join("\n");
        expect(worstStatus(findings.map((f) => f.status)), text).to.equal(c.status);
        for (const f of findings) expect(f.message, "every finding explains itself").to.be.a("string").and.not.equal("");
        if (c.subjects) {
          const got = Object.fromEntries(findings.map((f) => [f.subject.name, f.status]));
          expect(got, text).to.deep.equal(c.subjects);
        }
        if (c.message instanceof RegExp) expect(text).to.match(c.message);
        else if (c.message) expect(text).to.contain(c.message);
        c.check?.(findings);
      });
    }
  });
}
