// Issue 19.1/19.3 over SSH (a throwaway sshd on loopback): what the remote host plants where the collector reads
// through SFTP cannot hang or exhaust the audit, and a connection dropped mid-collection ends it with exit 3 and
// the reason. Over SSH the collector reads the real host's files, which this shared machine's other audits need,
// so nothing is planted there: a fake dockerd (a copy of node named `dockerd`, run as nobody) serves a minimal
// Engine API on a socket in this test's temp directory, holds that socket, and names as its --config-file a FIFO,
// /dev/zero or a 1 GiB sparse file in the same directory. Everything is stopped and removed in `after`.
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, constants, copyFileSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "../support/cli.js";
import { startSshdOrSkip, type ThrowawaySshd } from "../support/sshd.js";

// Generous: an SSH audit reads this shared machine's whole /proc over SFTP (3-7 s here under load); a hang would be forever.
const TIMEOUT_S = 20;
const NOBODY = 65534;

/** The fake Engine API, run by the fake dockerd (argv: --config-file FILE -H unix://SOCKET). */
const ENGINE = `
const http = require("node:http");
const sock = process.argv[process.argv.indexOf("-H") + 1].slice("unix://".length);
const answers = {
  "/version": { Version: "20.10.24", ApiVersion: "1.41", Os: "linux", Arch: "amd64", Components: [{ Name: "Engine", Version: "20.10.24" }] },
  "/info": { ID: "x", Name: "hostile", ServerVersion: "20.10.24", DockerRootDir: "/nonexistent/docker", SecurityOptions: [], Swarm: { LocalNodeState: "inactive" }, Plugins: {} },
  "/containers/json": [], "/images/json": [], "/networks": [], "/volumes": { Volumes: [] }, "/plugins": [],
};
http.createServer((req, res) => {
  const p = (req.url || "/").replace(/^\\/v[\\d.]+/, "").replace(/\\?.*$/, "");
  if (p === "/_ping") return res.end("OK");
  const a = answers[p];
  res.writeHead(a === undefined ? 404 : 200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(a === undefined ? { message: "not found" } : a));
}).listen(sock);
`;

interface Run { code: number; stdout: string; stderr: string; ms: number; maxRssKb: number | null }

function cli(args: string[], onSpawn?: (c: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn("/usr/bin/time", ["-v", process.execPath, BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SSH_AUTH_SOCK: "" } });
    onSpawn?.(child);
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => { if (stdout.length < 1 << 24) stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { if (stderr.length < 1 << 20) stderr += d.toString(); });
    const killer = setTimeout(() => child.kill("SIGKILL"), (TIMEOUT_S + 20) * 1000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/\n?(?:Command exited with non-zero status \d+\n)?\tCommand being timed:[\s\S]*$/, ""), ms: Date.now() - t0, maxRssKb: rss ? Number(rss) : null });
    });
  });
}

async function waitForSocket(p: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(p);
      s.once("connect", () => { s.destroy(); r(true); });
      s.once("error", () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${p} never listened`);
}

describe("real sshd: hostile files and a dropped connection over SSH (issue 19.1, 19.3)", function () {
  this.timeout(300_000);
  let sshd: ThrowawaySshd | undefined;
  let dir = "";
  let fake: ChildProcess | undefined;
  let server: http.Server | undefined;

  const base = () => ["--host", `ssh://root@127.0.0.1:${sshd!.ports[0]}`, "--ssh-key", sshd!.clientKey, "--known-hosts", sshd!.knownHosts, "--timeout", String(TIMEOUT_S)];

  before(async function () {
    if (!existsUsrBinTime() || process.geteuid?.() !== 0) this.skip();
    sshd = await startSshdOrSkip(this);
    dir = mkdtempSync(join(tmpdir(), "dockaudit-ssh-hostile-"));
    // nobody must be able to reach the planted files (the rootless permission walk asks), and to bind its socket.
    chmodSync(dir, 0o777);
    copyFileSync(process.execPath, join(dir, "dockerd"));
    chmodSync(join(dir, "dockerd"), 0o755);
    writeFileSync(join(dir, "engine.js"), ENGINE, { mode: 0o644 });
    spawnSync("mkfifo", ["-m", "0644", join(dir, "fifo.json")]);
    closeSync(openSync(join(dir, "sparse.json"), "w", 0o644));
    truncateSync(join(dir, "sparse.json"), 1024 ** 3);
    chmodSync(join(dir, "sparse.json"), 0o644);
  });

  after(async () => {
    fake?.kill("SIGKILL");
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await sshd?.stop();
    if (dir) {
      try {
        closeSync(openSync(join(dir, "fifo.json"), constants.O_RDWR | constants.O_NONBLOCK));
      } catch { /* gone */ }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Starts the fake dockerd (as nobody) with `configFile`; resolves once its socket listens. */
  async function startFake(configFile: string): Promise<string> {
    fake?.kill("SIGKILL");
    const sock = join(dir, `engine-${Date.now()}.sock`);
    fake = spawn(join(dir, "dockerd"), [join(dir, "engine.js"), "--config-file", configFile, "-H", `unix://${sock}`], { uid: NOBODY, gid: NOBODY, stdio: "ignore", argv0: "dockerd" });
    await waitForSocket(sock);
    return sock;
  }

  for (const [name, file, reason] of [
    ["a FIFO", "fifo.json", "is a FIFO, not a regular file"],
    ["/dev/zero", "/dev/zero", "is a character device, not a regular file"],
    ["a 1 GiB sparse file", "sparse.json", "is larger than 4 MiB"],
  ] as const) {
    it(`the matched dockerd's --config-file is ${name}: error with the reason, within --timeout, bounded memory`, async () => {
      const path = file.startsWith("/") ? file : join(dir, file);
      const sock = await startFake(path);
      const r = await cli(["audit", "-f", "json", ...base(), "--docker-host", `unix://${sock}`]);
      expect([0, 1], r.stderr).to.include(r.code);
      expect(r.ms, "within --timeout + 1 s").to.be.below((TIMEOUT_S + 1) * 1000);
      if (r.maxRssKb !== null) expect(r.maxRssKb).to.be.below(300 * 1024);
      const report = JSON.parse(r.stdout) as { results: { id: string; status: string; findings: unknown[] }[] };
      const errors = report.results.filter((c) => c.status === "error" && JSON.stringify(c.findings).includes(`${path} ${reason}`));
      expect(errors.length, r.stdout.slice(0, 2000)).to.be.greaterThan(5);
      console.log(`      (${name}: ${r.ms} ms, max RSS ${r.maxRssKb ?? "?"} kB, ${errors.length} checks error)`);
    });
  }

  it("a connection dropped mid-collection ends with exit 3 and a one-line reason, no report", async () => {
    fake?.kill("SIGKILL");
    fake = undefined;
    const sock = join(dir, "drop.sock");
    const sshdPid = Number(readFileSync(join(sshd!.dir, "sshd.pid"), "utf8").trim());
    let dropped = false;
    // The Engine API (in this process, through the SSH forward): at the container list, the session is cut.
    server = http.createServer((req, res) => {
      const p = (req.url ?? "/").replace(/^\/v[\d.]+/, "").replace(/\?.*$/, "");
      if (p === "/_ping") return res.end("OK");
      if (p === "/containers/json") {
        dropped = true;
        // Our own sshd's per-connection children, by pid: the connection drops.
        for (const pid of childrenOf(sshdPid)) process.kill(pid, "SIGKILL");
        return;
      }
      res.writeHead(p === "/version" || p === "/info" ? 200 : 404, { "Content-Type": "application/json" });
      res.end(p === "/version" ? '{"Version":"20.10.24","ApiVersion":"1.41"}' : p === "/info" ? '{"ID":"x","Swarm":{"LocalNodeState":"inactive"}}' : "{}");
    });
    await new Promise<void>((r) => server!.listen(sock, () => r()));
    const r = await cli(["audit", "-f", "json", ...base(), "--docker-host", `unix://${sock}`]);
    expect(dropped, "the drop happened").to.equal(true);
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stdout).to.equal("");
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).to.have.length(1);
    expect(lines[0]).to.contain(`ssh://root@127.0.0.1:${sshd!.ports[0]}`).and.to.contain("the SSH connection was lost during collection");
  });
});

function existsUsrBinTime(): boolean {
  return spawnSync("/usr/bin/time", ["-V"]).error === undefined;
}

function childrenOf(ppid: number): number[] {
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === ppid;
    } catch {
      return false;
    }
  }).map(Number);
}
