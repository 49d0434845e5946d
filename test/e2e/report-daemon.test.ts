// One audit of a real, misconfigured throwaway daemon writes every report and the evidence bundle; verify accepts
// the bundle and rejects tampered copies; no planted secret reaches any file.
import { expect } from "chai";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import type { Manifest } from "../../src/evidence/index.js";
import { readReport } from "../support/results.js";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, importBusyboxImage, describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { reportSchemaErrors } from "../support/report-schema.js";
import { xsdErrors } from "../report/xsd.js";
import type { JsonReport } from "../../src/engine/report-json.js";

const PLANTED_ENV = "hunter2-planted-env-31d";
const PLANTED_LABEL = "planted-label-secret-8a2";
const PLANTED_ARG = "planted-arg-secret-c90";

describeEngines("real daemon: reports and evidence bundle", "all", function (engine) {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-bundle-"));
  const out = join(dir, "out"), ev = join(dir, "ev");
  let run: Awaited<ReturnType<typeof runCli>>;

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "bundle", daemonJson: { icc: true } });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "app", "-e", `DB_PASSWORD=${PLANTED_ENV}`, "--label", `api_token=${PLANTED_LABEL}`,
      "--label", "team=payments", BUSYBOX_IMAGE, "sh", "-c", "sleep 3600", "sh", `--password=${PLANTED_ARG}`]);
    await d.docker(["run", "-d", "--name", "agent", "--pid", "host", "--network", "host", BUSYBOX_IMAGE]);
    run = await runCli(["audit", "--output-dir", out, "--evidence", ev, "-f", "json"], { env: d.env });
  });

  after(async () => {
    await d?.stop();
  });

  it("one run writes every report and the whole bundle", () => {
    expect(run.code, run.stderr).to.equal(1);
    expect(readdirSync(out).sort()).to.deep.equal(["report.hdf.json", "report.html", "report.json", "report.xml"]);
    expect(readdirSync(ev).sort()).to.deep.equal(["manifest.json", "report.hdf.json", "report.html", "report.json", "report.xml", "snapshot.json"]);
    expect(reportSchemaErrors(JSON.parse(readFileSync(join(out, "report.json"), "utf8")))).to.equal("");
    const report = readReport(readFileSync(join(out, "report.json"), "utf8"));
    expect(readFileSync(join(ev, "report.json"), "utf8")).to.equal(readFileSync(join(out, "report.json"), "utf8"));
    const pid = report.results.find((r) => r.key === "container-host-pid-namespace")!;
    expect(pid.findings.map((f) => `${f.subject.name}=${f.status}`).sort()).to.deep.equal(["agent=fail", "app=pass"]);
  });

  it("the JUnit file is well-formed and passes the schema check", () => {
    const xml = readFileSync(join(out, "report.xml"), "utf8");
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(xsdErrors(xml)).to.equal("");
  });

  it("the manifest names this daemon and host", () => {
    const m = JSON.parse(readFileSync(join(ev, "manifest.json"), "utf8")) as Manifest;
    expect(m.host.endpoint).to.equal(d!.host);
    expect(m.host.daemonId).to.be.a("string").and.not.equal("");
    expect(m.host.dockerVersion).to.be.a("string");
    expect(m.commandLine).to.deep.equal(["audit", "--output-dir", out, "--evidence", ev, "-f", "json"]);
  });

  it("verify accepts the bundle", async () => {
    const r = await runCli(["verify", ev]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain("verified");
  });

  it("verify rejects a copy with an altered file, and one with a changed verdict", async () => {
    const altered = join(dir, "altered");
    cpSync(ev, altered, { recursive: true });
    writeFileSync(join(altered, "report.xml"), readFileSync(join(altered, "report.xml"), "utf8").replace("<failure", "<skipped"));
    const a = await runCli(["verify", altered]);
    expect(a.code).to.equal(1);
    expect(a.stdout).to.contain("DIFFERS: report.xml: altered");

    const changed = join(dir, "changed");
    cpSync(ev, changed, { recursive: true });
    const report = JSON.parse(readFileSync(join(changed, "report.json"), "utf8")) as JsonReport;
    const pid = report.results.find((r) => r.key === "container-host-pid-namespace")!;
    const agent = Object.keys(report.containers).find((id) => report.containers[id]!.name === "agent");
    pid.findings.find((f) => f.subject.id === agent)!.status = "pass";
    const text = JSON.stringify(report, null, 2) + "\n";
    writeFileSync(join(changed, "report.json"), text);
    const m = JSON.parse(readFileSync(join(changed, "manifest.json"), "utf8")) as Manifest;
    m.files["report.json"] = { sha256: createHash("sha256").update(text).digest("hex"), bytes: Buffer.byteLength(text) };
    writeFileSync(join(changed, "manifest.json"), JSON.stringify(m, null, 2));
    const c = await runCli(["verify", changed]);
    expect(c.code).to.equal(1);
    expect(c.stdout).to.match(new RegExp(`DIFFERS: finding ${pid.id.replace(/\./g, "\\.")} container agent \\(\\w+\\): recorded pass, re-evaluation gives fail`));
  });

  it("no planted secret (environment value, secret label, command-line value) appears in any file", () => {
    for (const [where, files] of [[out, readdirSync(out)], [ev, readdirSync(ev)]] as const) {
      for (const f of files) {
        const text = readFileSync(join(where, f), "utf8");
        for (const secret of [PLANTED_ENV, PLANTED_LABEL, PLANTED_ARG]) expect(text, `${where}/${f}`).to.not.contain(secret);
      }
    }
    const snap = readFileSync(join(ev, "snapshot.json"), "utf8");
    expect(snap, "the variable's name is kept").to.contain("DB_PASSWORD");
  });
});
