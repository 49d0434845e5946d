// The errors and numbers a newcomer meets in the first hour (issue 25, items 1 and 3): each is the message the user
// sees from bin/dockaudit run as a process, and says what to do.
import { expect } from "chai";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import { evaluateGates, gateMessage } from "../../src/engine/gates.js";
import { reportOf } from "../engine/ops-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-first-hour-"));
const save = (name: string, data: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === "string" ? data : JSON.stringify(data));
  return p;
};
const oneLine = (s: string) => expect(s.trim().split("\n"), s).to.have.length(1);

describe("cli: errors that say what to do", function () {
  this.timeout(30_000);
  it("a mistyped command is an unknown command with a suggestion, not \"too many arguments for 'audit'\"", async () => {
    const r = await runCli(["audti"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal("dockaudit: unknown command 'audti' (did you mean 'audit'?); see dockaudit --help\n");
    const far = await runCli(["--no-config", "frobnicate"]);
    expect(far.stderr).to.equal("dockaudit: unknown command 'frobnicate'; see dockaudit --help\n");
  });

  it("no socket at the endpoint names the path tried, --docker-host and DOCKER_HOST (exit 3)", async () => {
    const sock = join(dir, "none", "docker.sock");
    const r = await runCli(["audit", "--no-config", "--docker-host", `unix://${sock}`, "--root", dir, "--timeout", "5"]);
    expect(r.code).to.equal(3);
    oneLine(r.stderr);
    expect(r.stderr).to.contain(`no socket at ${sock}`).and.contain("--docker-host or DOCKER_HOST");
  });

  it("permission denied on the socket names it and says root or the docker group (exit 3)", async function () {
    if (process.getuid?.() !== 0) this.skip();
    const sockDir = mkdtempSync(join(tmpdir(), "dockaudit-eacces-"));
    chmodSync(sockDir, 0o755);
    const sock = join(sockDir, "docker.sock");
    const server: Server = createServer((c) => c.destroy());
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      chmodSync(sock, 0o600);
      const r = await runCli(["audit", "--no-config", "--docker-host", `unix://${sock}`, "--root", sockDir, "--timeout", "5"], { uid: 65534, gid: 65534, cwd: sockDir });
      expect(r.code, r.stderr).to.equal(3);
      oneLine(r.stderr);
      expect(r.stderr).to.contain(`permission denied on the socket ${sock}`).and.contain("as root").and.contain('"docker"');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(sockDir, { recursive: true, force: true });
    }
  });

  it("a missing --config file says that --config named it", async () => {
    const r = await runCli(["audit", "--config", join(dir, "missing.yaml"), "--snapshot", save("s.json", snapshot())]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`dockaudit: ${join(dir, "missing.yaml")}: no such configuration file (named by --config; --no-config reads none)\n`);
  });

  it("a key at the wrong level says where it belongs", async () => {
    const cfg = save("wrong-level.yaml", "failOn: high\n");
    const r = await runCli(["audit", "--config", cfg, "--snapshot", save("s2.json", snapshot())]);
    expect(r.code).to.equal(2);
    oneLine(r.stderr);
    expect(r.stderr).to.contain('unknown key "failOn" (it belongs under "gates": gates.failOn)');
    const under = save("wrong-level2.yaml", "gates:\n  benchmark: \"1.6.0\"\n");
    const r2 = await runCli(["audit", "--config", under, "--snapshot", save("s3.json", snapshot())]);
    expect(r2.stderr).to.contain('unknown key "benchmark" (it belongs at the top level, not under "gates")');
  });

  it("a report passed to --snapshot is named as a report, with where snapshots come from", async () => {
    const snap = save("snap.json", snapshot({ containers: [container("web")] }));
    const rep = await runCli(["audit", "--no-config", "--snapshot", snap, "-f", "json", "--check", "5.16"]);
    const report = save("report.json", rep.stdout);
    const r = await runCli(["audit", "--no-config", "--snapshot", report]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`dockaudit: ${report}: this is a dockaudit report, not a snapshot (snapshots are written by \`dockaudit collect\` or an evidence bundle's snapshot.json)\n`);
  });

  it("a snapshot that is not JSON is named by position, never by its content", async () => {
    const bad = save("notjson.json", "hello PLANTED-SECRET-1234 world");
    const r = await runCli(["audit", "--no-config", "--snapshot", bad]);
    expect(r.code).to.equal(2);
    oneLine(r.stderr);
    expect(r.stderr).to.match(/notjson\.json(:\d+:\d+)?: not valid JSON, so not a dockaudit snapshot/);
    expect(r.stderr).to.not.contain("PLANTED").and.not.contain("hello");
  });
});

describe("cli: numbers that agree", function () {
  this.timeout(30_000);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("diff: the text, the JSON and the exit code count the same new failures (appeared failing included)", async () => {
    const old = save("old-snap.json", snapshot({ containers: [container("web")] }));
    const now = save("new-snap.json", snapshot({ containers: [container("web"), container("a", { HostConfig: { PidMode: "host" } }), container("b", { HostConfig: { PidMode: "host" } })] }));
    const reportOfSnap = async (f: string, out: string) => save(out, (await runCli(["audit", "--no-config", "--snapshot", f, "-f", "json", "--check", "5.16,5.5"])).stdout);
    const a = await reportOfSnap(old, "old-report.json"), b = await reportOfSnap(now, "new-report.json");
    const text = await runCli(["diff", a, b]);
    const json = await runCli(["diff", a, b, "-f", "json"]);
    const d = JSON.parse(json.stdout) as { newFailures: number; counts: Record<string, number> };
    expect(d.newFailures).to.equal(2);
    expect(d.counts["newly-failing"], "none changed to fail: both appeared failing").to.equal(0);
    expect(text.stdout).to.contain("0 newly failing").and.contain("New failures: 2 (2 appeared failing; exit 1).");
    expect([text.code, json.code]).to.deep.equal([1, 1]);
    const same = await runCli(["diff", a, a]);
    expect([same.code, same.stdout.includes("No changes.")]).to.deep.equal([0, true]);
  });

  it("the gate line says when failed unscored checks are not counted, so it agrees with the summary", () => {
    const snap = snapshot({ containers: [container("monitor", { HostConfig: { PidMode: "host" } })] });
    const report = reportOf(snap, "1.6.0", ["5.16", "5.5"]);
    const pid = report.results.find((r) => r.id === "5.16")!;
    expect(pid.status).to.equal("fail");
    // The same report with 5.16 unscored: the summary still counts it as failed, the gate does not.
    const unscored = { ...report, results: report.results.map((r) => (r === pid ? { ...r, scored: false } : r)) };
    const g = evaluateGates(unscored, {});
    expect(g.failed).to.equal(false);
    const both = { ...report, results: [...report.results, { ...pid, key: "extra-unscored", id: "9.9", scored: false }] };
    expect(gateMessage(evaluateGates(both, {}))).to.equal("gate failed: 1 check failed (5.16); 1 unscored check also failed, which the gate does not count");
  });
});
