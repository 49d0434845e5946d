// Big hosts: a host-provided string is written once per output, and the HTML report stays a summary. Sizes and
// times are measured by bench/synthetic.ts, never here.
import { expect } from "chai";
import { RENDER_OPTIONS } from "../support/format-args.js";
import { longLabelValue, LONG_LABEL_KEY, syntheticSnapshot } from "../../bench/synthetic.js";
import { catalog } from "../../checks/index.js";
import { evaluateSnapshot, type VerdictSettings } from "../../src/engine/audit.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const evaluate = (snap: Snapshot, o: VerdictSettings) => evaluateSnapshot(snap, o, catalog);
import { htmlView, renderHtml } from "../../src/report/html.js";
import { formatNames, reporters } from "../../src/report/index.js";
import type { AuditReport } from "../../src/engine/types.js";

const OPTS = { benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false } as unknown as VerdictSettings;
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("report: big hosts", function () {
  this.timeout(120_000);
  const label = longLabelValue(1024 * 1024);
  let report: AuditReport;

  before(() => {
    report = evaluate(syntheticSnapshot(120, label), OPTS);
  });

  it("a 1 MB label appears at most once in every format, and exactly once in JSON and HTML", () => {
    expect(report.containers![0]!.labels[LONG_LABEL_KEY]).to.equal(label);
    for (const format of formatNames()) {
      const out = reporters[format]!(report, RENDER_OPTIONS);
      const n = count(out.toLowerCase(), label.toLowerCase());
      expect(n, format).to.be.at.most(1);
      if (format === "json" || format === "html") expect(n, format).to.equal(1);
    }
  });

  it("HTML: a check with many findings groups the failing containers by message and only counts the passing ones", () => {
    const view = htmlView(report);
    const pid = view.checks.find((c) => c.id === "5.16")!;
    expect(pid.findingCount).to.equal(120);
    expect(pid.findings, "no row per container").to.deep.equal([]);
    const pass = pid.groups.find((g) => g.status === "pass")!;
    const fail = pid.groups.find((g) => g.status === "fail")!;
    expect(pass.count + fail.count).to.equal(120);
    expect(pass.subjects, "passing containers are counted, not listed").to.deep.equal([]);
    expect(fail.count).to.equal(20);
    expect(fail.message).to.contain("PID namespace");
    const ids = new Set(view.containers.map((c) => `#${c.domId}`));
    expect(fail.subjects).to.have.length(20);
    for (const s of fail.subjects) expect(ids.has(s.href), s.href).to.equal(true);
    // The failing container's card holds that finding in full, evidence included.
    const card = view.containers.find((c) => `#${c.domId}` === fail.subjects[0]!.href)!;
    const p = card.problems.find((x) => x.checkId === "5.16")!;
    expect(p.evidence).to.deep.include({ key: "PidMode", value: "host" });
  });

  it("HTML: a small check still lists every finding with its evidence", () => {
    const small = evaluate(syntheticSnapshot(6, "x"), OPTS);
    const pid = htmlView(small).checks.find((c) => c.id === "5.16")!;
    expect(pid.groups).to.deep.equal([]);
    expect(pid.findings).to.have.length(6);
    expect(pid.findings.every((f) => f.href.startsWith("#ct-"))).to.equal(true);
  });

  it("HTML: a long container name is written in full once (its card), capped everywhere else", () => {
    const snap = syntheticSnapshot(40, "x");
    const long = "svc-" + "n".repeat(5000);
    snap.engine.containers.ok && (snap.engine.containers.value[2]!.Name = `/${long}`);
    const html = renderHtml(evaluate(snap, { ...OPTS, check: ["5"] }));
    expect(count(html, long)).to.equal(1);
    expect(count(html, long.slice(0, 60)), "capped references: matrix row and grouped findings").to.be.greaterThan(1);
  });
});
