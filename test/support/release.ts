// The release artefacts (scripts/release.mjs) built once per test run into a temporary directory, from the dist/
// that `npm test` has just compiled, and shared by every spec that needs them.
import { execFile, execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { arch, tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";
import type { CliResult } from "./cli.js";
import type { ThrowawayDaemon } from "./dockerd.js";

export interface Release {
  dir: string;
  version: string;
  /** release/dockaudit-<version>-linux-<arch> */
  exe: string;
  sha256File: string;
  tarball: string;
  /** What the Dockerfile copies (release/rootfs). */
  rootfs: string;
  /** What `npm run release` printed. */
  stdout: string;
  stderr: string;
}

/** Building takes ~1–2 min on the shared 2-core CI machine (esbuild, SEA blob with code cache, postject, npm pack). */
export const RELEASE_BUILD_TIMEOUT_MS = 600_000;

let pending: Promise<Release> | undefined;

export function buildRelease(): Promise<Release> {
  pending ??= new Promise((resolve, reject) => {
    const dir = join(mkdtempSync(join(tmpdir(), "dockaudit-release-")), "release");
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string };
    execFile(process.execPath, [join(PROJECT_ROOT, "scripts", "release.mjs"), "--skip-tsc", "--out", dir], { cwd: PROJECT_ROOT, maxBuffer: 64 << 20, timeout: RELEASE_BUILD_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`npm run release failed: ${stderr.trim() || err.message}`));
      const exe = join(dir, `dockaudit-${version}-linux-${arch()}`);
      resolve({ dir, version, exe, sha256File: `${exe}.sha256`, tarball: join(dir, `dockaudit-${version}.tgz`), rootfs: join(dir, "rootfs"), stdout, stderr });
    });
  });
  return pending;
}

/** Runs a program with an environment holding no Node: PATH names an empty directory, cwd has no node_modules. */
export function runBare(exe: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { PATH: join(opts.cwd, "empty-path"), HOME: opts.cwd, ...opts.env };
    const child = spawn(exe, args, { cwd: opts.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export const IMAGE = "dockaudit-test/dockaudit:release";

/** `docker build` of the repository's Dockerfile and .dockerignore, with the release's rootfs as the context. */
export async function buildDockauditImage(d: ThrowawayDaemon, rel: Release): Promise<void> {
  const ctx = mkdtempSync(join(d.dir, "image-"));
  copyFileSync(join(PROJECT_ROOT, "Dockerfile"), join(ctx, "Dockerfile"));
  copyFileSync(join(PROJECT_ROOT, ".dockerignore"), join(ctx, ".dockerignore"));
  mkdirSync(join(ctx, "release"));
  execFileSync("cp", ["-a", rel.rootfs, join(ctx, "release", "rootfs")]);
  await d.docker(["build", "-q", "-t", IMAGE, ctx], { env: { DOCKER_BUILDKIT: "0" } });
}
