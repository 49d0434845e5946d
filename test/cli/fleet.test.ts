// `dockaudit fleet` as a user runs it: outputs written, exit codes, a host that times out or fails is its own row.
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFleet, type AuditHost } from "../../src/cli/fleet.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import type { FleetReport } from "../../src/fleet/types.js";
import { runCli } from "../support/cli.js";
import { hostReport } from "../fleet/reports.js";
import { expectValidOscal } from "../support/oscal.js";

const CLEAN = { "test-read-only": "pass", "test-hostile-text": "pass", "daemon-icc-disabled": "pass", "test-error": "pass" } as const;

function inventory(dir: string): string {
  const file = join(dir, "inventory.yaml");
  writeFileSync(file, [
    "defaults:", "  labels: { env: prod }",
    "hosts:",
    "  - name: good", "    docker_host: unix:///good.sock",
    "  - name: bad", "    docker_host: unix:///bad.sock",
    "  - name: slow", "    docker_host: unix:///slow.sock",
  ].join("\n"));
  return file;
}

const audit: AuditHost = async (h) => {
  if (h.name === "bad") throw new Error("the Docker daemon at unix:///bad.sock is not reachable (ECONNREFUSED)\nstack line");
  if (h.name === "slow") return new Promise(() => undefined);
  return hostReport(h.name, CLEAN);
};

describe("cli: fleet", function () {
  this.timeout(60_000);

  it("--inventory: audits hosts concurrently, writes per-host reports and the fleet view; a failing and a hanging host are rows; exit 4", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-cli-"));
    const out = join(dir, "out");
    const start = Date.now();
    const code = await runFleet({ inventory: inventory(dir), outputDir: out, format: "json", output: join(dir, "printed.json"), concurrency: 3, hostTimeout: 1, gate: {} }, audit, () => new Date("2026-01-16T00:00:00Z"));
    expect(Date.now() - start).to.be.below(10_000);
    expect(code).to.equal(EXIT.notAudited);
    for (const f of ["fleet.json", "fleet.html", "fleet.xml", "fleet.prom", "good/report.json", "good/report.html", "good/report.xml"]) expect(existsSync(join(out, f)), f).to.equal(true);
    expect(existsSync(join(out, "bad"))).to.equal(false);
    const fleet = JSON.parse(readFileSync(join(out, "fleet.json"), "utf8")) as FleetReport;
    const byName = Object.fromEntries(fleet.hosts.map((h) => [h.name, h]));
    expect(byName.good!.audited).to.equal(true);
    expect(byName.good!.labels).to.deep.equal({ env: "prod" });
    expect(byName.good!.reports).to.deep.equal({ json: "good/report.json", html: "good/report.html" });
    expect(byName.bad!.reason).to.equal("the Docker daemon at unix:///bad.sock is not reachable (ECONNREFUSED)");
    expect(byName.slow!.reason).to.equal("timed out after 1 s");
    expect(readFileSync(join(dir, "printed.json"), "utf8")).to.equal(readFileSync(join(out, "fleet.json"), "utf8"));
  });

  it("--inventory: all hosts audited and clean is exit 0; a gate failure on one host is exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-cli-"));
    const file = join(dir, "inv.yaml");
    writeFileSync(file, "hosts:\n  - name: a\n  - name: b\n");
    const clean: AuditHost = async (h) => hostReport(h.name, CLEAN);
    expect(await runFleet({ inventory: file, format: "json", output: join(dir, "f.json"), concurrency: 2, hostTimeout: 5, gate: {} }, clean)).to.equal(EXIT.ok);
    const oneBad: AuditHost = async (h) => hostReport(h.name, h.name === "b" ? {} : CLEAN);
    expect(await runFleet({ inventory: file, format: "json", output: join(dir, "f.json"), concurrency: 2, hostTimeout: 5, gate: {} }, oneBad)).to.equal(EXIT.failed);
  });

  it("--reports through bin/dockaudit: the view from a directory of reports, table on stdout, exit by the gate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-bin-"));
    for (const [name, st] of [["web-1", {}], ["db-1", CLEAN]] as const) {
      mkdirSync(join(dir, "store", name), { recursive: true });
      writeFileSync(join(dir, "store", name, "report.json"), JSON.stringify(hostReport(name, st)));
    }
    const r = await runCli(["fleet", "--reports", join(dir, "store"), "--output-dir", join(dir, "view")]);
    expect(r.code, r.stderr).to.equal(EXIT.failed);
    expect(r.stdout).to.match(/2 hosts, 2 audited, 0 not audited, 1 with failed checks/);
    expect(r.stderr).to.match(/gate failed on 1 of 2 hosts/);
    const fleet = JSON.parse(readFileSync(join(dir, "view", "fleet.json"), "utf8")) as FleetReport;
    expect(fleet.hosts.map((h) => h.name)).to.deep.equal(["web-1", "db-1"]);
    expect(fleet.hosts[0]!.reports!.json).to.equal("../store/web-1/report.json");

    // The same reports a night later, with db-1 failing: diff names the host and the check.
    writeFileSync(join(dir, "store", "db-1", "report.json"), JSON.stringify(hostReport("db-1", { ...CLEAN, "test-read-only": "fail" })));
    const again = await runCli(["fleet", "--reports", join(dir, "store"), "-f", "json", "-o", join(dir, "later.json"), "-q"]);
    expect(again.code).to.equal(EXIT.failed);
    const d = await runCli(["diff", join(dir, "view", "fleet.json"), join(dir, "later.json")]);
    expect(d.code, d.stderr).to.equal(EXIT.failed);
    expect(d.stdout).to.match(/Newly failing \(1\):\n\s+db-1\s+X\.91\s+pass -> fail/);
  });

  it("--reports: arbitrarily named reports build the view; an incomplete report is its host's row, the fleet files are written (exit 4); --verbose lists what was passed over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-named-bin-"));
    mkdirSync(join(dir, "store"));
    writeFileSync(join(dir, "store", "web-01.json"), JSON.stringify(hostReport("web-01", CLEAN)));
    writeFileSync(join(dir, "store", "db-1.json"), JSON.stringify({ schemaVersion: 2, tool: { name: "dockaudit" }, results: [] }));
    writeFileSync(join(dir, "store", "inventory-notes.json"), JSON.stringify({ hosts: ["web-01"] }));
    const r = await runCli(["fleet", "--reports", join(dir, "store"), "--output-dir", join(dir, "view")]);
    expect(r.code, r.stderr).to.equal(EXIT.notAudited);
    expect(r.stdout).to.match(/2 hosts, 1 audited, 1 not audited/);
    expect(r.stdout).to.match(/db-1\s+NOT AUDITED\s+not a valid report: "tool\.version" is missing/);
    expect(r.stderr).to.contain("passed over 1 JSON file that is not a host's dockaudit report (--verbose lists them)");
    for (const f of ["fleet.json", "fleet.html", "fleet.xml", "fleet.prom"]) expect(existsSync(join(dir, "view", f)), f).to.equal(true);
    const v = await runCli(["fleet", "--reports", join(dir, "store"), "-q", "--verbose", "-f", "json", "-o", join(dir, "v.json")]);
    expect(v.stderr).to.contain(`passed over ${join(dir, "store", "inventory-notes.json")}: not a dockaudit report`);
  });

  it("--output-dir writes fleet.oscal.json: valid OSCAL, a result per audited host with its findings, the others named; the same bytes again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-oscal-"));
    const file = join(dir, "inv.yaml");
    writeFileSync(file, "hosts:\n  - name: a\n  - name: b\n  - name: bad\n");
    const some: AuditHost = async (h) => { if (h.name === "bad") throw new Error("unreachable"); return hostReport(h.name, h.name === "b" ? {} : CLEAN); };
    const at = () => new Date("2026-01-16T00:00:00Z");
    const run = async (out: string) => {
      await runFleet({ inventory: file, outputDir: join(dir, out), format: "json", output: join(dir, `${out}.json`), concurrency: 2, hostTimeout: 5, gate: {} }, some, at);
      return readFileSync(join(dir, out, "fleet.oscal.json"), "utf8");
    };
    const text = await run("one");
    const doc = expectValidOscal(text);
    const ar = doc["assessment-results"];
    expect(ar.results).to.have.length(2);
    expect(ar.metadata["last-modified"]).to.equal("2026-01-16T00:00:00.000Z");
    expect(ar.metadata.remarks).to.contain("bad (unreachable)");
    const prop = (x: { props: { name: string; value: string }[] }, n: string) => x.props.find((p) => p.name === n)?.value;
    for (const [i, name] of ["a", "b"].entries()) {
      const report = JSON.parse(readFileSync(join(dir, "one", name, "report.json"), "utf8"));
      const want = report.results.flatMap((r: { findings: { fingerprint: string }[] }) => r.findings.map((f) => f.fingerprint)).sort();
      expect(ar.results[i].findings.map((f: { props: { name: string; value: string }[] }) => prop(f, "fingerprint")).sort(), name).to.deep.equal(want);
    }
    expect(await run("two")).to.equal(text);
  });

  it("usage errors: neither or both sources, a bad inventory (exit 2, one line with file:line:col)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-usage-"));
    const none = await runCli(["fleet"]);
    expect(none.code).to.equal(EXIT.usage);
    expect(none.stderr).to.match(/exactly one of --inventory FILE or --reports/);
    writeFileSync(join(dir, "inv.yaml"), "hosts:\n  - name: a\n    sshh: x\n");
    const bad = await runCli(["fleet", "--inventory", join(dir, "inv.yaml")]);
    expect(bad.code).to.equal(EXIT.usage);
    expect(bad.stderr.trim().split("\n")).to.have.length(1);
    expect(bad.stderr).to.match(/inv\.yaml:3:5: unknown key "sshh"/);
  });
});
