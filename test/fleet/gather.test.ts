// `fleet --reports`: reports found below a directory or by a glob, read as hostile input.
import { expect } from "chai";
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { findReportFiles, gatherReports, MAX_REPORT_BYTES } from "../../src/fleet/gather.js";
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
  it("finds report.json and --keep's timestamped reports below a directory, and nothing else", () => {
    const dir = store();
    const files = findReportFiles(dir).map((f) => f.file.slice(dir.length + 1)).sort();
    expect(files).to.deep.equal(["a/report.json", "b/report.json", "broken/report.json", "db-1/report-20260115T100000Z.json", "db-1/report-20260116T100000Z.json", "web-1/report.json"]);
  });

  it("takes a glob", () => {
    const dir = store();
    const files = findReportFiles(`${dir}/*-1/*.json`).map((f) => f.file.slice(dir.length + 1)).sort();
    expect(files).to.deep.equal(["db-1/report-20260115T100000Z.json", "db-1/report-20260116T100000Z.json", "web-1/report.json"]);
  });

  it("one row per host: the newest of a series, same-named machines apart, a broken file as a row without its content", async () => {
    const dir = store();
    const out = await gatherReports(dir, { outDir: dir });
    const byName = new Map(out.map((o) => [o.name, o]));
    expect(byName.get("db-1")!.report!.finishedAt).to.equal("2026-01-16T10:00:05.000Z");
    expect(byName.get("db-1")!.note).to.match(/newest of 2 reports/);
    expect(byName.get("web-1")!.reports).to.deep.equal({ json: "web-1/report.json", html: "web-1/report.html" });
    expect([...byName.keys()].filter((n) => n.startsWith("localhost"))).to.have.length(2);
    const broken = byName.get("broken")!;
    expect(broken.report).to.equal(undefined);
    expect(broken.error).to.match(/not valid JSON/);
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
    const out = await gatherReports(dir);
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
    const out = await gatherReports(dir);
    const big = out.find((o) => o.name === "big");
    expect(big?.error).to.match(/big\/report\.json: is 256 MiB, more than the 256 MiB dockaudit reads/);
    expect(out.find((o) => o.name === "ok")?.report).to.not.equal(undefined);
  });

  it("a directory with no report is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-empty-"));
    const err = await gatherReports(dir).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/no report\.json files found/);
  });
});
