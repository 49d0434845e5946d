// The catalog as documentation: the full table in docs/checks.md and the per-section summary in the README, both
// generated from the checks' metadata (scripts/readme-checks.mjs) and compared with it by test/catalog/readme.test.ts.
import { SECTIONS } from "../engine/sections.js";

/** One row of `dockaudit checks -f json`. */
export interface CheckListRow {
  id: string;
  key: string;
  automated: boolean;
}

/** One line per section: its title, how many checks, and their ids (manual ones marked). */
export function checkSummaryMarkdown(rows: readonly CheckListRow[], benchmark: string): string {
  const head = `| section | checks | ids (${benchmark}; *italic*: manual) |\n|---|---|---|\n`;
  const lines = SECTIONS.flatMap((s) => {
    const mine = rows.filter((r) => r.id.split(".")[0] === s.id);
    if (mine.length === 0) return [];
    const ids = mine.map((r) => (r.automated ? r.id : `*${r.id}*`)).join(" ");
    return [`| ${s.id} ${s.title} | ${mine.length} | ${ids} |`];
  });
  return head + lines.join("\n") + "\n";
}
