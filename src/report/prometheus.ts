// Prometheus textfile-collector format (node_exporter's --collector.textfile.directory). Every series describes
// the last run, so all are gauges. No sample timestamps: node_exporter drops the whole file when it sees one.
// Container names are unbounded label values, so per-container series only come with --metrics-per-container.
// No `host` label: the scrape target already carries `instance`.

import { SECTIONS } from "../engine/sections.js";
import { STATUSES, SEVERITIES, type AuditReport, type Status } from "../engine/types.js";
import type { RenderOptions } from "./types.js";
import { forTerminal } from "../terminal.js";

/**
 * A label value as the text format wants it: backslash, quote and newline escaped. Container names and versions come
 * from the host, so escape sequences, NUL and other control characters are removed first (they would reach whoever
 * reads the file with cat, and some parsers stop at NUL).
 */
export function escapeLabel(v: string): string {
  return forTerminal(v).replace(/\t/g, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function num(n: number | null): string {
  if (n === null || Number.isNaN(n)) return "NaN";
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

class Writer {
  lines: string[] = [];
  metric(name: string, help: string, samples: [Record<string, string>, number | null][]): void {
    if (samples.length === 0) return;
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
      this.lines.push(`${name}${l ? `{${l}}` : ""} ${num(value)}`);
    }
  }
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

export function renderPrometheus(report: AuditReport, opts: RenderOptions = {}): string {
  const w = new Writer();
  const s = report.summary;
  const statuses = [...STATUSES].sort() as Status[];
  w.metric("dockaudit_build_info", "dockaudit build and the benchmark it audited against (value 1).", [[{
    version: report.tool.version,
    benchmark: "cis_docker",
    benchmark_version: report.benchmark.version,
    docker_version: report.daemon.version ?? "",
  }, 1]]);
  w.metric("dockaudit_last_run_timestamp_seconds", "Unix time the last audit finished collecting.", [[{}, seconds(report.finishedAt)]]);
  w.metric("dockaudit_last_run_duration_seconds", "Wall time of the last audit's collection.", [[{}, Math.max(0, seconds(report.finishedAt) - seconds(report.startedAt))]]);
  w.metric("dockaudit_collection_errors", "Facts the last audit could not collect (checks needing them are undecided).", [[{}, report.daemon.collectionErrors.length]]);
  w.metric("dockaudit_score", "CIS score: passing scored CIS checks over decided scored CIS checks, in percent (NaN when none was decided).", [[{}, s.score]]);
  w.metric("dockaudit_own_score", "dockaudit's own checks (section X), scored apart from the CIS score, in percent (NaN when none was decided).", [[{}, s.own.score]]);
  w.metric("dockaudit_docker_bench_score", "docker-bench-security style score: +1 per passing, -1 per failing scored check.", [[{}, s.dockerBenchScore]]);

  const sectionIds = SECTIONS.map((x) => x.id).filter((id) => report.results.some((r) => r.section === id));
  const checkCounts: [Record<string, string>, number][] = [];
  const findingCounts: [Record<string, string>, number][] = [];
  for (const section of sectionIds) {
    const rs = report.results.filter((r) => r.section === section);
    for (const status of statuses) {
      checkCounts.push([{ section, status }, rs.filter((r) => r.status === status).length]);
      findingCounts.push([{ section, status }, rs.reduce((n, r) => n + r.findings.filter((f) => f.status === status).length, 0)]);
    }
  }
  w.metric("dockaudit_checks", "Checks of the last audit by section and status.", checkCounts);
  w.metric("dockaudit_findings", "Findings (check x subject) of the last audit by section and status.", findingCounts);
  w.metric("dockaudit_failed_checks", "Failed checks of the last audit by severity.", SEVERITIES.map((sev) => [{ severity: sev }, s.failedBySeverity[sev]]));
  w.metric("dockaudit_check_status", "Status of each check in the last audit, as the status label (value 1).",
    report.results.map((r) => [{ check: r.id, key: r.key, section: r.section, level: String(r.level), severity: r.severity, status: r.status }, 1]));
  const waivers = report.waivers;
  if (waivers) {
    w.metric("dockaudit_waivers", "Waivers in the configuration by state (active, expired, stale).",
      (["active", "expired", "stale"] as const).map((state) => [{ state }, waivers.filter((x) => x.state === state).length]));
  }
  if (opts.metricsPerContainer) {
    // Counted in one pass (a watcher renders this after every event: per name and status rescans were quadratic).
    const counts = new Map<string, Map<Status, number>>();
    for (const r of report.results) {
      for (const f of r.findings) {
        if (f.subject.kind !== "container") continue;
        const byStatus = counts.get(f.subject.name) ?? new Map<Status, number>();
        byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
        counts.set(f.subject.name, byStatus);
      }
    }
    const names = [...counts.keys()].sort();
    const samples: [Record<string, string>, number][] = [];
    for (const container of names) {
      for (const status of statuses) samples.push([{ container, status }, counts.get(container)?.get(status) ?? 0]);
    }
    w.metric("dockaudit_container_findings", "Findings of the last audit per container and status (opt-in: --metrics-per-container).", samples);
  }
  return w.lines.join("\n") + "\n";
}
