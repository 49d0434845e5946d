// The audit service (src/engine/audit.ts): one path from a snapshot to a waived, scored, gated report, used by
// `audit`, `verify`, `fleet` and the tests. These prove each step happens there and in that order.
import { expect } from "chai";
import { Command } from "commander";
import { catalog } from "../../checks/index.js";
import { FLEET_CONFIGURABLE, mergeConfig } from "../../src/cli/config.js";
import { parseConfig } from "../../src/cli/config-file.js";
import { buildProgram } from "../../src/cli/main.js";
import { audit, defaultVerdictSettings, evaluateSnapshot } from "../../src/engine/audit.js";
import { applyWaivers, subjectFactsFromSnapshot, type Waiver } from "../../src/engine/waivers.js";
import { runChecks } from "../../src/engine/run.js";
import { selectChecks, UsageError } from "../../src/engine/select.js";
import { container, snapshot } from "../support/fixtures.js";

const snap = snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] });
const WAIVER: Waiver = { check: "container-host-pid-namespace", containers: ["monitor"], reason: "agent", approvedBy: "sec", expires: "2099-12-31" };
const base = defaultVerdictSettings("1.8.0");

describe("engine: the audit service", () => {
  it("without waivers gives exactly what selecting and running the checks gives", () => {
    const direct = runChecks(snap, selectChecks(catalog, "1.8.0", {}), { benchmark: "1.8.0", containers: { include: [], exclude: [], label: [], all: false }, eval: {} });
    expect(evaluateSnapshot(snap, base, catalog)).to.deep.equal(direct);
  });

  it("applies the waivers after the checks, and scores and gates the waived report", () => {
    const plain = audit(snap, base, catalog);
    const pid = plain.report.results.find((r) => r.key === WAIVER.check);
    expect(pid?.status).to.equal("fail");
    expect(plain.gate.failed).to.equal(true);
    const waived = audit(snap, { ...base, waivers: [WAIVER] }, catalog);
    expect(waived.report).to.deep.equal(applyWaivers(plain.report, [WAIVER], subjectFactsFromSnapshot(snap)));
    expect(waived.report.results.find((r) => r.key === WAIVER.check)?.status).to.equal("waived");
    expect(waived.report.summary.score).to.be.above(plain.report.summary.score ?? 0);
    // The gate judges the waived report: the waived check is no longer among the failures it names.
    expect(waived.gate.reasons.join(" ")).not.to.match(new RegExp(`\\b${pid?.id.replace(/\./g, "\\.")}\\b`));
  });

  it("passes selection, thresholds and gate settings through", () => {
    const only = evaluateSnapshot(snap, { ...base, check: ["5"] }, catalog);
    expect(only.results.every((r) => r.id.startsWith("5."))).to.equal(true);
    expect(audit(snap, { ...base, minScore: 101 }, catalog).gate.reasons.some((r) => /below the minimum 101/.test(r))).to.equal(true);
    expect(() => evaluateSnapshot(snap, { ...base, check: ["9.99"] }, catalog)).to.throw(UsageError, /no check matches "9\.99"/);
  });
});

describe("fleet: settings from the config file", () => {
  const fleetCmd = () => {
    const cmd = buildProgram().commands.find((c) => c.name() === "fleet") as Command;
    cmd.parseOptions(["--inventory", "hosts.yaml", "--fail-on", "high"]);
    return cmd;
  };
  const yaml = `benchmark: "1.6.0"\nmaxImageAge: 30\ncontainers:\n  all: true\ngates:\n  failOn: low\n  minScore: 80\noutput:\n  format: sarif\n  outputDir: /elsewhere\nroot: /host\nwaivers:\n  - check: container-host-pid-namespace\n    reason: r\n    approvedBy: a\n    expires: "2099-12-31"\n`;

  it("takes the selection, thresholds, gates and waivers, never where to connect or what to write; flags win", () => {
    const cmd = fleetCmd();
    const o = cmd.opts();
    const { opts, waivers } = mergeConfig(cmd, { ...defaultVerdictSettings("1.8.0"), ...o }, parseConfig(yaml, "d.yaml"), FLEET_CONFIGURABLE);
    expect(opts).to.include({ benchmark: "1.6.0", maxImageAge: 30, all: true, minScore: 80, failOn: "high", format: "table" });
    expect(opts).not.to.have.property("root");
    expect((opts as { outputDir?: string }).outputDir).to.equal(undefined);
    expect(waivers.map((w) => w.check)).to.deep.equal(["container-host-pid-namespace"]);
  });

  it("takes --config and --no-config like audit", () => {
    const names = (buildProgram().commands.find((c) => c.name() === "fleet") as Command).options.map((op) => op.long);
    expect(names).to.include.members(["--config", "--no-config"]);
  });
});
