// The CLI writing several reports at once (--output-dir) and re-rendering saved snapshots in every format.
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { AuditReport } from "../../src/engine/types.js";
import { readReport } from "../support/results.js";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import { reportSchemaErrors } from "../support/report-schema.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-outputs-"));
const snapFile = join(dir, "snapshot.json");
writeFileSync(snapFile, JSON.stringify(snapshot({
  containers: [
    container("web", { Config: { Labels: { team: "<img src=x onerror=alert(1)>" } } }),
    container("monitor", { HostConfig: { PidMode: "host", Privileged: true } }),
  ],
})));

/* eslint-disable @typescript-eslint/no-explicit-any */
function junitVerdicts(xml: string): Record<string, string> {
  const doc: any = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => n === "testsuite" || n === "testcase" }).parse(xml);
  const out: Record<string, string> = {};
  for (const s of doc.testsuites.testsuite) {
    for (const c of s.testcase) {
      const id = String(c.name).split(" ")[0]!;
      out[id] = c.failure !== undefined ? "fail" : c.error !== undefined ? "error" : c.skipped !== undefined ? String(c.skipped.message).split(":")[0]! : "pass";
    }
  }
  return out;
}

function htmlVerdicts(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<details class="check s-\w+" id="check-([^"]+)" data-status="(\w+)"/g)].map((m) => [m[1]!, m[2]!]));
}

function jsonVerdicts(report: AuditReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
}

describe("cli: several outputs at once and offline re-rendering", function () {
  this.timeout(60_000);
  const out = join(dir, "out");
  let run: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    run = await runCli(["audit", "--snapshot", snapFile, "--output-dir", out, "-f", "table"]);
  });

  it("--output-dir writes report.json, report.html, report.xml and report.hdf.json, and nothing else is left behind", () => {
    expect(run.code, run.stderr).to.equal(1);
    expect(readdirSync(out).sort()).to.deep.equal(["report.hdf.json", "report.html", "report.json", "report.xml"]);
    expect(run.stdout, "the --format output still goes to stdout").to.contain("Score:");
  });

  it("the three files carry the same verdicts", () => {
    const report = readReport(readFileSync(join(out, "report.json"), "utf8"));
    expect(reportSchemaErrors(JSON.parse(readFileSync(join(out, "report.json"), "utf8")))).to.equal("");
    const json = jsonVerdicts(report);
    expect(Object.keys(json).length).to.be.greaterThan(5);
    expect(htmlVerdicts(readFileSync(join(out, "report.html"), "utf8"))).to.deep.equal(json);
    const junit = junitVerdicts(readFileSync(join(out, "report.xml"), "utf8"));
    expect(junit).to.deep.equal(json);
  });

  for (const [format, file] of [["json", "report.json"], ["html", "report.html"], ["junit", "report.xml"], ["hdf", "report.hdf.json"]] as const) {
    it(`audit --snapshot --format ${format} renders the same ${file} byte for byte`, async () => {
      const r = await runCli(["audit", "--snapshot", snapFile, "--format", format]);
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stdout).to.equal(readFileSync(join(out, file), "utf8"));
    });
  }

  it("an unknown format is a usage error that lists html and junit among the known ones", async () => {
    const r = await runCli(["audit", "--snapshot", snapFile, "--format", "pdf"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/unknown format "pdf" \(known: .*html.*junit/);
  });

  it("--output-dir on an existing file is a usage error, not a crash", async () => {
    const r = await runCli(["audit", "--snapshot", snapFile, "-f", "json", "--output-dir", snapFile]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr.trim().split("\n")).to.have.length(1);
  });
});
