// --host ssh:// as an unprivileged user: a throwaway user that can reach the daemon socket (through a throwaway
// group, as a docker-group member would) but cannot read root's files, other users' /proc/PID/{environ,exe,fd} or
// run auditctl -l. Whatever it cannot read must be `error`, never `pass`: compared with the root SSH audit of the
// same daemon, no check or finding that is `error` or `fail` as root may be `pass` as the unprivileged user.
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AuditReport } from "../../src/engine/types.js";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, importBusyboxImage, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { startSshdOrSkip, type ThrowawaySshd } from "../support/sshd.js";

function statuses(r: AuditReport): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of r.results) {
    out.set(c.key, c.status);
    for (const f of c.findings) out.set(`${c.key} ${f.subject.kind} ${f.subject.name}`, f.status);
  }
  return out;
}

function sh(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
}

describe("real daemon: audit over SSH as an unprivileged user", function () {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  let sshd: ThrowawaySshd | undefined;
  // Short, unique, and recognisable as ours when cleaning up.
  const user = `dau${process.pid % 100000}`;
  let made = false;

  before(async function () {
    if (process.getuid?.() !== 0) this.skip();
    d = await startDaemonOrSkip(this, { name: "ssh-unpriv" });
    sshd = await startSshdOrSkip(this, 1);
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "monitor", "--pid", "host", "--cap-add", "NET_ADMIN", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "web", "--read-only", "--memory", "64m", "-e", "API_TOKEN=s3cr3t-value", BUSYBOX_IMAGE]);
    // The user: no password ("*" is not a locked account, which sshd without PAM would refuse), no home.
    sh("groupadd", [user]);
    sh("useradd", ["-M", "-d", "/nonexistent", "-s", "/bin/sh", "-g", user, user]);
    made = true;
    sh("usermod", ["-p", "*", user]);
    // sshd reads AuthorizedKeysFile as the user logging in.
    chmodSync(sshd.dir, 0o755);
    chmodSync(join(sshd.dir, "authorized_keys"), 0o644);
    // Socket access through the user's group, as a docker-group member has it; the directories stay closed to
    // listing (0711), so only what the socket grants is granted.
    const gid = Number(execFileSync("getent", ["group", user], { encoding: "utf8" }).split(":")[2]);
    chownSync(d.socket, 0, gid);
    chmodSync(d.socket, 0o660);
    for (let p = dirname(d.socket); p !== "/" && p !== "/tmp"; p = dirname(p)) chmodSync(p, statSync(p).mode & 0o7777 | 0o711);
  });

  after(async () => {
    await sshd?.stop();
    await d?.stop();
    if (made) {
      try { sh("pkill", ["-KILL", "-u", user]); } catch { /* no process left */ }
      sh("userdel", [user]);
      try { sh("groupdel", [user]); } catch { /* userdel removed it */ }
    }
  });

  it("never passes what root finds failing or cannot decide, and says why it could not read", async () => {
    const common = ["audit", "-f", "json", "--ssh-key", sshd!.clientKey, "--known-hosts", sshd!.knownHosts, "--docker-host", d!.host];
    const env = { ...process.env, SSH_AUTH_SOCK: "" };
    const asRoot = await runCli([...common, "--host", `ssh://root@127.0.0.1:${sshd!.ports[0]}`], { env });
    const asUser = await runCli([...common, "--host", `ssh://${user}@127.0.0.1:${sshd!.ports[0]}`], { env });
    expect(asRoot.code, asRoot.stderr).to.be.oneOf([0, 1]);
    expect(asUser.code, asUser.stderr).to.be.oneOf([0, 1]);
    const rootReport = JSON.parse(asRoot.stdout) as AuditReport, userReport = JSON.parse(asUser.stdout) as AuditReport;
    const r = statuses(rootReport), u = statuses(userReport);

    const falsePasses = [...r.keys()].filter((k) => (r.get(k) === "fail" || r.get(k) === "error") && u.get(k) === "pass")
      .map((k) => `${k}: root ${r.get(k)} / ${user} pass`);
    expect(falsePasses, falsePasses.join("\n")).to.deep.equal([]);
    // A finding the user sees that root does not (another subject) must not be a pass root could not confirm.
    const onlyUser = [...u.keys()].filter((k) => !r.has(k) && u.get(k) === "pass");
    expect(onlyUser, onlyUser.join("\n")).to.deep.equal([]);

    // The user really was less privileged: some facts root read are errors for it, each with a reason.
    const newErrors = rootReport.results.filter((c) => c.status !== "error" && userReport.results.find((x) => x.key === c.key)?.status === "error");
    expect(newErrors.length, "checks that only the unprivileged user could not decide").to.be.greaterThan(0);
    for (const c of userReport.results.filter((x) => x.status === "error")) {
      const reasons = c.findings.filter((f) => f.status === "error").map((f) => f.message);
      expect(reasons.length, `${c.key} is error without an error finding`).to.be.greaterThan(0);
      for (const m of reasons) expect(m, c.key).to.match(/\S/);
    }
    expect(asUser.stdout).to.not.include("s3cr3t-value");
  });
});
