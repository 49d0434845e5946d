// The fleet view's formats: fleet.json, a self-contained fleet.html (reports/fleet.hbs, the report's styling),
// a Prometheus textfile with a `host` label, and JUnit with a test suite per host. Pure functions of FleetReport.
import { STATUSES, type Status } from "../engine/types.js";
import { escapeLabel } from "../report/prometheus.js";
import { template } from "../report/templates.js";
import { escapeXml, oneLine, xmlSafe } from "../report/xml.js";
import { oscalDocument, oscalResult } from "../report/oscal.js";
import { TOOL_VERSION } from "../version.js";
import type { HostOutcome } from "./build.js";
import type { FleetCheck, FleetReport } from "./types.js";

/**
 * fleet.json: one line per host and per check (pretty-printing every host's check map put each status on a line of
 * its own: tens of megabytes at 10,000 hosts), the rest indented.
 */
export function renderFleetJson(fleet: FleetReport): string {
  const { hosts, checks, ...head } = fleet;
  const list = (xs: readonly unknown[]) => (xs.length ? `[\n    ${xs.map((x) => JSON.stringify(x)).join(",\n    ")}\n  ]` : "[]");
  return `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "hosts": ${list(hosts)},\n  "checks": ${list(checks)}\n}\n`;
}

/** Text for the server-rendered parts of fleet.html and fleet.xml: escaped, no control characters. */
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

/** One character per status in the page's data (the matrix of 10,000 hosts × 50 checks stays a few megabytes). */
const CODE: Record<Status, string> = { fail: "F", error: "E", waived: "W", manual: "M", info: "I", pass: "P", skip: "S" };
/** Hosts named as examples under each of the most-failed checks (the matrix, filtered by the check, lists all). */
const EXAMPLES = 3;
/** Hosts that could not be audited listed by name above the matrix (the status filter shows every one). */
const NOT_AUDITED_LISTED = 20;

/** Text for the page's data: no control characters (the page sets it as text, so markup is inert already). */
const plain = (v: string | null | undefined) => (v ?? "").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "");

/**
 * fleet.html: the summary, hosts that could not be audited, and the most-failed checks rendered on the server
 * (escaped); the hosts × checks matrix drawn by the page's script from compact data (text only: names, labels and
 * reasons are set as text, never as markup), a page of rows at a time, with filters by host, label, status and
 * check. Size grows by about 150 bytes per host plus one character per (host, failing check).
 */
export function renderFleetHtml(fleet: FleetReport): string {
  const columns = fleet.checks.filter((c) => c.failed.length || c.error.length);
  const cleanChecks = fleet.checks.filter((c) => !c.failed.length && !c.error.length);
  const labelKeys = [...new Set(fleet.hosts.flatMap((h) => Object.keys(h.labels)))].sort();
  const audited = fleet.summary.audited;
  // Every "failing since" time once; hosts refer to them by index (a 10,000-host series stays small).
  const dates: string[] = [];
  const dateAt = new Map<string, number>();
  const dateIndex = (at: string | undefined): number => {
    if (!at) return -1;
    let i = dateAt.get(at);
    if (i === undefined) { i = dates.length; dates.push(plain(at)); dateAt.set(at, i); }
    return i;
  };
  const data = {
    dates,
    columns: columns.map((c) => ({ key: plain(c.key), id: plain(c.id), title: plain(c.title), severity: c.severity })),
    labelKeys: labelKeys.map(plain),
    hosts: fleet.hosts.map((h) => {
      const row: Record<string, unknown> = { n: plain(h.name), a: h.audited ? 1 : 0 };
      const href = reportHref(h.reports?.html ?? h.reports?.json);
      if (href) row.h = href;
      if (Object.keys(h.labels).length) row.l = labelKeys.map((k) => (h.labels[k] === undefined ? null : plain(h.labels[k])));
      if (!h.audited) { row.r = plain(h.reason ?? "not audited"); return row; }
      if (h.reason) row.r = plain(h.reason);
      row.s = h.score ?? null;
      row.f = h.counts?.fail ?? 0;
      row.e = h.counts?.error ?? 0;
      row.g = h.gateFailed ? 1 : 0;
      row.c = columns.map((c) => { const st = h.checks?.[c.key]; return st ? CODE[st] : "."; }).join("");
      if (h.finishedAt) row.t = h.finishedAt;
      if (h.trend) row.tr = h.trend.map((p) => p.score);
      if (h.firstFailed && h.trend) {
        // For each failing cell in column order: when that check started failing, as an index into `dates` (only
        // for hosts with more than one run: with one, the date would only repeat the run's own).
        const since = columns.filter((c) => h.checks?.[c.key] === "fail").map((c) => dateIndex(h.firstFailed?.[c.key]));
        if (since.some((d) => d >= 0)) row.ff = since;
      }
      return row;
    }),
  };
  const checkView = (c: FleetCheck) => ({
    id: text(c.id), key: text(c.key), title: text(c.title), severity: c.severity,
    failed: c.failed.length, error: c.error.length, waived: c.waived, passed: c.passed,
    share: audited ? `${Math.round((c.failed.length / audited) * 1000) / 10} %` : "n/a",
    examples: c.failed.slice(0, EXAMPLES).map(text),
    more: Math.max(0, c.failed.length - EXAMPLES),
    filterHref: `#check=${encodeURIComponent(c.key)}`,
  });
  const notAudited = fleet.hosts.filter((h) => !h.audited);
  return template("fleet")({
    title: `dockaudit fleet — ${fleet.summary.hosts} hosts`,
    tool: `dockaudit ${fleet.tool.version}`,
    generatedAt: fleet.generatedAt,
    summary: { ...fleet.summary, worstScore: pct(fleet.summary.worstScore), medianScore: pct(fleet.summary.medianScore) },
    notAudited: notAudited.slice(0, NOT_AUDITED_LISTED).map((h) => ({ name: text(h.name), target: text(h.target), reason: text(h.reason) })),
    notAuditedMore: Math.max(0, notAudited.length - NOT_AUDITED_LISTED),
    checks: columns.map(checkView),
    cleanChecks: cleanChecks.map(checkView),
    labelFilters: labelKeys.map((k, i) => ({
      index: i,
      key: text(k),
      values: [...new Set(fleet.hosts.map((h) => h.labels[k]).filter((v): v is string => v !== undefined))].sort().slice(0, 500).map(text),
    })),
    checkOptions: columns.map((c) => ({ key: text(c.key), label: text(`${c.id} ${c.title}`.slice(0, 90)) })),
    data,
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

/**
 * JUnit: one test suite per host with a case per (host, failing or undecided check) plus one for the audit; a host
 * that could not be audited is a suite with one error. The host's own report (named in the suite's properties)
 * holds the findings: nothing of it is repeated here. Written directly, each string escaped once: the template
 * engine's deep escape of the whole view cost more than the rest of a 10,000-host fleet.
 */
export function renderFleetJunit(fleet: FleetReport): string {
  const byKey = new Map(fleet.checks.map((c) => [c.key, c]));
  const timestamp = fleet.generatedAt.slice(0, 19);
  const x = escapeXml;
  const body: string[] = [];
  let tests = 0, failures = 0, errors = 0;
  fleet.hosts.forEach((h, i) => {
    const classname = x(`dockaudit-${oneLine(h.name).replace(/\./g, "_")}`);
    const open = (n: number, f: number, e: number, props: [string, string][]) => {
      tests += n; failures += f; errors += e;
      body.push(`  <testsuite name="${x(oneLine(h.name))}" id="${i}" package="dockaudit" tests="${n}" failures="${f}" errors="${e}" skipped="0" time="0.000" timestamp="${timestamp}" hostname="${x(oneLine(h.hostname ?? h.name))}">`,
        "    <properties>", ...props.map(([k, v]) => `      <property name="${x(oneLine(k))}" value="${x(oneLine(v))}"/>`), "    </properties>");
    };
    if (!h.audited) {
      open(1, 0, 1, [["target", h.target]]);
      const why = oneLine(h.reason ?? "not audited");
      body.push(`    <testcase name="audit" classname="${classname}" time="0.000">`, `      <error message="${x(why)}" type="not-audited">${x(h.reason ?? "")}</error>`, "    </testcase>", "  </testsuite>");
      return;
    }
    const cases: string[] = [`    <testcase name="${x(`audit (score ${pct(h.score)})`)}" classname="${classname}" time="0.000"/>`];
    let f = 0, e = 0;
    for (const [key, status] of Object.entries(h.checks ?? {})) {
      if (status !== "fail" && status !== "error") continue;
      const c = byKey.get(key);
      const name = x(oneLine(`${c?.id ?? key} ${c?.title ?? ""}`.trim()));
      if (status === "fail") {
        f++;
        const since = h.runs && h.firstFailed?.[key] ? ` since ${h.firstFailed[key]}` : "";
        cases.push(`    <testcase name="${name}" classname="${classname}" time="0.000"><failure message="${x(`failed${since}`)}" type="fail"/></testcase>`);
      } else {
        e++;
        cases.push(`    <testcase name="${name}" classname="${classname}" time="0.000"><error message="could not be decided" type="error"/></testcase>`);
      }
    }
    const link = h.reports?.html ?? h.reports?.json;
    open(cases.length, f, e, [["target", h.target], ["score", pct(h.score)], ...(link ? [["report", link] as [string, string]] : []), ...Object.entries(h.labels).sort().map(([k, v]) => [`label.${k}`, v] as [string, string])]);
    body.push(...cases, "  </testsuite>");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dockaudit fleet" tests="${tests}" failures="${failures}" errors="${errors}" time="0.000">`,
    ...body,
    "</testsuites>",
    "",
  ].join("\n");
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
