// Issue 9.6: no control character from a snapshot, a report file, a config or a bundle reaches a terminal (table,
// stderr warnings, diff, verify), Prometheus label values carry no NUL/ESC, and SARIF survives lone surrogates.
import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../../checks/index.js";
import { runChecks } from "../../src/engine/run.js";
import { selectChecks } from "../../src/engine/select.js";
import { renderPrometheus } from "../../src/report/prometheus.js";
import { renderSarif } from "../../src/report/sarif.js";
import { renderTable } from "../../src/report/table.js";
import { forTerminal, lineForTerminal, shortForTerminal } from "../../src/terminal.js";
import { runCli } from "../support/cli.js";
import { container, errFact, snapshot } from "../support/fixtures.js";

/** Every escape sequence and control character a hostile value might use, around the word "evil". */
const NASTY = "evil\x1b]0;pwned\x07\x1b[2J\x1b[1;1H\x9b31m\x1bP+q\x1b\\\r\x00\x08\u202eFAKE\u2066\x7f\x85";
/** Nothing a terminal interprets: no C0 but newline, no DEL, no C1, no bidi controls. */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const hostile = () => snapshot({
  containers: [container(`web${NASTY}`, { HostConfig: { PidMode: "host" } }), container(`x\nPASS 9.99 forged line`)],
  host: { hostname: { ok: true, value: `host${NASTY}`, source: "/etc/hostname" } as never },
  info: { ServerVersion: `28${NASTY}` },
  version: { Version: `28${NASTY}` },
  daemon: { configFile: errFact(`/etc/docker/daemon.json:1:1: bad${NASTY}`, "/etc/docker/daemon.json") as never },
});

describe("hostile input: terminal safety (issue 9.6)", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-term-"));

  it("forTerminal removes CSI, OSC, DCS, C1, lone ESC, CR, NUL, DEL and bidi overrides, keeping the text", () => {
    expect(forTerminal(NASTY)).to.equal("evilFAKE");
    expect(forTerminal("a\tb\nc")).to.equal("a\tb\nc");
    expect(lineForTerminal("a\tb\nc\n\nd")).to.equal("a b c d");
    expect(forTerminal("lone \ud800 high, pair \ud83d\ude00 kept")).to.equal("lone  high, pair \ud83d\ude00 kept");
    expect(shortForTerminal("x".repeat(500), 10)).to.equal("xxxxxxxxx…");
    expect(shortForTerminal(`${"x".repeat(8)}\ud83d\ude00yy`, 10)).to.equal("xxxxxxxx…");
  });

  it("the table carries no control character and no forged line from any snapshot string", () => {
    const s = hostile();
    s.tool.version = `9${NASTY}`;
    s.startedAt = `2026-01-15T10:00:00.000Z${NASTY}` as never;
    const checks = selectChecks(catalog, "1.8.0", { check: ["5.16", "1.1.1"] });
    const text = renderTable(runChecks(s, checks, { benchmark: "1.8.0", containers: {} }), { color: false });
    expect(text).to.not.match(CONTROL);
    expect(text).to.contain("webevilFAKE");
    expect(text.split("\n").some((l) => l.startsWith("PASS 9.99"))).to.equal(false);
  });

  it("through the CLI: table on stdout and warnings and the gate line on stderr are clean", async () => {
    const snap = join(dir, "hostile.json");
    writeFileSync(snap, JSON.stringify(hostile()));
    const r = await runCli(["audit", "--snapshot", snap, "--check", "5.16,2.2"]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain("dockaudit: warning: /etc/docker/daemon.json:1:1: badevilFAKE\n");
    expect(r.stderr).to.contain("gate failed");
    expect(r.stdout).to.contain("webevilFAKE");
    expect(r.stdout + r.stderr).to.not.match(CONTROL);
  });

  it("diff prints no control character from either report file", async () => {
    const snap = join(dir, "hostile-diff.json");
    writeFileSync(snap, JSON.stringify(hostile()));
    const a = await runCli(["audit", "--snapshot", snap, "--check", "5.16", "-f", "json"]);
    const report = JSON.parse(a.stdout);
    const older = structuredClone(report);
    older.startedAt = `yesterday${NASTY}`;
    older.benchmark.version = `1.6.0${NASTY}`;
    for (const r of older.results) for (const f of r.findings) f.status = f.status === "fail" ? `pass${NASTY}` : f.status;
    older.results[0].id = `5.16${NASTY}`;
    writeFileSync(join(dir, "old.json"), JSON.stringify(older));
    writeFileSync(join(dir, "new.json"), a.stdout);
    const r = await runCli(["diff", join(dir, "old.json"), join(dir, "new.json")]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.contain("webevilFAKE").and.contain("yesterdayevilFAKE");
    expect(r.stdout + r.stderr).to.not.match(CONTROL);
  });

  it("diff and --baseline refuse a device without reading it, and never quote a file that is not JSON", async () => {
    const r = await runCli(["diff", "/dev/zero", "/dev/zero"]);
    expect([r.code, r.stderr]).to.deep.equal([2, "dockaudit: /dev/zero: cannot read the report (is a character device, not a regular file)\n"]);
    const bad = join(dir, "not-json.json");
    writeFileSync(bad, '{"tool": PLANTED-4411 \x1b]0;x\x07}');
    const b = await runCli(["audit", "--snapshot", join(dir, "hostile.json"), "--baseline", bad]);
    expect(b.code).to.equal(2);
    expect(b.stderr).to.match(/^dockaudit: .*not-json\.json: not a dockaudit report \(not valid JSON( at line 1, column \d+)?\)\n$/);
    expect(b.stderr).to.not.contain("PLANTED");
  });

  it("an error naming a hostile file name or option is clean on stderr", async () => {
    const r = await runCli(["audit", "--snapshot", join(dir, `no\x1b]0;pwned\x07such`), "--check", `5.16`]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("nosuch");
    const u = await runCli(["audit", `--bogus\x1b[2J`]);
    expect(u.code).to.equal(2);
    expect(r.stderr + u.stderr).to.not.match(CONTROL);
  });

  it("verify prints no control character from a bundle's file names or manifest", async () => {
    const snap = join(dir, "hostile-ev.json");
    writeFileSync(snap, JSON.stringify(hostile()));
    const ev = join(dir, "ev");
    const a = await runCli(["audit", "--snapshot", snap, "--evidence", ev, "-f", "json", "--check", "5.16"]);
    expect(a.code, a.stderr).to.equal(1);
    writeFileSync(join(ev, `extra\x1b]0;pwned\x07\r\n.txt`), "x");
    mkdirSync(join(ev, `dir\x1b[2J`));
    const r = await runCli(["verify", ev]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("hostevilFAKE").and.contain("extra .txt: not listed in the manifest").and.contain("DIFFERS: dir: not listed");
    expect(r.stdout + r.stderr).to.not.match(CONTROL);
  });

  it("Prometheus label values carry no NUL, ESC or other control character", () => {
    const s = hostile();
    const report = runChecks(s, selectChecks(catalog, "1.8.0", { check: ["5.16"] }), { benchmark: "1.8.0", containers: {} });
    const text = renderPrometheus(report, { metricsPerContainer: true });
    expect(text).to.not.match(CONTROL);
    expect(text).to.contain('container="webevilFAKE"').and.contain('container="x\\nPASS 9.99 forged line"').and.contain('docker_version="28evilFAKE"');
  });

  it("SARIF renders a container name with a lone surrogate (encodeURIComponent threw: exit 3)", async () => {
    const s = snapshot({ containers: [container("bad\ud800name", { HostConfig: { PidMode: "host" } }), container("ok\udfff", { HostConfig: { PidMode: "host" } })] });
    const report = runChecks(s, selectChecks(catalog, "1.8.0", { check: ["5.16"] }), { benchmark: "1.8.0", containers: {} });
    const sarif = JSON.parse(renderSarif(report));
    const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).to.deep.equal(["docker-host/testhost/container/bad%EF%BF%BDname", "docker-host/testhost/container/ok%EF%BF%BD"]);
    const snap = join(dir, "surrogate.json");
    writeFileSync(snap, JSON.stringify(s));
    const r = await runCli(["audit", "--snapshot", snap, "--check", "5.16", "-f", "sarif"]);
    expect(r.code, r.stderr).to.equal(1);
    expect(JSON.parse(r.stdout).runs[0].results).to.have.length(2);
  });
});
