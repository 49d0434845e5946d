// The single executable (npm run release) against the CLI from the checkout: same outputs byte for byte, same exit
// codes and stderr, run from a directory with no Node on PATH and no node_modules.
import { expect } from "chai";
import { formatArgs } from "../support/format-args.js";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { formatNames } from "../../src/report/index.js";
import { runCli, type CliResult } from "../support/cli.js";
import { container, image, snapshot } from "../support/fixtures.js";
import { buildRelease, RELEASE_BUILD_TIMEOUT_MS, runBare, type Release } from "../support/release.js";

describe("release: the single executable", function () {
  this.timeout(RELEASE_BUILD_TIMEOUT_MS);
  let rel: Release;
  let bare: string;
  let exe: string;
  let snap: string;
  const work = mkdtempSync(join(tmpdir(), "dockaudit-sea-"));

  before(async () => {
    rel = await buildRelease();
    // A directory with only the executable in it, as an operator would download it.
    bare = join(work, "host");
    mkdirSync(join(bare, "empty-path"), { recursive: true });
    exe = join(bare, basename(rel.exe));
    copyFileSync(rel.exe, exe);
    snap = join(work, "snapshot.json");
    writeFileSync(snap, JSON.stringify(snapshot({
      containers: [container("web", { Config: { Labels: { "evil": "<script>\u001b[31m" } } }), container("monitor", { HostConfig: { PidMode: "host", Privileged: true } })],
      images: [image("busybox:1")],
    })));
  });

  const both = async (args: string[]): Promise<[CliResult, CliResult]> =>
    [await runCli(args, { cwd: work }), await runBare(exe, args, { cwd: bare })];

  it("is named dockaudit-<version>-linux-<arch> and its .sha256 file holds its digest in sha256sum -c format", () => {
    expect(basename(rel.exe)).to.match(/^dockaudit-\d+\.\d+\.\d+\S*-linux-(x64|arm64)$/);
    const digest = createHash("sha256").update(readFileSync(rel.exe)).digest("hex");
    expect(readFileSync(rel.sha256File, "utf8")).to.equal(`${digest}  ${basename(rel.exe)}\n`);
  });

  it("prints the same version and help", async () => {
    for (const args of [["--version"], ["--help"], ["audit", "--help"]]) {
      const [a, b] = await both(args);
      expect(b, args.join(" ")).to.deep.equal(a);
    }
    expect((await runBare(exe, ["--version"], { cwd: bare })).stdout.trim()).to.equal(rel.version);
  });

  it("compiles its bundle with the code cache trained at release time, and V8 accepts that cache", async () => {
    const r = await runBare(exe, ["--version"], { cwd: bare, env: { DOCKAUDIT_DEBUG_CODE_CACHE: "1" } });
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal("dockaudit: code cache accepted\n");
    // Without the variable nothing is said about it.
    expect((await runBare(exe, ["--version"], { cwd: bare })).stderr).to.equal("");
  });

  it("names its bundle, not the machine it was built on, in stack traces (--debug)", async () => {
    const r = await runBare(exe, ["--debug", "audit", "--snapshot", join(work, "missing.json")], { cwd: bare });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/\n\s+at .*\(dockaudit\.cjs:\d+:\d+\)/);
    expect(r.stderr).to.not.include(rel.dir);
  });

  for (const format of formatNames()) {
    it(`writes the same ${format} report, byte for byte, with the same exit code and stderr`, async () => {
      const [a, b] = await both(["audit", "--snapshot", snap, "--format", format, ...formatArgs(format)]);
      expect(a.code, a.stderr).to.equal(1);
      expect(a.stdout.length).to.be.greaterThan(100);
      expect(b.stderr).to.equal(a.stderr);
      expect(b.code).to.equal(a.code);
      expect(b.stdout === a.stdout, `${format} output differs`).to.equal(true);
    });
  }

  it("writes the same --output-dir files and evidence bundle (run times aside) and the same catalog listings", async () => {
    const [a, b] = await both(["audit", "--snapshot", snap, "-q", "--output-dir", "out", "--evidence", "bundle"]);
    expect([b.code, b.stdout, b.stderr]).to.deep.equal([a.code, a.stdout, a.stderr]);
    const runTimes = (text: string) => text.replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"/g, '"<time>"');
    for (const sub of ["out", "bundle"]) {
      const names = readdirSync(join(work, sub)).sort();
      expect(readdirSync(join(bare, sub)).sort(), sub).to.deep.equal(names);
      for (const name of names) {
        const [x, y] = [readFileSync(join(work, sub, name), "utf8"), readFileSync(join(bare, sub, name), "utf8")];
        expect(name === "manifest.json" ? runTimes(y) === runTimes(x) : y === x, `${sub}/${name} differs`).to.equal(true);
      }
    }
    // Each verifies the other's bundle.
    expect((await runBare(exe, ["verify", join(work, "bundle")], { cwd: bare })).code).to.equal(0);
    expect((await runCli(["verify", join(bare, "bundle")], { cwd: work })).code).to.equal(0);
    for (const format of ["text", "markdown", "json"]) {
      const [x, y] = await both(["checks", "-f", format]);
      expect(y, format).to.deep.equal(x);
    }
  });

  it("exits with the same codes and lines on usage, snapshot and configuration errors", async () => {
    writeFileSync(join(work, "bad.yaml"), "faillOn: high\n");
    writeFileSync(join(bare, "bad.yaml"), "faillOn: high\n");
    for (const args of [
      ["audit", "--snapshot", snap, "-f", "nope"],
      ["audit", "--snapshot", join(work, "missing.json")],
      ["audit", "--snapshot", snap, "--check", "99.99"],
      ["audit", "--snapshot", snap, "--config", "bad.yaml"],
      ["audit", "--docker-host", "unix:///nonexistent/docker.sock", "-f", "json"],
    ]) {
      const [a, b] = await both(args);
      expect(b, args.join(" ")).to.deep.equal(a);
      expect(a.code, args.join(" ")).to.be.greaterThan(1);
    }
  });

  it("reads the templates, schemas and data embedded in it: no file beside it is needed", async () => {
    const r = await runBare(exe, ["audit", "--snapshot", snap, "-q", "--output-dir", "reports"], { cwd: bare });
    expect(r.code, r.stderr).to.equal(1);
    expect(readdirSync(join(bare, "reports")).sort()).to.deep.equal(["report.hdf.json", "report.html", "report.json", "report.xml"]);
    expect(readFileSync(join(bare, "reports", "report.html"), "utf8")).to.match(/^<!doctype html>/i).and.contain("<html").and.not.contain("<script>\u001b");
  });
});
