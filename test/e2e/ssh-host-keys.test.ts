// Host keys as strict as OpenSSH (issue 19 item 3), against a real sshd on loopback holding an ed25519 and an RSA
// host key, on two ports. No dockerd is needed: a run that gets past the host key fails later on the missing Docker
// socket (exit 3 with that reason), which tells it apart from a refused key (exit 3, REMOTE HOST IDENTIFICATION …).
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../src/cli/exit-codes.js";
import { runCli } from "../support/cli.js";
import { startSshdOrSkip, type ThrowawaySshd } from "../support/sshd.js";

const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
};

describe("real sshd: host keys as strict as OpenSSH", function () {
  this.timeout(120_000);
  let sshd: ThrowawaySshd | undefined;
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-hostkeys-"));
  /** An ECDSA key of some other machine: a type this sshd does not have. */
  let foreignEcdsa = "";

  before(async function () {
    sshd = await startSshdOrSkip(this, 2, { extraHostKeys: ["rsa"] });
    const r = spawnSync("ssh-keygen", ["-q", "-t", "ecdsa", "-N", "", "-f", join(dir, "foreign_ecdsa")], { encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    foreignEcdsa = readFileSync(join(dir, "foreign_ecdsa.pub"), "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  });

  after(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const name = (i = 0) => `[127.0.0.1]:${sshd!.ports[i]}`;
  async function audit(knownHosts: string, accept = true) {
    return runCli(["audit", "--no-config", "--host", `ssh://root@127.0.0.1:${sshd!.ports[0]}`, "--ssh-key", sshd!.clientKey, "--known-hosts", knownHosts,
      ...(accept ? ["--accept-new-host-key"] : []), "--docker-host", "unix:///nonexistent/docker.sock", "--timeout", "10", "-f", "json"],
    { env: { ...process.env, SSH_AUTH_SOCK: "" } });
  }
  function knownHosts(file: string, text: string): string {
    const p = join(dir, file);
    writeFileSync(p, text);
    return p;
  }

  for (const [what, line] of [
    ["plain", () => `${name()} ${foreignEcdsa}\n`],
    ["hashed", () => `${hashed(name())} ${foreignEcdsa}\n`],
    ["in a comma-separated list", () => `web-9,${name()},10.9.9.9 ${foreignEcdsa}\n`],
  ] as const) {
    it(`a key of another type recorded for [host]:port (${what}): refused with --accept-new-host-key, exit 3, one line, nothing appended`, async () => {
      const text = `# fleet hosts\n${line()}`;
      const kh = knownHosts(`other-type-${what.replace(/\W+/g, "-")}`, text);
      const r = await audit(kh);
      expect(r.code, r.stderr).to.equal(EXIT.collection);
      expect(r.stdout).to.equal("");
      expect(r.stderr.trim().split("\n")).to.have.length(1);
      expect(r.stderr).to.match(new RegExp(`^dockaudit: cannot audit ssh://root@127\\.0\\.0\\.1:${sshd!.ports[0]}: REMOTE HOST IDENTIFICATION HAS CHANGED: the host offered a ssh-(ed25519|rsa) key, and a key of another type \\(ecdsa-sha2-nistp256\\) is recorded for \\[127\\.0\\.0\\.1\\]:${sshd!.ports[0]} in .* line 2; refusing to connect and recording nothing`));
      expect(readFileSync(kh, "utf8"), "nothing appended").to.equal(text);
    });
  }

  it("a host holding several keys shows the recorded one: only its RSA key recorded is a known host (OpenSSH's algorithm order)", async () => {
    const text = `${name()} ${sshd!.extraHostKeys["ssh-rsa"]}\n`;
    const kh = knownHosts("rsa-only", text);
    const r = await audit(kh, false);
    expect(r.stderr).not.to.match(/host key|IDENTIFICATION/);
    expect(r.stderr).to.match(/nonexistent\/docker\.sock/);
    expect(readFileSync(kh, "utf8")).to.equal(text);
  });

  it("the same name on another port is another host: new, recorded with --accept-new-host-key", async () => {
    const text = `${name(1)} ${foreignEcdsa}\n127.0.0.1 ${foreignEcdsa}\n`;
    const kh = knownHosts("other-port", text);
    const refused = await audit(kh, false);
    expect(refused.code).to.equal(EXIT.collection);
    expect(refused.stderr).to.match(/is not in .* run once with --accept-new-host-key/);
    const accepted = await audit(kh);
    expect(accepted.stderr).not.to.match(/host key|IDENTIFICATION/);
    expect(readFileSync(kh, "utf8")).to.equal(`${text}${name()} ${sshd!.hostKey}\n`);
  });

  it("a revoked key is refused even with --accept-new-host-key; a @cert-authority line alone is refused as unsupported", async () => {
    const revoked = knownHosts("revoked", `@revoked * ${sshd!.hostKey}\n@revoked * ${sshd!.extraHostKeys["ssh-rsa"]}\n`);
    const r1 = await audit(revoked);
    expect(r1.code).to.equal(EXIT.collection);
    expect(r1.stderr).to.match(/is marked @revoked in .*revoked line [12]: refusing to connect/);
    expect(readFileSync(revoked, "utf8")).not.to.include(name());
    const ca = knownHosts("ca", `@cert-authority [127.0.0.1]:* ${foreignEcdsa}\n`);
    const r2 = await audit(ca);
    expect(r2.code).to.equal(EXIT.collection);
    expect(r2.stderr).to.match(/trusts host certificates \(@cert-authority\) for .* which dockaudit does not support/);
    expect(readFileSync(ca, "utf8")).not.to.include(`${name()} `);
  });
});
