import { expect } from "chai";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneOld, stamp, stampOf, timestampedName } from "../../src/cli/keep.js";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";

const NOW = "20260201T000000000Z";

describe("cli: --keep (timestamped reports)", () => {
  it("names files with a sortable UTC stamp, milliseconds included", () => {
    expect(stamp("2026-01-15T10:00:00.123Z")).to.equal("20260115T100000123Z");
    expect(timestampedName("report.json", "2026-01-15T10:00:00.123Z")).to.equal("report-20260115T100000123Z.json");
    expect(timestampedName("report.tar.gz", "2026-01-15T10:00:00.000Z")).to.equal("report-20260115T100000000Z.tar.gz");
  });

  it("recognises exactly the names it writes: report-<stamp>.json|.html|.xml with a real time", () => {
    expect(stampOf("report-20260115T100000123Z.xml")).to.equal("20260115T100000123Z");
    expect(stampOf("report-20260115T100000123Z.json")).to.equal("20260115T100000123Z");
    expect(stampOf("report-20260115T100000123Z.html")).to.equal("20260115T100000123Z");
    for (const other of ["report.json", "notes-20260115T100000123Z.txt", "report-20260115T100000123Z.txt", "report-20260115T100000123Z.json.bak",
      "report-20260115T100000123Z", "report-20260115T100000123Z.tar.gz", "report-20261315T100000123Z.json", "report-20260115T250000000Z.json",
      "xreport-20260115T100000123Z.json", "report-x-20260115T100000123Z.json", "report-20260115T100000123Z.JSON"]) {
      expect(stampOf(other), other).to.equal(null);
    }
  });

  it("keeps every file of the newest N runs and removes only older files it named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-keep-"));
    const runs = ["2026-01-01T00:00:00.000Z", "2026-01-03T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "2025-12-31T23:59:59.999Z"];
    for (const r of runs) for (const f of ["report.json", "report.html", "report.xml"]) writeFileSync(join(dir, timestampedName(f, r)), "x");
    for (const other of ["report.json", "README", "notes-20200101T000000000Z.txt", "dockaudit.prom"]) writeFileSync(join(dir, other), "x");
    const { removed, future, failed } = await pruneOld(dir, 2, NOW);
    expect(removed).to.have.length(6);
    expect(future).to.deep.equal([]);
    expect(failed).to.deep.equal([]);
    expect(readdirSync(dir).sort()).to.deep.equal([
      "README", "dockaudit.prom", "notes-20200101T000000000Z.txt", "report-20260102T000000000Z.html", "report-20260102T000000000Z.json",
      "report-20260102T000000000Z.xml", "report-20260103T000000000Z.html", "report-20260103T000000000Z.json", "report-20260103T000000000Z.xml", "report.json",
    ]);
    expect((await pruneOld(dir, 2, NOW)).removed).to.deep.equal([]);
  });

  it("leaves foreign files alone: other extensions, directories, links and stamps after this run's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-keep-foreign-"));
    const old = "20200101T000000000Z";
    const foreign = [
      `report-${old}.txt`, `report-${old}.json.bak`, `report-${old}`, `report-${old}.sarif`, `report-${old}.prom`, "report-20201301T000000000Z.json",
    ];
    for (const f of foreign) writeFileSync(join(dir, f), "precious");
    mkdirSync(join(dir, `report-${old}.html`));
    writeFileSync(join(dir, `report-${old}.html`, "inside"), "precious");
    writeFileSync(join(dir, "target"), "precious");
    symlinkSync(join(dir, "target"), join(dir, `report-${old}.xml`));
    // A stamp in the future would sort as the newest run and get this run's reports deleted with --keep 1.
    for (const ext of ["json", "html", "xml"]) writeFileSync(join(dir, `report-29991231T235959999Z.${ext}`), "future");
    for (const ext of ["json", "html", "xml"]) writeFileSync(join(dir, `report-${NOW}.${ext}`), "this run");
    writeFileSync(join(dir, `report-${old}.json`), "older run of ours");
    writeFileSync(join(dir, `report-${old}.htmlx`), "precious");
    writeFileSync(join(dir, `report-20250101T000000000Z.json`), "older run of ours");
    const r = await pruneOld(dir, 1, NOW);
    expect(r.removed).to.deep.equal([`report-${old}.json`, "report-20250101T000000000Z.json"]);
    expect(r.future).to.deep.equal(["report-29991231T235959999Z.html", "report-29991231T235959999Z.json", "report-29991231T235959999Z.xml"]);
    const left = readdirSync(dir);
    for (const f of [...foreign, `report-${old}.html`, `report-${old}.xml`, "target", ...["json", "html", "xml"].map((e) => `report-${NOW}.${e}`)]) {
      expect(left, f).to.include(f);
    }
    expect(readdirSync(join(dir, `report-${old}.html`))).to.deep.equal(["inside"]);
  });

  it("through the CLI: a stray name never aborts the run, foreign files stay, this run's reports stay", async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-keep-cli-"));
    const out = join(dir, "out");
    mkdirSync(out);
    const snap = join(dir, "snap.json");
    writeFileSync(snap, JSON.stringify(snapshot({ containers: [container("web")] })));
    mkdirSync(join(out, "report-20200101T000000000Z.json"));
    writeFileSync(join(out, "report-20200101T000000000Z.txt"), "mine");
    for (const ext of ["json", "html", "xml"]) writeFileSync(join(out, `report-29991231T235959999Z.${ext}`), "future");
    const r = await runCli(["audit", "--snapshot", snap, "--check", "5.16", "--output-dir", out, "--keep", "1", "-q"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal("");
    const left = readdirSync(out).sort();
    expect(left).to.have.length(9);
    expect(left).to.include.members(["report-20200101T000000000Z.json", "report-20200101T000000000Z.txt", "report-29991231T235959999Z.json"]);
    expect(left.filter((f) => stampOf(f) && !f.startsWith("report-2999") && !f.startsWith("report-2020")), "this run's four reports").to.have.length(4);
    const r2 = await runCli(["audit", "--snapshot", snap, "--check", "5.16", "--output-dir", out, "--keep", "1"]);
    expect(r2.code, r2.stderr).to.equal(0);
    expect(r2.stderr).to.contain("--keep left 3 report file(s) stamped after this run alone");
    const now = readdirSync(out).filter((f) => stampOf(f) && !f.startsWith("report-2999") && !f.startsWith("report-2020"));
    expect(now, "the newest run only, its four files (json, html, xml, hdf.json)").to.have.length(4);
  });
});
