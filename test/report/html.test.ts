import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { htmlView, renderHtml } from "../../src/report/html.js";
import { reporters } from "../../src/report/index.js";
import { TEMPLATE_DIR } from "../../src/report/templates.js";
import { container, snapshot } from "../support/fixtures.js";
import { runChecks } from "../../src/engine/run.js";
import { fixedChecks, fixedReport, XSS_LABEL, XSS_NAME } from "./fixed-report.js";
import { expectGolden } from "./golden.js";

const report = fixedReport();
const html = renderHtml(report);

/** Handlebars' escapes, undone: what a browser shows for an attribute value or text. */
function unescapeHtml(s: string): string {
  return s.replace(/&(lt|gt|quot|#x27|#x60|#x3D|amp);/g, (_m, e: string) => ({ lt: "<", gt: ">", quot: '"', "#x27": "'", "#x60": "`", "#x3D": "=", amp: "&" })[e]!);
}

function checkBlock(id: string): string {
  const start = html.indexOf(`<details class="check`, html.indexOf(`id="check-${id}"`) - 200);
  return html.slice(start, html.indexOf("</details>", start));
}

describe("report: HTML", () => {
  it("matches the golden file", () => {
    expectGolden("report.html", html);
  });

  it("is registered as --format html", () => {
    expect(reporters.html).to.equal(renderHtml);
  });

  it("is self-contained: a strict CSP and nothing loaded from anywhere", () => {
    expect(html).to.contain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
    expect(html).to.not.match(/<script[^>]+src=/i);
    expect(html).to.not.match(/<link[^>]+rel="?stylesheet/i);
    expect(html).to.not.match(/<img\b/i);
    expect(html).to.not.match(/<iframe|<object|<embed/i);
    expect(html).to.not.match(/@import|url\(/i);
    expect(html).to.not.match(/\b(src|srcset|poster|data)="(https?:)?\/\//i);
    expect(html.match(/<link[^>]*>/g)).to.deep.equal([`<link rel="icon" href="data:,">`]);
  });

  it("templates never use triple-stash {{{ }}}: every value goes through Handlebars' escaping", () => {
    for (const f of readdirSync(TEMPLATE_DIR).filter((x) => x.endsWith(".hbs"))) {
      expect(readFileSync(join(TEMPLATE_DIR, f), "utf8"), f).to.not.contain("{{{").and.not.contain("{{&");
    }
  });

  it("shows hostile container names, labels and messages as text", () => {
    expect(html).to.not.contain(XSS_NAME);
    expect(html).to.not.contain(XSS_LABEL);
    expect(html).to.not.match(/<script>alert/i);
    expect(html.match(/<script\b/g), "only the page's own script").to.have.length(1);
    expect(html).to.contain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).to.contain("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;");
  });

  it("strips ANSI escapes and control characters from host text", () => {
    expect(html).to.not.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    expect(html, "lone surrogates cannot be written as UTF-8").to.not.match(/[\ud800-\udfff]/);
    expect(html).to.contain("log line red with a NUL and a bell");
  });

  it("embeds no copy of the result (the JSON report is the machine-readable one)", () => {
    expect(html).to.not.contain("data-report");
    expect(html).to.not.contain("&quot;schemaVersion&quot;");
  });

  it("has the header facts, the score with its formula, and counts per status and severity", () => {
    const s = report.summary;
    expect(html).to.contain("testhost").and.contain("CIS Docker Benchmark 1.8.0").and.contain("28.2.2").and.contain("2026-01-15 10:00:00 UTC");
    const text = unescapeHtml(html);
    expect(text).to.contain(`<strong>Score</strong> (CIS checks) = passing scored checks ÷ scored checks that passed, failed or errored = ${s.passed} ÷ ${s.scoredTotal} = ${s.score!.toFixed(1)} %.`);
    for (const sec of s.sections) expect(text).to.contain(`${sec.passed} ÷ ${sec.scoredTotal} = ${sec.score === null ? "n/a" : sec.score.toFixed(1) + " %"}`);
    for (const st of ["fail", "error", "waived", "manual", "info", "pass", "skip"] as const) {
      expect(html).to.match(new RegExp(`<span class="badge s-${st}">[A-Za-z]+</span></td><td class="num">${s.counts[st]}</td><td class="num">${s.findings[st]}</td>`));
    }
    expect(html).to.contain(`${s.failedBySeverity.critical} critical, ${s.failedBySeverity.high} high, ${s.failedBySeverity.medium} medium, ${s.failedBySeverity.low} low`);
    expect(html).to.match(/<svg class="chart" role="img" aria-label="Checks by status, per section"/);
  });

  it("lists every check with id, title, level, status, findings, rationale and remediation; failed and errored first", () => {
    const order = [...html.matchAll(/<details class="check s-(\w+)" id="check-([^"]+)"/g)].map((m) => ({ status: m[1]!, id: m[2]! }));
    expect(order.map((o) => o.id).sort()).to.deep.equal(report.results.map((r) => r.id).sort());
    const rank = ["fail", "error", "waived", "manual", "info", "pass", "skip"];
    const ranks = order.map((o) => rank.indexOf(o.status));
    expect(ranks, "sorted by status, worst first").to.deep.equal([...ranks].sort((a, b) => a - b));
    for (const r of report.results) {
      const block = checkBlock(r.id);
      expect(block, r.id).to.contain(`data-level="${r.level}"`).and.contain(`data-severity="${r.severity}"`).and.contain(`data-section="${r.section}"`);
      expect(unescapeHtml(block), r.id).to.contain(r.title).and.contain(r.rationale).and.contain(r.remediation);
      expect(block.match(/<tr class="finding"/g), r.id).to.have.length(r.findings.length);
    }
  });

  it("opens failed and errored checks without JavaScript; the rest start closed", () => {
    for (const r of report.results) {
      const open = /^<details[^>]* open>/.test(checkBlock(r.id));
      expect(open, r.id).to.equal(r.status === "fail" || r.status === "error");
    }
  });

  it("shows each finding's evidence as key and value, and the waiver that covers it", () => {
    const block = unescapeHtml(checkBlock("X.91"));
    expect(block).to.contain("<dt>ReadonlyRootfs</dt><dd><code>false</code></dd>");
    expect(block).to.contain(`<dt>Mounts & <binds></dt><dd><code>["/data:/data","\\"quoted\\""]</code></dd>`);
    expect(block).to.contain("Waived: read-write data directory <by design> (approved by sec-team, expires 2099-12-31)");
  });

  it("has a per-container view with name, image, labels and everything wrong with it, image findings included", () => {
    const view = htmlView(report);
    const db = view.containers.find((c) => c.name === "db")!;
    expect(db.image).to.equal("postgres:16");
    expect(db.labels).to.deep.equal([{ key: "com.example.team", value: "data" }]);
    expect(db.problems.map((p) => `${p.checkId}:${p.status}`)).to.deep.equal(["X.92:fail", "X.91:waived"]);
    const web = view.containers.find((c) => c.name === "web")!;
    expect(web.labels.map((l) => l.value)).to.include(XSS_LABEL);
    expect(web.problems).to.deep.equal([]);
    expect(view.containers[0]!.worst, "the worst container first").to.equal("fail");
    expect(view.matrix.columns.map((c) => c.id)).to.deep.equal(["5.16", "X.91", "X.92"]);
    expect(view.matrix.rows.map((r) => r.name)).to.have.members(["web", "monitor", "db", XSS_NAME]);
    const containers = html.slice(html.indexOf(`<section id="view-containers"`));
    expect(containers).to.contain("<code>postgres:16</code>").and.contain("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;");
  });

  it("lists image findings under the containers that run the image", () => {
    const imageCheck = { ...fixedChecks[0]!, key: "test-image", ownId: "X.98", section: "dockaudit", needs: ["engine.images" as const],
      evaluate: () => [{ subject: { kind: "image" as const, name: "nginx:1.27", id: "sha256:" + "a".repeat(64) }, status: "fail" as const, message: "runs as root" }] };
    const r = runChecks(snapshot({ containers: [container("web", { Config: { Image: "nginx:1.27" } })] }), [imageCheck], { benchmark: "1.8.0", containers: {} });
    const web = htmlView(r).containers[0]!;
    expect(web.problems.map((p) => `${p.checkId} ${p.via}`)).to.deep.equal(["X.98 image nginx:1.27"]);
  });

  it("has filters for status, section, level, severity, search and hide-passed, and print and dark styles", () => {
    expect(html).to.contain(`<form id="controls" class="controls" hidden`);
    for (const id of ["f-section", "f-level", "f-severity", "f-search", "hide-passed"]) expect(html).to.contain(`id="${id}"`);
    expect(html.match(/name="status" value="\w+"/g)!.length).to.be.at.least(6);
    expect(html).to.contain("@media print").and.contain("@media (prefers-color-scheme: dark)").and.contain("details::details-content");
    expect(html).to.contain(`addEventListener("beforeprint"`);
  });

  it("offers a status chip for every status a check or a finding has", () => {
    const mixed = structuredClone(report);
    mixed.results = mixed.results.filter((r) => r.status !== "error" && r.status !== "waived");
    mixed.results[0]!.findings.push({ subject: { kind: "host", name: "h" }, status: "error", message: "unreadable" });
    mixed.summary.counts.error = 0;
    mixed.summary.counts.waived = 0;
    mixed.summary.findings.error = 1;
    mixed.summary.findings.waived = 0;
    const chips = htmlView(mixed).filters.statuses.map((c) => c.status);
    expect(chips).to.include("error").and.not.include("waived");
  });

  it("renders a report without containers or the container list (older reports)", () => {
    const bare = { ...report, containers: undefined, results: report.results.filter((r) => r.section !== "5") };
    const view = htmlView(bare);
    expect(view.containers.map((c) => c.name)).to.have.members(["web", "monitor", "db", XSS_NAME]);
    const none = runChecks(snapshot(), fixedChecks, { benchmark: "1.8.0", containers: {} });
    expect(renderHtml(none)).to.contain("No container was selected for this audit.");
  });
});
