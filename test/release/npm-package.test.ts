// The npm package (npm run release → dockaudit-<version>.tgz): installs globally into a clean prefix offline, with
// its dependencies bundled, no dev dependency and no build step, and audits like the checkout.
import { expect } from "chai";
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import { buildRelease, RELEASE_BUILD_TIMEOUT_MS, runBare, type Release } from "../support/release.js";

const modules0 = (prefix: string) => join(prefix, "lib", "node_modules", "dockaudit", "node_modules");

describe("release: the npm package", function () {
  this.timeout(RELEASE_BUILD_TIMEOUT_MS);
  let rel: Release;
  const work = mkdtempSync(join(tmpdir(), "dockaudit-npm-"));
  const prefix = join(work, "prefix");
  let install: { code: number; stderr: string };

  before(async () => {
    rel = await buildRelease();
    // --offline: nothing may come from a registry; an empty cache proves the tarball needs none.
    install = await new Promise((resolve) => {
      execFile("npm", ["install", "--global", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, "--cache", join(work, "empty-cache"), rel.tarball],
        { cwd: work, timeout: RELEASE_BUILD_TIMEOUT_MS, maxBuffer: 16 << 20 }, (err, _out, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }));
    });
  });

  it("npm run release prints what was built, where, and the digests, not npm's tarball listing", () => {
    const lines = rel.stdout.trim().split("\n");
    expect(lines.length, rel.stdout).to.be.below(12);
    expect(lines[0]).to.equal(`dockaudit ${rel.version} built in ${rel.dir} with Node ${process.version}:`);
    for (const f of [rel.tarball, rel.exe]) {
      const digest = createHash("sha256").update(readFileSync(f)).digest("hex");
      expect(rel.stdout).to.contain(basename(f)).and.contain(`sha256 ${digest}`);
    }
    expect(rel.stderr, "no npm notice listing").to.not.match(/npm notice/);
    expect(rel.stderr.trim().split("\n").length, rel.stderr).to.be.below(15);
  });

  it("holds the compiled code, templates and schemas, no sources, tests or source maps", () => {
    const files = execFileSync("tar", ["-tzf", rel.tarball], { encoding: "utf8" }).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    expect(files).to.include.members(["bin/dockaudit", "dist/src/cli/main.js", "dist/checks/index.js", "dist/data/docker-releases.json", "reports/html.hbs", "schemas/config.schema.json", "package.json"]);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", rel.tarball, "package/package.json"], { encoding: "utf8" })) as Record<string, unknown>;
    expect(manifest, "no prepare/build script runs at install").to.not.have.property("scripts");
    expect(manifest.bundleDependencies).to.deep.equal(Object.keys(manifest.dependencies as object));
    const own = files.filter((f) => !f.startsWith("node_modules/"));
    expect(own.filter((f) => /^(src|test|checks|bench)\/|^dist\/(test|bench)\/|\.ts$|\.map$/.test(f))).to.deep.equal([]);
  });

  it("installs into a clean prefix offline with an empty npm cache, bringing no dev dependency", () => {
    expect(install.code, install.stderr).to.equal(0);
    expect(install.stderr).to.not.match(/install-scripts|prepare/);
    const modules = readdirSync(modules0(prefix));
    for (const dev of ["typescript", "mocha", "chai", "esbuild", "postject", "playwright-core", "fast-xml-parser"]) expect(modules, dev).to.not.include(dev);
    const types = existsSync(join(modules0(prefix), "@types")) ? readdirSync(join(modules0(prefix), "@types")) : [];
    expect(types.filter((t) => ["mocha", "chai", "dockerode", "picomatch"].includes(t)), "dev-only @types").to.deep.equal([]);
    expect(modules).to.include.members(["ssh2", "handlebars", "commander"]);
    expect(existsSync(join(prefix, "bin", "dockaudit"))).to.equal(true);
  });

  it("dockaudit --version and an audit work from it, with the checkout's output", async () => {
    const bin = join(prefix, "bin", "dockaudit");
    const env = { PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}` };
    const v = await runBare(bin, ["--version"], { cwd: work, env });
    expect(v.stdout.trim(), v.stderr).to.equal(rel.version);
    const snap = join(work, "snapshot.json");
    writeFileSync(snap, JSON.stringify(snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] })));
    for (const format of ["json", "html"]) {
      const [a, b] = [await runCli(["audit", "--snapshot", snap, "-f", format], { cwd: work }), await runBare(bin, ["audit", "--snapshot", snap, "-f", format], { cwd: work, env })];
      expect([b.code, b.stderr], format).to.deep.equal([a.code, a.stderr]);
      expect(b.stdout === a.stdout, `${format} differs`).to.equal(true);
    }
  });
});
