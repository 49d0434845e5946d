// --host ssh://: the whole snapshot over one SSH connection to a loopback sshd (nothing else on the "remote"),
// compared finding by finding with a local audit of the same throwaway daemon; host-key trust; then a fleet over
// SSH with two reachable hosts, a dead port and a changed host key.
import { expect } from "chai";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../src/cli/exit-codes.js";
import type { AuditReport } from "../../src/engine/types.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import type { FleetReport } from "../../src/fleet/types.js";
import { runCli } from "../support/cli.js";
import { readReport } from "../support/results.js";
import { BUSYBOX_IMAGE, importBusyboxImage, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { startSshdOrSkip, type ThrowawaySshd } from "../support/sshd.js";

function verdicts(r: AuditReport): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of r.results) {
    out.set(c.key, c.status);
    for (const f of c.findings) out.set(`${c.key} ${f.subject.kind} ${f.subject.name}`, `${f.status}: ${f.message}`);
  }
  return out;
}

describe("real daemon: audit over SSH", function () {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  let d2: ThrowawayDaemon | undefined;
  let sshd: ThrowawaySshd | undefined;
  let target = "";
  let sshArgs: string[] = [];

  before(async function () {
    d = await startDaemonOrSkip(this, { name: "ssh-a" });
    sshd = await startSshdOrSkip(this, 2);
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "monitor", "--pid", "host", BUSYBOX_IMAGE]);
    await d.docker(["run", "-d", "--name", "web", "--read-only", "--memory", "64m", "-e", "API_TOKEN=s3cr3t-value", BUSYBOX_IMAGE]);
    target = `ssh://root@127.0.0.1:${sshd.ports[0]}`;
    sshArgs = ["--host", target, "--ssh-key", sshd.clientKey, "--known-hosts", sshd.knownHosts, "--docker-host", d.host];
  });

  after(async () => {
    await sshd?.stop();
    await d?.stop();
    await d2?.stop();
  });

  it("gives the same verdicts, finding by finding, as a local audit of the same daemon", async () => {
    const local = await runCli(["audit", "-f", "json", "--docker-host", d!.host], { env: d!.env });
    const remote = await runCli(["audit", "-f", "json", ...sshArgs], { env: { ...process.env, SSH_AUTH_SOCK: "" } });
    expect(remote.code, remote.stderr).to.equal(local.code);
    const a = verdicts(readReport(local.stdout)), b = verdicts(readReport(remote.stdout));
    const differ = [...a.keys()].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: local ${a.get(k)} / ssh ${b.get(k)}`);
    expect(differ, differ.join("\n")).to.deep.equal([]);
    const extra = [...b.keys()].filter((k) => !a.has(k)).map((k) => `${k}: ssh ${b.get(k)}`);
    expect(extra, extra.join("\n")).to.deep.equal([]);
    // The daemon-level facts really came from the remote side: dockerd matched by its socket, its flags read.
    const report = JSON.parse(remote.stdout) as AuditReport;
    expect(report.daemon.pid).to.equal(d!.pid);
    expect(report.daemon.collectionErrors.map((e) => e.slice)).to.not.include("daemon.process");
  });

  it("collect over SSH records the host, keeps no secret value, and audit --snapshot re-derives the verdicts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-ssh-"));
    const c = await runCli(["collect", "-o", join(dir, "snap.json"), ...sshArgs]);
    expect(c.code, c.stderr).to.equal(EXIT.ok);
    const text = readFileSync(join(dir, "snap.json"), "utf8");
    expect(text).to.not.include("s3cr3t-value");
    const snap = JSON.parse(text) as Snapshot;
    expect(snap.collection.host).to.equal(target);
    expect(snap.daemon.process.ok).to.equal(true);
    const again = await runCli(["audit", "-f", "json", "--snapshot", join(dir, "snap.json")]);
    const live = await runCli(["audit", "-f", "json", ...sshArgs]);
    expect(verdicts(readReport(again.stdout))).to.deep.equal(verdicts(readReport(live.stdout)));
  });

  it("refuses an unknown host key (exit 3, one line, no prompt) unless --accept-new-host-key, which records it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-ssh-kh-"));
    const kh = join(dir, "known_hosts");
    const args = ["--host", target, "--ssh-key", sshd!.clientKey, "--known-hosts", kh, "--docker-host", d!.host, "-f", "json", "--check", "2.2"];
    const refused = await runCli(["audit", ...args]);
    expect(refused.code).to.equal(EXIT.collection);
    expect(refused.stderr.trim().split("\n")).to.have.length(1);
    expect(refused.stderr).to.match(/host key \(ssh-ed25519\) is not in .*known_hosts; verify it and add it, or run once with --accept-new-host-key/);
    const accepted = await runCli(["audit", ...args, "--accept-new-host-key"]);
    expect(accepted.code, accepted.stderr).to.be.oneOf([EXIT.ok, EXIT.failed]);
    expect(readFileSync(kh, "utf8")).to.equal(`[127.0.0.1]:${sshd!.ports[0]} ${sshd!.hostKey}\n`);
    const again = await runCli(["audit", ...args]);
    expect(again.code, again.stderr).to.be.oneOf([EXIT.ok, EXIT.failed]);
  });

  it("refuses a changed host key even with --accept-new-host-key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-ssh-kh-"));
    const kh = join(dir, "known_hosts");
    writeFileSync(kh, `[127.0.0.1]:${sshd!.ports[0]} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxsVmM0aMoW6uXpDk0iS1r6Qv5hQ4ZQkPpR0mUeC8oX\n`);
    const r = await runCli(["audit", "--host", target, "--ssh-key", sshd!.clientKey, "--known-hosts", kh, "--accept-new-host-key", "--docker-host", d!.host]);
    expect(r.code).to.equal(EXIT.collection);
    expect(r.stderr).to.match(/host key \(ssh-ed25519\) differs from the one in .*known_hosts line 1/);
  });

  it("fleet over SSH: two reachable hosts with their own daemons, a dead port and a changed key", async function () {
    d2 = await startDaemonOrSkip(this, { name: "ssh-b" });
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-ssh-fleet-"));
    const kh = join(dir, "known_hosts");
    // Port 2 is the same sshd, but known_hosts holds another key for it: a host whose key changed.
    writeFileSync(kh, `[127.0.0.1]:${sshd!.ports[0]} ${sshd!.hostKey}\n[127.0.0.1]:${sshd!.ports[1]} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxsVmM0aMoW6uXpDk0iS1r6Qv5hQ4ZQkPpR0mUeC8oX\n`);
    writeFileSync(join(dir, "inventory.yaml"), [
      "hosts:",
      `  - { name: alpha, ssh: "ssh://root@127.0.0.1:${sshd!.ports[0]}", docker_host: "${d!.host}", labels: { role: web } }`,
      `  - { name: beta, ssh: "ssh://root@127.0.0.1:${sshd!.ports[0]}", docker_host: "${d2.host}", labels: { role: db } }`,
      `  - { name: dead, ssh: "ssh://root@127.0.0.1:1" }`,
      `  - { name: rekeyed, ssh: "ssh://root@127.0.0.1:${sshd!.ports[1]}", docker_host: "${d!.host}" }`,
    ].join("\n"));
    const r = await runCli(["fleet", "--inventory", join(dir, "inventory.yaml"), "--ssh-key", sshd!.clientKey, "--known-hosts", kh, "--output-dir", join(dir, "out")]);
    expect(r.code, r.stderr).to.equal(EXIT.notAudited);
    const fleet = JSON.parse(readFileSync(join(dir, "out", "fleet.json"), "utf8")) as FleetReport;
    const by = Object.fromEntries(fleet.hosts.map((h) => [h.name, h]));
    expect(by.alpha!.audited && by.beta!.audited).to.equal(true);
    expect(by.alpha!.source).to.equal("ssh");
    expect(by.dead!.audited).to.equal(false);
    expect(by.dead!.reason).to.match(/ECONNREFUSED/);
    expect(by.rekeyed!.reason).to.match(/host key \(ssh-ed25519\) differs/);
    const pid = fleet.checks.find((c) => c.key === "container-host-pid-namespace")!;
    expect(pid.failed).to.deep.equal(["alpha"]);
  });
});
