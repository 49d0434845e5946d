// Podman behind its Docker-compatible API (`podman system service`), with containers of known settings: sections 4,
// 5 and dockaudit's own checks decide; every check about dockerd itself is skip with a reason naming Podman, never
// error; the API socket is judged like Docker's.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { runCli } from "../support/cli.js";
import { busyboxRootfsTar, daemonRequired } from "../support/dockerd.js";
import { PODMAN_ULIMITS, startPodmanService, type PodmanService } from "../support/podman.js";
import { readReport, result, statuses } from "../support/results.js";
import { catalog } from "../../checks/index.js";
import { checkEngines } from "../../src/engine/applicability.js";
import type { AuditReport } from "../../src/engine/types.js";

const IMAGE = "localhost/dockaudit-test/busybox:1";
// The service's own defaults: one hardened, one left at Podman's default, one weakened.
const CONTAINERS_CONF = '[containers]\nno_new_privileges = true\ndefault_capabilities = ["CHOWN", "NET_BIND_SERVICE", "SETUID", "SETGID", "NET_ADMIN"]\n';

describe("real engine: Podman's compatible API [podman]", function () {
  this.timeout(300_000);
  let s: PodmanService | undefined;
  let report: AuditReport;
  let stderr: string;

  before(async function () {
    try {
      s = await startPodmanService({ containersConf: CONTAINERS_CONF });
    } catch (err) {
      if (daemonRequired()) throw err;
      console.warn(`      skipped, no Podman service: ${(err as Error).message.split("\n")[0]}`);
      this.skip();
    }
    const tmp = mkdtempSync("/tmp/dockaudit-podman-tar-");
    try {
      await s.podman(["import", "--change", 'CMD ["/bin/sleep","3600"]', busyboxRootfsTar(tmp), IMAGE]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const run = (name: string, args: string[], cmd: string[] = []) => s!.podman(["run", "-d", "--name", name, ...PODMAN_ULIMITS, ...args, IMAGE, ...cmd]);
    await run("plain", []);
    await run("hardened", ["--read-only", "--memory", "64m", "--pids-limit", "100", "--cpu-shares", "512", "--security-opt", "no-new-privileges",
      "--cap-drop", "ALL", "--user", "1000", "--network", "none"]);
    await run("risky", ["--pid=host", "--net=host", "--cap-add", "SYS_ADMIN", "--security-opt", "seccomp=unconfined"]);
    await run("sshd-like", ["--network", "none"], ["sh", "-c", 'printf "#!/bin/sh\\nsleep 3600\\n" > /tmp/sshd && chmod +x /tmp/sshd && exec /tmp/sshd']);
    for (let i = 0; i < 50 && !(await s.podman(["top", "sshd-like", "comm"])).includes("sshd"); i++) await new Promise((r) => setTimeout(r, 200));
    const r = await runCli(["audit", "--no-config", "--docker-host", s.host, "--format", "json"], { env: { PATH: process.env.PATH, HOME: "/root" } });
    stderr = r.stderr;
    report = readReport(r.stdout);
  });

  after(async () => {
    await s?.stop();
  });

  it("audits the Podman endpoint and says why there is no dockerd to read", () => {
    expect(report.daemon.endpoint).to.equal(s!.host);
    expect(report.daemon.version).to.equal("4.3.1");
    expect(stderr).to.match(/Podman Engine 4\.3\.1 serves unix:\/\/.*: it has no dockerd process/);
    expect(stderr).to.not.match(/dockaudit: (?!gate failed|warning: Podman Engine)/);
  });

  it("every dockerd-only check is skip naming Podman, and no check ends in error", () => {
    for (const r of report.results) {
      const check = catalog.find((c) => c.key === r.key)!;
      if (!checkEngines(check).includes("podman")) {
        expect(r.status, r.id).to.equal("skip");
        expect(r.findings[0]!.message, r.id).to.match(/^not applicable on Podman \(Podman Engine 4\.3\.1\)/);
      }
    }
    expect(report.results.filter((r) => r.status === "error").map((r) => `${r.id}: ${r.findings[0]!.message}`)).to.deep.equal([]);
  });

  it("section 5 decides each container from Podman's inspect data", () => {
    const v = (key: string) => statuses(result(report, key));
    expect(v("container-host-pid-namespace")).to.deep.equal({ plain: "pass", hardened: "pass", risky: "fail", "sshd-like": "pass" });
    expect(v("container-host-network-namespace")).to.deep.include({ plain: "pass", risky: "fail" });
    expect(v("container-memory-limit")).to.deep.include({ plain: "fail", hardened: "pass" });
    expect(v("container-read-only-rootfs")).to.deep.include({ plain: "fail", hardened: "pass" });
    expect(v("container-no-new-privileges")).to.deep.include({ hardened: "pass" });
    expect(v("container-seccomp-profile")).to.deep.include({ plain: "pass", risky: "fail" });
    expect(v("container-capabilities-restricted")).to.deep.include({ hardened: "pass", risky: "fail" });
    expect(v("container-no-sshd")).to.deep.include({ plain: "pass", hardened: "pass", "sshd-like": "fail" });
    expect(v("da-remote-shell-daemon")).to.deep.include({ plain: "pass", "sshd-like": "fail" });
    // Podman's default network, "podman", is the shared default bridge of 5.30
    expect(v("container-default-bridge")).to.deep.include({ plain: "manual" });
    const section5 = report.results.filter((r) => r.section === "5");
    expect(section5.filter((r) => r.status === "error")).to.deep.equal([]);
  });

  it("judges the API socket's owner and mode (3.15, 3.16) like Docker's", () => {
    expect(statuses(result(report, "files-docker-sock-owner"))).to.deep.equal({ [s!.socket]: "pass" });
    expect(statuses(result(report, "files-docker-sock-perms"))).to.deep.equal({ [s!.socket]: "pass" });
  });

  it("X.8 judges the containers.conf the service was started with (CONTAINERS_CONF)", () => {
    const x8 = result(report, "da-podman-defaults");
    expect(statuses(x8)).to.deep.equal({
      "containers.conf no_new_privileges": "manual", "containers.conf userns": "fail",
      "containers.conf seccomp_profile": "pass", "containers.conf default_capabilities": "fail",
    });
    expect(x8.findings.find((f) => f.subject.name === "containers.conf default_capabilities")!.message).to.contain(`${s!.dir}/containers.conf`).and.contain("NET_ADMIN");
    // Podman 4.3.1 does not apply no_new_privileges from containers.conf: the kernel shows NoNewPrivs 0 in "plain",
    // and 5.26 (decided per container) fails it rather than trusting the setting.
    expect(statuses(result(report, "container-no-new-privileges"))).to.deep.include({ plain: "fail", hardened: "pass" });
  });

  it("2.1: a rootful Podman service is for a person to weigh, as a rootful dockerd is", () => {
    expect(result(report, "daemon-non-root").status).to.equal("manual");
  });
});
