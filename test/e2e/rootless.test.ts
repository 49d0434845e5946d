// A rootless dockerd (dockerd-rootless.sh under rootlesskit + slirp4netns, as an unprivileged user of its own),
// audited as that user and as root: 2.1 and 2.10 pass because it is rootless, its socket (01660, owned by the user)
// passes 3.15 and 3.16, and 5.7 / X.3 decide from the PID namespace of each container's init although rootless
// containers on cgroup v1 have no cgroup of their own and /containers/{id}/top answers HTTP 500.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, busyboxRootfsTar, daemonRequired } from "../support/dockerd.js";
import { importBusyboxRootless, startRootlessDaemon, type RootlessDaemon } from "../support/rootless.js";
import { readReport, result, statuses } from "../support/results.js";
import type { AuditReport } from "../../src/engine/types.js";

describe("real daemon: rootless dockerd [system]", function () {
  this.timeout(300_000);
  let d: RootlessDaemon | undefined;
  const reports: Record<"root" | "user", AuditReport> = {} as never;

  before(async function () {
    try {
      d = await startRootlessDaemon({ daemonJson: { "log-level": "info", "no-new-privileges": true } });
    } catch (err) {
      if (daemonRequired()) throw err;
      console.warn(`      skipped, no rootless dockerd: ${(err as Error).message.split("\n")[0]}`);
      this.skip();
    }
    const tmp = mkdtempSync("/tmp/dockaudit-rootless-tar-");
    try {
      await importBusyboxRootless(d, busyboxRootfsTar(tmp), BUSYBOX_IMAGE);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    await d.docker(["run", "-d", "--name", "plain", BUSYBOX_IMAGE]);
    // A process whose executable is named sshd: the kernel names a script's process after the script.
    await d.docker(["run", "-d", "--name", "sshd-like", BUSYBOX_IMAGE,
      "sh", "-c", 'printf "#!/bin/sh\\nsleep 3600\\n" > /tmp/sshd && chmod +x /tmp/sshd && exec /tmp/sshd']);
    // A process started with docker exec belongs to the container too.
    await d.docker(["exec", "-d", "plain", "sleep", "999"]);
    for (let i = 0; i < 50; i++) {
      const [ssh, plain] = await Promise.all([d.docker(["exec", "sshd-like", "ps", "-o", "comm"]), d.docker(["exec", "plain", "ps", "-o", "comm"])]);
      if (ssh.includes("sshd") && plain.split("\n").filter((l) => l.trim() === "sleep").length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const args = ["audit", "--no-config", "--docker-host", d.host, "--format", "json"];
    const asRoot = await runCli(args, { env: { PATH: process.env.PATH, HOME: "/root" } });
    const asUser = await runCli(args, { env: { PATH: process.env.PATH, HOME: d.home, XDG_RUNTIME_DIR: d.runtimeDir }, uid: d.uid, gid: d.gid });
    for (const [who, r] of [["root", asRoot], ["user", asUser]] as const) {
      expect(r.stderr, `${who}: no error line`).to.not.match(/dockaudit: (?!gate failed)/);
      reports[who] = readReport(r.stdout);
    }
  });

  after(async () => {
    await d?.stop();
  });

  for (const who of ["root", "user"] as const) {
    it(`as ${who}: finds the rootless daemon by its socket under $XDG_RUNTIME_DIR`, () => {
      const r = reports[who];
      expect(r.daemon.rootless).to.equal(true);
      expect(r.daemon.endpoint).to.equal(d!.host);
      expect(r.daemon.pid, "dockerd's pid").to.be.a("number");
    });

    it(`as ${who}: 2.1 and 2.10 pass because the daemon is rootless`, () => {
      for (const key of ["daemon-non-root", "daemon-userns-remap"]) {
        const res = result(reports[who], key);
        expect(res.status, key).to.equal("pass");
        expect(res.findings[0]!.message, key).to.match(/rootless/);
      }
      expect(result(reports[who], "daemon-non-root").findings[0]!.message).to.match(/under rootlesskit pid \d+, network by slirp4netns pid \d+\)$/);
    });

    it(`as ${who}: 3.15 and 3.16 pass for its socket (the user's, mode 01660)`, () => {
      const own = result(reports[who], "files-docker-sock-owner");
      const perms = result(reports[who], "files-docker-sock-perms");
      expect(statuses(own)).to.deep.equal({ [d!.socket]: "pass" });
      expect(statuses(perms)).to.deep.equal({ [d!.socket]: "pass" });
      expect(perms.findings[0]!.message).to.match(/01660, within 0660/);
    });

    it(`as ${who}: 5.7 and X.3 decide from the PID namespace of each container's init`, () => {
      for (const key of ["container-no-sshd", "da-remote-shell-daemon"]) {
        expect(statuses(result(reports[who], key)), key).to.deep.equal({ plain: "pass", "sshd-like": "fail" });
      }
      const plain = result(reports[who], "da-remote-shell-daemon").findings.find((f) => f.subject.name === "plain")!;
      expect(plain.evidence?.processes, "init and the exec'd sleep").to.equal(2);
    });

    it(`as ${who}: judges the rootless daemon's data-root and its own daemon.json, owned by its user`, () => {
      expect(Object.keys(statuses(result(reports[who], "host-separate-partition")))).to.deep.equal([`${d!.home}/.local/share/docker`]);
      const config = `${d!.home}/.config/docker/daemon.json`;
      expect(statuses(result(reports[who], "files-daemon-json-owner"))).to.deep.equal({ [config]: "pass" });
      expect(statuses(result(reports[who], "files-daemon-json-perms"))).to.deep.equal({ [config]: "pass" });
      // and the settings in it are the ones judged
      expect(result(reports[who], "daemon-no-new-privileges").status).to.equal("pass");
    });
  }

  for (const who of ["root", "user"] as const) {
    it(`as ${who}: no check ends in error; the containerd socket judged is the daemon's own`, () => {
      const errors = reports[who].results.filter((x) => x.status === "error").map((x) => `${x.id}: ${x.findings.map((f) => f.message).join("; ")}`);
      expect(errors).to.deep.equal([]);
      expect(Object.keys(statuses(result(reports[who], "files-containerd-sock-perms")))).to.deep.equal([`${d!.runtimeDir}/docker/containerd/containerd.sock`]);
    });
  }
});
