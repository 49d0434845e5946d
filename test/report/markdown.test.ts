import { expect } from "chai";
import { Parser, type Node } from "commonmark";
import { GITHUB_COMMENT_LIMIT, mdText, renderMarkdown } from "../../src/report/markdown.js";
import { container, image, snapshot } from "../support/fixtures.js";
import { reportOf } from "../engine/ops-fixture.js";
import { fixedReport, XSS_NAME } from "./fixed-report.js";

/** Every node of the CommonMark tree, by type. */
function nodes(md: string): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  const walker = new Parser().parse(md).walker();
  for (let e = walker.next(); e; e = walker.next()) {
    if (!e.entering) continue;
    out.set(e.node.type, [...(out.get(e.node.type) ?? []), e.node]);
  }
  return out;
}

const text = (n: Node) => {
  let s = "";
  const w = n.walker();
  for (let e = w.next(); e; e = w.next()) if (e.entering && (e.node.type === "text" || e.node.type === "code")) s += e.node.literal;
  return s;
};

const HOSTILE = ["<script>alert(1)</script>", "[click](https://evil.example)", "**bold** _it_ `code`", "@everyone #1 | pipe", "x\n# heading\n- item", "![img](x.png)"];

function bigHost(n: number) {
  const containers = Array.from({ length: n }, (_, i) =>
    container(`svc-${String(i).padStart(3, "0")}-${"n".repeat(40)}`, { HostConfig: { Privileged: true, PidMode: "host", NetworkMode: "host", IpcMode: "host" }, Config: { Image: "busybox:1", User: "", Labels: { note: HOSTILE[i % HOSTILE.length]! } } }));
  return snapshot({ containers, images: [image("busybox:1")] });
}

describe("report: Markdown summary", () => {
  it("has the score, a count table, failed checks by severity with their subjects, and undecided checks", () => {
    const report = fixedReport();
    const md = renderMarkdown(report);
    expect(md).to.contain(`**Score: ${report.summary.score}%**`);
    expect(md).to.match(/\| Failed \| \d+ \| \d+ \|/);
    const headings = nodes(md).get("heading")!.map(text);
    expect(headings[0]).to.equal("dockaudit: CIS Docker Benchmark 1.8.0 on testhost");
    expect(headings).to.include.members(["Failed checks", "Undecided checks (1)"]);
    const items = (nodes(md).get("item") ?? []).map(text);
    expect(items.some((t) => t.startsWith("X.92 Test: messages quoting host output"))).to.equal(true);
    expect(items.some((t) => t.startsWith("X.96 Test: data could not be read: could not decide: host.auditRules was not collected"))).to.equal(true);
  });

  it("keeps hostile names and messages literal: no HTML, link, image or emphasis comes out of host text", () => {
    for (const h of HOSTILE) {
      const tree = nodes(`- ${mdText(h)}\n`);
      for (const t of ["html_inline", "html_block", "link", "image", "emph", "strong", "code", "heading"]) expect(tree.has(t), `${t} from ${JSON.stringify(h)}`).to.equal(false);
      expect(text(tree.get("item")![0]!)).to.equal(h.replace(/\s*\n\s*/g, " "));
    }
    const md = renderMarkdown(fixedReport());
    const tree = nodes(md);
    for (const t of ["html_inline", "html_block", "link", "image"]) expect(tree.has(t), t).to.equal(false);
    expect(md).to.not.contain(XSS_NAME);
    expect((tree.get("item") ?? []).map(text).join("\n")).to.contain(XSS_NAME);
  });

  it("caps subjects per check with “… and N more”, and a 500-container host stays under GitHub's 65,536-character limit", function () {
    this.timeout(120_000);
    const report = reportOf(bigHost(500), "1.8.0");
    const md = renderMarkdown(report);
    expect(md.length).to.be.lessThan(GITHUB_COMMENT_LIMIT);
    expect(md).to.match(/- … and \d+ more/);
    const items = (nodes(md).get("item") ?? []).map(text);
    expect(items.some((t) => t.startsWith("5.5 The container is not privileged (500 subjects)"))).to.equal(true);
    for (const t of ["html_inline", "html_block", "link", "image"]) expect(nodes(md).has(t), t).to.equal(false);
  });

  it("shrinks its lists until it fits, however many checks fail with however long names and messages", () => {
    const base = fixedReport();
    const template = base.results.find((r) => r.id === "X.91")!;
    const long = "x".repeat(1000);
    const results = Array.from({ length: 400 }, (_, i) => ({
      ...template, id: `X.${i}`, key: `k${i}`, title: long, status: "fail" as const, severity: (["low", "medium", "high", "critical"] as const)[i % 4]!,
      findings: Array.from({ length: 30 }, (_, j) => ({ subject: { kind: "container" as const, name: `${long}${j}` }, status: "fail" as const, message: long })),
    }));
    const md = renderMarkdown({ ...base, results, summary: { ...base.summary, counts: { ...base.summary.counts, fail: 400 } } }, { baseline: base });
    expect(md.length).to.be.lessThan(GITHUB_COMMENT_LIMIT);
    expect(md).to.match(/- … and \d+ more critical checks/);
    expect(md).to.match(/ {2}- … and 2\d more/);
    for (const t of ["html_inline", "html_block", "link", "image"]) expect(nodes(md).has(t), t).to.equal(false);
  });

  it("says what changed against the baseline", () => {
    const before = reportOf(snapshot({ containers: [container("web"), container("old", { HostConfig: { Privileged: true } })] }), "1.8.0", ["5.5"]);
    const after = reportOf(snapshot({ containers: [container("web", { HostConfig: { Privileged: true } })] }), "1.8.0", ["5.5"]);
    const md = renderMarkdown(after, { baseline: before });
    expect(nodes(md).get("heading")!.map(text)).to.include("Changes since the baseline");
    expect(md).to.contain("1 new failure,");
    const items = (nodes(md).get("item") ?? []).map(text);
    expect(items).to.include("5.5 The container is not privileged, container web: pass → fail");
    expect(items).to.include("5.5 The container is not privileged, container old: fail → none");
    expect(renderMarkdown(after)).to.not.contain("baseline");
  });
});
