import { expect } from "chai";
import { catalog } from "../../checks/index.js";
import { runChecks } from "../../src/engine/run.js";
import { selectChecks } from "../../src/engine/select.js";
import { renderTable } from "../../src/report/table.js";
import { container, errFact, snapshot } from "../support/fixtures.js";

const checks = selectChecks(catalog, "1.8.0", { check: ["5.16", "5.17", "5.10"] });

describe("report: table", () => {
  it("names what is wrong and how to fix it, without colour unless asked", () => {
    const report = runChecks(snapshot({ containers: [container("web"), container("mon", { HostConfig: { PidMode: "host" } })] }), checks, { benchmark: "1.8.0", containers: {} });
    const text = renderTable(report, { color: false });
    expect(text).to.contain("To fix:").and.contain("container mon: shares the host's PID namespace").and.contain("fix: Start the container without --pid=host");
    expect(text).to.not.match(/\x1b\[/);
    expect(renderTable(report, { color: true })).to.match(/\x1b\[31mFAIL/);
  });

  it("lists one cause of several undecided checks once", () => {
    const report = runChecks(snapshot({ containers: errFact("connect EACCES /var/run/docker.sock", "GET /containers/json") }), checks, { benchmark: "1.8.0", containers: {} });
    const text = renderTable(report, { color: false });
    expect(text).to.contain("Could not decide:\nERROR 5.10, 5.16, 5.17\n");
    expect(text.match(/EACCES/g)?.length, "once per table row, once in the list, once in the collection-error line").to.equal(5);
  });

  it("strips terminal control sequences from names the host supplied", () => {
    const report = runChecks(snapshot({ containers: [container("evil\x1b]0;pwned\x07\x1b[2J", { HostConfig: { PidMode: "host" } })] }), checks, { benchmark: "1.8.0", containers: {} });
    const text = renderTable(report, { color: false });
    expect(text).to.not.match(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text).to.contain("evil");
  });

  it("heads with the CIS score and gives dockaudit's own checks their own score line", () => {
    const withOwn = selectChecks(catalog, "1.8.0", { check: ["5.16", "X"] });
    const report = runChecks(snapshot({ containers: [container("web"), container("mon", { HostConfig: { PidMode: "host" } })] }), withOwn, { benchmark: "1.8.0", containers: {} });
    const text = renderTable(report, { color: false });
    const s = report.summary;
    expect(text).to.contain(`Score: ${s.score}% (0 of 1 scored checks pass;`);
    expect(s.own.total).to.be.greaterThan(0);
    expect(text).to.contain(`dockaudit's own checks: ${s.own.score === null ? "n/a" : s.own.score + "%"} (${s.own.passed} of ${s.own.scoredTotal} scored own checks pass; not in the score above)`);
  });
});
