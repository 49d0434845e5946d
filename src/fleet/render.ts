// The fleet view's formats: fleet.json, a self-contained fleet.html (reports/fleet.hbs, the report's styling),
// a Prometheus textfile with a `host` label, and JUnit with a test suite per host. Pure functions of FleetReport.
import { STATUSES, type Status } from "../engine/types.js";
import { escapeLabel } from "../report/prometheus.js";
import { template } from "../report/templates.js";
import { oneLine, xmlSafe } from "../report/xml.js";
import { oscalDocument, oscalResult } from "../report/oscal.js";
import { TOOL_VERSION } from "../version.js";
import type { HostOutcome } from "./build.js";
import type { FleetCheck, FleetHost, FleetReport } from "./types.js";

export function renderFleetJson(fleet: FleetReport): string {
  return JSON.stringify(fleet, null, 2) + "\n";
}

const SYMBOL: Record<Status, string> = { fail: "✗", error: "!", waived: "~", manual: "?", info: "i", pass: "✓", skip: "–" };
/** Columns of the matrix beyond which checks that failed nowhere are left out (they are listed below it). */
const text = (s: string | null | undefined) => xmlSafe(s ?? "");

/**
 * A link to a host's own report, relative to fleet.html. Always "./"-prefixed and percent-encoded per segment, so a
 * directory named like a URL scheme ("javascript:…") stays a relative path.
 */
export function reportHref(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0) return undefined;
  return "./" + segments.map((s) => (s === ".." ? s : encodeURIComponent(s))).join("/");
}

function pct(n: number | null | undefined): string {
  return n === null || n === undefined ? "n/a" : `${n.toFixed(1)} %`;
}

export function renderFleetHtml(fleet: FleetReport): string {
  const columns = fleet.checks.filter((c) => c.failed.length || c.error.length);
  const cleanChecks = fleet.checks.filter((c) => !c.failed.length && !c.error.length);
  const labelKeys = [...new Set(fleet.hosts.flatMap((h) => Object.keys(h.labels)))].sort();
  const hosts = fleet.hosts.map((h: FleetHost) => ({
    name: text(h.name),
    href: reportHref(h.reports?.html ?? h.reports?.json),
    audited: h.audited,
    reason: text(h.reason),
    target: text(h.target),
    score: pct(h.score),
    fail: h.counts?.fail ?? 0,
    error: h.counts?.error ?? 0,
    gate: h.gateFailed ? "failed" : h.audited ? "passed" : "",
    docker: text(h.dockerVersion),
    finished: text(h.finishedAt),
    labels: Object.entries(h.labels).sort().map(([k, v]) => ({ k: text(k), v: text(v) })),
    labelData: JSON.stringify(h.labels),
    cells: columns.map((c) => {
      const s = h.checks?.[c.key];
      return s ? { status: s, symbol: SYMBOL[s], title: `${text(h.name)} · ${c.id}: ${s}` } : { status: "none", symbol: "", title: `${text(h.name)} · ${c.id}: not run` };
    }),
  }));
  const checkView = (c: FleetCheck) => ({
    id: text(c.id), key: text(c.key), title: text(c.title), severity: c.severity,
    failed: c.failed.length, error: c.error.length, waived: c.waived, passed: c.passed,
    failedHosts: c.failed.slice(0, 20).map(text).join(", ") + (c.failed.length > 20 ? ` and ${c.failed.length - 20} more` : ""),
  });
  return template("fleet")({
    title: `dockaudit fleet — ${fleet.summary.hosts} hosts`,
    tool: `dockaudit ${fleet.tool.version}`,
    generatedAt: fleet.generatedAt,
    summary: { ...fleet.summary, worstScore: pct(fleet.summary.worstScore), medianScore: pct(fleet.summary.medianScore) },
    notAudited: hosts.filter((h) => !h.audited),
    hosts,
    columns: columns.map((c) => ({ id: text(c.id), title: text(c.title), key: text(c.key) })),
    checks: columns.map(checkView),
    cleanChecks: cleanChecks.map(checkView),
    labelFilters: labelKeys.map((k) => ({
      key: text(k),
      values: [...new Set(fleet.hosts.map((h) => h.labels[k]).filter((v): v is string => v !== undefined))].sort().map(text),
    })),
  });
}

export function renderFleetPrometheus(fleet: FleetReport): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, samples: [Record<string, string>, number | null | undefined][]) => {
    if (!samples.length) return;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, v] of samples) {
      const l = Object.entries(labels).map(([k, x]) => `${k}="${escapeLabel(x)}"`).join(",");
      const value = v === null || v === undefined || Number.isNaN(v) ? "NaN" : String(v);
      lines.push(`${name}{${l}} ${value}`);
    }
  };
  const audited = fleet.hosts.filter((h) => h.audited);
  metric("dockaudit_fleet_host_audited", "1 when the host was audited, 0 when it could not be (see fleet.json for the reason).", fleet.hosts.map((h) => [{ host: h.name }, h.audited ? 1 : 0]));
  metric("dockaudit_fleet_score", "The host's score in percent (NaN when none was decided).", audited.map((h) => [{ host: h.name }, h.score]));
  const statuses = [...STATUSES].sort() as Status[];
  metric("dockaudit_fleet_checks", "Checks of the host's last audit by status.", audited.flatMap((h) => statuses.map((s) => [{ host: h.name, status: s }, h.counts?.[s] ?? 0] as [Record<string, string>, number])));
  metric("dockaudit_fleet_gate_failed", "1 when the host's gate failed.", audited.map((h) => [{ host: h.name }, h.gateFailed ? 1 : 0]));
  metric("dockaudit_fleet_last_run_timestamp_seconds", "Unix time the host's last audit finished.", audited.flatMap((h) => (h.finishedAt ? [[{ host: h.name }, Date.parse(h.finishedAt) / 1000] as [Record<string, string>, number]] : [])));
  return lines.join("\n") + "\n";
}

/** JUnit: one test suite per host, a case per check; a host that could not be audited is a suite with one error. */
export function renderFleetJunit(fleet: FleetReport): string {
  const byKey = new Map(fleet.checks.map((c) => [c.key, c]));
  const timestamp = fleet.generatedAt.slice(0, 19);
  const suites = fleet.hosts.map((h, i) => {
    const classname = `dockaudit-${oneLine(h.name).replace(/\./g, "_")}`;
    if (!h.audited) {
      return {
        name: h.name, id: i, tests: 1, failures: 0, errors: 1, skipped: 0, time: "0.000", timestamp, hostname: h.name, properties: [{ name: "target", value: h.target }],
        cases: [{ name: "audit", classname, time: "0.000", error: { message: oneLine(h.reason ?? "not audited"), type: "not-audited", body: h.reason ?? "" } }],
      };
    }
    const cases = Object.entries(h.checks ?? {}).map(([key, status]) => {
      const c = byKey.get(key);
      const name = `${c?.id ?? key} ${c?.title ?? ""}`.trim();
      const link = h.reports?.html ?? h.reports?.json ?? h.target;
      const base = { name, classname, time: "0.000" };
      if (status === "fail") return { ...base, failure: { message: `failed on ${h.name}`, type: "fail", body: `${name}: failed on ${h.name}; findings in ${link}` } };
      if (status === "error") return { ...base, error: { message: `could not be decided on ${h.name}`, type: "error", body: `findings in ${link}` } };
      if (status === "pass") return base;
      return { ...base, skipped: { message: `${status} on ${h.name}` } };
    });
    return {
      name: h.name, id: i, tests: cases.length,
      failures: cases.filter((c) => "failure" in c).length, errors: cases.filter((c) => "error" in c).length, skipped: cases.filter((c) => "skipped" in c).length,
      time: "0.000", timestamp, hostname: h.hostname ?? h.name,
      properties: [{ name: "target", value: h.target }, { name: "score", value: pct(h.score) }, ...Object.entries(h.labels).sort().map(([k, v]) => ({ name: `label.${k}`, value: v }))],
      cases,
    };
  });
  return template("junit", { xml: true })({
    name: "dockaudit fleet",
    tests: suites.reduce((n, s) => n + s.tests, 0),
    failures: suites.reduce((n, s) => n + s.failures, 0),
    errors: suites.reduce((n, s) => n + s.errors, 0),
    time: "0.000",
    suites,
  });
}

/**
 * fleet.oscal.json: one OSCAL assessment-results document for the fleet, a result per audited host (the result
 * `-f oscal` writes for that host, its UUIDs scoped by the host's inventory name so that no two results share one);
 * hosts that could not be audited are named in the metadata's remarks.
 * Pure: the same reports and time give the same bytes.
 */
export function renderFleetOscal(outcomes: readonly HostOutcome[], generatedAt: Date): string {
  const audited = outcomes.flatMap((o) => (o.report ? [{ name: o.name, report: o.report }] : [])).sort((a, b) => a.name.localeCompare(b.name));
  const built = audited.map((o) => oscalResult(o.report, o.name));
  const missing = outcomes.filter((o) => !o.report).map((o) => `${o.name} (${o.error ?? "no report"})`).sort();
  const benchmarks = [...new Set(audited.map((o) => `${o.report.benchmark.name} ${o.report.benchmark.version}`))].sort();
  const doc = oscalDocument(built, {
    name: `fleet\u0000${built.map((b) => String(b.result.uuid)).sort().join("\u0000")}`,
    title: `dockaudit fleet assessment results: ${audited.length} of ${outcomes.length} hosts audited`,
    lastModified: generatedAt.toISOString(),
    version: TOOL_VERSION,
    benchmark: benchmarks.join(", ") || "CIS Docker Benchmark",
  });
  if (missing.length) {
    const metadata = (doc["assessment-results"] as { metadata: Record<string, unknown> }).metadata;
    metadata.remarks = `Hosts that could not be audited (no result): ${missing.join("; ")}`;
  }
  return JSON.stringify(doc, null, 2) + "\n";
}
