// The watch examples: the alerting rules pass promtool (check and the rule unit test: a scored check newly failing on
// one host fires, a long-standing or unscored one does not), the systemd unit passes systemd-analyze verify with its
// sandboxing as documented. What neither tool can show — the unit running under systemd — is said in docs/watch.md.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";
import { unitValues } from "../engine/ops-fixture.js";
import { missingTool } from "../support/required.js";

const examples = join(PROJECT_ROOT, "examples");

describe("watch: examples", () => {
  it("the Prometheus alerting rules pass promtool check rules and their unit test (required in CI)", function () {
    const check = spawnSync("promtool", ["check", "rules", "dockaudit-alerts.yml"], { cwd: join(examples, "prometheus"), encoding: "utf8" });
    if (check.error) missingTool(this, "promtool", "prometheus");
    expect(check.status, check.stdout + check.stderr).to.equal(0);
    expect(check.stdout).to.contain("SUCCESS: 3 rules found");
    const test = spawnSync("promtool", ["test", "rules", "dockaudit-alerts.test.yml"], { cwd: join(examples, "prometheus"), encoding: "utf8" });
    expect(test.status, test.stdout + test.stderr).to.equal(0);
    expect(test.stdout).to.contain("SUCCESS");
  });

  describe("examples/systemd/dockaudit-watch.service", () => {
    const unit = readFileSync(join(examples, "systemd", "dockaudit-watch.service"), "utf8");

    it("is sandboxed: read-only system, no new privileges, writable only its state and textfile directories", () => {
      expect(unitValues(unit, "ProtectSystem")).to.deep.equal(["strict"]);
      expect(unitValues(unit, "NoNewPrivileges")).to.deep.equal(["yes"]);
      expect(unitValues(unit, "ProtectHome")).to.deep.equal(["read-only"]);
      expect(unitValues(unit, "PrivateTmp")).to.deep.equal(["yes"]);
      expect(unitValues(unit, "ReadOnlyPaths")).to.deep.equal(["/"]);
      expect(unitValues(unit, "ReadWritePaths")).to.deep.equal(["/var/lib/dockaudit -/var/lib/node_exporter/textfile_collector"]);
      expect(unitValues(unit, "CapabilityBoundingSet")).to.deep.equal(["CAP_DAC_READ_SEARCH CAP_SYS_PTRACE"]);
      const exec = unitValues(unit, "ExecStart")[0]!.split(/\s+/);
      expect(exec.slice(0, 2)).to.deep.equal(["/usr/local/bin/dockaudit", "watch"]);
      // Every path it writes is under a writable directory.
      expect(exec[exec.indexOf("--textfile") + 1]).to.match(/^\/var\/lib\/node_exporter\/textfile_collector\//);
      expect(exec[exec.indexOf("--output-dir") + 1]).to.match(/^\/var\/lib\/dockaudit\//);
      expect(exec[exec.indexOf("--listen") + 1]).to.equal("127.0.0.1:9323");
    });

    it("passes systemd-analyze verify without a warning, and its offline security exposure is at most 5 (required in CI)", function () {
      const dir = mkdtempSync(join(tmpdir(), "dockaudit-unit-"));
      try {
        // verify wants ExecStart's binary to exist: a stand-in at the same place in a temporary directory.
        const exe = join(dir, "dockaudit");
        writeFileSync(exe, "#!/bin/sh\n");
        chmodSync(exe, 0o755);
        const file = join(dir, "dockaudit-watch.service");
        writeFileSync(file, unit.replaceAll("/usr/local/bin/dockaudit", exe));
        const r = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
        if (r.error) missingTool(this, "systemd-analyze", "systemd");
        expect([r.status, r.stdout + r.stderr]).to.deep.equal([0, ""]);
        const sec = spawnSync("systemd-analyze", ["security", "--offline=true", file], { encoding: "utf8" });
        const level = /Overall exposure level for dockaudit-watch\.service: ([\d.]+)/.exec(sec.stdout)?.[1];
        expect(level, sec.stdout + sec.stderr).to.not.equal(undefined);
        expect(Number(level)).to.be.at.most(5);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
