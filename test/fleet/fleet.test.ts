// The fleet view from outcomes: ordering, aggregation, gates, every format's validity and escaping, and diffs.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { buildFleet, type HostOutcome } from "../../src/fleet/build.js";
import { diffFleets, parseFleet, renderFleetDiffTable } from "../../src/fleet/diff.js";
import { renderFleetHtml, renderFleetJson, renderFleetJunit, renderFleetPrometheus, reportHref } from "../../src/fleet/render.js";
import { renderFleetTable } from "../../src/cli/fleet.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { xsdErrors } from "../report/xsd.js";
import { hostReport } from "./reports.js";
import { missingTool } from "../support/required.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validateFleet = ajv.compile(JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas", "fleet.schema.json"), "utf8")));
const NOW = new Date("2026-01-16T00:00:00.000Z");
/** Every check of the fixed report that fails or errors there, passing. */
const CLEAN = { "test-read-only": "pass", "test-hostile-text": "pass", "daemon-icc-disabled": "pass", "test-error": "pass" } as const;
const HOSTILE = "<script>alert(1)</script>\x1b[31m";

function outcomes(): HostOutcome[] {
  return [
    { name: "web-1", labels: { env: "prod", role: "web" }, source: "docker-host", target: "unix:///a.sock", report: hostReport("web-1"), reports: { json: "web-1/report.json", html: "web-1/report.html" } },
    { name: "db-1", labels: { env: "prod", role: "db" }, source: "docker-host", target: "unix:///b.sock", report: hostReport("db-1", CLEAN) },
    { name: "gone", labels: { env: "stage" }, source: "docker-host", target: "unix:///c.sock", error: "the Docker daemon at unix:///c.sock is not reachable (ECONNREFUSED)" },
    { name: HOSTILE, labels: { [HOSTILE]: HOSTILE }, source: "report", target: "x/report.json", report: hostReport(HOSTILE) },
  ];
}

describe("fleet view", () => {
  const fleet = buildFleet(outcomes(), { generatedAt: NOW });

  it("puts hosts that could not be audited first, then the worst score", () => {
    expect(fleet.hosts[0]!.name).to.equal("gone");
    expect(fleet.hosts[0]!.audited).to.equal(false);
    expect(fleet.hosts[0]!.reason).to.match(/ECONNREFUSED/);
    expect(fleet.hosts.at(-1)!.name).to.equal("db-1");
    const scores = fleet.hosts.filter((h) => h.audited).map((h) => h.score!);
    expect(scores).to.deep.equal([...scores].sort((a, b) => a - b));
  });

  it("counts hosts and names which hosts fail which check, most-failed first", () => {
    expect(fleet.summary).to.include({ hosts: 4, audited: 3, notAudited: 1, failingHosts: 2 });
    const ro = fleet.checks.find((c) => c.key === "test-read-only")!;
    expect(ro.failed).to.have.members(["web-1", HOSTILE]);
    expect(ro.failed).to.not.include("db-1");
    expect(fleet.checks[0]!.failed.length).to.be.at.least(fleet.checks.at(-1)!.failed.length);
  });

  it("judges each host's gate as given", () => {
    const strict = buildFleet(outcomes(), { generatedAt: NOW, gate: { failOn: "low" } });
    expect(strict.hosts.find((h) => h.name === "web-1")!.gateFailed).to.equal(true);
    expect(strict.hosts.find((h) => h.name === "db-1")!.gateFailed).to.equal(false);
    expect(strict.summary.gateFailedHosts).to.equal(2);
  });

  it("fleet.json matches schemas/fleet.schema.json", () => {
    const doc = JSON.parse(renderFleetJson(fleet));
    expect(validateFleet(doc), ajv.errorsText(validateFleet.errors)).to.equal(true);
    const bad = { ...doc, hosts: [{ ...doc.hosts[0], audited: false, reason: undefined }] };
    delete bad.hosts[0].reason;
    expect(validateFleet(bad)).to.equal(false);
  });

  it("HTML escapes hostile host names and labels, and links only relative paths", () => {
    const html = renderFleetHtml(fleet);
    expect(html).to.not.include("<script>alert(1)");
    expect(html).to.not.include("\x1b");
    expect(html).to.include("&lt;script&gt;alert(1)&lt;/script&gt;");
    // The matrix's data: one JSON block in which nothing can end the script element; the page sets it as text.
    const block = /<script type="application\/json" id="fleet-data">([^<]*)<\/script>/.exec(html);
    expect(block, "the data block holds no '<'").to.not.equal(null);
    const data = JSON.parse(block![1]!) as { hosts: { n: string; h?: string }[] };
    expect(data.hosts.find((h) => h.n === "web-1")!.h).to.equal("./web-1/report.html");
    expect(data.hosts.map((h) => h.n)).to.include("<script>alert(1)</script>[31m");
    expect(reportHref("javascript:alert(1)/report.html")).to.equal("./javascript%3Aalert(1)/report.html");
    expect(reportHref("../h/report.html")).to.equal("./../h/report.html");
    expect(html).to.include("not reachable (ECONNREFUSED)");
  });

  it("JUnit has a suite per host, an error for the host not audited, and is valid against junit-10.xsd", () => {
    const xml = renderFleetJunit(fleet);
    expect((xml.match(/<testsuite /g) ?? []).length).to.equal(4);
    expect(xml).to.match(/<testsuite name="gone"[^>]*errors="1"/);
    expect(xml).to.not.include("\x1b");
    expect(xsdErrors(xml)).to.equal("");
  });

  it("Prometheus carries a host label and passes promtool", function () {
    const text = renderFleetPrometheus(fleet);
    expect(text).to.include('dockaudit_fleet_host_audited{host="gone"} 0');
    expect(text).to.include('dockaudit_fleet_score{host="web-1"}');
    const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    if (r.error) missingTool(this, "promtool", "prometheus");
    expect(r.status, r.stdout + r.stderr).to.equal(0);
  });

  it("the table names each host and strips control characters", () => {
    const t = renderFleetTable(fleet);
    expect(t).to.match(/gone\s+NOT AUDITED/);
    expect(t).to.not.match(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it("diff says which host newly fails which check, and which host could no longer be audited", () => {
    const before = buildFleet(outcomes().map((o) => (o.name === "gone" ? { ...o, error: undefined, report: hostReport("gone") } : o)), { generatedAt: NOW });
    const afterOutcomes = outcomes().map((o) => (o.name === "db-1" ? { ...o, report: hostReport("db-1", { ...CLEAN, "test-read-only": "fail" }) } : o));
    const after = buildFleet([...afterOutcomes, { name: "new-1", source: "report" as const, target: "n", report: hostReport("new-1") }], { generatedAt: NOW });
    const d = diffFleets(parseFleet(JSON.parse(renderFleetJson(before)), "a"), parseFleet(JSON.parse(renderFleetJson(after)), "b"));
    expect(d.changes.filter((c) => c.change === "newly-failing").map((c) => `${c.host}:${c.key}`)).to.include("db-1:test-read-only");
    expect(d.changes.find((c) => c.change === "host-not-audited")?.host).to.equal("gone");
    expect(d.changes.find((c) => c.change === "host-appeared")?.host).to.equal("new-1");
    expect(d.newFailures).to.be.greaterThan(0);
    expect(renderFleetDiffTable(d, { old: "a", new: "b" })).to.match(/db-1\s+X\.91\s+pass -> fail/);
  });

  it("parseFleet rejects a document of the wrong shape by file and path", () => {
    expect(() => parseFleet({ kind: "dockaudit-fleet", schemaVersion: 1, hosts: [{ name: 3 }], checks: [] }, "f.json")).to.throw(/f\.json: hosts\[0\]/);
    expect(() => parseFleet({ kind: "dockaudit-fleet", schemaVersion: 9, hosts: [], checks: [] }, "f.json")).to.throw(/version 9/);
  });
});
