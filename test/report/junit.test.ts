import { expect } from "chai";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { reporters } from "../../src/report/index.js";
import { BODY_LIMIT, MESSAGE_LIMIT, renderJunit } from "../../src/report/junit.js";
import { fixedReport, XSS_NAME } from "./fixed-report.js";
import { expectGolden } from "./golden.js";
import { xsdErrors } from "./xsd.js";

const report = fixedReport();
const xml = renderJunit(report);

/* eslint-disable @typescript-eslint/no-explicit-any */
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "property"].includes(name), trimValues: false });
const doc: any = parser.parse(xml);
const suites: any[] = doc.testsuites.testsuite;
const cases: any[] = suites.flatMap((s) => s.testcase);
const caseOf = (id: string) => cases.find((c) => c.name.startsWith(`${id} `));

describe("report: JUnit XML", () => {
  it("matches the golden file", () => {
    expectGolden("report.xml", xml);
  });

  it("is registered as --format junit", () => {
    expect(reporters.junit).to.equal(renderJunit);
  });

  it("is well-formed and valid against the Jenkins junit-10.xsd", () => {
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(xsdErrors(xml)).to.equal("");
  });

  it("has one testsuite per section with counts matching its cases, numeric time, timestamp, hostname and properties", () => {
    expect(suites.map((s) => s.name)).to.deep.equal(report.summary.sections.map((s) => `${s.id} ${s.title}`));
    for (const s of suites) {
      const tc: any[] = s.testcase;
      expect(Number(s.tests), s.name).to.equal(tc.length);
      expect(Number(s.failures), s.name).to.equal(tc.filter((c) => c.failure !== undefined).length);
      expect(Number(s.errors), s.name).to.equal(tc.filter((c) => c.error !== undefined).length);
      expect(Number(s.skipped), s.name).to.equal(tc.filter((c) => c.skipped !== undefined).length);
      expect(s.time).to.match(/^\d+\.\d{3}$/);
      expect(s.timestamp).to.equal("2026-01-15T10:00:00");
      expect(s.hostname).to.equal("testhost");
      const props = Object.fromEntries(s.properties.property.map((p: any) => [p.name, p.value]));
      expect(props).to.include({ "dockaudit.version": "0.0.0-test", benchmark: "CIS Docker Benchmark", "benchmark.version": "1.8.0", host: "testhost", "docker.version": "28.2.2" });
    }
    expect(Number(doc.testsuites.tests)).to.equal(report.results.length);
    expect(Number(doc.testsuites.failures)).to.equal(report.summary.counts.fail);
    expect(Number(doc.testsuites.errors)).to.equal(report.summary.counts.error);
  });

  it("has one testcase per check, named '<id> <title>', with a classname without dots", () => {
    expect(cases.map((c) => c.name)).to.deep.equal(report.results.map((r) => `${r.id} ${r.title}`));
    expect(new Set(cases.map((c) => `${c.classname}|${c.name}`)).size, "unique, as GitLab requires").to.equal(cases.length);
    for (const c of cases) {
      expect(c.classname).to.match(/^dockaudit_section_[A-Za-z0-9_]+$/);
      expect(c.time).to.equal("0.000");
    }
    expect(caseOf("5.16").classname).to.equal("dockaudit_section_5");
  });

  it("fail → <failure> naming the failing subjects, body listing each finding and the remediation; passing subjects in system-out", () => {
    const c = caseOf("X.91");
    expect(c.failure.message).to.equal(`2 of 4 containers fail: monitor, ${XSS_NAME}`);
    expect(c.failure.type).to.equal("test-read-only");
    const body: string = c.failure["#text"];
    expect(body).to.contain("Failing:\n- container monitor monitor00000: fail: has a writable root filesystem\n    ReadonlyRootfs: false");
    expect(body).to.contain(`- container ${XSS_NAME} ffffffffffff: fail`);
    expect(body).to.contain("Waived:\n- container db db0000000000: waived: has a writable root filesystem");
    expect(body).to.contain("Remediation: Start the container with --read-only.");
    expect(c["system-out"]).to.equal("Passing or not applicable:\n- container web web000000000: pass: has a read-only root filesystem\n    ReadonlyRootfs: true");
    expect(caseOf("2.2").failure.message).to.equal("fail: containers on the default bridge can reach each other (icc is enabled)");
  });

  it("error → <error> with the reason", () => {
    const c = caseOf("X.96");
    expect(c.error.message).to.equal("error: could not decide: host.auditRules was not collected");
    expect(c.error["#text"]).to.contain("Could not decide:");
    expect(c.failure).to.equal(undefined);
  });

  it("manual, info and skip → <skipped> whose message starts with the real status", () => {
    expect(caseOf("X.93").skipped.message).to.equal("manual: review the host's backup policy by hand");
    expect(caseOf("X.94").skipped.message).to.equal("info: the storage driver is overlay2");
    expect(caseOf("X.95").skipped.message).to.equal("skip: swarm mode is not active");
  });

  it("waived → <skipped> with the waiver's reason, approver and expiry, the waived findings in system-out", () => {
    const c = caseOf("5.16");
    expect(c.skipped.message).to.equal("waived: node exporter reads host processes (approved by sec-team, expires 2099-12-31)");
    expect(c["system-out"]).to.contain("Waived (the failures an approved waiver accepts):\n- container monitor monitor00000: waived: shares the host's PID namespace");
  });

  it("pass → no failure, error or skipped; the subjects in system-out", () => {
    const c = caseOf("X.92") ?? null;
    expect(c.failure).to.not.equal(undefined);
    const pass = cases.filter((x) => report.results.find((r) => `${r.id} ${r.title}` === x.name)!.status === "pass");
    for (const p of pass) {
      expect(p.failure ?? p.error ?? p.skipped).to.equal(undefined);
      expect(p["system-out"]).to.match(/^Passing:/);
    }
  });

  it("strips ANSI escapes and characters XML 1.0 forbids; messages stay one line and short", () => {
    expect(xml).to.not.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    expect(xml).to.not.match(/[\ud800-\udfff]/);
    const body: string = caseOf("X.92").failure["#text"];
    expect(body).to.contain("log line red with a NUL and a bell and  a lone surrogate; label <img src=x onerror=alert(1)>");
    for (const c of cases) {
      for (const el of [c.failure, c.error, c.skipped].filter(Boolean)) {
        expect(el.message.length).to.be.at.most(MESSAGE_LIMIT);
        expect(el.message).to.not.contain("\n");
      }
    }
  });

  it("escapes markup: a container named <script> stays text after parsing", () => {
    expect(xml).to.contain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(xml).to.not.contain(XSS_NAME);
  });

  it("caps long bodies with a visible marker", () => {
    const long = structuredClone(report);
    const r = long.results.find((x) => x.id === "2.2")!;
    r.findings[0]!.message = "x".repeat(BODY_LIMIT + 5000);
    const parsed: any = parser.parse(renderJunit(long));
    const c = parsed.testsuites.testsuite.flatMap((s: any) => s.testcase).find((x: any) => x.name.startsWith("2.2 "));
    const body: string = c.failure["#text"];
    expect(body.length).to.be.below(BODY_LIMIT + 200);
    expect(body).to.match(/… \[truncated by dockaudit: \d+ more characters; see the JSON or HTML report\]$/);
  });

  it("stays valid when every string is hostile", () => {
    const evil = "\x00\x1b[1m]]><![CDATA[&\"'<x/>\ufffe\u2028";
    const hostile = structuredClone(report);
    hostile.host.hostname = evil;
    hostile.daemon.version = evil;
    for (const r of hostile.results) {
      r.title = evil;
      r.remediation = evil;
      for (const f of r.findings) { f.subject.name = evil; f.message = evil; f.evidence = { [evil]: evil }; }
    }
    for (const s of hostile.summary.sections) s.title = evil;
    const out = renderJunit(hostile);
    expect(XMLValidator.validate(out)).to.equal(true);
    expect(xsdErrors(out)).to.equal("");
  });
});
