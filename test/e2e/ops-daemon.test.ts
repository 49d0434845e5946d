// Issue 6 "Done when", on a throwaway dockerd: waivers in three states, the gates' exit codes, a diff around one
// change on the daemon, the Prometheus file through promtool, SARIF through the schema, --quiet silence, and the
// crontab line run exactly as written against the daemon.
import { missingTool } from "../support/required.js";
import { expect } from "chai";
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, runCli, type CliResult } from "../support/cli.js";
import { BUSYBOX_IMAGE, importBusyboxImage, describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { cronCommands, sarifSchemaErrors } from "../engine/ops-fixture.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { readReport } from "../support/results.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
describeEngines("real daemon: ops", "all", function (engine) {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-ops-e2e-"));
  const config = join(dir, "dockaudit.yaml");
  writeFileSync(config, [
    'benchmark: "1.6.0"',
    "waivers:",
    '  - check: "5.16"',
    '    containers: ["monitor-*"]',
    '    reason: "monitoring agent reads host processes"',
    '    approvedBy: "security-team"',
    '    expires: "2099-12-31"',
    '  - check: "5.16"',
    '    containers: ["debug"]',
    '    reason: "was needed for one incident"',
    '    approvedBy: "on-call"',
    '    expires: "2024-01-31"',
    "  - check: container-privileged",
    '    images: ["vendor/*"]',
    '    reason: "vendor appliance"',
    '    approvedBy: "security-team"',
    '    expires: "2099-12-31"',
  ].join("\n") + "\n");
  const cli = (args: string[], cwd = dir): Promise<CliResult> => runCli(args, { env: d!.env, cwd });

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "ops" });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "web", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "monitor-1", "--pid=host", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "debug", "--pid=host", BUSYBOX_IMAGE]);
  });

  after(async () => {
    await d?.stop();
  });

  it("a config with an active, an expired and a stale waiver gives those three states in the JSON", async () => {
    const r = await cli(["audit", "--config", config, "--check", "5.16,5.5", "-f", "json"]);
    expect(r.stderr).to.not.contain("\r");
    const report = readReport(r.stdout);
    expect(report.benchmark.version).to.equal("1.6.0");
    expect(report.waivers!.map((w: any) => [w.check, w.state, w.matched])).to.deep.equal([
      ["5.16", "active", 1], ["5.16", "expired", 1], ["container-privileged", "stale", 0],
    ]);
    const pid: any = report.results.find((x: any) => x.id === "5.16");
    const by = Object.fromEntries(pid.findings.map((f: any) => [f.subject.name, f]));
    expect(by["monitor-1"].status).to.equal("waived");
    expect(by["monitor-1"].waiver).to.include({ reason: "monitoring agent reads host processes", approvedBy: "security-team", expires: "2099-12-31" });
    expect(by.debug.status, "its waiver expired").to.equal("fail");
    expect(by.debug.message).to.contain("expired on 2024-01-31");
    expect(by.web.status).to.equal("pass");
    expect(report.summary.waived).to.equal(1);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal("dockaudit: gate failed: 1 check failed (5.16)\n");
  });

  it("the gates exit as documented", async () => {
    const base = ["audit", "--config", config, "--check", "5.16,5.5", "-f", "json"];
    const critical = await cli([...base, "--fail-on", "critical"]);
    expect([critical.code, critical.stderr]).to.deep.equal([0, ""]);
    const high = await cli([...base, "--fail-on", "high"]);
    expect([high.code, high.stderr]).to.deep.equal([1, "dockaudit: gate failed: 1 check failed at severity high or above (5.16)\n"]);
    const score = await cli([...base, "--fail-on", "critical", "--min-score", "75"]);
    expect([score.code, score.stderr]).to.deep.equal([1, "dockaudit: gate failed: score 50 is below the minimum 75\n"]);
    const unreachable = await runCli(["audit", "--no-config", "--docker-host", `unix://${dir}/no.sock`, "--check", "5.16"], { cwd: dir });
    expect(unreachable.code, unreachable.stderr).to.equal(3);
    const usage = await cli([...base, "--fail-on", "urgent"]);
    expect(usage.code).to.equal(2);
  });

  it("--quiet is silent when the gate passes", async () => {
    const r = await cli(["audit", "--config", config, "--check", "5.16,5.5", "--quiet", "--fail-on", "critical"]);
    expect([r.code, r.stdout, r.stderr]).to.deep.equal([0, "", ""]);
    const failing = await cli(["audit", "--config", config, "--check", "5.16,5.5", "--quiet"]);
    expect([failing.code, failing.stdout, failing.stderr]).to.deep.equal([1, "", "dockaudit: gate failed: 1 check failed (5.16)\n"]);
  });

  it("diff of two runs around one change on the daemon names exactly that change", async () => {
    const before = join(dir, "before.json"), after = join(dir, "after.json");
    expect((await cli(["audit", "--no-config", "-f", "json", "-o", before, "-q", "--fail-on", "critical"])).code).to.be.oneOf([0, 1]);
    // The same container, re-created with the host's PID namespace: new id, same name.
    await d!.docker(["rm", "-f", "web"]);
    await d!.docker(["run", "-d", "--name", "web", "--pid=host", BUSYBOX_IMAGE]);
    expect((await cli(["audit", "--no-config", "-f", "json", "-o", after, "-q", "--fail-on", "critical"])).code).to.be.oneOf([0, 1]);
    const r = await cli(["diff", before, after, "--format", "json"]);
    const diff = JSON.parse(r.stdout);
    expect(diff.changes.map((c: any) => `${c.change} ${c.checkId} ${c.subject.kind} ${c.subject.name} ${c.old}->${c.new}`))
      .to.deep.equal(["newly-failing 5.16 container web pass->fail"]);
    expect(r.code).to.equal(1);
    const table = await cli(["diff", before, after]);
    expect(table.stdout).to.contain("Newly failing (1):").and.contain("container web: pass -> fail");
    const back = await cli(["diff", after, before]);
    expect(back.code).to.equal(0);
    // Accepting the earlier run as the baseline: only the new failure fails the gate.
    const gated = await cli(["audit", "--no-config", "--baseline", before, "-q"]);
    expect([gated.code, gated.stderr]).to.deep.equal([1, "dockaudit: gate failed: 1 check failed that the baseline did not have (5.16)\n"]);
    expect((await cli(["audit", "--no-config", "--baseline", after, "-q"])).code).to.equal(0);
  });

  it("the Prometheus file passes promtool check metrics; the SARIF file passes the schema", async function () {
    const prom = join(dir, "textfile", "dockaudit.prom");
    expect((await cli(["audit", "--no-config", "-f", "prometheus", "-o", prom, "-q", "--fail-on", "critical", "--metrics-per-container"])).code).to.equal(0);
    const text = readFileSync(prom, "utf8");
    expect(text).to.contain('dockaudit_container_findings{container="web",status="fail"}');
    const pt = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    if (pt.error) missingTool(this, "promtool", "prometheus");
    expect([pt.status, pt.stdout + pt.stderr]).to.deep.equal([0, ""]);
    const sarif = await cli(["audit", "--no-config", "-f", "sarif"]);
    const doc = JSON.parse(sarif.stdout);
    expect(sarifSchemaErrors(doc)).to.equal("");
    const web = doc.runs[0].results.find((x: any) => x.ruleId === "container-host-pid-namespace" && x.properties.subject.name === "web");
    expect(web.locations[0].physicalLocation.artifactLocation.uri).to.match(/^docker-host\/[^/]+\/container\/web$/);
  });

  it("the crontab line runs exactly as written against the daemon", async () => {
    const { command } = cronCommands(readFileSync(join(PROJECT_ROOT, "examples", "crontab"), "utf8"))[0]!;
    const root = mkdtempSync(join(dir, "cron-"));
    const bin = join(root, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "dockaudit"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const home = join(root, "home");
    mkdirSync(home);
    writeFileSync(join(home, "dockaudit.yaml"), 'checks: ["5.16", "5.5"]\n');
    const line = command.replaceAll("/var/lib/", `${root}/var/lib/`);
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile("/bin/sh", ["-c", line], { cwd: home, env: { ...d!.env, PATH: `${bin}:${process.env.PATH}` } }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr })));
    expect([r.code, r.stdout, r.stderr]).to.deep.equal([1, "", "dockaudit: gate failed: 1 check failed at severity high or above (5.16)\n"]);
    expect(readdirSync(join(root, "var/lib/dockaudit")).filter((f) => f.endsWith(".json") && !f.endsWith(".hdf.json"))).to.have.length(1);
    expect(readFileSync(join(root, "var/lib/node_exporter/textfile_collector/dockaudit.prom"), "utf8")).to.contain('dockaudit_check_status{check="5.16"');
  });
});
