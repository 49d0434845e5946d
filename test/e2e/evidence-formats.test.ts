// The compliance formats on a real daemon: `audit -f hdf` gives a file MITRE's inspecjs accepts, whose controls,
// results and Heimdall statuses match the JSON report of the same run, with NIST tags; a hostile label stays
// inert in the CSV; the Markdown summary is small; a bundle signed with an Ed25519 key verifies with ssh-keygen.
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditReport } from "../../src/engine/types.js";
import { nistControls } from "../../src/report/hdf.js";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, importBusyboxImage, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { expectedHeimdall, readHdf } from "../support/hdf.js";
import { parseCsv } from "../support/csv.js";

const HYPERLINK = '=HYPERLINK("http://evil.example/","click")';

describe("real daemon: HDF, CSV, Markdown and a signed bundle", function () {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-formats-"));
  const out = join(dir, "out"), ev = join(dir, "ev");
  let hdfRun: Awaited<ReturnType<typeof runCli>>;

  before(async function () {
    d = await startDaemonOrSkip(this, { name: "formats", daemonJson: { icc: true } });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "shop", "--label", `note=${HYPERLINK}`, "--label", "+cmd|calc!A0=x", BUSYBOX_IMAGE, "sleep", "3600"]);
    await d.docker(["run", "-d", "--name", "agent", "--pid", "host", BUSYBOX_IMAGE, "sleep", "3600"]);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "auditor", "-f", join(dir, "key")]);
    hdfRun = await runCli(["audit", "-f", "hdf", "-o", join(dir, "audit.hdf.json"), "--output-dir", out, "--evidence", ev, "--sign-key", join(dir, "key")], { env: d.env });
  });

  after(async () => {
    await d?.stop();
  });

  it("audit -f hdf: inspecjs parses it, and its controls, results and statuses match the JSON report of the run", () => {
    expect(hdfRun.code, hdfRun.stderr).to.equal(1);
    const text = readFileSync(join(dir, "audit.hdf.json"), "utf8");
    expect(text).to.equal(readFileSync(join(out, "report.hdf.json"), "utf8"));
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as AuditReport;
    const view = readHdf(text);
    const want = expectedHeimdall(report);
    expect(view.statuses.size).to.equal(report.results.length);
    expect(view.results).to.equal(want.results);
    expect(view.counts).to.deep.equal(want.counts);
    const hostPid = report.results.find((r) => r.key === "container-host-pid-namespace")!;
    expect(hostPid.status).to.equal("fail");
    expect(view.statuses.get(hostPid.id)).to.equal("Failed");
    // NIST tags exactly on the checks with a published mapping.
    for (const r of report.results) {
      const tags = view.nist.get(r.id)!;
      if (nistControls(r.key).length) expect(tags, r.id).to.deep.equal(nistControls(r.key));
      else expect(tags, r.id).to.deep.equal(["UM-1"]); // Heimdall's "unmapped"
    }
    expect(view.nist.get(hostPid.id)).to.deep.equal(["SI-1"]);
  });

  it("the CSV of the same host keeps a label =HYPERLINK(...) and a formula-shaped label key inert", async () => {
    const r = await runCli(["audit", "-f", "csv", "--check", "5"], { env: d!.env });
    expect(r.code, r.stderr).to.equal(1);
    const rows = parseCsv(r.stdout);
    const shop = rows.filter((row) => row[8] === "shop");
    expect(shop.length).to.be.greaterThan(3);
    expect(shop[0]![12]).to.contain(`note=${HYPERLINK}`);
    expect(shop[0]![12]).to.match(/^'\+cmd/);
    for (const row of rows) for (const cell of row) expect(cell).to.not.match(/^[ ]*[=+\-@\t\r]/);
  });

  it("the Markdown summary names the failed checks and stays small", async () => {
    const r = await runCli(["audit", "-f", "markdown"], { env: d!.env });
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^## dockaudit: CIS Docker Benchmark/);
    expect(r.stdout).to.contain("process namespace is not shared (1 subject)");
    expect(r.stdout.length).to.be.lessThan(65_536);
  });

  it("the signed bundle verifies with ssh-keygen -Y verify and dockaudit verify --allowed-signers", async () => {
    const pub = readFileSync(join(dir, "key.pub"), "utf8").trim().split(" ").slice(0, 2).join(" ");
    const allowed = join(dir, "allowed_signers");
    execFileSync("sh", ["-c", `printf '%s\\n' "auditor@example.org ${pub}" > '${allowed}'`]);
    const ssh = spawnSync("ssh-keygen", ["-Y", "verify", "-f", allowed, "-I", "auditor@example.org", "-n", "dockaudit-evidence", "-s", join(ev, "manifest.json.sig")], { input: readFileSync(join(ev, "manifest.json")) });
    expect(ssh.status, `${ssh.stdout}${ssh.stderr}`).to.equal(0);
    const v = await runCli(["verify", ev, "--allowed-signers", allowed]);
    expect(v.code, v.stdout + v.stderr).to.equal(0);
    expect(v.stdout).to.contain("signed by auditor@example.org");
    expect(v.stdout).to.contain("reproduces all");
  });
});
