// examples/swarm/audit-every-node.sh as written, on a single-node swarm of a throwaway daemon: the image runs as a
// global job and leaves the reports, the evidence bundle and the Prometheus textfile in the node's directories.
import { readReport } from "../support/results.js";
import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";
import { runCli } from "../support/cli.js";
import { initSwarm, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { buildDockauditImage, buildRelease, IMAGE, RELEASE_BUILD_TIMEOUT_MS } from "../support/release.js";

const SCRIPT = join(PROJECT_ROOT, "examples", "swarm", "audit-every-node.sh");

describe("real daemon: the swarm example runs dockaudit as a global job", function () {
  this.timeout(RELEASE_BUILD_TIMEOUT_MS);
  let d: ThrowawayDaemon | undefined;
  let reports: string;
  let textfile: string;
  let task: { state: string; exitCode: number; err: string };

  before(async function () {
    d = await startDaemonOrSkip(this, { name: "swarm-job" });
    await initSwarm(d);
    await buildDockauditImage(d, await buildRelease());
    reports = join(d.dir, "node", "var-lib-dockaudit");
    textfile = join(d.dir, "node", "textfile_collector");
    mkdirSync(reports, { recursive: true });
    mkdirSync(textfile, { recursive: true });
    const env = { ...d.env, DOCKAUDIT_IMAGE: IMAGE, DOCKAUDIT_SOCKET: d.socket, DOCKAUDIT_REPORTS: reports, DOCKAUDIT_TEXTFILE_DIR: textfile };
    await new Promise<void>((resolve, reject) => execFile("/bin/sh", [SCRIPT], { env }, (err, _o, stderr) => (err ? reject(new Error(`${SCRIPT}: ${stderr}`)) : resolve())));
    const deadline = Date.now() + 180_000;
    for (;;) {
      const ids = (await d.docker(["service", "ps", "-q", "dockaudit"])).trim().split("\n").filter(Boolean);
      const tasks = ids.length ? JSON.parse(await d.docker(["inspect", ...ids])) as { Status: { State: string; Err?: string; ContainerStatus?: { ExitCode?: number } } }[] : [];
      const done = tasks.find((t) => ["complete", "failed", "rejected", "shutdown"].includes(t.Status.State));
      if (done) {
        task = { state: done.Status.State, exitCode: done.Status.ContainerStatus?.ExitCode ?? -1, err: done.Status.Err ?? "" };
        break;
      }
      if (Date.now() > deadline) throw new Error(`the global job did not finish: ${JSON.stringify(tasks.map((t) => t.Status))}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

  after(async () => {
    await d?.docker(["service", "rm", "dockaudit"]).catch(() => undefined);
    await d?.stop();
  });

  it("runs one task on the node, which finishes with the gate's exit code (0 passed, 1 failed)", async () => {
    expect(task.state === "complete" || (task.state === "failed" && task.exitCode === 1), JSON.stringify(task)).to.equal(true);
    expect(JSON.parse(await d!.docker(["service", "inspect", "dockaudit"]))[0].Spec.Mode).to.have.property("GlobalJob");
  });

  it("leaves the reports in the node's directory, naming the job's container as the auditor", () => {
    expect(readdirSync(reports).sort()).to.deep.equal(["evidence", "report.hdf.json", "report.html", "report.json", "report.xml"]);
    const report = readReport(readFileSync(join(reports, "report.json"), "utf8"));
    expect(report.auditor?.name).to.match(/^dockaudit\.[a-z0-9]+\.[a-z0-9]+$/);
    expect(report.host.root).to.equal("/host");
    expect(report.results.find((r) => r.id === "7.1")?.status, "the swarm checks ran against the swarm").to.be.oneOf(["pass", "fail"]);
  });

  it("leaves an evidence bundle that dockaudit verify accepts", async () => {
    expect(existsSync(join(reports, "evidence", "manifest.json"))).to.equal(true);
    const r = await runCli(["verify", join(reports, "evidence")]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
  });

  it("writes the Prometheus textfile world-readable into node_exporter's directory", () => {
    const prom = join(textfile, "dockaudit.prom");
    expect(readFileSync(prom, "utf8")).to.match(/^dockaudit_score /m);
    expect(statSync(prom).mode & 0o777).to.equal(0o644);
    expect(readdirSync(textfile)).to.deep.equal(["dockaudit.prom"]);
  });
});
