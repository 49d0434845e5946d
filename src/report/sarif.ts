// SARIF 2.1.0 for GitHub code scanning. GitHub rejects a result without a physical location, and a Docker host
// has no source file: every result gets a stable, repository-relative pseudo-path built from the host and the
// subject's name (never its id, which changes on every re-create), plus a logical location with the real
// identity and our own fingerprint. Rule ids are check keys, which stay put when CIS renumbers between versions.
// Waived failures stay visible as results with an accepted suppression; undecided checks become notifications.

import { createHash } from "node:crypto";
import type { AuditReport, CheckResult, Finding, Severity, SourceLocation, Subject } from "../engine/types.js";
import type { RenderOptions } from "./types.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub buckets security-severity: >= 9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

function hostOf(report: AuditReport): string {
  // A Compose audit judges a project, not a host: its results are named after the project.
  if (report.compose) return `compose/${report.compose.project}`;
  return report.host.hostname ?? report.daemon.endpoint;
}

/** A lone surrogate (possible in a container name from the API) becomes U+FFFD: encodeURIComponent throws on it. */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
const seg = (s: string) => encodeURIComponent(wellFormed(s));

/** docker-host/<host>/<kind>/<name>; the host and the daemon are one per host, so they need no name. */
export function pseudoPath(host: string, s: Subject): string {
  if (s.kind === "host" || s.kind === "daemon") return `docker-host/${seg(host)}/${s.kind}`;
  return `docker-host/${seg(host)}/${s.kind}/${seg(s.name)}`;
}

function pascal(key: string): string {
  return key.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

function rule(r: CheckResult, benchmark: string) {
  const text = `${r.rationale}\n\nRemediation: ${r.remediation}`;
  return {
    id: r.key,
    name: pascal(r.key),
    shortDescription: { text: `CIS ${r.id}: ${r.title}` },
    fullDescription: { text: r.rationale },
    help: {
      text,
      markdown: `**CIS Docker Benchmark ${benchmark} ${r.id}** (level ${r.level}, ${r.automated ? "automated" : "manual"})\n\n${r.rationale}\n\n**Remediation:** ${r.remediation}`,
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ["security", "cis-docker", `cis-docker-${benchmark}`, `section-${r.section}`, `level-${r.level}`],
      "security-severity": SECURITY_SEVERITY[r.severity],
      severity: r.severity,
      cis: { id: r.id, benchmark, section: r.section, level: r.level, scored: r.scored, automated: r.automated, ids: r.cis },
    },
  };
}

function location(host: string, s: Subject, at?: SourceLocation) {
  // A Compose service points at its own line of the Compose file (relative to the working directory, which is the
  // repository's root in CI), so code scanning annotates the very line to change.
  const physicalLocation = at
    ? { artifactLocation: { uri: at.file.split("/").map(seg).join("/") }, region: { startLine: at.line, ...(at.column ? { startColumn: at.column } : {}) } }
    : { artifactLocation: { uri: pseudoPath(host, s) }, region: { startLine: 1 } };
  return {
    physicalLocation,
    logicalLocations: [{ name: s.name, fullyQualifiedName: `${host}/${s.kind}/${s.name}`, kind: "resource" }],
  };
}

function serviceLocation(s: Subject, at: { file: string; line: number; column?: number }) {
  return {
    id: 1,
    message: { text: `service ${s.name}` },
    physicalLocation: { artifactLocation: { uri: at.file.split("/").map(seg).join("/") }, region: { startLine: at.line, ...(at.column ? { startColumn: at.column } : {}) } },
  };
}

function fingerprint(key: string, host: string, s: Subject): string {
  return createHash("sha256").update(`${key}\u0000${host}\u0000${s.kind}\u0000${s.name}`).digest("hex");
}

const describeSubject = (s: Subject) => `${s.kind} '${s.name}'`;

export function renderSarif(report: AuditReport, _opts: RenderOptions = {}): string {
  const host = hostOf(report);
  const bench = report.benchmark.version;
  const rules = report.results.map((r) => rule(r, bench));
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  report.results.forEach((r, ruleIndex) => {
    for (const f of r.findings) {
      if (f.status === "fail" || f.status === "waived") results.push(result(r, ruleIndex, f, host));
      else if (f.status === "error") {
        notifications.push({
          level: "error",
          message: { text: `${r.id} ${describeSubject(f.subject)}: ${f.message}` },
          associatedRule: { id: r.key, index: ruleIndex },
          locations: [location(host, f.subject, f.location)],
        });
      }
    }
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: { driver: { name: "dockaudit", version: report.tool.version, semanticVersion: report.tool.version, rules } },
      automationDetails: { id: `dockaudit/${host}/` },
      invocations: [{
        executionSuccessful: true,
        startTimeUtc: report.startedAt,
        endTimeUtc: report.finishedAt,
        toolExecutionNotifications: notifications,
      }],
      results,
      properties: {
        benchmark: { name: report.benchmark.name, version: bench },
        host: { name: host, endpoint: report.daemon.endpoint, dockerVersion: report.daemon.version },
        score: report.summary.score,
        collectionErrors: report.daemon.collectionErrors,
      },
    }],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function result(r: CheckResult, ruleIndex: number, f: Finding, host: string) {
  const out: Record<string, unknown> = {
    ruleId: r.key,
    ruleIndex,
    kind: "fail",
    level: LEVEL[r.severity],
    message: { text: `CIS ${r.id} ${r.title}: ${describeSubject(f.subject)} ${f.message}` },
    locations: [location(host, f.subject, f.location)],
    // An offending key's service, where it is defined (for viewers that show related locations).
    ...(f.location?.service ? { relatedLocations: [serviceLocation(f.subject, f.location.service)] } : {}),
    // v1 (key, host, subject) is kept so that existing alerts keep matching; the finding's own fingerprint
    // (docs/grc.md) is the one every other format and `diff` use.
    partialFingerprints: { "dockauditFinding/v1": fingerprint(r.key, host, f.subject), ...(f.fingerprint ? { "dockauditFingerprint/v1": f.fingerprint } : {}) },
    properties: { checkId: r.id, status: f.status, subject: f.subject, ...(f.evidence ? { evidence: f.evidence } : {}) },
  };
  if (f.waiver) {
    out.suppressions = [{
      kind: "external",
      status: "accepted",
      justification: `${f.waiver.reason} (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})`,
    }];
  }
  return out;
}
