import { expect } from "chai";
import { fromJsonReport, JsonReportError, toJsonReport } from "../../src/engine/report-json.js";
import { renderJson } from "../../src/report/json.js";
import { parseReport, ReportFileError } from "../../src/engine/diff.js";
import type { AuditReport } from "../../src/engine/types.js";
import { reportSchemaErrors } from "../support/report-schema.js";
import { fixedReport, XSS_NAME } from "./fixed-report.js";

const plain = (r: AuditReport) => JSON.parse(JSON.stringify(r)) as AuditReport;

describe("report: json (schemaVersion 2)", () => {
  const report = fixedReport();
  const doc = JSON.parse(renderJson(report));

  it("follows the report schema", () => {
    expect(reportSchemaErrors(doc)).to.equal("");
    expect(doc.schemaVersion).to.equal(2);
  });

  it("keeps containers once, by id, and findings name them by id only", () => {
    const web = report.containers!.find((c) => c.name === "web")!;
    expect(doc.containers[web.id]).to.deep.equal({ name: "web", image: "nginx:1.27", imageId: web.imageId, state: "running", labels: web.labels });
    expect(Object.keys(doc.containers)).to.deep.equal(report.containers!.map((c) => c.id));
    const pid = doc.results.find((r: { id: string }) => r.id === "5.16");
    expect(pid.findings.map((f: { subject: object }) => f.subject)).to.deep.include({ kind: "container", id: web.id });
    for (const r of doc.results) for (const f of r.findings) if (f.subject.kind === "container" || f.subject.kind === "host") expect(f.subject).not.to.have.property("name");
    expect(doc.selection).to.deep.equal({ checks: report.selection.checks, allContainers: false });
  });

  it("reads back into the same result tree (every subject named again)", () => {
    expect(fromJsonReport(JSON.parse(renderJson(report)))).to.deep.equal(plain(report));
    expect(parseReport(renderJson(report), "r.json")).to.deep.equal(plain(report));
  });

  it("keeps a subject's name where the maps and host/daemon fields would give another", () => {
    const r = plain(report);
    const f = r.results.find((x) => x.id === "5.16")!.findings[0]!;
    f.subject.name = "renamed";
    const hostFinding = r.results.flatMap((x) => x.findings).find((x) => x.subject.kind === "host")!;
    hostFinding.subject.name = "elsewhere";
    const out = toJsonReport(r);
    expect(out.results.find((x) => x.id === "5.16")!.findings[0]!.subject.name).to.equal("renamed");
    expect(fromJsonReport(JSON.parse(JSON.stringify(out)))).to.deep.equal(r);
  });

  it("an id such as __proto__ is a plain key", () => {
    const r = plain(report);
    const x = r.containers!.find((c) => c.name === XSS_NAME)!;
    for (const res of r.results) for (const f of res.findings) if (f.subject.id === x.id) f.subject.id = "__proto__";
    x.id = "__proto__";
    const text = JSON.stringify(toJsonReport(r));
    expect(JSON.parse(text).containers["__proto__"].name).to.equal(XSS_NAME);
    expect(fromJsonReport(JSON.parse(text))).to.deep.equal(r);
  });

  it("a subject the report cannot name is a clear error, and version 1 reports are read as they are", () => {
    const bad = JSON.parse(renderJson(report));
    bad.results[0].findings[0].subject = { kind: "container", id: "nope" };
    expect(() => fromJsonReport(bad)).to.throw(JsonReportError, "results[0].findings[0] names no subject the report lists");
    expect(() => parseReport(JSON.stringify(bad), "r.json")).to.throw(ReportFileError, "r.json: not a dockaudit report (results[0].findings[0]");
    const v1 = { ...plain(report), schemaVersion: 1 };
    expect(parseReport(JSON.stringify(v1), "old.json")).to.deep.equal(v1);
  });
});
