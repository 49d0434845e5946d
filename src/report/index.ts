// The one explicit map of reporters. Each is a pure function of the result tree.
import { renderAsff } from "./asff.js";
import { renderCsv } from "./csv.js";
import { renderHdf } from "./hdf.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderOscal } from "./oscal.js";
import { renderPrometheus } from "./prometheus.js";
import { renderSarif } from "./sarif.js";
import { renderTable } from "./table.js";

export type { RenderOptions, Reporter } from "./types.js";
import type { Reporter } from "./types.js";

const REPORTERS = {
  json: renderJson,
  html: renderHtml,
  junit: renderJunit,
  table: renderTable,
  sarif: renderSarif,
  prometheus: renderPrometheus,
  hdf: renderHdf,
  csv: renderCsv,
  markdown: renderMarkdown,
  oscal: renderOscal,
  asff: renderAsff,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof REPORTERS;

/** By format name: a known name (a ReportFormat) gives its reporter; any other string may give none. */
export const reporters: Readonly<Record<string, Reporter>> & typeof REPORTERS = REPORTERS;

/** File extension per format, for --output-dir. */
export const extensions: Readonly<Record<string, string>> & Record<ReportFormat, string> = { json: "json", html: "html", junit: "xml", table: "txt", sarif: "sarif", prometheus: "prom", hdf: "hdf.json", csv: "csv", markdown: "md", oscal: "oscal.json", asff: "asff.json" };

export function formatNames(): string[] {
  return Object.keys(reporters).sort();
}
