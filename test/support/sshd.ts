// A throwaway sshd on a loopback port (Debian's openssh-server), standing in for a remote host: its own host key,
// config, pid file and authorized client key, root login by key only, streamlocal forwarding and internal SFTP on.
// stop() ends it and removes its directory. Nothing outside its own directory is touched but /run/sshd (sshd's
// privilege-separation directory, which must exist).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { daemonRequired } from "./dockerd.js";

export const SSHD = "/usr/sbin/sshd";

export interface ThrowawaySshd {
  dir: string;
  ports: number[];
  /** The client's private key (ed25519, no passphrase), authorized for root. */
  clientKey: string;
  /** "ssh-ed25519 AAAA…": the host's public key as known_hosts holds it. */
  hostKey: string;
  /** The extra host keys asked for (`extraHostKeys`), by type, as known_hosts holds them: "ssh-rsa AAAA…". */
  extraHostKeys: Record<string, string>;
  /** A known_hosts file that knows this host on every port. */
  knownHosts: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => { s.destroy(); resolve(true); });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${ms} ms`);
}

function keygen(file: string, type = "ed25519"): void {
  const r = spawnSync("ssh-keygen", ["-q", "-t", type, ...(type === "rsa" ? ["-b", "2048"] : []), "-N", "", "-C", "dockaudit-test", "-f", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr || r.error?.message}`);
}

/** Starts sshd, or skips the suite when it is not installed and no daemon is required. */
/** `extraHostKeys`: host keys of these types besides ed25519 (sshd then holds several). */
export interface SshdOptions { extraHostKeys?: ("rsa" | "ecdsa")[] }

export async function startSshdOrSkip(ctx: Mocha.Context, portCount = 1, opts: SshdOptions = {}): Promise<ThrowawaySshd> {
  if (!existsSync(SSHD)) {
    if (daemonRequired()) throw new Error(`${SSHD} is missing (.ci/run installs Debian's openssh-server)`);
    ctx.skip();
  }
  return startSshd(portCount, opts);
}

export async function startSshd(portCount = 1, opts: SshdOptions = {}): Promise<ThrowawaySshd> {
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-sshd-"));
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  keygen(join(dir, "host_ed25519"));
  const extraHostKeys: Record<string, string> = {};
  for (const type of opts.extraHostKeys ?? []) {
    keygen(join(dir, `host_${type}`), type);
    const pub = readFileSync(join(dir, `host_${type}.pub`), "utf8").trim().split(/\s+/).slice(0, 2);
    extraHostKeys[pub[0]!] = pub.join(" ");
  }
  keygen(join(dir, "client_ed25519"));
  writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "client_ed25519.pub")), { mode: 0o600 });
  const ports: number[] = [];
  for (let i = 0; i < portCount; i++) ports.push(await freePort());
  writeFileSync(join(dir, "sshd_config"), [
    ...ports.map((p) => `Port ${p}`),
    "ListenAddress 127.0.0.1",
    `HostKey ${join(dir, "host_ed25519")}`,
    ...(opts.extraHostKeys ?? []).map((t) => `HostKey ${join(dir, `host_${t}`)}`),
    `PidFile ${join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "AllowStreamLocalForwarding yes",
    // sshd permits streamlocal (Unix-socket) forwarding only where local TCP forwarding is permitted too.
    "AllowTcpForwarding local",
    "X11Forwarding no",
    "PrintMotd no",
    "MaxSessions 64",
    "MaxStartups 100:30:200",
    "Subsystem sftp internal-sftp",
    "",
  ].join("\n"));
  const hostKey = readFileSync(join(dir, "host_ed25519.pub"), "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  const knownHosts = join(dir, "known_hosts");
  writeFileSync(knownHosts, ports.map((p) => `[127.0.0.1]:${p} ${hostKey}\n`).join(""));
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (d: Buffer) => { if (log.length < 65536) log += d.toString(); });
  try {
    for (const p of ports) await waitForPort(p, 10_000);
  } catch (e) {
    child.kill("SIGTERM");
    throw new Error(`${(e as Error).message}: ${log}`);
  }
  let stopped = false;
  return {
    dir, ports, hostKey, extraHostKeys, knownHosts, clientKey: join(dir, "client_ed25519"),
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => { child.kill("SIGKILL"); resolve(); }, 5000).unref();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
