// Cases shared by the audit-rule checks (1.1.3-1.1.18): each check's table is built from its role and the path it
// audits, plus the substring traps peers fall into for that path.
import { parseAuditRules } from "../../../src/collect/host/audit-rules.js";
import type { Case } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import type { AuditRule, FileStat, Snapshot } from "../../../src/snapshot/types.js";
import { stat, withFiles, type TreeCase } from "../daemon-files/support.js";

export function rules(...lines: string[]): AuditRule[] {
  return parseAuditRules(lines.join("\n"), "/etc/audit/rules.d/docker.rules");
}

export function audited(role: string, files: FileStat[], ruleLines: string[] | ReturnType<typeof errFact<AuditRule[]>>): Snapshot {
  const auditRules = Array.isArray(ruleLines) ? okFact(rules(...ruleLines), "test rules") : ruleLines;
  const s = withFiles({ [role]: files });
  s.host.auditRules = auditRules;
  return s;
}

export interface AuditCaseOptions {
  /** The check judges the path even when it does not exist (the running daemon's binary). */
  judgeMissing?: boolean;
  /** Paths that share a prefix with the target but are other files: rules on them must not count (Q11). */
  lookalikes?: string[];
  type?: FileStat["type"];
}

/** The verdicts every audit-rule check must give for its path. */
export function auditCases(role: string, target: string, o: AuditCaseOptions = {}): Case[] {
  const f = stat(target, { type: o.type ?? "file" });
  const parent = target.slice(0, target.lastIndexOf("/")) || "/";
  const cases: Case[] = [
    { name: "a -w watch on the path passes", status: "pass", message: "is audited by",
      snapshot: audited(role, [f], [`-w ${target} -p wa -k docker`]) },
    { name: "a syscall rule -F path= with perm=wa passes", status: "pass",
      snapshot: audited(role, [f], [`-a always,exit -F arch=b64 -S all -F path=${target} -F perm=wa -F key=docker`]) },
    { name: "a watch without -p (all permissions) passes", status: "pass", snapshot: audited(role, [f], [`-w ${target} -k docker`]) },
    { name: "a -F dir= rule on the parent directory covers the path", status: "pass",
      snapshot: audited(role, [f], [`-a always,exit -F dir=${parent} -F perm=wa -k docker`]) },
    { name: "no rule for the path fails", status: "fail", message: `no audit rule watches ${target}`,
      snapshot: audited(role, [f], ["-w /etc/passwd -p wa -k identity"]) },
    { name: "no audit rules at all fails", status: "fail", snapshot: audited(role, [f], []) },
    { name: "a rule on a path below does not cover the path itself", status: "fail",
      snapshot: audited(role, [f], [`-w ${target}/x -p wa -k docker`]) },
    { name: "an -F path= rule on the parent does not cover what is below it", status: "fail",
      snapshot: audited(role, [f], [`-a always,exit -F path=${parent} -F perm=wa -k docker`]) },
    { name: "a watch for reads only fails: changes would go unrecorded", status: "fail", message: "writes and attribute changes are not audited",
      snapshot: audited(role, [f], [`-w ${target} -p r -k docker`]) },
    { name: "a never rule placed first excludes the path", status: "fail", message: "excluded from auditing",
      snapshot: audited(role, [f], [`-a never,exit -F path=${target}`, `-w ${target} -p wa -k docker`]) },
    { name: "a commented-out rule does not count", status: "fail", snapshot: audited(role, [f], [`# -w ${target} -p wa -k docker`]) },
    { name: "a path that could not be examined is an error", status: "error",
      snapshot: audited(role, [{ path: target, exists: false, error: "EACCES: permission denied" }], [`-w ${target}`]) },
    { name: "audit rules unreadable is an error, never a pass", status: "error", message: "could not be read",
      snapshot: audited(role, [f], errFact<AuditRule[]>("EISDIR: is a directory, /etc/audit/rules.d/x.rules", "/etc/audit/rules.d/x.rules")) },
    { name: "the path could not be determined: error", status: "error",
      snapshot: (() => { const s = snapshot({ host: { files: { [role]: errFact("unknown", "test") } } }); s.host.auditRules = okFact([], "t"); return s; })() },
  ];
  for (const other of o.lookalikes ?? []) {
    cases.push({ name: `a rule on ${other} does not cover ${target} (no substring match)`, status: "fail",
      snapshot: audited(role, [f], [`-w ${other} -p wa -k docker`]) });
  }
  cases.push(o.judgeMissing
    ? { name: "judged even when the path is not visible (the daemon runs from it)", status: "fail",
        snapshot: audited(role, [{ path: target, exists: false }], []) }
    : { name: "a path that does not exist on this host is not applicable", status: "skip", message: "does not exist",
        snapshot: audited(role, [{ path: target, exists: false }], []) });
  return cases;
}

/** Real-tree cases: the rules read from /etc/audit files (auditctl is never asked under --root). */
export function auditTreeCases(target: string, entry: TreeCase["tree"][string], extra: Partial<TreeCase> = {}): TreeCase[] {
  return [
    { name: "a watch in /etc/audit/rules.d/*.rules passes", status: "pass", ...extra,
      tree: { [target]: entry, "/etc/audit/rules.d/50-docker.rules": { content: `## docker\n-w ${target} -p wa -k docker\n` } } },
    { name: "a syscall rule in /etc/audit/audit.rules passes", status: "pass", ...extra,
      tree: { [target]: entry, "/etc/audit/audit.rules": { content: `-D\n-b 8192\n-a always,exit -F path=${target} -F perm=wa -k docker\n` } } },
    { name: "rules files without a rule for the path fail", status: "fail", ...extra,
      tree: { [target]: entry, "/etc/audit/rules.d/50-docker.rules": { content: `-w ${target}.bak -p wa -k docker\n` } } },
    { name: "a rules file that cannot be read is an error", status: "error", ...extra,
      tree: { [target]: entry, "/etc/audit/rules.d/50-docker.rules": { type: "dir" } } },
  ];
}
