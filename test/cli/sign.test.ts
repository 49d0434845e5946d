// Signed evidence bundles, proved against the real OpenSSH: what dockaudit signs, ssh-keygen -Y verify accepts,
// and what ssh-keygen -Y sign writes, dockaudit verifies; Ed25519 and RSA, key files and ssh-agent.
import { expect } from "chai";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { checkAgainstAllowedSigners, checkSignature, loadSigner, parseAllowedSigners, parseSignature, principalMatches, SIG_NAMESPACE, signMessage } from "../../src/evidence/sshsig.js";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-sign-"));
const key = (name: string) => join(dir, name);

function keygen(name: string, type: "ed25519" | "rsa", passphrase = ""): void {
  execFileSync("ssh-keygen", ["-q", "-t", type, ...(type === "rsa" ? ["-b", "2048"] : []), "-N", passphrase, "-C", `${name}@test`, "-f", key(name)]);
}

function pubLine(name: string): string {
  return readFileSync(`${key(name)}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
}

/** ssh-keygen -Y verify, exactly as the README tells auditors to run it. */
function sshVerify(allowed: string, id: string, sigFile: string, message: Buffer): { ok: boolean; out: string } {
  const r = spawnSync("ssh-keygen", ["-Y", "verify", "-f", allowed, "-I", id, "-n", SIG_NAMESPACE, "-s", sigFile], { input: message });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function sshSign(name: string, message: Buffer, namespace = SIG_NAMESPACE): string {
  const file = join(dir, `msg-${name}-${namespace}`);
  writeFileSync(file, message);
  execFileSync("ssh-keygen", ["-Y", "sign", "-f", key(name), "-n", namespace, file], { stdio: "ignore" });
  return readFileSync(`${file}.sig`, "utf8");
}

describe("evidence signing (SSHSIG) against the real ssh-keygen", function () {
  this.timeout(60_000);
  const allowed = join(dir, "allowed_signers");
  const message = Buffer.from('{\n  "manifestVersion": 1,\n  "files": {}\n}\n');

  before(() => {
    keygen("ed", "ed25519");
    keygen("rsa", "rsa");
    keygen("enc", "ed25519", "correct horse");
    keygen("other", "ed25519");
    writeFileSync(allowed, [
      "# auditors",
      `auditor@example.org ${pubLine("ed")}`,
      `rsa-signer@example.org namespaces="${SIG_NAMESPACE},file" ${pubLine("rsa")}`,
      `agent@example.org ${pubLine("enc")}`,
    ].join("\n") + "\n");
  });

  for (const [name, id, label] of [["ed", "auditor@example.org", "ED25519"], ["rsa", "rsa-signer@example.org", "RSA"]] as const) {
    it(`a ${label} key file: ssh-keygen -Y verify accepts our signature, and rejects it once a byte changes`, async () => {
      const signer = await loadSigner(key(name), {});
      const sig = await signMessage(signer, message);
      const sigFile = join(dir, `${name}.sig`);
      writeFileSync(sigFile, sig);
      const good = sshVerify(allowed, id, sigFile, message);
      expect(good.ok, good.out).to.equal(true);
      expect(good.out).to.contain(`Good "${SIG_NAMESPACE}" signature for ${id} with ${label} key`);
      for (const at of [0, Math.floor(message.length / 2), message.length - 1]) {
        const altered = Buffer.from(message);
        altered[at] = altered[at]! ^ 0x01;
        expect(sshVerify(allowed, id, sigFile, altered).ok, `byte ${at}`).to.equal(false);
      }
    });

    it(`a ${label} signature by ssh-keygen -Y sign verifies with dockaudit, and fails for any changed byte`, () => {
      const sig = sshSign(name, message);
      const parsed = parseSignature(sig);
      expect(checkSignature(parsed, message, SIG_NAMESPACE)).to.deep.equal({ ok: true });
      expect(checkAgainstAllowedSigners(sig, message, readFileSync(allowed, "utf8"), "allowed_signers").ok).to.equal(true);
      for (let at = 0; at < message.length; at++) {
        const altered = Buffer.from(message);
        altered[at] = altered[at]! ^ 0x20;
        expect(checkSignature(parsed, altered, SIG_NAMESPACE).ok, `byte ${at}`).to.equal(false);
      }
    });
  }

  it("refuses a signature made for another namespace, a signer not in the file, and an unsigned bundle", async () => {
    const text = readFileSync(allowed, "utf8");
    const otherNs = checkAgainstAllowedSigners(sshSign("ed", message, "file"), message, text, "allowed_signers");
    expect(otherNs.problems.join()).to.contain('namespace "file", not "dockaudit-evidence"');
    const stranger = await signMessage(await loadSigner(key("other"), {}), message);
    const s = checkAgainstAllowedSigners(stranger, message, text, "allowed_signers");
    expect(s.ok).to.equal(false);
    expect(s.problems.join()).to.match(/signed by ssh-ed25519 key SHA256:\S+, which allowed_signers does not allow/);
    const unsigned = checkAgainstAllowedSigners(null, message, text, "allowed_signers");
    expect(unsigned.problems.join()).to.contain("the bundle is unsigned");
    const limited = `x@y namespaces="git" ${pubLine("ed")}\nold@y valid-before="20200101Z" ${pubLine("ed")}\n`;
    const l = checkAgainstAllowedSigners(await signMessage(await loadSigner(key("ed"), {}), message), message, limited, "f");
    expect(l.ok).to.equal(false);
    expect(l.problems.join()).to.contain("limits it to namespaces git").and.contain("valid only before 2020-01-01");
  });

  it("reads allowed_signers as ssh-keygen does: options, quoted lists, comments, principal patterns", () => {
    const { signers, problems } = parseAllowedSigners(`# c\n\n*@example.org,!bad@example.org cert-authority,namespaces="a,b" ${pubLine("ed")}\nbroken line\n`);
    expect(signers).to.have.length(1);
    expect(signers[0]).to.include({ principals: "*@example.org,!bad@example.org", certAuthority: true });
    expect(signers[0]!.namespaces).to.deep.equal(["a", "b"]);
    expect(problems).to.have.length(1);
    expect(principalMatches("*@example.org,!bad@example.org", "me@example.org")).to.equal(true);
    expect(principalMatches("*@example.org,!bad@example.org", "bad@example.org")).to.equal(false);
  });

  it("an encrypted key without an agent is a clear error; an unreadable key names the file", async () => {
    let err: Error | undefined;
    await loadSigner(key("enc"), {}).catch((e: Error) => (err = e));
    expect(err?.message).to.contain("the key is encrypted and no SSH agent is running");
    await loadSigner(join(dir, "nope"), {}).catch((e: Error) => (err = e));
    expect(err?.message).to.contain("nope: ENOENT");
  });

  describe("through ssh-agent", () => {
    let agent: ReturnType<typeof spawn> | undefined;
    const sock = join(dir, "agent.sock");
    const env = () => ({ ...process.env, SSH_AUTH_SOCK: sock });

    before(async function () {
      agent = spawn("ssh-agent", ["-D", "-a", sock], { stdio: "ignore" });
      for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(100);
      const askpass = join(dir, "askpass.sh");
      writeFileSync(askpass, "#!/bin/sh\necho 'correct horse'\n");
      chmodSync(askpass, 0o700);
      execFileSync("ssh-add", [key("enc"), key("rsa")], { env: { ...env(), SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: "force", DISPLAY: ":0" }, stdio: "ignore" });
    });

    after(() => {
      if (agent?.pid) process.kill(agent.pid);
    });

    it("signs with an encrypted key the agent holds, and with a public key file; ssh-keygen accepts both", async () => {
      for (const [k, id] of [["enc", "agent@example.org"], ["rsa.pub", "rsa-signer@example.org"]] as const) {
        const signer = await loadSigner(key(k), env());
        expect(signer.via).to.equal("ssh-agent");
        const sigFile = join(dir, `agent-${k}.sig`);
        writeFileSync(sigFile, await signMessage(signer, message));
        const r = sshVerify(allowed, id, sigFile, message);
        expect(r.ok, r.out).to.equal(true);
      }
    });

    it("names the key when the agent does not hold it", async () => {
      let err: Error | undefined;
      await loadSigner(`${key("other")}.pub`, env()).catch((e: Error) => (err = e));
      expect(err?.message).to.match(/the SSH agent does not hold this key \(SHA256:/);
    });
  });

  describe("the CLI: audit --evidence --sign-key, verify --allowed-signers", () => {
    const snapFile = join(dir, "snapshot.json");
    const ev = join(dir, "bundle");
    before(() => {
      writeFileSync(snapFile, JSON.stringify(snapshot({ containers: [container("web"), container("agent", { HostConfig: { PidMode: "host" } })] })));
    });

    it("signs the manifest; ssh-keygen and dockaudit verify both accept it, and both refuse it once a byte changes", async () => {
      const run = await runCli(["audit", "--snapshot", snapFile, "--evidence", ev, "--sign-key", key("ed"), "-q"]);
      expect(run.code, run.stderr).to.equal(1);
      expect(readdirSync(ev)).to.include.members(["manifest.json", "manifest.json.sig"]);
      const manifest = readFileSync(join(ev, "manifest.json"));
      const ok = sshVerify(allowed, "auditor@example.org", join(ev, "manifest.json.sig"), manifest);
      expect(ok.ok, ok.out).to.equal(true);
      const v = await runCli(["verify", ev, "--allowed-signers", allowed]);
      expect(v.code, v.stdout + v.stderr).to.equal(0);
      expect(v.stdout).to.contain("ok: manifest.json is signed by auditor@example.org (ssh-ed25519 key SHA256:");

      const altered = join(dir, "altered");
      cpSync(ev, altered, { recursive: true });
      const changed = Buffer.from(manifest);
      const at = manifest.indexOf('"hostname"') + 2;
      changed[at] = changed[at]! ^ 0x01;
      writeFileSync(join(altered, "manifest.json"), changed);
      expect(sshVerify(allowed, "auditor@example.org", join(altered, "manifest.json.sig"), changed).ok).to.equal(false);
      const bad = await runCli(["verify", altered, "--allowed-signers", allowed]);
      expect(bad.code).to.equal(1);
      expect(bad.stdout).to.contain("DIFFERS: manifest.json.sig: the signature does not match manifest.json");
    });

    it("verify without --allowed-signers notes the signature; with it, an unsigned bundle or a stranger's key fails", async () => {
      const plain = await runCli(["verify", ev]);
      expect(plain.code).to.equal(0);
      expect(plain.stdout).to.contain("manifest.json.sig is present but was not checked");
      const unsigned = join(dir, "unsigned");
      expect((await runCli(["audit", "--snapshot", snapFile, "--evidence", unsigned, "-q"])).code).to.equal(1);
      const u = await runCli(["verify", unsigned, "--allowed-signers", allowed]);
      expect(u.code).to.equal(1);
      expect(u.stdout).to.contain("the bundle is unsigned");
      const strangers = join(dir, "strangers");
      writeFileSync(strangers, `someone@example.org ${pubLine("other")}\n`);
      const s = await runCli(["verify", ev, "--allowed-signers", strangers]);
      expect(s.code).to.equal(1);
      expect(s.stdout).to.match(/signed by ssh-ed25519 key SHA256:\S+, which .*strangers does not allow/);
    });

    it("re-writing a bundle without --sign-key removes the old signature rather than leave one that no longer fits", async () => {
      const b = join(dir, "rewritten");
      await runCli(["audit", "--snapshot", snapFile, "--evidence", b, "--sign-key", key("ed"), "-q"]);
      expect(existsSync(join(b, "manifest.json.sig"))).to.equal(true);
      await runCli(["audit", "--snapshot", snapFile, "--evidence", b, "-q"]);
      expect(existsSync(join(b, "manifest.json.sig"))).to.equal(false);
    });

    it("--sign-key without --evidence, or an encrypted key without an agent, is a usage error and writes nothing", async () => {
      const a = await runCli(["audit", "--snapshot", snapFile, "--sign-key", key("ed")]);
      expect(a.code).to.equal(2);
      expect(a.stderr).to.contain("--sign-key needs --evidence");
      const none = join(dir, "none");
      const env = { ...process.env };
      delete env.SSH_AUTH_SOCK;
      const e = await runCli(["audit", "--snapshot", snapFile, "--evidence", none, "--sign-key", key("enc")], { env });
      expect(e.code).to.equal(2);
      expect(e.stderr).to.contain("the key is encrypted and no SSH agent is running");
      expect(existsSync(none)).to.equal(false);
    });
  });
});

describe("evidence signing: hostile signature files", () => {
  it("does not follow a symbolic link, refuses an oversized file, and prints no control character from a signature", async () => {
    const { symlinkSync, mkdirSync } = await import("node:fs");
    const { readSignatureFile } = await import("../../src/evidence/sshsig.js");
    const d = mkdtempSync(join(tmpdir(), "dockaudit-sig-hostile-"));
    mkdirSync(join(d, "b"));
    writeFileSync(join(d, "secret"), "-----BEGIN SSH SIGNATURE-----\n");
    symlinkSync(join(d, "secret"), join(d, "b", "manifest.json.sig"));
    const linked = await readSignatureFile(join(d, "b", "manifest.json.sig"));
    expect(linked).to.be.instanceOf(Error);
    expect((linked as Error).message).to.contain("symbolic link, not followed");
    writeFileSync(join(d, "big.sig"), "x".repeat(70 * 1024));
    expect(((await readSignatureFile(join(d, "big.sig"))) as Error).message).to.contain("larger than");
    expect(await readSignatureFile(join(d, "none.sig"))).to.equal(null);
    // A well-formed signature whose names carry terminal escapes.
    const str = (s: string | Buffer) => { const b = Buffer.from(s); const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };
    const evil = "\x1b]0;pwned\x07\x1b[2J";
    const blob = Buffer.concat([Buffer.from("SSHSIG"), Buffer.from([0, 0, 0, 1]), str(str(evil)), str(evil), str(""), str("sha512"), str(Buffer.concat([str(evil), str("x")]))]);
    const armored = `-----BEGIN SSH SIGNATURE-----\n${blob.toString("base64")}\n-----END SSH SIGNATURE-----\n`;
    const r = checkAgainstAllowedSigners(armored, Buffer.from("m"), "", "allowed_signers");
    expect(r.ok).to.equal(false);
    expect(r.problems.join()).to.contain("namespace").and.not.match(/[\x00-\x1f\x7f]/);
  });
});
