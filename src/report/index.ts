// The one explicit map of reporters. Each is a pure function of the result tree.
import type { AuditReport } from "../engine/types.js";
import { renderJson } from "./json.js";
import { renderTable } from "./table.js";

export interface RenderOptions {
  /** ANSI colour (the CLI decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** Prometheus: add per-container series. */
  metricsPerContainer?: boolean;
}

export type Reporter = (report: AuditReport, options: RenderOptions) => string;

export const reporters: Record<string, Reporter> = {
  json: renderJson,
  table: renderTable,
};

/** File extension per format, for --output-dir. */
export const extensions: Record<string, string> = { json: "json", table: "txt" };

export function formatNames(): string[] {
  return Object.keys(reporters).sort();
}
