// An impostor dockerd beside a real, socket-activated one (issue 19, item 2). Its own mocha file: it plants a process
// called dockerd, with forged flags and a --config-file that is a FIFO, which (before the fix) made every audit on the
// machine read that FIFO and hang. Everything planted lives in this file's temp directories; `after` kills the
// impostor and opens the FIFO for writing once, which releases any reader.
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, constants, copyFileSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditReport } from "../../src/engine/types.js";
import { runCli } from "../support/cli.js";
import { describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { result, readReport } from "../support/results.js";
import { createTestUser, type TestUser } from "../support/rootless.js";

/** Opens the FIFO for writing once (non-blocking): releases any reader blocked on it; ENXIO when there is none. */
function releaseFifo(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader: nothing to release
  }
}

function killImpostor(p: ChildProcess | undefined): void {
  if (!p?.pid) return;
  try {
    process.kill(p.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

const DAEMON_CHECKS = ["daemon-tcp-tls-verify", "daemon-userland-proxy-disabled", "daemon-log-level-info"];

describeEngines("real daemon: an impostor called dockerd beside the socket-activated dockerd", "all", function (engine) {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;
  let impostorUser: TestUser | undefined;
  let auditorUser: TestUser | undefined;
  let dir = "";
  let fifo = "";
  let impostor: ChildProcess | undefined;
  let asRoot: AuditReport;
  let asUser: AuditReport;
  let userStderr = "";
  let finished = false;

  before(async function () {
    d = await startDaemonOrSkip(this, { name: "identity", engine, socketActivated: true });
    // The stock units' socket: root:docker 0660, so a docker-group member can use the daemon.
    const dockerGid = Number(spawnSync("getent", ["group", "docker"], { encoding: "utf8" }).stdout.split(":")[2]);
    chownSync(d.socket, 0, dockerGid);
    chmodSync(d.socket, 0o660);
    impostorUser = createTestUser("imp", "impostor", "dockaudit impostor test");
    auditorUser = createTestUser("aud", "auditor", "dockaudit non-root auditor test");
    dir = mkdtempSync("/tmp/dockaudit-impostor-");
    chmodSync(dir, 0o755);
    // A perl copied as "dockerd": argv[0] and /proc/PID/exe both say dockerd; only the kernel's socket table can tell.
    const exe = join(dir, "dockerd");
    copyFileSync("/usr/bin/perl", exe);
    chmodSync(exe, 0o755);
    writeFileSync(join(dir, "sleep.pl"), "sleep 3600;\n", { mode: 0o644 });
    fifo = join(dir, "daemon.json");
    expect(spawnSync("mkfifo", ["-m", "0644", fifo]).status).to.equal(0);
    impostor = spawn(exe, [join(dir, "sleep.pl"), "--tlsverify", "--icc=false", "--userland-proxy=false", "--log-level=info",
      "-H", d.host, "-H", "tcp://0.0.0.0:2376", "--config-file", fifo], { argv0: "dockerd", uid: impostorUser.uid, gid: impostorUser.gid, stdio: "ignore", detached: true });
    impostor.unref();

    const root = await runCli(["audit", "--docker-host", d.host, "-f", "json", "--timeout", "20"]);
    expect(root.stdout, root.stderr).to.not.equal("");
    asRoot = readReport(root.stdout);
    const user = await runCli(["audit", "--docker-host", d.host, "-f", "json", "--timeout", "20"], { uid: auditorUser.uid, gid: dockerGid, cwd: dir });
    expect(user.stdout, user.stderr).to.not.equal("");
    userStderr = user.stderr;
    asUser = readReport(user.stdout);
    // Both audits returned: neither opened the FIFO (an open for reading blocks until a writer comes). The impostor
    // goes at once, so that no other audit on this machine meets it.
    finished = true;
    killImpostor(impostor);
    releaseFifo(fifo);
  });

  after(() => {
    killImpostor(impostor);
    if (fifo) releaseFifo(fifo);
    return (d?.stop() ?? Promise.resolve()).finally(() => {
      for (const u of [impostorUser, auditorUser]) {
        if (!u) continue;
        spawnSync("userdel", [u.user]);
        rmSync(u.base, { recursive: true, force: true });
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
  });

  it("as root: the real dockerd, through the fd systemd-socket-activate passed it, never the impostor", () => {
    expect(asRoot.daemon.pid).to.equal(d!.pid);
    expect(asRoot.daemon.configFile).to.equal("/etc/docker/daemon.json");
    // The real daemon serves no TCP and runs with the userland proxy: the impostor's forged flags count for nothing.
    expect(result(asRoot, "daemon-userland-proxy-disabled").status).to.equal("fail");
    expect(result(asRoot, "daemon-tcp-tls-verify").status).to.not.equal("error");
    // The impostor's forged listener, as its flag spells it (a bare "2376" also turns up in random temp paths and pids).
    expect(JSON.stringify(result(asRoot, "daemon-tcp-tls-verify"))).to.not.include("tcp://0.0.0.0:2376");
  });

  it("as a non-root docker-group member: the daemon checks are errors naming why, not the impostor's verdicts", () => {
    for (const key of DAEMON_CHECKS) {
      const r = result(asUser, key);
      expect(r.status, key).to.equal("error");
      expect(r.findings.map((f) => f.message).join("\n"), `${key}: ${r.findings.map((f) => f.message).join("\n")}`).to.match(new RegExp(`cannot prove which process serves ${d!.host.replace(/[/.]/g, "\\$&")}: /proc/(${d!.pid}/fd unreadable|PID/fd unreadable for pids ([0-9]+, )*${d!.pid}(, [0-9]+)*) \\(needs root or CAP_SYS_PTRACE\\)`));
    }
    expect(asUser.daemon.pid ?? null, userStderr).to.equal(null);
    expect(asUser.daemon.configFile).to.equal(null);
    expect(JSON.stringify(asUser.daemon.collectionErrors)).to.include("fd unreadable").and.include("(needs root or CAP_SYS_PTRACE)");
  });

  it("never opens the impostor's --config-file (a FIFO): both audits finished without anyone writing to it", () => {
    expect(finished).to.equal(true);
    expect(asRoot.results.length).to.be.greaterThan(100);
    expect(asUser.results.length).to.be.greaterThan(100);
  });
});
