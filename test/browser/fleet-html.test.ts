// fleet.html at 10,000 hosts in a real browser (Debian's chromium via playwright-core): the page stays under 10 MB,
// renders, and its controls work (filters by status, check and label, the link from the most-failed checks, paging);
// a host that could not be audited says so without its reason widening the table; hostile names stay text. The
// fleet is made from synthetic summaries (no reports to parse), so the test is quick. The load time is printed,
// not asserted (bench/fleet-scale.ts measures it): pass or fail never depends on the clock.
import { expect } from "chai";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildFleet, type HostOutcome } from "../../src/fleet/build.js";
import { renderFleetHtml } from "../../src/fleet/render.js";
import { CheckCatalog, type HostSummary } from "../../src/fleet/summary.js";
import { SEVERITIES, type Status } from "../../src/engine/types.js";
import { daemonRequired } from "../support/dockerd.js";

const CHROMIUM = "/usr/bin/chromium";
const HOSTS = 10_000;
const CHECKS = 80;
const FAILING = 50;
const XSS = "<img src=x onerror=alert(1)>";
const LONG_REASON = "cannot reach the Docker daemon: " + "very long reason ".repeat(300);

/** A fleet of HOSTS hosts over CHECKS checks, FAILING of which fail somewhere; every 500th host not audited. */
function syntheticFleet() {
  const catalog = new CheckCatalog();
  for (let c = 0; c < CHECKS; c++) catalog.add({ key: `check-${c}`, id: `${1 + (c % 7)}.${c}`, title: `Synthetic check number ${c} with a title of ordinary length`, severity: SEVERITIES[c % 4]!, section: "synthetic" });
  const outcomes: HostOutcome[] = [];
  for (let i = 0; i < HOSTS; i++) {
    const name = i === 1 ? `web-${XSS}` : `host-${String(i).padStart(5, "0")}`;
    const labels = { env: i % 3 ? "prod" : "stage", rack: `r${i % 20}` };
    if (i % 500 === 0) {
      outcomes.push({ name, labels, source: "report", target: `${name}.json`, error: i === 0 ? LONG_REASON : "not a valid report: \"summary\" is missing" });
      continue;
    }
    const checks: Record<string, Status> = {};
    const failing: Record<string, string[]> = {};
    let fail = 0;
    for (let c = 0; c < CHECKS; c++) {
      const fails = c < FAILING && (i + c) % (2 + (c % 5)) === 0;
      checks[`check-${c}`] = fails ? "fail" : c % 11 === 0 ? "skip" : "pass";
      if (fails) { fail++; failing[`check-${c}`] = [`f${c}`]; }
    }
    const score = Math.round((1 - fail / CHECKS) * 1000) / 10;
    const summary: HostSummary = {
      toolVersion: "0.1.0", benchmark: "1.8.0", hostname: name, dockerVersion: "28.5.2",
      startedAt: "2026-01-15T10:00:00.000Z", finishedAt: "2026-01-15T10:00:05.000Z", score,
      counts: { pass: CHECKS - fail, fail, manual: 0, info: 0, skip: 0, error: 0, waived: 0 },
      failedBySeverity: { low: 0, medium: fail, high: 0, critical: 0 }, gateFailed: fail > 0, checks, failing,
      // Every host a series of runs: the largest page this data can make.
      trend: [{ at: "2026-01-14T10:00:05.000Z", score: score - 3 }, { at: "2026-01-15T10:00:05.000Z", score }],
      firstFailed: Object.fromEntries(Object.keys(failing).map((k, n) => [k, n % 2 ? "2026-01-15T10:00:05.000Z" : "2026-01-14T10:00:05.000Z"])),
    };
    outcomes.push({ name, labels, source: "report", target: `${name}.json`, summary, runs: 2, reports: { json: `${name}/report.json`, html: `${name}/report.html` } });
  }
  return buildFleet(outcomes, { generatedAt: new Date("2026-01-16T00:00:00Z"), catalog });
}

describe("fleet.html with 10,000 hosts in a browser", function () {
  this.timeout(180_000);
  let browser: Browser | undefined;
  let dir = "";
  let file = "";
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (daemonRequired()) throw new Error(`${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-html-"));
    file = join(dir, "fleet.html");
    writeFileSync(file, renderFleetHtml(syntheticFleet()));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`request: ${r.url()}`); });
    const t0 = Date.now();
    await page.goto(`file://${file}`, { waitUntil: "load" });
    await page.waitForSelector("#matrix-body tr");
    console.log(`      (fleet.html: ${(statSync(file).size / 1e6).toFixed(1)} MB, loaded and drawn in ${((Date.now() - t0) / 1000).toFixed(2)} s; not asserted)`);
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => page.locator("#matrix-body tr").count();
  const shown = () => page.locator("#shown").textContent();

  it("stays under 10 MB", () => {
    expect(statSync(file).size).to.be.below(10 * 1024 * 1024);
  });

  it("draws the first page of the matrix with a column per failing check and no error, request or dialog", async () => {
    expect(await rows()).to.equal(200);
    expect(await page.locator("#matrix-head th.col").count()).to.equal(FAILING);
    expect(await shown()).to.equal(`${HOSTS} of ${HOSTS} hosts match, 200 shown`);
    await page.click("#more");
    expect(await rows()).to.equal(400);
    expect(problems).to.deep.equal([]);
  });

  it("keeps the host column and the header in view (sticky) and the headers readable", async () => {
    const pos = await page.evaluate(() => [
      getComputedStyle(document.querySelector("#matrix-body td.host")!).position,
      getComputedStyle(document.querySelector("#matrix-head th")!).position,
      document.querySelector("#matrix-head th.col")!.getAttribute("title"),
    ]);
    expect(pos.slice(0, 2)).to.deep.equal(["sticky", "sticky"]);
    expect(pos[2]).to.match(/Synthetic check number \d+/);
  });

  it("a host not audited says so across its row; its reason does not widen the table", async () => {
    await page.selectOption("#f-status", "not-audited");
    expect(await rows()).to.equal(HOSTS / 500);
    const first = page.locator("#matrix-body tr").first();
    expect(await first.locator("td.na").textContent()).to.equal("not audited");
    expect(await first.locator("td").count()).to.equal(2);
    const width = await first.locator("td.host").evaluate((td) => td.getBoundingClientRect().width);
    expect(width, "the host column stays narrow however long the reason").to.be.below(320);
    expect(await first.locator(".why").getAttribute("title")).to.equal(LONG_REASON);
  });

  it("filters by check from the most-failed checks table, showing counts, share and a few examples, not every host", async () => {
    await page.selectOption("#f-status", "");
    const top = page.locator("#checks tbody tr").first();
    const cells = await top.locator("td").allTextContents();
    const failed = Number(cells[3]);
    expect(cells[4]).to.match(/^\d+(\.\d)? %$/);
    expect(cells[8]).to.match(/ and \d+ more · all \d+ hosts$/);
    expect(cells[8]!.split(",").length, "three examples").to.equal(3);
    await top.locator("a.all").click();
    await page.waitForFunction((n) => document.getElementById("shown")!.textContent!.startsWith(`${n} of`), failed);
    const key = await top.getAttribute("data-key");
    expect(await page.inputValue("#f-check")).to.equal(key);
  });

  it("filters by label and by host name, and shows newly failing cells and trends", async () => {
    await page.selectOption("#f-check", "");
    await page.selectOption("select.f-label[data-index='1']", "r7");
    expect(await shown()).to.match(/^500 of 10000 hosts match/);
    await page.selectOption("select.f-label[data-index='1']", "");
    await page.fill("#f-host", "web-");
    expect(await rows()).to.equal(1);
    const name = page.locator("#matrix-body td.host .name").first();
    expect(await name.textContent()).to.equal(`web-${XSS}`);
    expect(await name.getAttribute("href")).to.equal("./web-%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/report.html");
    await page.fill("#f-host", "");
    await page.selectOption("#f-status", "new");
    expect(await page.locator("#matrix-body td.cell.new").count()).to.be.above(0);
    expect(await page.locator("#matrix-body td.trend svg polyline").count()).to.be.above(0);
    expect(problems).to.deep.equal([]);
  });
});
