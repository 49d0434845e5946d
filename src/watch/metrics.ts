// /metrics and the textfile of `dockaudit watch`: the series of `-f prometheus` with the same names and labels
// (renderPrometheus), per-container series unless turned off, and the watcher's own state.
import type { AuditReport } from "../engine/types.js";
import { escapeLabel, renderPrometheus } from "../report/prometheus.js";

export interface WatchState {
  /** 1 while the daemon answers and the events stream is open. */
  up: boolean;
  /** Unix seconds of the last full and the last incremental evaluation (0: none yet). */
  lastFull: number;
  lastIncremental: number;
  /** Events read from the stream since the watcher started (all types watched, whether they caused work or not). */
  events: number;
}

function series(name: string, help: string, type: "gauge" | "counter", value: number): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${Number.isInteger(value) ? value : Math.round(value * 1000) / 1000}`];
}

/** The exposition text; `containerSeries` false leaves out every series labelled with a container name. */
export function renderWatchMetrics(report: AuditReport | undefined, state: WatchState, opts: { containerSeries: boolean }): string {
  return renderReportSeries(report, opts) + renderStateSeries(state);
}

/** The series that change only with an evaluation (rendered once per evaluation, not per scrape). */
export function renderReportSeries(report: AuditReport | undefined, opts: { containerSeries: boolean }): string {
  const out: string[] = [];
  if (report) {
    out.push(renderPrometheus(report, { metricsPerContainer: opts.containerSeries }).trimEnd());
    // Whether each check counts toward the score (the alerting rule example joins on it): -f prometheus has no label for it.
    out.push("# HELP dockaudit_check_scored 1 when the check counts toward the score, 0 otherwise (dockaudit watch).", "# TYPE dockaudit_check_scored gauge",
      ...report.results.map((r) => `dockaudit_check_scored{check="${escapeLabel(r.id)}",key="${escapeLabel(r.key)}"} ${r.scored ? 1 : 0}`));
    if (opts.containerSeries) {
      const failed: string[] = [];
      for (const r of report.results) {
        for (const f of r.findings) {
          if (f.subject.kind !== "container" || f.status !== "fail") continue;
          failed.push(`dockaudit_container_failed_check{container="${escapeLabel(f.subject.name)}",check="${escapeLabel(r.id)}",key="${escapeLabel(r.key)}",severity="${escapeLabel(r.severity)}"} 1`);
        }
      }
      if (failed.length > 0) {
        out.push("# HELP dockaudit_container_failed_check A check failing on a container (value 1; dockaudit watch, unless --no-container-series).", "# TYPE dockaudit_container_failed_check gauge", ...failed.sort());
      }
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/** The watcher's own series: rendered per scrape (the event counter moves between evaluations). */
export function renderStateSeries(state: WatchState): string {
  const out: string[] = [];
  out.push(
    ...series("dockaudit_up", "1 while the Docker daemon answers and its event stream is read, 0 otherwise (the other series then describe the last evaluation).", "gauge", state.up ? 1 : 0),
    ...series("dockaudit_last_full_evaluation_timestamp_seconds", "Unix time of the last full collection and evaluation.", "gauge", state.lastFull),
    ...series("dockaudit_last_incremental_evaluation_timestamp_seconds", "Unix time of the last evaluation after events (0: none yet).", "gauge", state.lastIncremental),
    ...series("dockaudit_events_total", "Engine API events read by the watcher.", "counter", state.events),
  );
  return out.join("\n") + "\n";
}
