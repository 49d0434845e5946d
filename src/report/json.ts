// The JSON report (schemaVersion 2; its shape is made in src/engine/report-json.ts). Indented for reading, except
// that each finding is one line: a report of thousands of containers stays half the size and fast to write, and
// every finding is still one `grep` away.
import type { AuditReport } from "../engine/types.js";
import { toJsonReport } from "../engine/report-json.js";

/** `value` as JSON.stringify(value, null, 2) would print it, every line after the first indented by `pad`. */
function pretty(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

export function renderJson(report: AuditReport): string {
  const { results, ...head } = toJsonReport(report);
  const printed = results.map((r) => {
    const { findings, ...meta } = r;
    const lines = findings.map((f) => `        ${JSON.stringify(f)}`).join(",\n");
    // meta always has fields (id, key, …), so its text ends with "\n    }": the findings go before that brace.
    return `    ${pretty(meta, "    ").slice(0, -6)},\n      "findings": [${lines ? `\n${lines}\n      ` : ""}]\n    }`;
  });
  const top = pretty(head, "");
  return `${top.slice(0, -2)},\n  "results": [${printed.length ? `\n${printed.join(",\n")}\n  ` : ""}]\n}\n`;
}
