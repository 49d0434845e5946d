// The pure parts of the SSH transport: targets, ssh_config, known_hosts (plain, hashed, revoked), shell quoting.
import { expect } from "chai";
import { createHmac, randomBytes } from "node:crypto";
import { checkKnownHosts, knownHostsName, parseSshTarget, shellQuote, sshConfigFor } from "../../src/collect/transports/ssh.js";

const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIKxsVmM0aMoW6uXpDk0iS1r6Qv5hQ4ZQkPpR0mUeC8oX";
const OTHER = "AAAAC3NzaC1lZDI1NTE5AAAAIBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

describe("ssh transport: parsing and trust", () => {
  it("parses ssh:// targets and refuses anything else", () => {
    expect(parseSshTarget("ssh://root@10.0.0.5:2222")).to.deep.equal({ user: "root", host: "10.0.0.5", port: 2222 });
    expect(parseSshTarget("ssh://web-1")).to.deep.equal({ host: "web-1" });
    expect(parseSshTarget("ssh://u@[::1]:22")).to.deep.equal({ user: "u", host: "::1", port: 22 });
    for (const bad of ["web-1", "ssh://", "ssh://a@b@c", "ssh://h:99999", "ssh://h/path", "ssh://h;rm -rf /"]) expect(() => parseSshTarget(bad), bad).to.throw(/unsupported host/);
  });

  it("reads the user's ssh_config for a host: first value wins, Host patterns and negation, identity files accumulate", () => {
    const cfg = [
      "Host !bastion *.prod",
      "  User auditor",
      "  IdentityFile ~/.ssh/prod_ed25519",
      "Host web-1.prod",
      "  HostName 10.0.0.5",
      "  Port 2222",
      "  User ignored-because-first-wins",
      "Host *",
      "  IdentityFile ~/.ssh/id_ed25519",
      "  UserKnownHostsFile ~/.ssh/known_hosts_fleet",
    ].join("\n");
    expect(sshConfigFor(cfg, "web-1.prod", "/home/a")).to.deep.equal({
      user: "auditor", hostName: "10.0.0.5", port: 2222,
      identityFiles: ["/home/a/.ssh/prod_ed25519", "/home/a/.ssh/id_ed25519"], userKnownHostsFiles: ["/home/a/.ssh/known_hosts_fleet"],
    });
    expect(sshConfigFor(cfg, "bastion", "/home/a").user).to.equal(undefined);
  });

  it("judges host keys against known_hosts: plain, [host]:port, hashed, changed, another type, revoked", () => {
    const name = knownHostsName("127.0.0.1", 2222);
    expect(name).to.equal("[127.0.0.1]:2222");
    expect(knownHostsName("web-1", 22)).to.equal("web-1");
    expect(checkKnownHosts(`[127.0.0.1]:2222 ssh-ed25519 ${KEY}\n`, "kh", name, "ssh-ed25519", KEY)).to.deep.equal({ state: "known" });
    expect(checkKnownHosts(`127.0.0.1 ssh-ed25519 ${KEY}\n`, "kh", name, "ssh-ed25519", KEY)).to.deep.equal({ state: "unknown" });
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
    expect(checkKnownHosts(`# comment\n${hashed} ssh-ed25519 ${KEY}\n`, "kh", name, "ssh-ed25519", KEY)).to.deep.equal({ state: "known" });
    expect(checkKnownHosts(`x\n${hashed} ssh-ed25519 ${OTHER}\n`, "kh", name, "ssh-ed25519", KEY)).to.deep.equal({ state: "changed", file: "kh", line: 2, recordedTypes: ["ssh-ed25519"], sameType: true });
    // Issue 19: a key of another type recorded for the host is a changed identity too (OpenSSH), not a new host.
    expect(checkKnownHosts(`${name} ssh-rsa AAAAB3Nza\n`, "kh", name, "ssh-ed25519", KEY)).to.deep.equal({ state: "changed", file: "kh", line: 1, recordedTypes: ["ssh-rsa"], sameType: false });
    expect(checkKnownHosts(`@revoked * ssh-ed25519 ${KEY}\n${name} ssh-ed25519 ${KEY}\n`, "kh", name, "ssh-ed25519", KEY).state).to.equal("revoked");
    expect(checkKnownHosts(`@cert-authority *.prod ssh-ed25519 ${KEY}\n`, "kh", name, "ssh-ed25519", KEY)).to.deep.equal({ state: "unknown" });
  });

  it("quotes command words for the remote shell", () => {
    expect(shellQuote("systemctl")).to.equal("systemctl");
    expect(shellQuote("FragmentPath,DropInPaths")).to.equal("FragmentPath,DropInPaths");
    expect(shellQuote("a b")).to.equal("'a b'");
    expect(shellQuote("it's; rm -rf /")).to.equal(`'it'\\''s; rm -rf /'`);
    expect(shellQuote("$(id)")).to.equal("'$(id)'");
  });
});
