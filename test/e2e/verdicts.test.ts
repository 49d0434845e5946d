// Sections 2 and 5 end to end: two throwaway daemons, one with dockerd's defaults and one hardened from a config file
// in a non-default place, containers with known settings, and the verdicts read from `dockaudit audit -f json`.
import { expect } from "chai";
import { runCli } from "../support/cli.js";
import {
  BUSYBOX_IMAGE, engineMajor, HARDENED_BUSYBOX_IMAGE, importBusyboxImage, importHardenedBusyboxImage, describeEngines, startDaemonOrSkip, type ThrowawayDaemon,
} from "../support/dockerd.js";
import { reportSchemaErrors } from "../support/report-schema.js";
import { readReport, result } from "../support/results.js";
import type { AuditReport, Status } from "../../src/engine/types.js";

const PLANTED = "verdicts-planted-9f3c";

async function audit(d: ThrowawayDaemon, extra: string[] = []): Promise<{ code: number; report: AuditReport; stdout: string }> {
  const r = await runCli(["audit", "--no-config", "--docker-host", d.host, "--format", "json", ...extra], { env: d.env });
  expect(r.stderr, "no error line").to.not.match(/dockaudit: (?!gate failed)/);
  return { code: r.code, report: readReport(r.stdout), stdout: r.stdout };
}

/** Status of a check for each named subject, plus the check's own status under "*". */
function verdicts(report: AuditReport, key: string, subjects: string[] = []): Record<string, Status | undefined> {
  const r = result(report, key);
  const out: Record<string, Status | undefined> = { "*": r.status };
  for (const s of subjects) out[s] = r.findings.find((f) => f.subject.name === s)?.status;
  return out;
}

describeEngines("real daemon: verdicts of a daemon with dockerd's defaults", "all", function (engine) {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;
  let report: AuditReport;
  let code: number;
  let stdout: string;

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "defaults" });
    await importBusyboxImage(d);
    await importHardenedBusyboxImage(d);
    const run = (name: string, args: string[], image = BUSYBOX_IMAGE) => d!.docker(["run", "-d", "--name", name, ...args, image]);
    await run("risky-ns", ["--pid=host", "--ipc=host", "--uts=host", "--net=host", "--userns=host", "-e", `DB_PASSWORD=${PLANTED}`]);
    await run("risky-mounts", ["-v", "/etc:/host-etc:ro", "-v", `${d.socket}:/var/run/docker.sock`, "--label", `api_token=${PLANTED}`]);
    await run("risky-sec", ["--security-opt", "seccomp=unconfined", "--cap-add", "SYS_ADMIN", "--restart", "always", "-p", "80:80", "-p", "[::]:8080:80"]);
    await run("hardened", [
      "--read-only", "--memory", "64m", "--pids-limit", "100", "--cpu-shares", "512", "--restart", "on-failure:5",
      "--security-opt", "no-new-privileges", "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE", "-p", "127.0.0.1:8081:80",
    ], HARDENED_BUSYBOX_IMAGE);
    // Cannot start on these VMs, and is not running anyway: judged only with --all.
    await d.docker(["create", "--name", "priv", "--privileged", BUSYBOX_IMAGE]);
    ({ code, report, stdout } = await audit(d));
  });

  after(async () => {
    await d?.stop();
  });

  it("writes a report that follows the schema, for this daemon's process and config", () => {
    expect(reportSchemaErrors(JSON.parse(stdout))).to.equal("");
    expect(report.daemon.endpoint).to.equal(d!.host);
    expect(report.daemon.pid).to.equal(d!.pid);
    expect(report.daemon.version).to.match(/^\d+\.\d+/);
    expect(report.selection.containers.sort()).to.deep.equal(["hardened", "risky-mounts", "risky-ns", "risky-sec"]);
    expect(code, "scored checks fail").to.equal(1);
  });

  it("no check ends in error: this engine's own data answers every one", () => {
    expect(report.results.filter((r) => r.status === "error").map((r) => `${r.id}: ${r.findings.find((f) => f.status === "error")?.message}`)).to.deep.equal([]);
  });

  it("never carries a planted environment or label value", () => {
    expect(stdout).to.not.contain(PLANTED);
    expect(verdicts(report, "da-env-secrets", ["risky-ns"])["risky-ns"]).to.equal("fail");
  });

  it("section 2: dockerd's defaults fail the daemon hardening checks", () => {
    expect(verdicts(report, "daemon-icc-disabled")["*"]).to.equal("fail");
    expect(verdicts(report, "daemon-userns-remap")["*"]).to.equal("fail");
    expect(verdicts(report, "daemon-live-restore")["*"]).to.equal("fail");
    expect(verdicts(report, "daemon-userland-proxy-disabled")["*"]).to.equal("fail");
    expect(verdicts(report, "daemon-no-new-privileges")["*"]).to.equal("fail");
    expect(verdicts(report, "daemon-log-level-info")["*"]).to.equal("pass");
    expect(verdicts(report, "daemon-iptables-allowed")["*"]).to.equal("pass");
    expect(verdicts(report, "daemon-tcp-tls-verify")["*"], "no TCP listener: not applicable").to.equal("skip");
    expect(verdicts(report, "daemon-experimental-disabled")["*"]).to.equal("pass");
  });

  it("section 5: host namespaces shared by risky-ns fail, and only for it", () => {
    for (const key of ["container-host-pid-namespace", "container-host-ipc-namespace", "container-host-uts-namespace", "container-host-network-namespace", "container-host-user-namespace"]) {
      expect(verdicts(report, key, ["risky-ns", "hardened", "risky-sec"]), key).to.deep.include({ "*": "fail", "risky-ns": "fail", hardened: "pass", "risky-sec": "pass" });
    }
  });

  it("section 5: /etc and the Docker socket mounted fail", () => {
    expect(verdicts(report, "container-sensitive-host-mounts", ["risky-mounts", "hardened"])).to.deep.include({ "risky-mounts": "fail", hardened: "pass" });
    expect(verdicts(report, "container-docker-socket-mount", ["risky-mounts", "hardened"])).to.deep.include({ "risky-mounts": "fail", hardened: "pass" });
  });

  it("section 5: seccomp unconfined, added capabilities, restart always and wildcard privileged ports fail", () => {
    const subjects = ["risky-sec", "hardened"];
    expect(verdicts(report, "container-seccomp-profile", subjects)).to.deep.include({ "risky-sec": "fail", hardened: "pass" });
    expect(verdicts(report, "container-capabilities-restricted", subjects)).to.deep.include({ "risky-sec": "fail", hardened: "pass" });
    expect(verdicts(report, "container-restart-policy", subjects)).to.deep.include({ "risky-sec": "fail", hardened: "pass" });
    expect(verdicts(report, "container-privileged-ports", subjects)).to.deep.include({ "risky-sec": "fail", hardened: "pass" });
    const bind = result(report, "container-port-host-interface").findings.find((f) => f.subject.name === "risky-sec")!;
    expect(bind.status).to.equal("fail");
    expect(bind.message, "the IPv6 wildcard bind is seen too").to.contain("::");
  });

  it("section 5: limits, read-only root, health check, no-new-privileges and a non-root user pass only where set", () => {
    for (const key of ["container-memory-limit", "container-pids-limit", "container-cpu-priority", "container-read-only-rootfs", "container-health-check", "container-no-new-privileges", "image-container-user"]) {
      expect(verdicts(report, key, ["hardened", "risky-ns"]), key).to.deep.include({ hardened: "pass", "risky-ns": "fail" });
    }
  });

  it("stopped containers are judged only with --all, and a privileged one fails", async () => {
    expect(result(report, "container-privileged").findings.map((f) => f.subject.name)).to.not.include("priv");
    const all = await audit(d!, ["--all", "--check", "5.5"]);
    expect(verdicts(all.report, "container-privileged", ["priv", "hardened"])).to.deep.equal({ "*": "fail", priv: "fail", hardened: "pass" });
  });

  it("offline re-evaluation of a saved snapshot gives the same verdicts", async () => {
    const dir = d!.dir;
    const c = await runCli(["collect", "--docker-host", d!.host, "--output", `${dir}/snap.json`], { env: d!.env });
    expect(c.code, c.stderr).to.equal(0);
    const offline = await runCli(["audit", "--no-config", "--snapshot", `${dir}/snap.json`, "--format", "json"]);
    const live = await audit(d!);
    const byCheck = (r: AuditReport) => Object.fromEntries(r.results.map((x) => [x.key, x.findings.map((f) => `${f.subject.name}=${f.status}`).join(",")]));
    // The live run is a new collection; the only difference allowed is none at all for a daemon nobody touched.
    expect(byCheck(readReport(offline.stdout))).to.deep.equal(byCheck(live.report));
  });
});

describeEngines("real daemon: verdicts of a hardened daemon (config file in a non-default place, TLS on 127.0.0.1)", "all", function (engine) {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;
  let report: AuditReport;

  before(async function () {
    d = await startDaemonOrSkip(this, {
      engine, name: "hardened",
      tcpTls: true,
      daemonJson: {
        icc: false,
        "userns-remap": "default",
        "live-restore": true,
        "userland-proxy": false,
        "no-new-privileges": true,
        "log-level": "info",
        "default-ulimits": { nofile: { Name: "nofile", Soft: 1024, Hard: 2048 } },
      },
    });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "plain", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "opted-out", "--security-opt", "no-new-privileges=false", BUSYBOX_IMAGE]);
    ({ report } = await audit(d));
  });

  after(async () => {
    await d?.stop();
  });

  it("reads the config file the daemon really loaded", () => {
    expect(report.daemon.configFile).to.equal(d!.configFile);
    expect(report.daemon.pid).to.equal(d!.pid);
    const icc = result(report, "daemon-icc-disabled").findings[0]!;
    expect(icc.status).to.equal("pass");
  });

  it("section 2: the hardening in daemon.json passes", () => {
    for (const key of ["daemon-userns-remap", "daemon-live-restore", "daemon-userland-proxy-disabled", "daemon-no-new-privileges", "daemon-log-level-info", "daemon-default-ulimits"]) {
      expect(verdicts(report, key)["*"], key).to.equal("pass");
    }
  });

  it("2.15 is witnessed by what the running engine reports: /info lists no-new-privileges from Engine 24 on", () => {
    const f = result(report, "daemon-no-new-privileges").findings[0]!;
    const listed = ((f.evidence?.SecurityOptions ?? []) as string[]).includes("name=no-new-privileges");
    expect(listed, `SecurityOptions of ${engine.name}`).to.equal(engineMajor(engine) >= 24);
    // With a running container the kernel is the first witness (its NoNewPrivs); /info's listing is the API's.
    expect(f.status).to.equal("pass");
    expect(f.message).to.match(listed ? /sets no-new-privileges for containers by default|the kernel shows NoNewPrivs: 1/ : /no-new-privileges|NoNewPrivs/);
    // devicemapper is gone from 25 on; every engine of the matrix runs overlay2 here
    expect(result(report, "daemon-devicemapper-not-used").findings[0]!.status).to.equal("pass");
  });

  it("TLS with client verification on the TCP listener passes, as 2.8 in 1.8.0 and 2.7 in 1.6.0", async () => {
    const tls = result(report, "daemon-tcp-tls-verify");
    expect(tls.id).to.equal("2.8");
    expect(tls.status, JSON.stringify(tls.findings)).to.equal("pass");
    expect(JSON.stringify(tls.findings[0]!.evidence)).to.contain(`127.0.0.1:${d!.tls!.port}`);
    const old = await audit(d!, ["--benchmark", "1.6.0", "--check", "2.7"]);
    expect(old.report.results.map((r) => [r.id, r.key, r.status])).to.deep.equal([["2.7", "daemon-tcp-tls-verify", "pass"]]);
  });

  it("the same daemon audited over TCP+TLS gives the same daemon verdicts", async () => {
    const env = { ...d!.env, DOCKER_HOST: d!.tls!.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: d!.tls!.clientCertDir };
    const r = await runCli(["audit", "--no-config", "--check", "2", "--format", "json"], { env });
    const overTcp = readReport(r.stdout);
    expect(overTcp.daemon.pid, "matched by its TCP listener").to.equal(d!.pid);
    const statuses = (x: AuditReport) => x.results.filter((c) => c.section === "2").map((c) => `${c.id}=${c.status}`);
    expect(statuses(overTcp)).to.deep.equal(statuses(report));
  });

  it("section 5: the daemon's no-new-privileges covers containers, unless one opts out", () => {
    expect(verdicts(report, "container-no-new-privileges", ["plain", "opted-out"])).to.deep.equal({ "*": "fail", plain: "pass", "opted-out": "fail" });
  });
});
