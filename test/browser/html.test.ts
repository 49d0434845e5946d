// The HTML report in a real browser (Debian's chromium via playwright-core), on a report the real CLI wrote about
// a real throwaway daemon with a container whose label is markup. Saves docs/report.png for the README.
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { AuditReport } from "../../src/engine/types.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, daemonRequired, importBusyboxImage, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { readReport } from "../support/results.js";
import { syntheticSnapshot } from "../../bench/synthetic.js";
import { catalog } from "../../checks/index.js";
import { evaluateSnapshot, type VerdictSettings } from "../../src/engine/audit.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const evaluate = (snap: Snapshot, o: VerdictSettings) => evaluateSnapshot(snap, o, catalog);
import { renderHtml } from "../../src/report/html.js";

const CHROMIUM = "/usr/bin/chromium";
const XSS_LABEL = "<img src=x onerror=alert(1)>";

interface Watch { console: string[]; requests: string[]; dialogs: string[] }

describe("real daemon: html in a browser", function () {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  let browser: Browser | undefined;
  let file = "";
  let report: AuditReport;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (daemonRequired()) throw new Error(`${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);
      console.warn(`      skipped: ${CHROMIUM} is not installed`);
      this.skip();
    }
    d = await startDaemonOrSkip(this, { name: "html" });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "web", "--label", `com.example.note=${XSS_LABEL}`, "--label", "com.example.team=payments", "--read-only", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "monitor", "--pid", "host", "--label", "com.example.team=observability", BUSYBOX_IMAGE]);
    const out = mkdtempSync(join(tmpdir(), "dockaudit-html-"));
    const r = await runCli(["audit", "--output-dir", out, "-f", "json"], { env: d.env });
    expect(r.code, r.stderr).to.equal(1);
    file = join(out, "report.html");
    report = readReport(readFileSync(join(out, "report.json"), "utf8"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  after(async () => {
    await browser?.close();
    await d?.stop();
  });

  async function open(opts: { javaScriptEnabled?: boolean; colorScheme?: "light" | "dark" } = {}): Promise<{ page: Page; watch: Watch }> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: opts.javaScriptEnabled ?? true, colorScheme: opts.colorScheme ?? "light" });
    const page = await context.newPage();
    const watch: Watch = { console: [], requests: [], dialogs: [] };
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") watch.console.push(`${m.type()}: ${m.text()}`); });
    page.on("pageerror", (e) => watch.console.push(`pageerror: ${e.message}`));
    page.on("request", (req) => watch.requests.push(req.url()));
    page.on("dialog", async (dlg) => { watch.dialogs.push(dlg.message()); await dlg.dismiss(); });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    return { page, watch };
  }

  const visibleChecks = (page: Page): Promise<{ id: string; status?: string; section?: string }[]> =>
    page.$$eval("details.check", (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => ({ id: e.id, status: (e as HTMLElement).dataset.status, section: (e as HTMLElement).dataset.section })));

  it("loads with no console error, no request but the file itself, and no dialog", async () => {
    const { page, watch } = await open();
    await page.waitForTimeout(300);
    expect(watch.console).to.deep.equal([]);
    expect(watch.requests).to.deep.equal([`file://${file}`]);
    expect(watch.dialogs).to.deep.equal([]);
    expect(await page.locator("#controls").isVisible(), "the script ran and showed the filters").to.equal(true);
    await page.context().close();
  });

  it("shows the markup label as text and creates no element from it", async () => {
    const { page, watch } = await open();
    await page.click("button[data-view=containers]");
    const web = page.locator("article.container", { has: page.locator("h3", { hasText: /^\s*\S.*\bweb\b/ }) });
    await expect(await web.count()).to.equal(1);
    const labelCells = await web.locator("table.labels td").allInnerTexts();
    expect(labelCells).to.include(XSS_LABEL);
    expect(await page.locator("img").count()).to.equal(0);
    expect(await page.locator("body script").count(), "only the page's own script").to.equal(1);
    expect(watch.dialogs).to.deep.equal([]);
    await page.context().close();
  });

  it("filters by status, hide-passed, section, level, severity and search change what is shown", async () => {
    const { page, watch } = await open();
    const all = await visibleChecks(page);
    expect(all.length).to.equal(report.results.length);

    for (const box of await page.locator("input[name=status]").all()) if ((await box.getAttribute("value")) !== "fail") await box.uncheck();
    const failing = await visibleChecks(page);
    expect(failing.map((c) => c.status)).to.satisfy((s: string[]) => s.length > 0 && s.every((x) => x === "fail"));
    expect(failing.length).to.equal(report.results.filter((r) => r.status === "fail").length);
    for (const box of await page.locator("input[name=status]").all()) await box.check();

    await page.check("#hide-passed");
    const noPass = await visibleChecks(page);
    expect(noPass.some((c) => c.status === "pass")).to.equal(false);
    expect(noPass.length).to.equal(report.results.filter((r) => r.status !== "pass").length);
    await page.uncheck("#hide-passed");

    await page.selectOption("#f-section", "5");
    expect((await visibleChecks(page)).every((c) => c.section === "5")).to.equal(true);
    await page.selectOption("#f-section", "");

    await page.selectOption("#f-level", "2");
    const l2 = await visibleChecks(page);
    expect(l2.length).to.equal(report.results.filter((r) => r.level === 2).length);
    await page.selectOption("#f-level", "");

    await page.selectOption("#f-severity", "critical");
    expect((await visibleChecks(page)).map((c) => c.id).sort()).to.deep.equal(report.results.filter((r) => r.severity === "critical").map((r) => `check-${r.id}`).sort());
    await page.selectOption("#f-severity", "");

    await page.fill("#f-search", "5.16");
    expect((await visibleChecks(page)).map((c) => c.id)).to.include("check-5.16");
    await page.fill("#f-search", "zz-no-such-thing");
    expect(await visibleChecks(page)).to.deep.equal([]);
    expect(await page.locator("#view-checks .empty").isVisible()).to.equal(true);
    await page.fill("#f-search", "");

    await page.click("button[data-view=containers]");
    expect(await page.locator("#view-checks").isVisible()).to.equal(false);
    await page.fill("#f-search", "observability");
    const cards = await page.$$eval("article.container", (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => e.querySelector("h3")!.textContent!));
    expect(cards).to.have.length(1);
    expect(cards[0]).to.contain("monitor");
    expect(await page.locator("#shown").innerText()).to.equal("Showing 1 of 2 containers");
    expect(watch.console).to.deep.equal([]);
    await page.context().close();
  });

  it("is readable without JavaScript: every check shown, failed ones expanded, no filter controls", async () => {
    const { page } = await open({ javaScriptEnabled: false });
    expect(await page.locator("#controls").isVisible()).to.equal(false);
    expect((await visibleChecks(page)).length).to.equal(report.results.length);
    const fails = report.results.filter((r) => r.status === "fail");
    const openIds = await page.$$eval("details.check[open]", (els) => els.map((e) => e.id));
    for (const r of fails) expect(openIds).to.include(`check-${r.id}`);
    expect(await page.locator("#view-containers").isVisible()).to.equal(true);
    await page.context().close();
  });

  it("prints everything without the controls, and follows the dark scheme", async () => {
    const { page } = await open({ colorScheme: "dark" });
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBg).to.not.equal("rgb(255, 255, 255)");
    await page.selectOption("#f-section", "5");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#controls").isVisible()).to.equal(false);
    expect(await page.locator("#view-containers").isVisible(), "both views print").to.equal(true);
    const hiddenChecks = await page.$$eval("details.check", (els) => els.filter((e) => getComputedStyle(e).display === "none").length);
    expect(hiddenChecks, "filters do not hide checks on paper").to.equal(0);
    await page.context().close();
  });

  // The README's picture is refreshed with UPDATE_GOLDEN=1 (or when missing), so ordinary runs leave the tree clean.
  it("takes a screenshot (docs/report.png for the README)", async () => {
    const { page } = await open();
    await page.setViewportSize({ width: 1280, height: 2100 });
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString()).to.equal("PNG");
    expect(png.length).to.be.greaterThan(50_000);
    const target = join(PROJECT_ROOT, "docs", "report.png");
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(target)) {
      mkdirSync(join(PROJECT_ROOT, "docs"), { recursive: true });
      writeFileSync(target, png);
    }
    await page.context().close();
  });
});

// A synthetic big host (no daemon needed): the per-container view is paged, the matrix follows the page, and a
// link from a grouped finding to a container on another page opens that page.
describe("html in a browser: a big host", function () {
  this.timeout(300_000);
  let browser: Browser | undefined;
  let file = "";

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (daemonRequired()) throw new Error(`${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);
      console.warn(`      skipped: ${CHROMIUM} is not installed`);
      this.skip();
    }
    const opts = { benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false } as unknown as VerdictSettings;
    file = join(mkdtempSync(join(tmpdir(), "dockaudit-html-big-")), "report.html");
    writeFileSync(file, renderHtml(evaluate(syntheticSnapshot(300, "a long description"), opts)));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });

  after(async () => {
    await browser?.close();
  });

  it("pages the container cards and the matrix, 50 at a time", async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${file}`, { waitUntil: "load", timeout: 120_000 });
    expect(await page.$$eval("table.findings", (ts) => Math.max(...ts.map((t) => t.querySelectorAll("tbody tr").length))), "grouped: no long findings table").to.be.at.most(50);
    await page.click("button[data-view=containers]");
    const visible = (sel: string) => page.$$eval(sel, (els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => e.id || e.textContent!.trim().slice(0, 20)));
    expect(await visible("article.container")).to.have.length(50);
    expect(await visible("table.matrix tbody tr")).to.have.length(50);
    expect(await page.locator("nav.pager .page-of").innerText()).to.equal("Page 1 of 6");
    const first = await visible("article.container");
    await page.click("nav.pager button[data-page='1']");
    expect(await page.locator("#shown").innerText()).to.equal("Showing 51–100 of 300 matching containers (300 in all)");
    expect(await visible("article.container")).to.have.length(50).and.not.include(first[0]);

    // A grouped finding links to a card on a later page: following it opens that page.
    await page.click("button[data-view=checks]");
    const last = (await page.$$eval("article.container", (els) => els.map((e) => e.id))).at(-1)!;
    await page.evaluate((id) => { location.hash = id; }, last);
    await page.waitForFunction((id) => !(document.getElementById(id) as HTMLElement).hidden, last);
    expect(await page.locator("nav.pager .page-of").innerText()).to.equal("Page 6 of 6");
    expect(errors).to.deep.equal([]);
    await page.context().close();
  });

});
