// Issue 19 item 5: `verify --allowed-signers` must check and use the same bytes of manifest.json. It used to read the
// manifest twice (once for the signature, once to use it): a manifest swapped in between made a forged bundle verify
// with the signature of a genuine one (13 times in 60). Now every bundle file is read once; these tests count the
// reads, swap the manifest deterministically between them, and race a process that swaps it as fast as it can.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../../checks/index.js";
import { evaluateSnapshot, type VerdictSettings } from "../../src/engine/audit.js";
import { bundleReader, MANIFEST_FILE, verifyBundle, writeEvidence, type BundleRead } from "../../src/evidence/index.js";
import { SIGNATURE_FILE, type Signer } from "../../src/evidence/sshsig.js";
import { container, snapshot } from "../support/fixtures.js";

const root = mkdtempSync(join(tmpdir(), "dockaudit-verify-race-"));
const options: VerdictSettings = { benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false };
const evaluate: Parameters<typeof verifyBundle>[1] = (snap, o) => evaluateSnapshot(snap, o, catalog);

/** An Ed25519 signer made in memory (no ssh-keygen needed) and its allowed_signers line. */
function ed25519Signer(): { signer: Signer; allowed: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from((publicKey.export({ format: "jwk" }) as { x: string }).x, "base64url");
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const blob = Buffer.concat([str(Buffer.from("ssh-ed25519")), str(raw)]);
  return {
    signer: { publicKey: blob, via: "memory", sign: async (data) => ({ format: "ssh-ed25519", blob: cryptoSign(null, data, privateKey) }) },
    allowed: `auditor@example.org ssh-ed25519 ${blob.toString("base64")}\n`,
  };
}

const { signer, allowed } = ed25519Signer();
const allowedInput = { text: allowed, file: "allowed_signers" };
const genuine = join(root, "genuine");
const forged = join(root, "forged");
const attack = join(root, "attack");
/** Outside the bundle directory (an extra entry inside would fail the bundle by itself). */
const spare = join(root, "spare");

/** A reader that counts the reads of each file and may act after one (e.g. swap a file). */
function counting(dir: string, after?: (name: string, n: number) => void): { read: BundleRead; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const inner = bundleReader(dir);
  return {
    counts,
    read: async (name, maxBytes) => {
      try {
        return await inner(name, maxBytes);
      } finally {
        const n = (counts.get(name) ?? 0) + 1;
        counts.set(name, n);
        after?.(name, n);
      }
    },
  };
}

/** The attack: the forged bundle's files, the genuine signature, and manifest.json starting as the genuine one. */
function plantAttack(): void {
  rmSync(attack, { recursive: true, force: true });
  cpSync(forged, attack, { recursive: true });
  copyFileSync(join(genuine, SIGNATURE_FILE), join(attack, SIGNATURE_FILE));
  copyFileSync(join(genuine, MANIFEST_FILE), join(attack, MANIFEST_FILE));
}

/** Puts the forged manifest in place atomically, as an attacker would. */
function swapToForged(): void {
  copyFileSync(join(forged, MANIFEST_FILE), spare);
  renameSync(spare, join(attack, MANIFEST_FILE));
}

describe("verify reads each bundle file once (issue 19 item 5)", function () {
  this.timeout(120_000);
  let swapper: ChildProcess | undefined;

  before(async () => {
    const good = snapshot({ containers: [container("web")] });
    const other = snapshot({ containers: [container("web"), container("admin", { HostConfig: { Privileged: true } })] });
    await writeEvidence(genuine, { snapshot: good, report: evaluate(good, options), argv: ["audit"], options, runStartedAt: new Date(), signer });
    // A complete, self-consistent bundle of other facts, which the trusted key never signed.
    await writeEvidence(forged, { snapshot: other, report: evaluate(other, options), argv: ["audit"], options, runStartedAt: new Date() });
  });

  after(() => {
    swapper?.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  it("a genuine signed bundle verifies, every file read exactly once", async () => {
    const { read, counts } = counting(genuine);
    const r = await verifyBundle(genuine, evaluate, allowedInput, read);
    expect(r.problems).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    expect(r.lines.some((l) => l.startsWith("ok: manifest.json is signed by auditor@example.org"))).to.equal(true);
    const names = readFileSync(join(genuine, MANIFEST_FILE), "utf8");
    const listed = Object.keys((JSON.parse(names) as { files: Record<string, unknown> }).files);
    expect([...counts.keys()].sort()).to.deep.equal([MANIFEST_FILE, SIGNATURE_FILE, ...listed].sort());
    expect([...counts.values()].every((n) => n === 1), JSON.stringify([...counts])).to.equal(true);
  });

  it("the forged bundle alone fails the signature check", async () => {
    const r = await verifyBundle(forged, evaluate, allowedInput);
    expect(r.ok).to.equal(false);
    expect(r.problems.join("\n")).to.match(/manifest\.json\.sig: missing/);
  });

  it("a manifest swapped right after it was read is never read again: the forged bundle does not verify", async () => {
    plantAttack();
    const { read, counts } = counting(attack, (name, n) => { if (name === MANIFEST_FILE && n === 1) swapToForged(); });
    const r = await verifyBundle(attack, evaluate, allowedInput, read);
    expect(counts.get(MANIFEST_FILE)).to.equal(1);
    expect([...counts.values()].every((n) => n === 1)).to.equal(true);
    expect(r.ok).to.equal(false);
    // The signature was checked over the genuine manifest, and that same manifest's digests judged the files.
    expect(r.lines.some((l) => l.startsWith("ok: manifest.json is signed by"))).to.equal(true);
    expect(r.problems.some((p) => /^snapshot\.json: altered/.test(p))).to.equal(true);
  });

  it("with another process swapping manifest.json as fast as it can, a forged bundle never verifies (60 runs)", async () => {
    plantAttack();
    // Flips manifest.json between the genuine and the forged one, atomically, a bounded number of times.
    const script = `
      const fs = require("node:fs");
      const [a, b, tmp, target, count] = process.argv.slice(1);
      for (let i = 0; i < Number(count); i++) { fs.copyFileSync(i % 2 ? a : b, tmp); fs.renameSync(tmp, target); }
    `;
    writeFileSync(join(root, "genuine-manifest.json"), readFileSync(join(genuine, MANIFEST_FILE)));
    swapper = spawn(process.execPath, ["-e", script, join(root, "genuine-manifest.json"), join(forged, MANIFEST_FILE), join(root, "flip.tmp"), join(attack, MANIFEST_FILE), "2000000"], { stdio: "ignore" });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 60; i++) outcomes.push((await verifyBundle(attack, evaluate, allowedInput)).ok);
    swapper.kill("SIGKILL");
    expect(outcomes.filter(Boolean)).to.deep.equal([]);
  });
});
