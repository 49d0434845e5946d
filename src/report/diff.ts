// Rendering `dockaudit diff` of two report.json files (the comparison itself is src/engine/diff.ts): a table for a
// person and JSON for a program. Pure, like every reporter.
import { CHANGE_KINDS, type ChangeKind, type ReportDiff } from "../engine/diff.js";
import { lineForTerminal } from "../terminal.js";

const LABELS: Record<ChangeKind, string> = {
  "newly-failing": "Newly failing",
  "newly-passing": "Newly passing",
  changed: "Changed status",
  appeared: "Appeared",
  disappeared: "Disappeared",
};

/** Every string of both reports comes from files: one line, no control characters, before it reaches a terminal. */
const clean = lineForTerminal;

export function renderDiffTable(d: ReportDiff, files: { old: string; new: string }): string {
  const out = [`dockaudit diff: ${clean(files.old)} (${clean(d.old.startedAt)}) -> ${clean(files.new)} (${clean(d.new.startedAt)})`];
  if (d.old.benchmark !== d.new.benchmark) out.push(`benchmark ${clean(d.old.benchmark)} -> ${clean(d.new.benchmark)}: findings are matched by check key, not id`);
  for (const kind of CHANGE_KINDS) {
    const rows = d.changes.filter((c) => c.change === kind);
    if (!rows.length) continue;
    out.push("", `${LABELS[kind]} (${rows.length}):`);
    for (const c of rows) {
      const id = c.oldCheckId ? `${clean(c.checkId)} (was ${clean(c.oldCheckId)})` : clean(c.checkId);
      out.push(`  ${id.padEnd(8)} ${clean(c.subject.kind)} ${clean(c.subject.name)}: ${clean(c.old ?? "-")} -> ${clean(c.new ?? "-")}  ${clean(c.title)}`);
    }
  }
  const total = d.changes.length;
  out.push("", total === 0 ? "No changes." : CHANGE_KINDS.map((k) => `${d.counts[k]} ${LABELS[k].toLowerCase()}`).join(", ") + ".");
  // The line the exit code follows (and JSON's newFailures): every finding that fails now and did not before,
  // whether it changed to fail or appeared failing. Without it "0 newly failing … 34 appeared" and exit 1 disagree.
  if (total) out.push(newFailuresLine(d));
  return out.join("\n") + "\n";
}

export function newFailuresLine(d: ReportDiff): string {
  if (d.newFailures === 0) return "New failures: 0 (exit 0).";
  const appeared = d.changes.filter((c) => c.change === "appeared" && c.new === "fail").length;
  const parts = [d.counts["newly-failing"] ? `${d.counts["newly-failing"]} newly failing` : "", appeared ? `${appeared} appeared failing` : ""].filter(Boolean).join(", ");
  return `New failures: ${d.newFailures} (${parts}; exit 1).`;
}

export function renderDiffJson(d: ReportDiff, files: { old: string; new: string }): string {
  return JSON.stringify({ old: { file: files.old, ...d.old }, new: { file: files.new, ...d.new }, counts: d.counts, newFailures: d.newFailures, changes: d.changes }, null, 2) + "\n";
}
