// OSCAL 1.1.2 assessment results (JSON), the format NIST defines for what an assessment found and GRC platforms
// ingest. Valid against NIST's schema (vendored in schemas/vendor/oscal/, checked by the tests). One result per
// audit (a fleet document holds one per host), with:
//   - the host (inventory item), the daemon (component) and every other subject (inventory items) in the
//     result's local definitions, and dockaudit itself as the tool component every observation comes from;
//   - one observation per finding (its message, its evidence as the JSON report shows it, its subject), and one
//     finding per finding, targeting the check's CIS id, with the NIST SP 800-53 controls dockaudit maps
//     (data/nist-800-53.json) as props and listed in reviewed-controls;
//   - a risk for every failed or waived finding: open with the remediation as a recommendation, or, when a waiver
//     covers it, deviation-approved with the waiver as the planned response;
//   - attested findings: the attester as a party, an origin of the observation, and an attestation record.
// Every UUID is a UUIDv5 of what it names (the finding's fingerprint, the subject's identity, the host and start
// time), so the same snapshot gives the same bytes and the same finding keeps its UUIDs across runs.
// The document has no assessment plan: import-ap points at a back-matter resource naming the benchmark.

import { attestationLine } from "../engine/attestations.js";
import { engineScope, fingerprintHost, subjectIdentity } from "../engine/fingerprint.js";
import type { AuditReport, CheckResult, ContainerSummary, Finding, Status, Subject } from "../engine/types.js";
import { nistControls } from "./hdf.js";
import type { RenderOptions } from "./types.js";
import { uuidv5 } from "./uuid.js";

export const OSCAL_VERSION = "1.1.2";
/** The namespace of dockaudit's own OSCAL props. */
export const OSCAL_NS = "https://dockaudit.dev/ns/oscal";

/** OSCAL strings (StringDatatype): one line, no leading or trailing space, never empty. */
export function oneLine(s: unknown, fallback = "unknown"): string {
  const t = String(s ?? "").replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();
  return t === "" ? fallback : t;
}

const prop = (name: string, value: unknown, cls?: string) => ({ name, ns: OSCAL_NS, value: oneLine(value), ...(cls ? { class: cls } : {}) });

/** "AC-3(3)" → "ac-3.3", the control ids of NIST's OSCAL SP 800-53 catalogs. */
export function oscalControlId(nist: string): string {
  return nist.toLowerCase().replace(/\((\w+)\)/g, ".$1").replace(/\s+/g, "");
}

/** A finding's verdict as OSCAL's objective status. */
export function objectiveStatus(s: Status): { state: "satisfied" | "not-satisfied"; reason: "pass" | "fail" | "other" } {
  switch (s) {
    case "pass": return { state: "satisfied", reason: "pass" };
    case "fail":
    case "waived": return { state: "not-satisfied", reason: "fail" };
    case "skip":
    case "info": return { state: "satisfied", reason: "other" };
    default: return { state: "not-satisfied", reason: "other" };
  }
}

/** The target-id of a check: its CIS id ("cis-docker-5.4") or dockaudit's own id ("dockaudit-X.1"). */
export function targetId(r: CheckResult): string {
  return Object.keys(r.cis).length ? `cis-docker-${r.id}` : `dockaudit-${r.id}`;
}

interface SubjectRef { uuid: string; type: "component" | "inventory-item"; title: string }

interface Built {
  result: Record<string, unknown>;
  parties: Map<string, Record<string, unknown>>;
}

const DAY_END = "T23:59:59Z";

/**
 * One audit as an OSCAL result, plus the parties (attesters) the document's metadata must list. `scope` (a fleet
 * host's name) is mixed into every UUID of the result, so that two results of one document never share one (two
 * inventory entries may be daemons of the same host); a single audit's document has none.
 */
export function oscalResult(report: AuditReport, scope = ""): Built {
  const host = fingerprintHost(report);
  const u = (...parts: string[]) => uuidv5([...(scope ? [`scope:${scope}`] : []), ...parts].join("\u0000"));
  const toolUuid = u("tool", "dockaudit");
  const hostUuid = u("subject", host, "host", host);
  const daemonUuid = u("subject", host, "daemon", report.daemon.endpoint);
  const containers = new Map((report.containers ?? []).map((c) => [c.id, c] as [string, ContainerSummary]));
  const containerOf = (s: Subject) => (s.kind === "container" ? ((s.id ? containers.get(s.id) : undefined) ?? (report.containers ?? []).find((c) => c.name === s.name)) : undefined);

  const components: Record<string, unknown>[] = [
    {
      uuid: toolUuid, type: "software", title: "dockaudit",
      description: "CIS Docker Benchmark auditor: collects a snapshot of the host and daemon, evaluates the checks, scores and reports.",
      props: [prop("version", report.tool.version)], status: { state: "operational" },
    },
    {
      uuid: daemonUuid, type: "service", title: oneLine(`Docker Engine at ${report.daemon.endpoint}`),
      description: oneLine(`The container engine audited: ${report.daemon.endpoint}${report.daemon.version ? `, version ${report.daemon.version}` : ""}`),
      props: [prop("endpoint", report.daemon.endpoint), ...(report.daemon.version ? [prop("engine-version", report.daemon.version)] : []), ...(report.daemon.rootless !== null ? [prop("rootless", String(report.daemon.rootless))] : [])],
      status: { state: "operational" },
    },
  ];
  const items = new Map<string, Record<string, unknown>>();
  items.set(hostUuid, {
    uuid: hostUuid, description: oneLine(`The Docker host ${host}`),
    props: [prop("asset-type", "host"), prop("hostname", host), ...(report.host.os ? [prop("os", report.host.os)] : []), ...(report.host.kernel ? [prop("kernel", report.host.kernel)] : [])],
    "implemented-components": [{ "component-uuid": daemonUuid }],
  });
  const subjectRef = (s: Subject): SubjectRef => {
    if (s.kind === "daemon" && s.name === report.daemon.endpoint) return { uuid: daemonUuid, type: "component", title: oneLine(`daemon ${s.name}`) };
    if (s.kind === "host" && s.name === host) return { uuid: hostUuid, type: "inventory-item", title: oneLine(`host ${s.name}`) };
    const identity = subjectIdentity(s, containerOf(s));
    const uuid = u("subject", host, engineScope(s, report.daemon.endpoint), s.kind, identity);
    if (!items.has(uuid)) {
      // Host subjects other than the host itself are its files, named by their path.
      const kind = s.kind === "host" ? "file" : s.kind;
      const c = containerOf(s);
      items.set(uuid, {
        uuid, description: oneLine(`${kind} ${s.name} on ${host}`),
        props: [prop("asset-type", kind), prop("name", s.name), ...(identity !== s.name ? [prop("identity", identity)] : []), ...(c ? [prop("image", c.image)] : [])],
      });
    }
    return { uuid, type: "inventory-item", title: oneLine(`${s.kind === "host" ? "file" : s.kind} ${s.name}`) };
  };

  const parties = new Map<string, Record<string, unknown>>();
  const partyFor = (name: string) => {
    const uuid = uuidv5(`party\u0000${name}`);
    if (!parties.has(uuid)) parties.set(uuid, { uuid, type: "person", name: oneLine(name) });
    return uuid;
  };

  const observations: unknown[] = [];
  const findings: unknown[] = [];
  const risks: unknown[] = [];
  const attestations: unknown[] = [];
  const controls = new Set<string>();
  const toolOrigin = { actors: [{ type: "tool", "actor-uuid": toolUuid }] };

  for (const r of report.results) {
    const nist = nistControls(r.key).map(oscalControlId);
    for (const c of nist) controls.add(c);
    for (const f of r.findings) {
      const fp = f.fingerprint ?? u("unfingerprinted", r.key, f.subject.kind, f.subject.name);
      const subject = subjectRef(f.subject);
      const obsUuid = u("observation", fp);
      const findingUuid = u("finding", fp);
      const title = oneLine(`${r.id} ${r.title}: ${subject.title}`);
      const partyUuid = f.attestation ? partyFor(f.attestation.attestedBy) : undefined;
      const origins = partyUuid ? [toolOrigin, { actors: [{ type: "party", "actor-uuid": partyUuid, "role-id": "assessor" }] }] : [toolOrigin];
      const statusProps = [prop("status", f.status), prop("check-key", r.key), prop(Object.keys(r.cis).length ? "cis-id" : "dockaudit-id", r.id), prop("fingerprint", fp), prop("severity", r.severity)];
      observations.push({
        uuid: obsUuid, title,
        description: f.message || "(no message)",
        props: statusProps,
        methods: [f.attestation ? "EXAMINE" : r.automated ? "TEST" : "EXAMINE"],
        types: ["control-objective"],
        origins,
        subjects: [{ "subject-uuid": subject.uuid, type: subject.type, title: subject.title }],
        ...(f.evidence !== undefined ? { "relevant-evidence": [{ description: `Evidence (JSON, as in the dockaudit JSON report): ${JSON.stringify(f.evidence)}` }] } : {}),
        collected: report.startedAt,
        ...(f.attestation ? { expires: `${f.attestation.expires}${DAY_END}` } : {}),
      });
      let riskUuid: string | undefined;
      if (f.status === "fail" || f.status === "waived") {
        riskUuid = u("risk", fp);
        risks.push(riskFor(riskUuid, r, f, subject, obsUuid, toolOrigin));
      }
      findings.push({
        uuid: findingUuid, title,
        description: f.message || "(no message)",
        props: [...statusProps, ...nist.map((c) => prop("nist-800-53-control", c, "rev4"))],
        origins,
        target: {
          type: "objective-id", "target-id": targetId(r), title: oneLine(`${Object.keys(r.cis).length ? `CIS Docker Benchmark ${report.benchmark.version}` : "dockaudit"} ${r.id} ${r.title}`),
          status: objectiveStatus(f.status),
          ...(f.attestation ? { remarks: `${attestationLine(f.attestation)}: ${f.attestation.explanation}` } : {}),
        },
        "related-observations": [{ "observation-uuid": obsUuid }],
        ...(riskUuid ? { "related-risks": [{ "risk-uuid": riskUuid }] } : {}),
      });
      if (f.attestation && partyUuid) {
        const a = f.attestation;
        attestations.push({
          "responsible-parties": [{ "role-id": "assessor", "party-uuids": [partyUuid] }],
          parts: [{
            uuid: u("attestation", fp), name: "attestation", ns: OSCAL_NS, title: oneLine(`${r.id} ${r.title}: ${subject.title}`),
            props: [prop("status", a.status), prop("attested-by", a.attestedBy), prop("attested-at", a.attestedAt), prop("expires", a.expires), prop("fingerprint", fp)],
            prose: `${attestationLine(a)}: ${a.explanation}`,
          }],
        });
      }
    }
  }

  const counts = report.summary.findings;
  const result: Record<string, unknown> = {
    uuid: u("result", host, report.startedAt),
    title: oneLine(`${report.benchmark.name} ${report.benchmark.version} on ${host}`),
    description: oneLine(`dockaudit ${report.tool.version} evaluated ${report.results.length} checks on ${host} (${report.daemon.endpoint}): ${counts.pass} findings passed, ${counts.fail} failed, ${counts.waived} waived, ${counts.manual} need review, ${counts.error} undecided.`),
    start: report.startedAt,
    end: report.finishedAt,
    props: [
      prop("benchmark", `${report.benchmark.name} ${report.benchmark.version}`),
      ...(report.summary.score !== null ? [prop("score", String(report.summary.score))] : []),
    ],
    "local-definitions": { components, "inventory-items": [...items.values()] },
    "reviewed-controls": {
      description: "The NIST SP 800-53 (rev. 4) controls that MITRE's docker-ce-cis-baseline profile maps to the checks run (data/nist-800-53.json).",
      "control-selections": [controls.size ? { "include-controls": [...controls].sort().map((c) => ({ "control-id": c })) } : { description: "No check run maps to a NIST SP 800-53 control.", "include-all": {} }],
    },
    ...(attestations.length ? { attestations } : {}),
    ...(observations.length ? { observations } : {}),
    ...(risks.length ? { risks } : {}),
    ...(findings.length ? { findings } : {}),
  };
  return { result, parties };
}

function riskFor(uuid: string, r: CheckResult, f: Finding, subject: SubjectRef, obsUuid: string, origin: unknown) {
  const w = f.waiver;
  return {
    uuid,
    title: oneLine(`${r.id} ${r.title}: ${subject.title}`),
    description: oneLine(r.rationale, r.title),
    statement: f.message || r.title,
    props: [prop("severity", r.severity)],
    status: w ? "deviation-approved" : "open",
    origins: [origin],
    ...(w ? { deadline: `${w.expires}${DAY_END}` } : {}),
    remediations: [w
      ? { uuid: uuidv5(`response\u0000${uuid}\u0000waiver`), lifecycle: "planned", title: "Waiver (accepted risk)", description: `Waived: ${w.reason} (approved by ${w.approvedBy}, expires ${w.expires}).`, props: [prop("approved-by", w.approvedBy), prop("expires", w.expires)] }
      : { uuid: uuidv5(`response\u0000${uuid}\u0000remediation`), lifecycle: "recommendation", title: "Remediation", description: r.remediation || r.title, origins: [origin] }],
    "related-observations": [{ "observation-uuid": obsUuid }],
  };
}

/** The assessment-results document around results; `name` makes its UUID (stable for the same audits). */
export function oscalDocument(built: Built[], opts: { name: string; title: string; lastModified: string; version: string; benchmark: string }): Record<string, unknown> {
  const parties = new Map<string, Record<string, unknown>>();
  for (const b of built) for (const [k, v] of b.parties) parties.set(k, v);
  const apUuid = uuidv5(`assessment-plan\u0000${opts.benchmark}`);
  return {
    "assessment-results": {
      uuid: uuidv5(`assessment-results\u0000${opts.name}`),
      metadata: {
        title: opts.title,
        "last-modified": opts.lastModified,
        version: opts.version,
        "oscal-version": OSCAL_VERSION,
        roles: [{ id: "assessor", title: "Assessor" }],
        ...(parties.size ? { parties: [...parties.values()].sort((a, b) => String(a.name).localeCompare(String(b.name))) } : {}),
      },
      "import-ap": {
        href: `#${apUuid}`,
        remarks: "dockaudit assesses against the CIS Docker Benchmark without an OSCAL assessment plan: this reference names the back-matter resource that describes the benchmark assessed.",
      },
      results: built.map((b) => b.result),
      "back-matter": {
        resources: [{
          uuid: apUuid,
          title: oneLine(opts.benchmark),
          description: "The benchmark dockaudit assessed against, standing in for an assessment plan: every check of the selected benchmark version and profile level, as run by dockaudit.",
          rlinks: [{ href: "https://www.cisecurity.org/benchmark/docker" }],
        }],
      },
    },
  };
}

export function renderOscal(report: AuditReport, _opts: RenderOptions = {}): string {
  const host = fingerprintHost(report);
  const doc = oscalDocument([oscalResult(report)], {
    name: `${host}\u0000${report.startedAt}`,
    title: oneLine(`dockaudit assessment results: ${report.benchmark.name} ${report.benchmark.version} on ${host}`),
    lastModified: report.finishedAt,
    version: report.tool.version,
    benchmark: `${report.benchmark.name} ${report.benchmark.version}`,
  });
  return JSON.stringify(doc, null, 2) + "\n";
}
