// A rootless dockerd (the engine's own dockerd-rootless.sh under rootlesskit + slirp4netns, as an unprivileged user
// of its own), on every engine of the matrix, audited as that user and as root: 2.1 and 2.10 pass because it is
// rootless, its socket (01660, owned by the user) passes 3.15 and 3.16, and 5.7 / X.3 decide from the PID namespace
// of each container's init although rootless containers on cgroup v1 have no cgroup of their own and
// /containers/{id}/top answers HTTP 500. Without cgroups nothing enforces a container's --memory, --pids-limit or
// CPU controls although inspect shows them: 5.11, 5.12, 5.29 and X.6 fail on GET /info's word (CgroupDriver "none"),
// and the kernel confirms the memory limit is not applied. One daemon per engine serves every assertion.
// Differences between engines found here: 20.10 names its seccomp profile "default", 26.1 and 28.5 "builtin";
// 26.1 and 28.5 list name=no-new-privileges in /info SecurityOptions, 20.10 does not; rootlesskit gets
// --state-dir=$XDG_RUNTIME_DIR/dockerd-rootless from 26.1 on. The process layout (rootlesskit, its child
// /proc/self/exe, dockerd, containerd; slirp4netns beside the child), the socket (01660, the user's uid and the
// subordinate gid of the group "docker" inside the namespace), daemon.json and data-root places are the same.
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, busyboxRootfsTar, daemonRequired, describeEngines, engineMajor, engineVersion } from "../support/dockerd.js";
import { importBusyboxRootless, startRootlessDaemon, type RootlessDaemon } from "../support/rootless.js";
import { readReport, result, statuses } from "../support/results.js";
import type { AuditReport } from "../../src/engine/types.js";

describeEngines("real daemon: rootless dockerd", "all", function (engine) {
  this.timeout(300_000);
  let d: RootlessDaemon | undefined;
  const reports: Record<"root" | "user", AuditReport> = {} as never;

  before(async function () {
    try {
      d = await startRootlessDaemon({ engine, daemonJson: { "log-level": "info", "no-new-privileges": true } });
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
    // Limits inspect shows but nothing applies without cgroups (the daemon accepts them without a warning).
    await d.docker(["run", "-d", "--name", "limited", "--memory", "64m", "--pids-limit", "50", "--cpu-shares", "512", "--cpus", "0.5", BUSYBOX_IMAGE]);
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

  // This machine's kind (the CI VM) boots cgroup v1, where a rootless dockerd has no cgroups.
  const cgroupV1 = !existsSync("/sys/fs/cgroup/cgroup.controllers");

  for (const who of ["root", "user"] as const) {
    it(`as ${who}: audits this engine's own dockerd and containerd, running rootless`, () => {
      const r = reports[who];
      expect(r.daemon.version).to.equal(engineVersion(engine));
      const root = engine.root ?? "/";
      expect(Object.keys(statuses(result(r, "host-audit-dockerd")))).to.deep.equal([join(root, "usr", "sbin", "dockerd")]);
      expect(Object.keys(statuses(result(r, "host-audit-containerd-binary")))).to.deep.equal([join(root, "usr", "bin", "containerd")]);
    });

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
        expect(statuses(result(reports[who], key)), key).to.deep.equal({ plain: "pass", "sshd-like": "fail", limited: "pass" });
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
      // written before dockerd-rootless.sh ran, though within the second the recorded start time is precise to
      const stale = reports[who].results.flatMap((x) => x.findings).filter((f) => /after dockerd started/.test(f.message));
      expect(stale.map((f) => f.message), "no setting flagged as changed after the start").to.deep.equal([]);
    });

    it(`as ${who}: 2.18 passes for the engine's default seccomp profile, named as this engine names it`, () => {
      const res = result(reports[who], "daemon-seccomp-profile");
      expect(res.status).to.equal("pass");
      const name = engineMajor(engine) >= 23 ? "builtin" : "default";
      expect(res.findings[0]!.message).to.equal(`containers run under Docker's default seccomp profile ("${name}")`);
    });

    it(`as ${who}: 5.11, 5.12, 5.29 and X.6 ${cgroupV1 ? "fail the limits no cgroup applies (cgroup v1), on GET /info's word" : "pass the limits the daemon applies"}`, () => {
      const checks = {
        "container-memory-limit": "a memory limit of 67108864 bytes",
        "container-cpu-priority": "CPU shares 512, a limit of 0.5 CPUs",
        "container-pids-limit": "a PIDs limit of 50",
        "da-no-resource-limits": "memory 67108864 bytes, 50 processes",
      };
      for (const [key, what] of Object.entries(checks)) {
        const res = result(reports[who], key);
        expect(statuses(res), key).to.deep.equal({ plain: "fail", "sshd-like": "fail", limited: cgroupV1 ? "fail" : "pass" });
        const limited = res.findings.find((f) => f.subject.name === "limited")!;
        if (cgroupV1) {
          expect(limited.message, key).to.match(new RegExp(`^has ${what.replace(/\./g, "\\.")}, but nothing enforces (it|them): the daemon runs without cgroups \\(GET /info CgroupDriver "none": rootless on cgroup v1\\)$`));
          expect(limited.evidence?.source, key).to.equal("API");
        }
      }
    });
  }

  it("the kernel agrees: the limited container has no memory cgroup of its own, and that cgroup is not limited to 64 MiB", async function () {
    if (!cgroupV1) this.skip();
    const memoryCgroup = (pid: number) => {
      const line = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n").find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
      expect(line, `pid ${pid}'s memory cgroup`).to.be.a("string");
      return line!.slice(line!.lastIndexOf(":") + 1);
    };
    const pid = Number((await d!.docker(["inspect", "--format", "{{.State.Pid}}", "limited"])).trim());
    const path = memoryCgroup(pid);
    expect(path, "the same as rootlesskit's").to.equal(memoryCgroup(d!.pid));
    const limit = Number(readFileSync(join("/sys/fs/cgroup/memory", path, "memory.limit_in_bytes"), "utf8").trim());
    expect(limit).to.be.greaterThan(64 * 1024 * 1024);
  });

  for (const who of ["root", "user"] as const) {
    it(`as ${who}: no check ends in error; the containerd socket judged is the daemon's own, and 3.23 passes for it`, () => {
      const errors = reports[who].results.filter((x) => x.status === "error").map((x) => `${x.id}: ${x.findings.map((f) => f.message).join("; ")}`);
      expect(errors).to.deep.equal([]);
      const containerdSock = `${d!.runtimeDir}/docker/containerd/containerd.sock`;
      expect(Object.keys(statuses(result(reports[who], "files-containerd-sock-perms")))).to.deep.equal([containerdSock]);
      // 3.23: the user's own containerd socket, in the user's own group, as its own socket passes 3.15
      const owner = result(reports[who], "files-containerd-sock-owner");
      expect(statuses(owner)).to.deep.equal({ [containerdSock]: "pass" });
      expect(owner.findings[0]!.message).to.equal(`${containerdSock} is the rootless daemon's own containerd socket, owned by the user and group it runs as (${d!.user}:${d!.user} (uid ${d!.uid}, gid ${d!.gid}))`);
    });
  }
});
