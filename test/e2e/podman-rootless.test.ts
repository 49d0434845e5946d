// Rootless Podman behind its Docker-compatible API: `podman system service` run by an unprivileged user of its own on
// $XDG_RUNTIME_DIR/podman/podman.sock, audited by root and by that user. What differs from rootful Podman
// (podman.test.ts): 2.1 passes on the kernel's word (the service's uid; Podman 4.3.1's /info does not say rootless),
// X.8 reads the user's own ~/.config/containers/containers.conf and passes userns for being rootless, the socket
// is the user's (0600), resource limits are ignored on cgroup v1 rootless (5.11 and 5.29 fail, as inspect shows),
// and a --pid=host container is tied to its kernel facts through its parent conmon (no cgroup of its own).
// A rootless dockerd runs beside it, as found on a shared machine: its socket is in another network namespace, so
// nothing ties it to the Podman socket, and it must not be taken for the engine ("the only dockerd running").
import { expect } from "chai";
import { runCli } from "../support/cli.js";
import { daemonRequired } from "../support/dockerd.js";
import { startRootlessDaemon, type RootlessDaemon } from "../support/rootless.js";
import { importBusyboxRootlessPodman, PODMAN_ULIMITS, startRootlessPodmanService, type RootlessPodmanService } from "../support/podman.js";
import { readReport, result, statuses } from "../support/results.js";
import { catalog } from "../../checks/index.js";
import { checkEngines } from "../../src/engine/applicability.js";
import type { AuditReport } from "../../src/engine/types.js";

const IMAGE = "localhost/dockaudit-test/busybox:1";
// The user's own containers.conf: one dangerous default capability, so X.8 shows it read this file.
const CONTAINERS_CONF = '[containers]\ndefault_capabilities = ["CHOWN", "NET_BIND_SERVICE", "SETUID", "SETGID", "NET_ADMIN"]\n';

describe("real engine: rootless Podman's compatible API [podman]", function () {
  this.timeout(300_000);
  let s: RootlessPodmanService | undefined;
  let beside: RootlessDaemon | undefined;
  const reports: Record<"root" | "user", AuditReport> = {} as never;
  const stderrs: Record<"root" | "user", string> = {} as never;

  before(async function () {
    try {
      s = await startRootlessPodmanService({ containersConf: CONTAINERS_CONF });
      beside = await startRootlessDaemon();
    } catch (err) {
      if (daemonRequired()) throw err;
      console.warn(`      skipped, no rootless Podman service: ${(err as Error).message.split("\n")[0]}`);
      this.skip();
    }
    await importBusyboxRootlessPodman(s, IMAGE);
    // slirp4netns would need /dev/net/tun, 0600 root here: every container has no network or the host's.
    const run = (name: string, args: string[], cmd: string[] = []) => s!.podman(["run", "-d", "--name", name, ...PODMAN_ULIMITS, ...args, IMAGE, ...cmd]);
    await run("plain", ["--network", "none"]);
    await run("hardened", ["--read-only", "--memory", "64m", "--pids-limit", "100", "--security-opt", "no-new-privileges", "--cap-drop", "ALL", "--network", "none"]);
    await run("risky", ["--pid=host", "--net=host", "--cap-add", "SYS_ADMIN", "--security-opt", "seccomp=unconfined"]);
    await run("sshd-like", ["--network", "none"], ["sh", "-c", 'printf "#!/bin/sh\\nsleep 3600\\n" > /tmp/sshd && chmod +x /tmp/sshd && exec /tmp/sshd']);
    // A process started with podman exec belongs to the container too.
    await s.podman(["exec", "-d", "plain", "sleep", "999"]);
    for (let i = 0; i < 50; i++) {
      const [ssh, plain] = await Promise.all([s.podman(["top", "sshd-like", "comm"]), s.podman(["top", "plain", "comm"])]);
      if (ssh.includes("sshd") && plain.split("\n").filter((l) => l.trim() === "sleep").length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const args = ["audit", "--no-config", "--docker-host", s.host, "--format", "json"];
    const asRoot = await runCli(args, { env: { PATH: process.env.PATH, HOME: "/root" } });
    const asUser = await runCli(args, { env: { PATH: process.env.PATH, HOME: s.home, XDG_RUNTIME_DIR: s.runtimeDir }, uid: s.uid, gid: s.gid });
    for (const [who, r] of [["root", asRoot], ["user", asUser]] as const) {
      stderrs[who] = r.stderr;
      reports[who] = readReport(r.stdout);
    }
  });

  after(async () => {
    await beside?.stop();
    await s?.stop();
  });

  for (const who of ["root", "user"] as const) {
    it(`as ${who}: audits the rootless Podman endpoint, which no dockerd serves, and knows it is rootless`, () => {
      const r = reports[who];
      expect(r.daemon.endpoint).to.equal(s!.host);
      expect(r.daemon.version).to.equal("4.3.1");
      expect(r.daemon.rootless).to.equal(true);
      expect(r.daemon.pid, "not the pid of the rootless dockerd beside it").to.equal(null);
      expect(r.daemon.configFile).to.equal(null);
      expect(stderrs[who]).to.match(/Podman Engine 4\.3\.1 serves unix:\/\/.*: it has no dockerd process/);
      expect(stderrs[who]).to.not.match(/dockaudit: (?!gate failed|warning: Podman Engine)/);
    });

    it(`as ${who}: every dockerd-only check is skip naming Podman; no check and no finding is error`, () => {
      for (const r of reports[who].results) {
        const check = catalog.find((c) => c.key === r.key)!;
        if (!checkEngines(check).includes("podman")) {
          expect(r.status, r.id).to.equal("skip");
          expect(r.findings[0]!.message, r.id).to.match(/^not applicable on Podman \(Podman Engine 4\.3\.1\)/);
        }
      }
      const errors = reports[who].results.flatMap((r) => r.findings.filter((f) => f.status === "error").map((f) => `${r.id} ${f.subject.name}: ${f.message}`));
      expect(errors).to.deep.equal([]);
    });

    it(`as ${who}: 2.1 passes on the kernel's word, the service's uid (its /info does not say rootless)`, () => {
      const r = result(reports[who], "daemon-non-root");
      expect(r.status).to.equal("pass");
      // the service started (or the child it re-executes in the user's namespace: both run as the user)
      expect(r.findings[0]!.message).to.match(new RegExp(`^the Podman service runs rootless \\(podman system service \\(pid (\\d+)\\) runs as uid ${s!.uid} \\(/proc/\\1/status\\)\\)$`));
    });

    it(`as ${who}: 3.15 and 3.16 pass for the user's socket (mode 0600)`, () => {
      const own = result(reports[who], "files-docker-sock-owner");
      const perms = result(reports[who], "files-docker-sock-perms");
      expect(statuses(own)).to.deep.equal({ [s!.socket]: "pass" });
      expect(own.findings[0]!.message).to.contain(`owned by its user ${s!.user}`);
      expect(statuses(perms)).to.deep.equal({ [s!.socket]: "pass" });
      expect(perms.findings[0]!.message).to.match(/mode 0600, within 0660/);
    });

    it(`as ${who}: X.8 reads the user's own containers.conf and passes userns for being rootless`, () => {
      const x8 = result(reports[who], "da-podman-defaults");
      expect(statuses(x8)).to.deep.equal({
        "containers.conf no_new_privileges": "fail", "containers.conf userns": "pass",
        "containers.conf seccomp_profile": "pass", "containers.conf default_capabilities": "fail",
      });
      const byName = (n: string) => x8.findings.find((f) => f.subject.name === `containers.conf ${n}`)!.message;
      expect(byName("default_capabilities")).to.contain(`${s!.home}/.config/containers/containers.conf`).and.contain("NET_ADMIN");
      expect(byName("userns")).to.contain(`runs as uid ${s!.uid}`);
    });

    it(`as ${who}: section 5 decides each container, on the kernel's witness where it speaks`, () => {
      const v = (key: string) => statuses(result(reports[who], key));
      expect(v("container-host-pid-namespace")).to.deep.equal({ plain: "pass", hardened: "pass", risky: "fail", "sshd-like": "pass" });
      expect(v("container-host-network-namespace")).to.deep.include({ plain: "pass", risky: "fail" });
      expect(v("container-read-only-rootfs")).to.deep.include({ plain: "fail", hardened: "pass" });
      expect(v("container-no-new-privileges")).to.deep.include({ plain: "fail", hardened: "pass", risky: "fail" });
      expect(v("container-seccomp-profile")).to.deep.include({ plain: "pass", risky: "fail" });
      expect(v("container-capabilities-restricted")).to.deep.include({ hardened: "pass", risky: "fail" });
      expect(v("da-dangerous-capabilities")).to.deep.include({ hardened: "pass", risky: "fail" });
      // Rootless on cgroup v1 Podman ignores resource limits ("not supported and ignored"), and inspect says 0
      expect(v("container-memory-limit")).to.deep.include({ plain: "fail", hardened: "fail" });
      expect(v("container-pids-limit")).to.deep.include({ hardened: "fail" });
      // the --pid=host container has no cgroup of its own: its parent conmon ties its init to it
      for (const key of ["container-host-pid-namespace", "container-seccomp-profile", "container-capabilities-restricted", "container-no-new-privileges"]) {
        const f = result(reports[who], key).findings.find((x) => x.subject.name === "risky")!;
        expect(f.message, key).to.match(/^the kernel shows/);
      }
      const hardened = result(reports[who], "container-no-new-privileges").findings.find((x) => x.subject.name === "hardened")!;
      expect(hardened.message).to.match(/^the kernel enforces no_new_privs on its init process \(pid \d+, NoNewPrivs: 1\)/);
    });

    it(`as ${who}: 5.7 and X.3 find the sshd-like process in the container's own PID namespace`, () => {
      for (const key of ["container-no-sshd", "da-remote-shell-daemon"]) {
        expect(statuses(result(reports[who], key)), key).to.deep.include({ plain: "pass", hardened: "pass", "sshd-like": "fail" });
      }
      const plain = result(reports[who], "da-remote-shell-daemon").findings.find((f) => f.subject.name === "plain")!;
      expect(plain.evidence?.processes, "init and the exec'd sleep").to.equal(2);
    });
  }

  it("root and the user reach the same verdicts, finding by finding", () => {
    const flat = (r: AuditReport) => Object.fromEntries(r.results.flatMap((x) => x.findings.map((f) => [`${x.id} ${f.subject.name ?? ""}`, f.status])));
    expect(flat(reports.user)).to.deep.equal(flat(reports.root));
  });
});

// The usual rootless set-up is socket-activated (systemctl --user enable podman.socket): the service's argv names no
// socket, it gets it as an fd (LISTEN_FDS). It is found by the socket it holds, so the kernel still decides.
describe("real engine: socket-activated rootless Podman [podman]", function () {
  this.timeout(300_000);
  let s: RootlessPodmanService | undefined;
  let report: AuditReport;

  before(async function () {
    try {
      s = await startRootlessPodmanService({ containersConf: CONTAINERS_CONF, socketActivated: true });
    } catch (err) {
      if (daemonRequired()) throw err;
      console.warn(`      skipped, no socket-activated rootless Podman service: ${(err as Error).message.split("\n")[0]}`);
      this.skip();
    }
    await importBusyboxRootlessPodman(s, IMAGE);
    await s.podman(["run", "-d", "--name", "risky", ...PODMAN_ULIMITS, "--pid=host", "--net=host", "--security-opt", "seccomp=unconfined", IMAGE]);
    const r = await runCli(["audit", "--no-config", "--docker-host", s.host, "--format", "json"], { env: { PATH: process.env.PATH, HOME: "/root" } });
    expect(r.stderr).to.not.match(/dockaudit: (?!gate failed|warning: Podman Engine)/);
    report = readReport(r.stdout);
  });

  after(async () => {
    await s?.stop();
  });

  it("finds the service by the socket it holds: 2.1 on its uid, X.8 on the user's containers.conf, the kernel's witness per container", () => {
    expect(report.daemon.rootless).to.equal(true);
    // systemd-socket-activate became the service, which re-executes itself in the user's namespace: the child holds the socket
    expect(result(report, "daemon-non-root").findings[0]!.message).to.match(new RegExp(`^the Podman service runs rootless \\(podman system service \\(pid \\d+\\) runs as uid ${s!.uid} `));
    const x8 = result(report, "da-podman-defaults");
    expect(statuses(x8)).to.deep.include({ "containers.conf userns": "pass", "containers.conf default_capabilities": "fail" });
    expect(x8.findings.find((f) => f.subject.name === "containers.conf default_capabilities")!.message).to.contain(`${s!.home}/.config/containers/containers.conf`);
    const seccomp = result(report, "container-seccomp-profile").findings.find((f) => f.subject.name === "risky")!;
    expect(seccomp.status).to.equal("fail");
    expect(seccomp.message).to.match(/^the kernel shows no seccomp filter on its init/);
    const errors = report.results.flatMap((r) => r.findings.filter((f) => f.status === "error").map((f) => `${r.id} ${f.subject.name}: ${f.message}`));
    expect(errors).to.deep.equal([]);
  });
});
