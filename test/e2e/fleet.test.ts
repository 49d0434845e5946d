// `dockaudit fleet --inventory` against real throwaway daemons (two reachable, one socket nobody serves), then the
// fleet.html it wrote in a real browser (Debian's chromium via playwright-core).
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { EXIT } from "../../src/cli/exit-codes.js";
import type { AuditReport } from "../../src/engine/types.js";
import type { FleetReport } from "../../src/fleet/types.js";
import { runCli } from "../support/cli.js";
import { expectValidOscal } from "../support/oscal.js";
import { BUSYBOX_IMAGE, daemonRequired, importBusyboxImage, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";

const CHROMIUM = "/usr/bin/chromium";
const XSS = "<img src=x onerror=alert(1)>";

describe("real daemon: fleet over an inventory", function () {
  this.timeout(300_000);
  const daemons: ThrowawayDaemon[] = [];
  let out = "";
  let fleet: FleetReport;
  let run: { code: number; stdout: string; stderr: string };

  before(async function () {
    const a = await startDaemonOrSkip(this, { name: "fleet-a" });
    daemons.push(a);
    const b = await startDaemonOrSkip(this, { name: "fleet-b" });
    daemons.push(b);
    await Promise.all([importBusyboxImage(a), importBusyboxImage(b)]);
    await a.docker(["run", "-d", "--name", "web", "--pid", "host", BUSYBOX_IMAGE]);
    await b.docker(["run", "-d", "--name", "db", "--read-only", BUSYBOX_IMAGE]);
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-e2e-"));
    out = join(dir, "out");
    writeFileSync(join(dir, "inventory.yaml"), [
      "defaults:", "  labels: { env: test }",
      "hosts:",
      `  - name: alpha`, `    docker_host: ${a.host}`, `    labels: { role: web, note: "${XSS}" }`,
      `  - name: beta`, `    docker_host: ${b.host}`, `    labels: { role: db }`,
      `  - name: gone`, `    docker_host: unix://${join(dir, "nobody.sock")}`,
    ].join("\n"));
    run = await runCli(["fleet", "--inventory", join(dir, "inventory.yaml"), "--output-dir", out, "--concurrency", "3", "--host-timeout", "120"]);
    fleet = JSON.parse(readFileSync(join(out, "fleet.json"), "utf8")) as FleetReport;
  });

  after(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
  });

  it("exits 4 because one host could not be audited, and says which on one line", () => {
    expect(run.code, run.stderr).to.equal(EXIT.notAudited);
    expect(run.stderr).to.match(/1 of 3 hosts could not be audited \(gone\)/);
  });

  it("the reachable hosts are audited with their own reports, whose figures the fleet view repeats", () => {
    for (const name of ["alpha", "beta"]) {
      const h = fleet.hosts.find((x) => x.name === name)!;
      expect(h.audited, name).to.equal(true);
      const report = JSON.parse(readFileSync(join(out, name, "report.json"), "utf8")) as AuditReport;
      expect(existsSync(join(out, name, "report.html"))).to.equal(true);
      expect(h.score).to.equal(report.summary.score);
      expect(h.counts).to.deep.equal(report.summary.counts);
      expect(Object.keys(h.checks!).length).to.equal(report.results.length);
    }
    // 5.16 host PID namespace: alpha's web container shares it, beta's does not.
    const pid = fleet.checks.find((c) => c.key === "container-host-pid-namespace")!;
    expect(pid.failed).to.deep.equal(["alpha"]);
  });

  it("fleet.oscal.json validates against NIST's schema: a result per audited host, with each host report's findings, no UUID twice", () => {
    const doc = expectValidOscal(readFileSync(join(out, "fleet.oscal.json"), "utf8"));
    const results = doc["assessment-results"].results as { uuid: string; findings: { uuid: string; props: { name: string; value: string }[] }[]; observations: { uuid: string }[] }[];
    expect(results).to.have.length(2);
    expect(doc["assessment-results"].metadata.remarks).to.contain("gone");
    for (const [i, name] of ["alpha", "beta"].entries()) {
      const report = JSON.parse(readFileSync(join(out, name, "report.json"), "utf8")) as AuditReport;
      const want = report.results.flatMap((r) => r.findings.map((f) => f.fingerprint)).sort();
      expect(results[i]!.findings.map((f) => f.props.find((p) => p.name === "fingerprint")?.value).sort(), name).to.deep.equal(want);
    }
    const uuids = results.flatMap((r) => [r.uuid, ...r.findings.map((f) => f.uuid), ...r.observations.map((o) => o.uuid)]);
    expect(new Set(uuids).size).to.equal(uuids.length);
  });

  it("the unreachable host is a row with the reason", () => {
    const gone = fleet.hosts.find((x) => x.name === "gone")!;
    expect(gone.audited).to.equal(false);
    expect(gone.reason).to.match(/nobody\.sock/);
    expect(fleet.hosts[0]!.name, "hosts not audited come first").to.equal("gone");
  });

  describe("fleet.html in a browser", () => {
    let browser: Browser | undefined;
    before(async function () {
      if (!existsSync(CHROMIUM)) {
        if (daemonRequired()) throw new Error(`${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);
        this.skip();
      }
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    });
    after(async () => { await browser?.close(); });

    async function open(): Promise<{ page: Page; errors: string[]; requests: string[] }> {
      const page = await browser!.newPage();
      const errors: string[] = [], requests: string[] = [];
      page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => requests.push(r.url()));
      page.on("dialog", async (d) => { errors.push(`dialog: ${d.message()}`); await d.dismiss(); });
      await page.goto(`file://${join(out, "fleet.html")}`, { waitUntil: "load" });
      return { page, errors, requests };
    }
    const visibleHosts = (page: Page) => page.$$eval("tr.hostrow", (rows) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.getAttribute("data-name")));

    it("loads with no error and no request but itself, the markup label stays text", async () => {
      const { page, errors, requests } = await open();
      await page.waitForTimeout(200);
      expect(errors).to.deep.equal([]);
      expect(requests).to.deep.equal([`file://${join(out, "fleet.html")}`]);
      expect(await page.locator("img").count()).to.equal(0);
      expect(await page.locator("tr.hostrow", { hasText: "note=<img" }).count()).to.equal(1);
      await page.close();
    });

    it("links each audited host to its report, and the link opens it", async () => {
      const { page } = await open();
      const href = await page.locator("tr.hostrow[data-name=alpha] a").getAttribute("href");
      expect(href).to.equal("./alpha/report.html");
      await page.click("tr.hostrow[data-name=alpha] a");
      await page.waitForLoadState("load");
      expect(page.url()).to.equal(`file://${join(out, "alpha", "report.html")}`);
      await page.close();
    });

    it("filters hosts by label, name and failures", async () => {
      const { page } = await open();
      expect((await visibleHosts(page)).sort()).to.deep.equal(["alpha", "beta", "gone"]);
      await page.selectOption("select.f-label[data-key=role]", "db");
      expect(await visibleHosts(page)).to.deep.equal(["beta"]);
      await page.selectOption("select.f-label[data-key=role]", "");
      await page.fill("#f-host", "alp");
      expect(await visibleHosts(page)).to.deep.equal(["alpha"]);
      await page.fill("#f-host", "");
      expect(await page.locator("#shown").innerText()).to.equal("3 of 3 hosts shown");
      await page.close();
    });
  });
});
