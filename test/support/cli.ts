// Runs the real CLI (bin/dockaudit) as a user would, capturing exit code, stdout and stderr.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

export interface CliResult { code: number; stdout: string; stderr: string }

export const BIN = join(PROJECT_ROOT, "bin", "dockaudit");

/** `uid`/`gid`: run it as that user (the test runs as root), e.g. a rootless daemon's own user. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; uid?: number; gid?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const ids = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid ?? opts.uid };
    const child = spawn(process.execPath, [BIN, ...args], { env: opts.env ?? process.env, cwd: opts.cwd ?? PROJECT_ROOT, stdio: ["pipe", "pipe", "pipe"], ...ids });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}
