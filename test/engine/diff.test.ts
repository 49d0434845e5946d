import { expect } from "chai";
import { diffReports, parseReport, ReportFileError } from "../../src/engine/diff.js";
import { renderDiffJson, renderDiffTable } from "../../src/report/diff.js";
import { UsageError } from "../../src/engine/select.js";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { container, snapshot } from "../support/fixtures.js";
import { reportOf } from "./ops-fixture.js";

const checks = ["5.16", "5.5", "5.17"];
const before = reportOf(snapshot({ containers: [container("web"), container("db", { HostConfig: { Privileged: true } }), container("old")] }), "1.6.0", checks);
const afterSnap = snapshot({ containers: [container("web", { HostConfig: { PidMode: "host" } }), container("db"), container("new", { HostConfig: { IpcMode: "host" } })] });
const after = reportOf(afterSnap, "1.6.0", checks);
const files = { old: "a.json", new: "b.json" };

describe("engine: diff of two reports", () => {
  const d = diffReports(before, after);

  it("lists newly failing, newly passing, appeared and disappeared findings with old and new status", () => {
    const rows = d.changes.map((c) => `${c.change} ${c.checkId} ${c.subject.kind}:${c.subject.name} ${c.old}->${c.new}`);
    expect(rows).to.deep.equal([
      "newly-failing 5.16 container:web pass->fail",
      "newly-passing 5.5 container:db fail->pass",
      "appeared 5.5 container:new null->pass",
      "appeared 5.16 container:new null->pass",
      "appeared 5.17 container:new null->fail",
      "disappeared 5.5 container:old pass->null",
      "disappeared 5.16 container:old pass->null",
      "disappeared 5.17 container:old pass->null",
    ]);
    expect(d.newFailures, "newly failing + appeared failing").to.equal(2);
    expect(d.counts).to.deep.equal({ "newly-failing": 1, "newly-passing": 1, changed: 0, appeared: 3, disappeared: 3 });
  });

  it("reports nothing between a report and itself", () => {
    const same = diffReports(after, after);
    expect(same.changes).to.deep.equal([]);
    expect(renderDiffTable(same, files)).to.contain("No changes.");
  });

  it("classes other status moves (e.g. fail -> waived) as changed", () => {
    const w = applyWaivers(after, [{ check: "5.16", reason: "r", approvedBy: "a", expires: "2099-01-01" }], subjectFactsFromSnapshot(afterSnap));
    const c = diffReports(after, w).changes;
    expect(c.map((x) => [x.change, x.checkId, x.subject.name, x.old, x.new])).to.deep.equal([["changed", "5.16", "web", "fail", "waived"]]);
    expect(diffReports(after, w).newFailures).to.equal(0);
  });

  it("matches findings by check key across benchmark versions whose ids differ", () => {
    const s = snapshot({ containers: [container("web")] });
    const a = reportOf(s, "1.6.0", ["daemon-userns-remap"]);
    const b = reportOf(s, "1.8.0", ["daemon-userns-remap"]);
    expect(a.results[0]!.id).to.not.equal(b.results[0]!.id);
    expect(diffReports(a, b).changes).to.deep.equal([]);
  });

  it("renders a table naming check id, subject and old -> new status, and JSON with the same changes", () => {
    const t = renderDiffTable(d, files);
    expect(t).to.contain("Newly failing (1):").and.contain("5.16     container web: pass -> fail");
    expect(t).to.contain("Appeared (3):").and.contain("5.17     container new: - -> fail");
    const j = JSON.parse(renderDiffJson(d, files));
    expect(j.old.file).to.equal("a.json");
    expect(j.newFailures).to.equal(2);
    expect(j.changes).to.have.length(8);
  });

  it("refuses files that are not dockaudit reports, naming the file and the reason", () => {
    const bad = (text: string) => { try { parseReport(text, "x.json"); return ""; } catch (e) { expect(e).to.be.instanceOf(ReportFileError).and.instanceOf(UsageError); return (e as Error).message; } };
    expect(bad("{")).to.match(/^x\.json: not a dockaudit report \(not valid JSON/);
    expect(bad("[]")).to.equal('x.json: not a dockaudit report (no "tool.name": "dockaudit")');
    expect(bad(JSON.stringify(snapshot()))).to.contain("looks like a snapshot");
    expect(bad(JSON.stringify({ ...before, schemaVersion: 9 }))).to.contain("schema version 9 is not supported");
    expect(bad(JSON.stringify({ ...before, results: [{ id: "1" }] }))).to.contain('results[0] has no "id", "key" and "findings"');
    expect(parseReport(JSON.stringify(before), "ok.json").results).to.have.length(3);
  });
});
