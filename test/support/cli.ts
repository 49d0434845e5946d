// Runs the real CLI (bin/dockaudit) as a user would, capturing exit code, stdout and stderr.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

export interface CliResult { code: number; stdout: string; stderr: string }

export const BIN = join(PROJECT_ROOT, "bin", "dockaudit");

let sharedRoot: string | undefined;

/**
 * The checkout as another user can reach it: the checkout itself when that user can read bin/dockaudit, else a
 * read-only bind mount of it in a directory anyone may enter (a clone inside a private directory, as `mktemp -d`
 * makes, or root's 0700 home, is out of an unprivileged user's reach). Unmounted when the test process exits.
 */
function rootReachableBy(uid: number, gid: number): string {
  const probe = spawnSync("test", ["-r", BIN], { uid, gid });
  if (probe.status === 0) return PROJECT_ROOT;
  if (sharedRoot) return sharedRoot;
  const dir = mkdtempSync("/tmp/dockaudit-checkout-");
  chmodSync(dir, 0o755);
  const mount = (args: string[]) => {
    const r = spawnSync("mount", args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`mount ${args.join(" ")}: ${(r.stderr || String(r.error)).trim()}`);
  };
  mount(["--bind", PROJECT_ROOT, dir]);
  mount(["-o", "remount,bind,ro", dir]);
  process.on("exit", () => {
    spawnSync("umount", ["-l", dir]);
    try { rmdirSync(dir); } catch { /* still busy: /tmp is cleaned at boot */ }
  });
  sharedRoot = dir;
  return dir;
}

/** `uid`/`gid`: run it as that user (the test runs as root), e.g. a rootless daemon's own user. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; uid?: number; gid?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const ids = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid ?? opts.uid };
    const root = opts.uid === undefined ? PROJECT_ROOT : rootReachableBy(opts.uid, opts.gid ?? opts.uid);
    const child = spawn(process.execPath, [join(root, "bin", "dockaudit"), ...args], { env: opts.env ?? process.env, cwd: opts.cwd ?? root, stdio: ["pipe", "pipe", "pipe"], ...ids });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}
