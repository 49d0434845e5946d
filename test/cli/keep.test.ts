import { expect } from "chai";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneOld, stamp, stampOf, timestampedName } from "../../src/cli/keep.js";

describe("cli: --keep (timestamped reports)", () => {
  it("names files with a sortable UTC stamp, milliseconds included", () => {
    expect(stamp("2026-01-15T10:00:00.123Z")).to.equal("20260115T100000123Z");
    expect(timestampedName("report.json", "2026-01-15T10:00:00.123Z")).to.equal("report-20260115T100000123Z.json");
    expect(timestampedName("report.tar.gz", "2026-01-15T10:00:00.000Z")).to.equal("report-20260115T100000000Z.tar.gz");
    expect(stampOf("report-20260115T100000123Z.xml", ["report"])).to.equal("20260115T100000123Z");
    expect(stampOf("report.json")).to.equal(null);
    expect(stampOf("notes-20260115T100000123Z.txt", ["report"])).to.equal(null);
  });

  it("keeps every file of the newest N runs and removes only older files it named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-keep-"));
    const runs = ["2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "2025-12-31T23:59:59.999Z"];
    for (const r of runs) for (const f of ["report.json", "report.html", "report.xml"]) writeFileSync(join(dir, timestampedName(f, r)), "x");
    for (const other of ["report.json", "README", "notes-20200101T000000000Z.txt", "dockaudit.prom"]) writeFileSync(join(dir, other), "x");
    const removed = await pruneOld(dir, 2, ["report"]);
    expect(removed).to.have.length(6);
    expect(readdirSync(dir).sort()).to.deep.equal([
      "README", "dockaudit.prom", "notes-20200101T000000000Z.txt", "report-20260102T000000000Z.html", "report-20260102T000000000Z.json",
      "report-20260102T000000000Z.xml", "report-20260103T000000000Z.html", "report-20260103T000000000Z.json", "report-20260103T000000000Z.xml", "report.json",
    ]);
    expect(await pruneOld(dir, 2, ["report"])).to.deep.equal([]);
  });

  it("refuses a keep count below 1", async () => {
    let message = "";
    try { await pruneOld(tmpdir(), 0); } catch (e) { message = (e as Error).message; }
    expect(message).to.contain("whole number above 0");
  });
});
