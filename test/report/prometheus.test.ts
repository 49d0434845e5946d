import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { escapeLabel, renderPrometheus } from "../../src/report/prometheus.js";
import { applyWaivers, subjectFactsFromSnapshot } from "../../src/engine/waivers.js";
import { opsSnapshot, reportOf } from "../engine/ops-fixture.js";
import { missingTool } from "../support/required.js";

const snap = opsSnapshot();
const report = applyWaivers(reportOf(snap), [
  { check: "5.16", containers: ["monitor-*"], reason: "r", approvedBy: "a", expires: "2099-12-31" },
  { check: "5.16", containers: ["gone"], reason: "r", approvedBy: "a", expires: "2099-12-31" },
], subjectFactsFromSnapshot(snap));

function promtool(text: string): { status: number | null; out: string } | null {
  const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (r.error) return null;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const samples = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));

describe("report: Prometheus textfile", () => {
  const text = renderPrometheus(report, {});

  it("passes promtool check metrics (required in CI)", function () {
    const r = promtool(text);
    if (!r) missingTool(this, "promtool", "prometheus");
    expect(r.out).to.equal("");
    expect(r.status).to.equal(0);
  });

  it("has the score, counts per section and status, a gauge per check with its status, the last run time and build info", () => {
    expect(text).to.match(/^dockaudit_score \d+(\.\d+)?$/m);
    expect(text).to.match(/^dockaudit_own_score (\d+(\.\d+)?|NaN)$/m);
    expect(text).to.contain(`dockaudit_last_run_timestamp_seconds ${Date.parse(report.finishedAt) / 1000}\n`);
    expect(text).to.contain(`dockaudit_build_info{version="${report.tool.version}",benchmark="cis_docker",benchmark_version="1.6.0",docker_version="28.2.2"} 1`);
    expect(text).to.contain('dockaudit_checks{section="5",status="fail"} ');
    expect(text).to.contain('dockaudit_findings{section="5",status="waived"} 2');
    expect(text).to.contain('dockaudit_check_status{check="5.16",key="container-host-pid-namespace",section="5",level="1",severity="high",status="fail"} 1');
    expect(samples(text).filter((l) => l.startsWith("dockaudit_check_status{"))).to.have.length(report.results.length);
    expect(text).to.contain('dockaudit_waivers{state="active"} 1').and.contain('dockaudit_waivers{state="stale"} 1');
  });

  it("has no sample timestamps (node_exporter drops a file that has them) and ends with a newline", () => {
    for (const l of samples(text)) expect(l, l).to.match(/^[a-z_]+(\{.*\})? (-?[0-9.e+]+|NaN)$/);
    expect(text.endsWith("\n")).to.equal(true);
  });

  it("has no per-container series unless asked, and has them with metricsPerContainer", function () {
    expect(text).to.not.contain("container=");
    const per = renderPrometheus(report, { metricsPerContainer: true });
    const count = (name: string, status: string) => report.results.reduce((n, r) => n + r.findings.filter((f) => f.subject.name === name && f.status === status).length, 0);
    expect(count("debug", "fail")).to.be.above(0);
    expect(per).to.contain(`dockaudit_container_findings{container="debug",status="fail"} ${count("debug", "fail")}\n`);
    expect(per).to.contain('dockaudit_container_findings{container="monitor-1",status="waived"} 1\n');
    const r = promtool(per);
    if (!r) missingTool(this, "promtool", "prometheus");
    expect(r.status, r.out).to.equal(0);
  });

  it("escapes backslash, double quote and newline in label values", function () {
    expect(escapeLabel('a\\b"c\nd')).to.equal('a\\\\b\\"c\\nd');
    const odd = { ...report, daemon: { ...report.daemon, version: 'x"y\\z\nw' } };
    const t = renderPrometheus(odd, {});
    expect(t).to.contain('docker_version="x\\"y\\\\z\\nw"');
    const r = promtool(t);
    if (!r) missingTool(this, "promtool", "prometheus");
    expect(r.status, r.out).to.equal(0);
  });

  it("writes NaN for the score when no scored check was decided", () => {
    const none = { ...report, summary: { ...report.summary, score: null } };
    expect(renderPrometheus(none, {})).to.match(/^dockaudit_score NaN$/m);
  });
});
