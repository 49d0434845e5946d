// `fleet --reports`: reports found below a directory or by a glob, read as hostile input.
import { expect } from "chai";
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { findReportFiles, gatherReports, MAX_REPORT_BYTES } from "../../src/fleet/gather.js";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { buildFleet } from "../../src/fleet/build.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { renderFleetJson } from "../../src/fleet/render.js";
import { hostReport } from "./reports.js";

function store(): string {
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-store-"));
  const put = (rel: string, content: string) => {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), content);
  };
  put("web-1/report.json", JSON.stringify(hostReport("web-1")));
  put("web-1/report.html", "<html></html>");
  // A --keep series: the newest wins.
  put("db-1/report-20260115T100000Z.json", JSON.stringify(hostReport("db-1", {}, "2026-01-15T10:00:05.000Z")));
  put("db-1/report-20260116T100000Z.json", JSON.stringify(hostReport("db-1", { "test-read-only": "pass" }, "2026-01-16T10:00:05.000Z")));
  // Two machines that both call themselves localhost.
  put("a/report.json", JSON.stringify(hostReport("localhost")));
  put("b/report.json", JSON.stringify(hostReport("localhost")));
  put("broken/report.json", "{\"secret\": \"SEKRIT-VALUE\", oops");
  put("notes/readme.txt", "not a report");
  return dir;
}

describe("fleet --reports", () => {
  it("looks at every regular file below a directory: reports are recognised by content, not by name", () => {
    const dir = store();
    const files = findReportFiles(dir).map((f) => f.file.slice(dir.length + 1)).sort();
    expect(files).to.deep.equal(["a/report.json", "b/report.json", "broken/report.json", "db-1/report-20260115T100000Z.json", "db-1/report-20260116T100000Z.json", "notes/readme.txt", "web-1/report.html", "web-1/report.json"]);
  });

  it("takes a glob", () => {
    const dir = store();
    const files = findReportFiles(`${dir}/*-1/*.json`).map((f) => f.file.slice(dir.length + 1)).sort();
    expect(files).to.deep.equal(["db-1/report-20260115T100000Z.json", "db-1/report-20260116T100000Z.json", "web-1/report.json"]);
  });

  it("one row per host: the newest of a series, same-named machines apart, a broken file as a row without its content", async () => {
    const dir = store();
    const { outcomes: out, passedOver } = await gatherReports(dir, { outDir: dir });
    const byName = new Map(out.map((o) => [o.name, o]));
    expect(byName.get("db-1")!.summary!.finishedAt).to.equal("2026-01-16T10:00:05.000Z");
    expect(passedOver.map((p) => p.file).sort()).to.deep.equal([join(dir, "notes/readme.txt"), join(dir, "web-1/report.html")].sort());
    expect(byName.get("db-1")!.note).to.match(/newest of 2 reports/);
    expect(byName.get("web-1")!.reports).to.deep.equal({ json: "web-1/report.json", html: "web-1/report.html" });
    expect([...byName.keys()].filter((n) => n.startsWith("localhost"))).to.have.length(2);
    const broken = byName.get("broken")!;
    expect(broken.summary).to.equal(undefined);
    expect(broken.error).to.match(/^not a valid report: not valid JSON at line 1, column \d+ \(.*broken\/report\.json\)$/);
    expect(JSON.stringify(out)).to.not.include("SEKRIT");
  });

  it("does not follow a symlink, and skips FIFOs, without blocking", async function () {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-links-"));
    const outside = mkdtempSync(join(tmpdir(), "dockaudit-fleet-outside-"));
    writeFileSync(join(outside, "report.json"), JSON.stringify(hostReport("outside")));
    mkdirSync(join(dir, "h"));
    symlinkSync(join(outside, "report.json"), join(dir, "h", "report.json"));
    symlinkSync(outside, join(dir, "linkdir"));
    mkdirSync(join(dir, "f"));
    const fifo = spawnSync("mkfifo", [join(dir, "f", "report.json")]);
    if (fifo.status !== 0) this.skip();
    mkdirSync(join(dir, "ok"));
    writeFileSync(join(dir, "ok", "report.json"), JSON.stringify(hostReport("ok")));
    const { outcomes: out } = await gatherReports(dir);
    expect(out.map((o) => o.name)).to.deep.equal(["ok"]);
  });

  it("a report over the size cap is that host's row with the reason, without reading it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-big-"));
    mkdirSync(join(dir, "big"));
    mkdirSync(join(dir, "ok"));
    writeFileSync(join(dir, "ok", "report.json"), JSON.stringify(hostReport("ok")));
    // Sparse: the size says 1 byte over the cap, nothing is written.
    writeFileSync(join(dir, "big", "report.json"), "");
    truncateSync(join(dir, "big", "report.json"), MAX_REPORT_BYTES + 1);
    const { outcomes: out } = await gatherReports(dir);
    const big = out.find((o) => o.name === "big");
    expect(big?.error).to.match(/big\/report\.json: is 256 MiB, more than the 256 MiB dockaudit reads/);
    expect(out.find((o) => o.name === "ok")?.summary).to.not.equal(undefined);
  });

  it("a directory with no report is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-empty-"));
    const err = await gatherReports(dir).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/no dockaudit reports found \(0 files looked at\)/);
  });

  it("takes reports named any way (web-01.json, db-1.json) and passes over what is not a host's report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-named-"));
    writeFileSync(join(dir, "web-01.json"), JSON.stringify(hostReport("web-01")));
    writeFileSync(join(dir, "db-1.json"), JSON.stringify(hostReport("db-1")));
    mkdirSync(join(dir, "nested", "deeper"), { recursive: true });
    writeFileSync(join(dir, "nested", "deeper", "cache-7"), JSON.stringify(hostReport("cache-7")));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "not-a-report", tool: { name: "other" } }));
    writeFileSync(join(dir, "snapshot.json"), JSON.stringify({ schemaVersion: 1, tool: { name: "dockaudit" }, engine: {}, host: {} }));
    writeFileSync(join(dir, "fleet.json"), JSON.stringify({ schemaVersion: 1, kind: "dockaudit-fleet", tool: { name: "dockaudit" }, hosts: [], checks: [] }));
    writeFileSync(join(dir, "notes.md"), "# notes");
    const { outcomes, passedOver } = await gatherReports(dir);
    expect(outcomes.map((o) => o.name).sort()).to.deep.equal(["cache-7", "db-1", "web-01"]);
    expect(outcomes.every((o) => o.summary && !o.error)).to.equal(true);
    const why = Object.fromEntries(passedOver.map((p) => [p.file.slice(dir.length + 1), p.why]));
    expect(why).to.deep.equal({
      "fleet.json": "a fleet view (fleet.json), not a host's report",
      "notes.md": "not a dockaudit report",
      "package.json": "not a dockaudit report",
      "snapshot.json": "a dockaudit snapshot, not a report",
    });
  });

  it("a JSON file that claims to be a report but is not a complete one is that host's row; the others complete (issue 19.6)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-incomplete-"));
    writeFileSync(join(dir, "web-01.json"), JSON.stringify(hostReport("web-01")));
    writeFileSync(join(dir, "db-1.json"), JSON.stringify({ schemaVersion: 2, tool: { name: "dockaudit" }, results: [] }));
    const truncated = JSON.stringify({ ...hostReport("cache-1"), note: "PLANTED-SECRET-9" });
    writeFileSync(join(dir, "cache-1.json"), truncated.slice(0, 2000));
    const noCounts = hostReport("api-1") as unknown as { summary: { counts?: unknown } };
    delete noCounts.summary.counts;
    writeFileSync(join(dir, "api-1.json"), JSON.stringify({ ...noCounts, note: "PLANTED-SECRET-9" }));
    const { outcomes, catalog } = await gatherReports(dir);
    const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]));
    expect(byName["web-01"]!.summary).to.not.equal(undefined);
    expect(byName["db-1"]!.error).to.match(/^not a valid report: "tool\.version" is missing \(.*db-1\.json\)$/);
    expect(byName["cache-1"]!.error).to.match(/^not a valid report: not valid JSON at line 1, column 2001/);
    expect(byName["api-1"]!.error).to.match(/^not a valid report: "summary\.counts" is missing or incomplete/);
    const fleet = buildFleet(outcomes, { generatedAt: new Date("2026-01-16T00:00:00Z"), catalog });
    expect(fleet.summary).to.include({ hosts: 4, audited: 1, notAudited: 3 });
    expect(renderFleetJson(fleet)).to.not.contain("PLANTED");
  });

  it("a --keep series gives the score trend and since when each failing check fails, by the reports' own times", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-series-"));
    mkdirSync(join(dir, "web-1"));
    // Four runs, written out of order and named so that names and times disagree: the reports' times decide.
    // test-read-only: fails in runs 1, 3, 4 (fixed in run 2): failing since run 3.
    // daemon-icc-disabled: fails in all four: since run 1. test-hostile-text: fails only in run 4: new.
    const runs: [string, string, Record<string, "pass" | "fail">][] = [
      ["report-20260104T000000Z.json", "2026-01-01T10:00:00.000Z", { "test-read-only": "fail", "daemon-icc-disabled": "fail", "test-hostile-text": "pass" }],
      ["report-20260103T000000Z.json", "2026-01-02T10:00:00.000Z", { "test-read-only": "pass", "daemon-icc-disabled": "fail", "test-hostile-text": "pass" }],
      ["report-20260102T000000Z.json", "2026-01-03T10:00:00.000Z", { "test-read-only": "fail", "daemon-icc-disabled": "fail", "test-hostile-text": "pass" }],
      ["report-20260101T000000Z.json", "2026-01-04T10:00:00.000Z", { "test-read-only": "fail", "daemon-icc-disabled": "fail", "test-hostile-text": "fail" }],
    ];
    for (const [file, at, st] of runs) writeFileSync(join(dir, "web-1", file), JSON.stringify(hostReport("web-1", st, at)));
    const { outcomes, catalog } = await gatherReports(dir);
    const fleet = buildFleet(outcomes, { generatedAt: new Date("2026-01-05T00:00:00Z"), catalog });
    const [h] = fleet.hosts;
    expect(h!.runs).to.equal(4);
    expect(h!.finishedAt).to.equal("2026-01-04T10:00:00.000Z");
    expect(h!.trend!.map((p) => p.at)).to.deep.equal(runs.map((r) => r[1]));
    const scores = h!.trend!.map((p) => p.score);
    expect(scores[1]).to.be.above(scores[0]!);
    expect(scores[3]).to.be.below(scores[2]!);
    expect(h!.firstFailed).to.include({
      "test-read-only": "2026-01-03T10:00:00.000Z",
      "daemon-icc-disabled": "2026-01-01T10:00:00.000Z",
      "test-hostile-text": "2026-01-04T10:00:00.000Z",
    });
    expect(Object.keys(h!.firstFailed!).every((k) => h!.checks![k] === "fail")).to.equal(true);
    // runs, trend and firstFailed are part of fleet.json's schema.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas", "fleet.schema.json"), "utf8")));
    expect(validate(JSON.parse(renderFleetJson(fleet))), ajv.errorsText(validate.errors)).to.equal(true);
  });

  it("matches findings across runs by fingerprint when the reports have one, not by subject name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-fp-"));
    const withFp = (at: string, fp: string) => {
      const r = hostReport("h", { "test-read-only": "fail" }, at);
      for (const res of r.results) if (res.key === "test-read-only") res.findings = res.findings.map((f) => ({ ...f, fingerprint: fp }) as typeof f);
      return r;
    };
    // Same subject names both runs, but a different fingerprint in the newer one: a new failure.
    writeFileSync(join(dir, "h-1.json"), JSON.stringify(withFp("2026-01-01T00:00:00.000Z", "aaa")));
    writeFileSync(join(dir, "h-2.json"), JSON.stringify(withFp("2026-01-02T00:00:00.000Z", "bbb")));
    const { outcomes, catalog } = await gatherReports(dir);
    const [h] = buildFleet(outcomes, { generatedAt: new Date(), catalog }).hosts;
    expect(h!.firstFailed!["test-read-only"]).to.equal("2026-01-02T00:00:00.000Z");
  });
});
