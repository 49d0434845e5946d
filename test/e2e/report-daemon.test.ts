// One audit of a real, misconfigured throwaway daemon writes every report and the evidence bundle; verify accepts
// the bundle and rejects tampered copies; no planted secret reaches any file. -f oscal and -f asff of the same
// daemon (issue 23): valid, with the same fingerprints; a renamed container changes only its own.
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
import { expectValidOscal } from "../support/oscal.js";
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

  // Issue 23: OSCAL and ASFF of the same daemon; a second audit of the unchanged daemon gives the same fingerprints;
  // renaming one container changes only its own (this renames "app", so it runs last).
  it("-f oscal validates against NIST's schema with the JSON report's findings, -f asff holds one finding per (check, subject); neither holds a planted secret", async () => {
    const oscalFile = join(dir, "report.oscal.json"), asffFile = join(dir, "report.asff.json");
    const o = await runCli(["audit", "-f", "oscal", "-o", oscalFile], { env: d!.env });
    expect(o.code, o.stderr).to.equal(1);
    const doc = expectValidOscal(readFileSync(oscalFile, "utf8"));
    const fingerprints = (text: string) => (JSON.parse(text) as JsonReport).results.flatMap((r) => r.findings.map((f) => f.fingerprint)).sort();
    const first = fingerprints(readFileSync(join(out, "report.json"), "utf8"));
    const prop = (x: { props: { name: string; value: string }[] }, n: string) => x.props.find((p) => p.name === n)?.value;
    expect(doc["assessment-results"].results[0].findings.map((f: { props: { name: string; value: string }[] }) => prop(f, "fingerprint")).sort(), "the same fingerprints as the first audit").to.deep.equal(first);
    const a = await runCli(["audit", "-f", "asff", "--asff-account", "123456789012", "--asff-region", "eu-west-1", "-o", asffFile], { env: d!.env });
    expect(a.code, a.stderr).to.equal(1);
    const asff = JSON.parse(readFileSync(asffFile, "utf8")) as { Id: string }[];
    expect(asff.map((f) => f.Id).sort()).to.deep.equal(first.map((f) => `dockaudit/${f}`));
    for (const f of [oscalFile, asffFile]) for (const secret of [PLANTED_ENV, PLANTED_LABEL, PLANTED_ARG]) expect(readFileSync(f, "utf8"), f).to.not.contain(secret);
  });

  it("renaming one container changes the fingerprints of its findings only", async () => {
    const before = readReport(readFileSync(join(out, "report.json"), "utf8"));
    await d!.docker(["rename", "app", "app-renamed"]);
    const r = await runCli(["audit", "-f", "json"], { env: d!.env });
    expect(r.code, r.stderr).to.equal(1);
    const after = readReport(r.stdout);
    const byKey = (rep: typeof before) => new Map(rep.results.flatMap((c) => c.findings.map((f) => [`${c.key} ${f.subject.kind} ${f.subject.name}`, f.fingerprint] as const)));
    const b = byKey(before), a = byKey(after);
    for (const [k, fp] of b) {
      if (k.endsWith(" container app")) expect(a.has(k), k).to.equal(false);
      else if (a.has(k)) expect(a.get(k), k).to.equal(fp);
    }
    const renamed = [...a].filter(([k]) => k.endsWith(" container app-renamed"));
    expect(renamed.length).to.be.above(10);
    for (const [, fp] of renamed) expect([...b.values()]).to.not.include(fp);
  });
});
