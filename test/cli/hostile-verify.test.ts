// Issue 9.2 and 9.3: `verify` on a hostile bundle. It reads only regular files of the bundle (no symlink, FIFO,
// device, directory or hard link), caps sizes, never prints what it read, fails on files the manifest does not list,
// treats "__proto__" and "constructor" as plain names, and re-renders every report to prove its whole text.
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../../checks/index.js";
import { evaluateSnapshot } from "../../src/engine/audit.js";
import { firstDifference, MAX_BUNDLE_FILE_BYTES, verifyBundle, writeEvidence, type Manifest, type VerdictOptions, type VerifyResult } from "../../src/evidence/index.js";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";

const PLANTED = "PLANTED-secret-content-4f1a";
const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const reevaluate = (snap: Parameters<typeof evaluateSnapshot>[0], o: Parameters<typeof evaluateSnapshot>[1]) => evaluateSnapshot(snap, o, catalog);
const options: VerdictOptions = { benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false };

const root = mkdtempSync(join(tmpdir(), "dockaudit-hostile-verify-"));
/** A file outside the bundle that verify must never read or print. */
const secretFile = join(root, "secret.txt");
writeFileSync(secretFile, `${PLANTED}\n`);
const good = join(root, "good");

const manifestOf = (b: string) => JSON.parse(readFileSync(join(b, "manifest.json"), "utf8")) as Manifest;
const writeManifest = (b: string, m: unknown) => writeFileSync(join(b, "manifest.json"), JSON.stringify(m, null, 2));

function copy(name: string): string {
  const to = join(root, name);
  rmSync(to, { recursive: true, force: true });
  cpSync(good, to, { recursive: true });
  return to;
}

/** Records `file` in the manifest with the digest of `data`, as a careful forger would. */
function recordDigest(b: string, file: string, data: Buffer | string): void {
  const m = manifestOf(b);
  (m.files as Record<string, unknown>)[file] = { sha256: sha(data), bytes: Buffer.byteLength(data) };
  writeManifest(b, m);
}

function forge(b: string, file: string, edit: (text: string) => string): void {
  const text = edit(readFileSync(join(b, file), "utf8"));
  expect(text, `the edit of ${file} changed nothing`).to.not.equal(readFileSync(join(b, file), "utf8"));
  writeFileSync(join(b, file), text);
  recordDigest(b, file, text);
}

async function verify(b: string): Promise<VerifyResult & { ms: number; text: string }> {
  const t = process.hrtime.bigint();
  const r = await verifyBundle(b, reevaluate);
  return { ...r, ms: Number(process.hrtime.bigint() - t) / 1e6, text: [...r.lines, ...r.problems].join("\n") };
}

describe("hostile input: verify (issue 9.2, 9.3)", function () {
  this.timeout(30_000);

  before(async () => {
    const snap = snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] });
    const report = evaluateSnapshot(snap, options as Parameters<typeof evaluateSnapshot>[1], catalog);
    await writeEvidence(good, { snapshot: snap, report, argv: ["audit"], options, runStartedAt: new Date() });
  });

  it("accepts the untouched bundle, reproducing every report byte for byte", async () => {
    const r = await verify(good);
    expect(r.problems).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    expect(r.lines).to.include("ok: re-rendering reproduces report.json, report.html, report.xml, report.hdf.json byte for byte");
  });

  it("rejects a symlinked report (even with the target's digest recorded) without reading or printing the target", async () => {
    const b = copy("symlink");
    rmSync(join(b, "report.html"));
    symlinkSync(secretFile, join(b, "report.html"));
    recordDigest(b, "report.html", readFileSync(secretFile));
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems).to.include("report.html: is a symbolic link, not a regular file");
    expect(r.text).to.not.contain(PLANTED).and.not.contain(secretFile);
    console.log(`      (rejected in ${r.ms.toFixed(0)} ms)`);
  });

  it("rejects a symlinked manifest without printing what it points to", async () => {
    const b = copy("symlink-manifest");
    const fake = join(root, "fake-manifest.json");
    writeFileSync(fake, JSON.stringify({ ...manifestOf(b), note: PLANTED }));
    rmSync(join(b, "manifest.json"));
    symlinkSync(fake, join(b, "manifest.json"));
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems).to.deep.equal(["manifest.json: is a symbolic link, not a regular file"]);
  });

  it("rejects a FIFO in place of a report, and an extra FIFO, without blocking", async function () {
    this.timeout(5_000); // a blocking open or read would hang here
    const b = copy("fifo");
    rmSync(join(b, "report.xml"));
    execFileSync("mkfifo", [join(b, "report.xml")]);
    execFileSync("mkfifo", [join(b, "pipe")]);
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems).to.include("report.xml: is a FIFO, not a regular file");
    expect(r.problems).to.include("pipe: not listed in the manifest (a bundle holds only the files its manifest lists)");
    console.log(`      (rejected in ${r.ms.toFixed(0)} ms)`);
  });

  it("fails on any file, link or directory the manifest does not list, and prints none of their content", async () => {
    const b = copy("extra");
    writeFileSync(join(b, "notes.txt"), PLANTED);
    symlinkSync(secretFile, join(b, "link"));
    mkdirSync(join(b, "sub"));
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    for (const name of ["link", "notes.txt", "sub"]) expect(r.problems).to.include(`${name}: not listed in the manifest (a bundle holds only the files its manifest lists)`);
    expect(r.lines).to.include("ok: 5 files match their SHA-256 digests");
    expect(r.text).to.not.contain(PLANTED);
  });

  it("rejects a report hard-linked to a file outside the bundle", async () => {
    const b = copy("hardlink");
    const outside = join(root, "outside.json");
    cpSync(join(b, "report.json"), outside);
    rmSync(join(b, "report.json"));
    linkSync(outside, join(b, "report.json"));
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems).to.include("report.json: has 2 hard links (a file of its own has one)");
  });

  it("handles manifest entries and files named __proto__ and constructor as plain names", async () => {
    const b = copy("proto");
    writeFileSync(join(b, "constructor"), "x");
    writeFileSync(join(b, "__proto__"), "x");
    let r = await verify(b);
    expect(r.problems).to.include("constructor: not listed in the manifest (a bundle holds only the files its manifest lists)");
    expect(r.problems).to.include("__proto__: not listed in the manifest (a bundle holds only the files its manifest lists)");
    const text = readFileSync(join(b, "manifest.json"), "utf8");
    const entry = JSON.stringify({ sha256: sha("x"), bytes: 1 });
    writeFileSync(join(b, "manifest.json"), text.replace('"files": {', `"files": { "__proto__": ${entry}, "constructor": ${entry}, "hasOwnProperty": ${entry},`));
    r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems).to.include("__proto__: listed in the manifest, but not a file dockaudit writes into a bundle (nothing could prove it)");
    expect(r.problems).to.include("constructor: listed in the manifest, but not a file dockaudit writes into a bundle (nothing could prove it)");
  });

  it("refuses a file larger than its recorded size or the cap without reading it", async () => {
    const b = copy("big");
    truncateSync(join(b, "report.html"), MAX_BUNDLE_FILE_BYTES + 1); // sparse: costs no disk
    let r = await verify(b);
    expect(r.problems).to.include(`report.html: altered (larger than the ${manifestOf(good).files["report.html"]!.bytes} bytes the manifest records)`);
    const m = manifestOf(b);
    m.files["report.html"]!.bytes = MAX_BUNDLE_FILE_BYTES + 1;
    writeManifest(b, m);
    r = await verify(b);
    expect(r.problems).to.include("report.html: is 256 MiB, more than the 256 MiB dockaudit reads");
    console.log(`      (rejected in ${r.ms.toFixed(0)} ms)`);
  });

  it("names a manifest that is not JSON by position, never quoting it; and one of the wrong shape without crashing", async () => {
    const b = copy("badjson");
    writeFileSync(join(b, "manifest.json"), `{"files": ${PLANTED}}`);
    let r = await verify(b);
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]).to.match(/^manifest\.json: not valid JSON( \(line 1, column \d+\))?$/);
    for (const broken of [[], { manifestVersion: 1 }, { ...manifestOf(good), files: [] }, { ...manifestOf(good), options: { ...options, check: "5" } },
      { ...manifestOf(good), files: { "report.json": { sha256: PLANTED, bytes: 1 } } }, { ...manifestOf(good), host: null }]) {
      writeManifest(b, broken);
      r = await verify(b);
      expect(r.ok).to.equal(false);
      expect(r.problems[0]).to.match(/^manifest\.json: /);
      expect(r.text).to.not.contain(PLANTED);
    }
  });

  it("rejects a snapshot that is not JSON by position, never quoting it", async () => {
    const b = copy("badsnap");
    forge(b, "snapshot.json", () => `{"schemaVersion": 1, ${PLANTED}`);
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems.at(-1)).to.match(/^nothing re-derived: snapshot\.json: not valid JSON/);
    expect(r.text).to.not.contain(PLANTED);
  });

  describe("rewritten report text with a recomputed digest", () => {
    const cases: [string, string, (t: string) => string][] = [
      ["the score in report.json", "report.json", (t) => t.replace(/"score": [\d.]+/, '"score": 100')],
      ["a finding's message in report.json", "report.json", (t) => t.replace("shares the host's PID namespace", "does not share the host's PID namespace")],
      ["a remediation in report.json", "report.json", (t) => t.replace(/"remediation": "[^"]*"/, '"remediation": "Nothing to do."')],
      ["HTML text", "report.html", (t) => t.replace("monitor", "m0nitor")],
      ["a remediation in the HTML", "report.html", (t) => t.replace("Start the container without --pid&#x3D;host", "No action needed")],
      ["the JUnit XML", "report.xml", (t) => t.replace(/failures="\d+"/, 'failures="0"')],
    ];
    for (const [what, file, edit] of cases) {
      it(`fails when ${what} was rewritten`, async () => {
        const b = copy(`rewrite-${file}-${what.replace(/\W+/g, "-")}`);
        forge(b, file, edit);
        const r = await verify(b);
        expect(r.ok).to.equal(false);
        expect(r.lines).to.include("ok: 5 files match their SHA-256 digests");
        expect(r.problems.some((p) => p.startsWith(`${file}: differs from the report re-rendered from snapshot.json with the recorded options (first difference at line `)), r.text).to.equal(true);
      });
    }
  });

  it("fails, saying which version can verify it, when the manifest names another dockaudit version", async () => {
    const b = copy("version");
    const m = manifestOf(b);
    m.tool.version = "0.0.1";
    writeManifest(b, m);
    const r = await verify(b);
    expect(r.ok).to.equal(false);
    expect(r.problems.join("\n")).to.contain("the bundle was made by dockaudit 0.0.1").and.contain("verify it with dockaudit 0.0.1");
  });

  it("through the CLI: exit 1, no content of a linked, extra or FIFO file on stdout or stderr", async () => {
    const b = copy("cli");
    rmSync(join(b, "report.json"));
    symlinkSync(secretFile, join(b, "report.json"));
    writeFileSync(join(b, "extra.txt"), PLANTED);
    execFileSync("mkfifo", [join(b, "fifo")]);
    const r = await runCli(["verify", b]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("DIFFERS: report.json: is a symbolic link, not a regular file");
    expect(r.stdout).to.contain("DIFFERS: extra.txt: not listed in the manifest");
    expect(r.stdout).to.contain("DIFFERS: fifo: not listed in the manifest");
    expect(r.stdout + r.stderr).to.not.contain(PLANTED);
    expect(r.stdout.trim().split("\n").pop()).to.match(/^NOT verified: \d+ problem\(s\)$/);
  });

  it("firstDifference gives the line and column where two texts part", () => {
    expect(firstDifference("ab\ncd\n", "ab\ncx\n")).to.deep.equal({ line: 2, column: 2 });
    expect(firstDifference("abc", "abcd")).to.deep.equal({ line: 1, column: 4 });
  });
});
