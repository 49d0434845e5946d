// JUnit XML for CI test views (Jenkins, GitLab, GitHub test reporters, Azure DevOps), from reports/junit.hbs.
// One <testsuite> per section, one <testcase> per check (its findings are the details, not separate cases), so a
// check's outcome is one line in the CI view and names stay unique (GitLab drops duplicate classname+name).
// Mapping, and why (formats.md §1):
// - fail → <failure>: message names the failing subjects, body lists each finding and the remediation.
// - error → <error>: the check could not decide; body gives each reason. Jenkins and dorny show it as failed.
// - skip, manual, info → <skipped message="<status>: ...">: consumers know only pass/fail/error/skip, so the
//   real status leads the message.
// - waived → <skipped message="waived: <reason> ...">: the check did not pass, but an approved waiver accepts
//   the risk, so it must neither show green nor fail the CI view; the exit code already ignores it.
// - pass → no child; the passing (and not applicable) subjects go to <system-out> for every status.
// - classname has no dots (Jenkins splits on the last dot into package and class).
// - time: checks are not timed one by one, so cases and suites carry 0.000; the root carries the collection time.
// - timestamp: the collection start in UTC, without zone, as strict consumers expect.
import { worstStatus } from "../engine/run.js";
import type { AuditReport, CheckResult, Finding, Status } from "../engine/types.js";
import type { RenderOptions } from "./types.js";
import { template } from "./templates.js";
import { cap, capLine, evidenceValue, oneLine, xmlSafe } from "./xml.js";

/** Bodies above this many characters are cut with a visible marker (consumers trim or choke on large output). */
export const BODY_LIMIT = 64 * 1024;
/** Messages stay on one short line: action-junit-report and Jenkins show them as headlines. */
export const MESSAGE_LIMIT = 200;

const PASSING: readonly Status[] = ["pass", "skip"];

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

function timestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19);
}

function subjectLabel(f: Finding): string {
  const id = f.subject.id ? ` ${f.subject.id.replace(/^sha256:/, "").slice(0, 12)}` : "";
  const at = f.location ? ` (${f.location.file}:${f.location.line})` : "";
  return `${f.subject.kind} ${f.subject.name}${id}${at}`;
}

function findingLines(f: Finding): string {
  const lines = [`- ${subjectLabel(f)}: ${f.status}: ${f.message}`];
  for (const [k, v] of Object.entries(f.evidence ?? {})) lines.push(`    ${k}: ${evidenceValue(v)}`);
  if (f.waiver) lines.push(`    waived: ${f.waiver.reason} (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})`);
  return lines.join("\n");
}

function block(title: string, findings: Finding[]): string {
  return findings.length ? `${title}\n${findings.map(findingLines).join("\n")}` : "";
}

function names(findings: Finding[], max = 5): string {
  const n = findings.map((f) => f.subject.name);
  return n.length > max ? `${n.slice(0, max).join(", ")} and ${n.length - max} more` : n.join(", ");
}

function about(r: CheckResult): string {
  const cis = Object.entries(r.cis).map(([v, id]) => `${id} in ${v}`).join(", ");
  return `Check ${r.id} (${r.key}), ${r.sectionTitle}; level ${r.level}, severity ${r.severity}, ${r.scored ? "scored" : "not scored"}${cis ? `; CIS ${cis}` : ""}.`;
}

/** Text for the XML body: forbidden characters removed, length capped with a marker. */
function body(parts: string[]): string {
  return cap(xmlSafe(parts.filter(Boolean).join("\n\n")), BODY_LIMIT);
}

function message(s: string): string {
  return capLine(oneLine(s), MESSAGE_LIMIT);
}

function testcase(r: CheckResult) {
  const by = (...s: Status[]) => r.findings.filter((f) => s.includes(f.status));
  const failed = by("fail"), errored = by("error"), waived = by("waived"), undecided = by("manual", "info");
  const passing = by(...PASSING);
  const c: Record<string, unknown> = {
    name: oneLine(`${r.id} ${r.title}`),
    classname: `dockaudit_section_${r.section.replace(/[^A-Za-z0-9]/g, "_")}`,
    time: "0.000",
  };
  const kinds = new Set(r.findings.map((f) => f.subject.kind));
  const noun = kinds.size === 1 ? `${[...kinds][0]}s` : "subjects";
  const headline = (bad: Finding[], verb: string) =>
    r.findings.length === 1 ? `${verb}: ${bad[0]?.message ?? ""}` : `${bad.length} of ${r.findings.length} ${noun} ${verb}: ${names(bad)}`;
  switch (r.status) {
    case "fail":
      c.failure = {
        message: message(headline(failed, "fail")),
        type: r.key,
        body: body([
          block("Failing:", failed),
          block("Could not decide:", errored),
          block("Waived:", waived),
          block("Needs a human:", undecided),
          `Remediation: ${r.remediation}`,
          about(r),
        ]),
      };
      break;
    case "error":
      c.error = {
        message: message(r.findings.length === 1 ? `error: ${errored[0]?.message ?? ""}` : `${headline(errored, "undecided")} (${errored[0]?.message ?? ""})`),
        type: r.key,
        body: body([block("Could not decide:", errored), block("Waived:", waived), block("Needs a human:", undecided), about(r)]),
      };
      break;
    case "waived": {
      const w = waived[0]?.waiver;
      c.skipped = { message: message(`waived: ${w ? `${w.reason} (approved by ${w.approvedBy}, expires ${w.expires})` : "an approved waiver covers the failures"}`) };
      break;
    }
    case "manual":
    case "info":
    case "skip": {
      const first = r.findings.find((f) => f.status === r.status) ?? r.findings[0];
      c.skipped = { message: message(`${r.status}: ${first?.message ?? ""}`) };
      break;
    }
    case "pass":
      break;
  }
  const out = [
    r.status === "waived" ? block("Waived (the failures an approved waiver accepts):", waived) : "",
    r.status === "manual" || r.status === "info" ? block(r.status === "manual" ? "Needs a human:" : "For information:", undecided) : "",
    block(r.status === "pass" ? "Passing:" : "Passing or not applicable:", passing),
    r.status !== "fail" && r.status !== "error" && r.status !== "pass" ? `Remediation: ${r.remediation}` : "",
  ].filter(Boolean);
  if (out.length) c.systemOut = body(out);
  return c;
}

export function junitView(report: AuditReport) {
  const hostname = report.host.hostname ?? "unknown";
  const properties = [
    { name: "dockaudit.version", value: report.tool.version },
    { name: "benchmark", value: report.benchmark.name },
    { name: "benchmark.version", value: report.benchmark.version },
    { name: "host", value: hostname },
    { name: "docker.version", value: report.daemon.version ?? "unknown" },
    { name: "docker.endpoint", value: report.daemon.endpoint },
    { name: "score", value: report.summary.score === null ? "n/a" : `${report.summary.score}%` },
    { name: "score.own", value: report.summary.own.score === null ? "n/a" : `${report.summary.own.score}%` },
  ].map((p) => ({ name: p.name, value: oneLine(p.value) }));
  const ts = timestamp(report.startedAt);
  if (report.compose) return composeView(report, properties, ts);
  const suites = report.summary.sections.map((s) => {
    const rs = report.results.filter((r) => r.section === s.id);
    const count = (...st: Status[]) => rs.filter((r) => st.includes(r.status)).length;
    return {
      name: oneLine(`${s.id} ${s.title}`),
      id: s.id,
      tests: rs.length,
      failures: count("fail"),
      errors: count("error"),
      skipped: count("skip", "manual", "info", "waived"),
      time: "0.000",
      timestamp: ts,
      hostname: oneLine(hostname),
      properties: [...properties, { name: "section.score", value: s.score === null ? "n/a" : `${s.score}%` }],
      cases: rs.map(testcase),
    };
  });
  return testsuites(report, suites);
}

/** The <testsuites> element: its suites and their totals. */
function testsuites<S extends { tests: number; failures: number; errors: number }>(report: AuditReport, suites: S[]) {
  return {
    name: "dockaudit",
    tests: suites.reduce((n, s) => n + s.tests, 0),
    failures: suites.reduce((n, s) => n + s.failures, 0),
    errors: suites.reduce((n, s) => n + s.errors, 0),
    time: seconds(report.startedAt, report.finishedAt),
    suites,
  };
}

/**
 * A Compose audit: one <testsuite> per service (each check a case, with that service's findings only), and one for
 * the findings about no service (the images, the daemon), so a CI view lists what to fix service by service.
 */
function composeView(report: AuditReport, properties: { name: string; value: string }[], ts: string) {
  const cp = report.compose;
  const groups: { name: string; id: string; file?: string; pick: (f: Finding) => boolean }[] = [
    ...(cp?.services ?? []).map((s) => ({ name: `service ${s.name}`, id: s.name, file: `${s.location.file}:${s.location.line}`, pick: (f: Finding) => f.subject.kind === "service" && f.subject.name === s.name })),
    { name: `project ${cp?.project ?? ""}`, id: "project", pick: (f: Finding) => f.subject.kind !== "service" },
  ];
  const suites = groups.flatMap((g) => {
    const rs = report.results.flatMap((r) => {
      const findings = r.findings.filter(g.pick);
      if (findings.length === 0) return [];
      const status = worstStatus(findings.map((f) => f.status));
      return [{ ...r, findings, status }];
    });
    if (rs.length === 0) return [];
    const count = (...st: Status[]) => rs.filter((r) => st.includes(r.status)).length;
    return [{
      name: oneLine(g.name), id: g.id, tests: rs.length, failures: count("fail"), errors: count("error"),
      skipped: count("skip", "manual", "info", "waived"), time: "0.000", timestamp: ts, hostname: oneLine(`compose/${cp?.project ?? ""}`),
      properties: [...properties, ...(g.file ? [{ name: "file", value: oneLine(g.file) }] : [])],
      cases: rs.map(testcase),
    }];
  });
  return testsuites(report, suites);
}

export function renderJunit(report: AuditReport, _options: RenderOptions = {}): string {
  return template("junit", { xml: true })(junitView(report));
}
