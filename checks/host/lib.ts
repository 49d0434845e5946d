// Shared judging for section 1: whether an audit rule covers a path, matched exactly as the kernel does rather than
// by substring (peers let a rule on /etc/docker/daemon.json "cover" /etc/docker and /var/lib/docker match
// /var/lib/dockershim), and which filesystem a path lives on.
import { type AuditRule, collected, type EvalContext, fail, type FileRole, type FileStat, type MountEntry, pass, type Verdict } from "../../src/check-api.js";
import { perFile } from "../shared.js";
import { isWithin, normalisePath as normalise } from "../paths.js";

export { isWithin };


/**
 * A `-F path=` rule watches that one inode; a `-w` watch or a `-F dir=` rule on a directory covers the directory
 * and everything below it (auditctl(8)). Nothing else matches: no prefixes of names, no parent of the rule's path.
 */
export function ruleMatches(rule: AuditRule, target: string): boolean {
  const p = normalise(rule.path);
  const t = normalise(target);
  if (rule.kind === "path") return t === p;
  return t === p || (p !== "/" && t.startsWith(p + "/"));
}

/** The names a file goes by: its path, its resolved path, and the /run ↔ /var/run alias every distribution has. */
export function aliases(f: Pick<FileStat, "path" | "realPath">): string[] {
  const out = new Set<string>();
  for (const p of [f.path, f.realPath]) {
    if (!p) continue;
    const n = normalise(p);
    out.add(n);
    if (n.startsWith("/var/run/")) out.add(n.slice("/var".length));
    else if (n.startsWith("/run/")) out.add("/var" + n);
  }
  return [...out];
}

/** Changes are what must be audited: a permission filter without write and attribute-change misses them. */
function auditsChanges(perms: string | undefined): boolean {
  return perms === undefined || perms === "" || (perms.includes("w") && perms.includes("a"));
}

export type Coverage =
  | { status: "covered"; rule: AuditRule }
  | { status: "excluded"; rule: AuditRule }
  | { status: "partial"; rule: AuditRule }
  | { status: "uncovered" };

/** The first matching rule decides, as on the kernel's exit list: a `never` rule before any `always` excludes. */
export function auditCoverage(rules: readonly AuditRule[], targets: readonly string[]): Coverage {
  let partial: AuditRule | undefined;
  for (const r of rules) {
    if (!targets.some((t) => ruleMatches(r, t))) continue;
    if (r.action === "never") return partial ? { status: "partial", rule: partial } : { status: "excluded", rule: r };
    if (auditsChanges(r.permissions)) return { status: "covered", rule: r };
    partial ??= r;
  }
  return partial ? { status: "partial", rule: partial } : { status: "uncovered" };
}

export function judgeAudited(f: FileStat, ctx: EvalContext): Verdict {
  const { value: rules, source } = collected(ctx.snapshot.host.auditRules, "the audit rules");
  const c = auditCoverage(rules, aliases(f));
  const evidence = { path: f.path, ...(f.realPath ? { realPath: f.realPath } : {}), rulesFrom: source };
  switch (c.status) {
    case "covered":
      return pass(`${f.path} is audited by "${c.rule.raw}" (${c.rule.source})`, { ...evidence, rule: c.rule.raw, key: c.rule.key ?? null });
    case "excluded":
      return fail(`${f.path} is excluded from auditing by "${c.rule.raw}" (${c.rule.source})`, { ...evidence, rule: c.rule.raw });
    case "partial":
      return fail(`${f.path} is watched by "${c.rule.raw}" for "${c.rule.permissions}" only: writes and attribute changes are not audited`, { ...evidence, rule: c.rule.raw });
    default:
      return fail(`no audit rule watches ${f.path} (${rules.length} file rules checked)`, evidence);
  }
}

/** One finding per file of the role: audited or not. Absent files are not applicable, except where `judgeMissing`. */
export function auditCheck(role: FileRole, noun: string, judgeMissing = false) {
  return perFile(role, { noun, judgeMissing }, judgeAudited);
}

/** The mount a path lives on: the longest mount point containing it, the last mounted when stacked. */
export function mountOf(mounts: readonly MountEntry[], p: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const mp = normalise(m.mountPoint);
    if (!isWithin(p, mp)) continue;
    if (!best || mp.length >= normalise(best.mountPoint).length) best = m;
  }
  return best;
}
