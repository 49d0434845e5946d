// The CLI end to end on saved snapshots: formats, exit codes, schema, and one clear line per user error.
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, errFact, snapshot } from "../support/fixtures.js";
import { reportSchemaErrors } from "../support/report-schema.js";
import { readReport } from "../support/results.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-cli-"));
const save = (name: string, data: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === "string" ? data : JSON.stringify(data));
  return p;
};
const risky = save("risky.json", snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] }));

describe("cli: audit of a saved snapshot", () => {
  it("writes a JSON report that follows the schema, with a finding for every judged subject", async () => {
    const r = await runCli(["audit", "--snapshot", risky, "--format", "json"]);
    expect(reportSchemaErrors(JSON.parse(r.stdout))).to.equal("");
    const report = readReport(r.stdout);
    const pid = report.results.find((x) => x.key === "container-host-pid-namespace")!;
    expect(pid.id).to.equal("5.16");
    expect(pid.findings.map((f) => `${f.subject.name}=${f.status}`)).to.deep.equal(["web=pass", "monitor=fail"]);
    expect(r.code, "a scored check failed").to.equal(1);
  });

  it("exits 0 when no scored check fails", async () => {
    const clean = save("clean.json", snapshot({ containers: [container("web")] }));
    const r = await runCli(["audit", "--snapshot", clean, "--check", "5.16", "--format", "json"]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it("prints the table by default, without colour when not on a terminal", async () => {
    const r = await runCli(["audit", "--snapshot", risky, "--check", "5.16"]);
    expect(r.stdout).to.contain("5.16").and.contain("FAIL").and.contain("monitor");
    expect(r.stdout).to.not.match(/\x1b\[/);
  });

  it("--output writes the file atomically and prints nothing", async () => {
    const out = join(dir, "out", "report.json");
    const r = await runCli(["audit", "--snapshot", risky, "-f", "json", "-o", out]);
    expect(r.stdout).to.equal("");
    expect(JSON.parse(readFileSync(out, "utf8")).tool.name).to.equal("dockaudit");
    expect(readdirSync(join(dir, "out")), "no temporary file left behind").to.deep.equal(["report.json"]);
  });

  it("numbers checks by the selected benchmark version", async () => {
    const r = await runCli(["audit", "--snapshot", risky, "--benchmark", "1.6.0", "--check", "container-host-pid-namespace", "-f", "json"]);
    expect(JSON.parse(r.stdout).benchmark.version).to.equal("1.6.0");
  });
});

describe("cli: a malformed daemon.json", () => {
  it("is one warning line naming the file, line and column, and the checks that need it cannot decide", async () => {
    const why = "/etc/docker/daemon.json:3:7: not valid JSON (unexpected character \"t\")";
    const snap = save("bad-daemon-json.json", snapshot({
      containers: [container("web")],
      daemon: { configFile: errFact(why, "/etc/docker/daemon.json"), effective: errFact(why, "/etc/docker/daemon.json") },
    }));
    const r = await runCli(["audit", "--no-config", "--snapshot", snap, "--check", "2.3,2.17", "-f", "json"]);
    expect(r.stderr.trim().split("\n").filter((l) => l.includes("warning"))).to.deep.equal([`dockaudit: warning: ${why}`]);
    const report = JSON.parse(r.stdout) as { results: { id: string; status: string; findings: { message: string }[] }[] };
    for (const res of report.results) {
      expect(res.status, res.id).to.equal("error");
      expect(res.findings[0]!.message).to.contain("daemon.json:3:7");
    }
  });
});

describe("cli: user errors are one clear line and a distinct exit code", () => {
  const oneLine = (s: string) => expect(s.trim().split("\n"), s).to.have.length(1);

  it("an unknown flag exits 2", async () => {
    const r = await runCli(["audit", "--no-such-flag"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("--no-such-flag");
  });
  it("an unknown format exits 2 and lists the known ones", async () => {
    const r = await runCli(["audit", "--snapshot", risky, "--format", "pdf"]);
    expect(r.code).to.equal(2);
    oneLine(r.stderr);
    expect(r.stderr).to.contain('unknown format "pdf"').and.contain("json");
  });
  it("a check selector that matches nothing exits 2", async () => {
    const r = await runCli(["audit", "--snapshot", risky, "--check", "9.9"]);
    expect(r.code).to.equal(2);
    oneLine(r.stderr);
  });
  it("a snapshot that is not valid JSON exits 2 naming the file, line and column", async () => {
    const bad = save("bad.json", '{\n  "schemaVersion": 1,\n  oops\n}');
    const r = await runCli(["audit", "--snapshot", bad]);
    expect(r.code).to.equal(2);
    oneLine(r.stderr);
    expect(r.stderr).to.contain(`${bad}:3:3`);
  });
  it("a JSON file that is not a snapshot exits 2", async () => {
    const r = await runCli(["audit", "--snapshot", save("other.json", { hello: "world" })]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("not a dockaudit snapshot");
  });
  it("a missing snapshot file exits 2", async () => {
    const r = await runCli(["audit", "--snapshot", join(dir, "nope.json")]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("ENOENT");
  });
  it("a --docker-host that is not a Docker endpoint exits 2", async () => {
    const r = await runCli(["audit", "--no-config", "--docker-host", "ssh://example/x", "--root", dir]);
    expect(r.code, r.stderr).to.equal(2);
    oneLine(r.stderr);
    expect(r.stderr).to.contain("ssh://example/x");
  });
  it("an unreachable daemon exits 3 with one line naming the endpoint", async () => {
    const r = await runCli(["audit", "--docker-host", `unix://${dir}/no.sock`, "--root", dir]);
    expect(r.code, r.stderr).to.equal(3);
    oneLine(r.stderr);
    expect(r.stderr).to.contain(`${dir}/no.sock`);
  });
});

describe("cli: dockaudit checks", () => {
  it("lists the catalog with ids of the selected benchmark", async () => {
    const r = await runCli(["checks", "--format", "json"]);
    const rows = JSON.parse(r.stdout) as { id: string; key: string }[];
    expect(rows.find((x) => x.key === "daemon-icc-disabled")?.id).to.equal("2.2");
  });
});
