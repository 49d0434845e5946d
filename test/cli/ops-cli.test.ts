// The unattended-operation flags end to end through bin/dockaudit, on saved snapshots: config + waivers, gates and
// their one stderr line, --quiet, diff, --baseline, --keep, and the Prometheus/SARIF files.
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import { readReport } from "../support/results.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-ops-cli-"));
const save = (name: string, data: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === "string" ? data : JSON.stringify(data));
  return p;
};
// 5.16 (high) fails for monitor-1 and debug; 5.5 (critical) passes everywhere.
const risky = save("risky.json", snapshot({
  containers: [container("web"), container("monitor-1", { HostConfig: { PidMode: "host" } }), container("debug", { HostConfig: { PidMode: "host" } })],
}));
const clean = save("clean.json", snapshot({ containers: [container("web")] }));
const broken = save("broken.json", snapshot({ containers: { ok: false, error: "permission denied", source: "GET /containers/json" } }));
const only = ["--no-config", "--check", "5.16,5.5"];

describe("cli: gates, quiet, diff, baseline, keep", function () {
  // Each case starts the CLI several times; on a loaded machine one start can take seconds.
  this.timeout(120_000);

  it("fails by default on any scored failure with one line on stderr", async () => {
    const r = await runCli(["audit", "--snapshot", risky, ...only, "-f", "json"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal("dockaudit: gate failed: 1 check failed (5.16)\n");
  });

  it("--fail-on passes failures below the severity and fails at or above it", async () => {
    expect((await runCli(["audit", "--snapshot", risky, ...only, "--fail-on", "critical"])).code).to.equal(0);
    const r = await runCli(["audit", "--snapshot", risky, ...only, "--fail-on", "high", "-f", "json"]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal("dockaudit: gate failed: 1 check failed at severity high or above (5.16)\n");
    const bad = await runCli(["audit", "--snapshot", risky, ...only, "--fail-on", "severe"]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("severe").and.contain("critical");
  });

  it("--min-score and --fail-on-error", async () => {
    expect((await runCli(["audit", "--snapshot", clean, ...only, "--min-score", "100"])).code).to.equal(0);
    const low = await runCli(["audit", "--snapshot", risky, ...only, "--fail-on", "critical", "--min-score", "90"]);
    expect(low.code).to.equal(1);
    expect(low.stderr).to.equal("dockaudit: gate failed: score 50 is below the minimum 90\n");
    expect((await runCli(["audit", "--snapshot", broken, ...only, "--fail-on", "low"])).code).to.equal(0);
    const err = await runCli(["audit", "--snapshot", broken, ...only, "--fail-on", "low", "--fail-on-error"]);
    expect(err.code).to.equal(1);
    expect(err.stderr).to.equal("dockaudit: gate failed: 2 checks could not be decided (5.5, 5.16)\n");
    expect((await runCli(["audit", "--snapshot", clean, ...only, "--min-score", "101"])).code).to.equal(2);
  });

  it("--quiet prints nothing at all when the gate passes, and only the reason when it fails", async () => {
    const ok = await runCli(["audit", "--snapshot", clean, ...only, "--quiet"]);
    expect([ok.code, ok.stdout, ok.stderr]).to.deep.equal([0, "", ""]);
    const out = join(dir, "quiet.json");
    const fileOnly = await runCli(["audit", "--snapshot", risky, ...only, "-q", "--fail-on", "critical", "-f", "json", "-o", out]);
    expect([fileOnly.code, fileOnly.stdout, fileOnly.stderr]).to.deep.equal([0, "", ""]);
    expect(JSON.parse(readFileSync(out, "utf8")).results).to.have.length(2);
    const failed = await runCli(["audit", "--snapshot", risky, ...only, "-q"]);
    expect([failed.code, failed.stdout, failed.stderr]).to.deep.equal([1, "", "dockaudit: gate failed: 1 check failed (5.16)\n"]);
  });

  it("applies the waivers of a config file and lists active, expired and stale ones", async () => {
    const cfg = save("waivers.yaml", [
      'benchmark: "1.6.0"',
      "waivers:",
      '  - { check: "5.16", containers: ["monitor-*"], reason: "agent", approvedBy: "sec", expires: "2099-12-31" }',
      '  - { check: "5.16", containers: ["debug"], reason: "old", approvedBy: "sec", expires: "2020-01-01" }',
      '  - { check: "container-privileged", reason: "none privileged", approvedBy: "sec", expires: "2099-12-31" }',
    ].join("\n"));
    const r = await runCli(["audit", "--snapshot", risky, "--config", cfg, "--check", "5.16,5.5", "-f", "json"]);
    const report = readReport(r.stdout);
    expect(report.waivers!.map((w) => [w.state, w.matched])).to.deep.equal([["active", 1], ["expired", 1], ["stale", 0]]);
    const pid = report.results.find((x) => x.id === "5.16")!;
    expect(pid.findings.map((f) => `${f.subject.name}=${f.status}`)).to.deep.equal(["web=pass", "monitor-1=waived", "debug=fail"]);
    expect(report.summary.waived).to.equal(1);
    expect(r.code, "debug's waiver expired").to.equal(1);
  });

  it("reports a bad config file as file:line:col with exit 2", async () => {
    const cfg = save("bad.yaml", 'benchmark: "1.6.0"\ngates:\n  failon: high\n');
    const r = await runCli(["audit", "--snapshot", risky, "--config", cfg]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`dockaudit: ${cfg}:3:3: unknown key "failon" (did you mean "failOn"?)\n`);
    const cwd = mkdtempSync(join(tmpdir(), "dockaudit-cwd-"));
    writeFileSync(join(cwd, "dockaudit.yaml"), "x: 1\n");
    const found = await runCli(["audit", "--snapshot", risky], { cwd });
    expect([found.code, found.stderr]).to.deep.equal([2, 'dockaudit: dockaudit.yaml:1:1: unknown key "x"\n']);
  });

  it("diff names what changed and exits 1 only when something newly fails", async () => {
    const a = join(dir, "a.json"), b = join(dir, "b.json");
    await runCli(["audit", "--snapshot", clean, ...only, "-f", "json", "-o", a]);
    await runCli(["audit", "--snapshot", risky, ...only, "-f", "json", "-o", b]);
    const worse = await runCli(["diff", a, b]);
    expect(worse.code).to.equal(1);
    expect(worse.stdout).to.contain("Appeared (4):").and.contain("5.16     container debug: - -> fail");
    const better = await runCli(["diff", b, a, "--format", "json"]);
    expect(better.code).to.equal(0);
    expect(JSON.parse(better.stdout).counts).to.deep.equal({ "newly-failing": 0, "newly-passing": 0, changed: 0, appeared: 0, disappeared: 4 });
    const notReport = await runCli(["diff", a, risky]);
    expect(notReport.code).to.equal(2);
    expect(notReport.stderr).to.equal(`dockaudit: ${risky}: not a dockaudit report (no "results" list; it looks like a snapshot: make a report with \`dockaudit audit --snapshot FILE -f json\`)\n`);
    expect((await runCli(["diff", a, join(dir, "missing.json")])).code).to.equal(2);
  });

  it("--baseline fails the gate only for failures the accepted report did not have", async () => {
    const base = join(dir, "baseline.json");
    const partial = save("partial.json", snapshot({ containers: [container("monitor-1", { HostConfig: { PidMode: "host" } })] }));
    await runCli(["audit", "--snapshot", partial, ...only, "-f", "json", "-o", base]);
    const r = await runCli(["audit", "--snapshot", risky, ...only, "--baseline", base, "-q"]);
    expect([r.code, r.stderr]).to.deep.equal([1, "dockaudit: gate failed: 1 check failed that the baseline did not have (5.16)\n"]);
    const full = join(dir, "full.json");
    await runCli(["audit", "--snapshot", risky, ...only, "-f", "json", "-o", full]);
    expect((await runCli(["audit", "--snapshot", risky, ...only, "--baseline", full, "-q"])).code).to.equal(0);
    expect((await runCli(["audit", "--snapshot", risky, ...only, "--baseline", risky])).code).to.equal(2);
  });

  it("--output-dir with --keep writes timestamped reports and keeps the newest N runs", async () => {
    const out = join(dir, "kept");
    for (let i = 0; i < 4; i++) expect((await runCli(["audit", "--snapshot", clean, ...only, "-q", "--output-dir", out, "--keep", "2"])).code).to.equal(0);
    const files = readdirSync(out).sort();
    expect(files).to.have.length(8);
    for (const f of files) expect(f).to.match(/^report-\d{8}T\d{9}Z\.(json|html|xml|hdf\.json)$/);
    expect(new Set(files.map((f) => f.slice(7, 26))).size).to.equal(2);
    const r = await runCli(["audit", "--snapshot", clean, ...only, "--keep", "2"]);
    expect([r.code, r.stderr]).to.deep.equal([2, "dockaudit: --keep needs --output-dir\n"]);
  });

  it("writes the Prometheus file atomically, world-readable, leaving no temporary file", async () => {
    const tf = mkdtempSync(join(tmpdir(), "dockaudit-textfile-"));
    const prom = join(tf, "dockaudit.prom");
    const r = await runCli(["audit", "--snapshot", risky, ...only, "-q", "--fail-on", "critical", "-f", "prometheus", "-o", prom]);
    expect([r.code, r.stdout, r.stderr]).to.deep.equal([0, "", ""]);
    expect(readdirSync(tf)).to.deep.equal(["dockaudit.prom"]);
    expect(statSync(prom).mode & 0o777).to.equal(0o644);
    expect(readFileSync(prom, "utf8")).to.contain('dockaudit_check_status{check="5.16"');
  });

  it("writes SARIF with --format sarif", async () => {
    const r = await runCli(["audit", "--snapshot", risky, ...only, "-f", "sarif"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).to.equal("2.1.0");
    expect(doc.runs[0].results.map((x: { properties: { subject: { name: string } } }) => x.properties.subject.name)).to.deep.equal(["monitor-1", "debug"]);
  });
});
