// Issue 19.1: nothing planted where the collector reads can hang the audit or exhaust its memory. A --root tree
// stands in for the host (a dockerd process entry serving a fake Engine API on a socket in this test's temp
// directory, socket-activated (-H fd://), its daemon.json, docker.socket, audit rules, /etc/passwd, /proc entries;
// Podman's containers.conf goes through the same HostFs.readText, tested in test/collect/host-read.test.ts), and every file the
// collector reads from it (found by recording HostFs.readText during one clean collection, not by a hand-kept
// list) is replaced in turn by a FIFO, a character device node (/dev/zero's 1:5, made with mknod inside the tree)
// and a 1 GiB sparse file. The real CLI (`audit`, no --snapshot) must finish within --timeout plus a second, with
// bounded memory (max RSS from /usr/bin/time), and name the path and the reason. Needs root (mknod, chown).
// Everything planted lives in this file's temp directory; FIFOs are opened for writing once in `after` to release
// any reader (none should be left).
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, constants, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { collectSnapshot } from "../../src/collect/index.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { BIN } from "../support/cli.js";
import { addToRoot, procTree } from "../collect/fake-root.js";

const TIMEOUT_S = 10;
/** Peak RSS allowed to one audit (a normal one of this tree: ~80-100 MB). */
const MAX_RSS_KB = 300 * 1024;
const PID = 4242;

type Variant = { name: string; reason: string; plant(file: string): void };
const VARIANTS: Variant[] = [
  { name: "a FIFO", reason: "is a FIFO, not a regular file", plant: (f) => must(spawnSync("mkfifo", [f])) },
  { name: "a character device (1:5, as /dev/zero)", reason: "is a character device, not a regular file", plant: (f) => must(spawnSync("mknod", [f, "c", "1", "5"])) },
  {
    name: "a 1 GiB sparse file",
    reason: "is larger than",
    plant: (f) => {
      closeSync(openSync(f, "w"));
      truncateSync(f, 1024 ** 3);
    },
  },
];

function must(r: ReturnType<typeof spawnSync>): void {
  if (r.status !== 0) throw new Error(`${String(r.stderr)}`);
}

/** A minimal Engine API: enough for an audit of a daemon with no containers, images or networks (or Podman's). */
function fakeEngine(socket: string, podman = false): Promise<http.Server> {
  const answers: Record<string, unknown> = {
    "/version": { Version: "20.10.24", ApiVersion: "1.41", Os: "linux", Arch: "amd64", KernelVersion: "6.1.0", Components: [{ Name: podman ? "Podman Engine" : "Engine", Version: podman ? "4.3.1" : "20.10.24" }] },
    "/info": {
      ID: "hostile", Name: "hostile-host", ServerVersion: "20.10.24", Driver: "overlay2", DockerRootDir: "/var/lib/docker", LoggingDriver: "json-file",
      CgroupDriver: "systemd", CgroupVersion: "2", SecurityOptions: ["name=seccomp,profile=default", "name=cgroupns"], Swarm: { LocalNodeState: "inactive" },
      Plugins: { Authorization: null }, Runtimes: { runc: { path: "runc" } }, DefaultRuntime: "runc", LiveRestoreEnabled: false, ExperimentalBuild: false,
      RegistryConfig: { InsecureRegistryCIDRs: ["127.0.0.0/8"], IndexConfigs: {} },
    },
    "/containers/json": [], "/images/json": [], "/networks": [], "/volumes": { Volumes: [] }, "/plugins": [],
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").replace(/^\/v[\d.]+/, "").replace(/\?.*$/, "");
    if (path === "/_ping") return res.end("OK");
    const a = answers[path];
    res.writeHead(a === undefined ? 404 : 200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(a ?? { message: "page not found" }));
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

interface Run { code: number; stdout: string; stderr: string; ms: number; maxRssKb: number | null }

/** The CLI under /usr/bin/time -v (max RSS), killed at --timeout + 5 s so that a hang fails the test, not the suite. */
function audit(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const timed = existsSync("/usr/bin/time");
    const cmd = timed ? ["/usr/bin/time", "-v", process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => { if (stdout.length < 1 << 24) stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { if (stderr.length < 1 << 20) stderr += d.toString(); });
    const killer = setTimeout(() => child.kill("SIGKILL"), (TIMEOUT_S + 5) * 1000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/\n?(?:Command exited with non-zero status \d+\n)?\tCommand being timed:[\s\S]*$/, ""), ms: Date.now() - t0, maxRssKb: rss ? Number(rss) : null });
    });
  });
}

describe("hostile host files under --root: FIFO, device and 1 GiB file at every path the collector reads (issue 19.1)", function () {
  this.timeout(600_000);
  let dir: string;
  let root: string;
  let socket: string;
  let server: http.Server;
  let read: string[] = [];

  const tree = () => ({
    "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
    "/etc/group": "root:x:0:\ndocker:x:999:\n",
    "/etc/docker/daemon.json": '{"icc": false, "log-level": "info"}\n',
    "/etc/default/docker": "DOCKER_OPTS=\n",
    "/etc/audit/audit.rules": "-w /usr/bin/dockerd -k docker\n",
    "/etc/audit/rules.d/docker.rules": "-w /var/lib/docker -k docker\n",
    "/lib/systemd/system/docker.service": "[Service]\nExecStart=/usr/bin/dockerd\n",
    "/lib/systemd/system/docker.socket": `[Socket]\nListenStream=${socket}\n`,
    "/proc/stat": "cpu  1 1 1 1\nbtime 1700000000\n",
    "/proc/mounts": "overlay / overlay rw 0 0\n",
    "/proc/self/status": "Name:\tnode\nSeccomp:\t0\n",
    "/proc/sys/kernel/osrelease": "6.1.0\n",
    [`/proc/${PID}/stat`]: `${PID} (dockerd) S 1 ${PID} ${PID} 0 -1 0 0 0 0 0 0 0 0 0 20 0 10 0 100 0 0\n`,
    ...procTree([{ pid: PID, argv: ["/usr/bin/dockerd", "--config-file", "/etc/docker/daemon.json", "-H", "fd://"], exe: "/usr/bin/dockerd", uid: 0, gid: 0, unix: { [socket]: 90001 }, sockets: [90001] }]),
  });

  /** The tree, and the host's view of the socket the fake dockerd serves: the very file the auditor connects to (same
   *  device and inode), as a bind-mounted socket is in container mode; only then is that dockerd proven (issue 19.2). */
  function addTree(): void {
    addToRoot(root, tree());
    mkdirSync(dirname(join(root, socket)), { recursive: true });
    linkSync(socket, join(root, socket));
  }

  before(async function () {
    if (process.geteuid?.() !== 0) this.skip();
    dir = mkdtempSync(join(tmpdir(), "dockaudit-hostile-reads-"));
    socket = join(dir, "docker.sock");
    server = await fakeEngine(socket);
    root = join(dir, "root");
    mkdirSync(root, { mode: 0o755 });
    addTree();
    // Every path the collector reads from this tree, recorded from one clean collection in this process.
    const original = HostFs.prototype.readText;
    const seen = new Set<string>();
    HostFs.prototype.readText = function (this: HostFs, p: string) {
      if (this.root === root) seen.add(p);
      return original.call(this, p);
    };
    try {
      await collectSnapshot({ root, dockerHost: `unix://${socket}`, toolVersion: "test" });
    } finally {
      HostFs.prototype.readText = original;
    }
    read = [...seen].sort();
  });

  after(async () => {
    if (!dir) return;
    for (const f of walk(root)) {
      try {
        if (lstatSync(f).isFIFO()) closeSync(openSync(f, constants.O_RDWR | constants.O_NONBLOCK));
      } catch { /* gone */ }
    }
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  function walk(d: string): string[] {
    return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  }

  /** The tree afresh, with `variant` planted at `paths` (whether a file was there or not). */
  function plantAt(paths: string[], variant: Variant): void {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { mode: 0o755 });
    addTree();
    for (const p of paths) {
      const f = join(root, p);
      mkdirSync(dirname(f), { recursive: true });
      if (existsSync(f) || lstatSync(f, { throwIfNoEntry: false })) unlinkSync(f);
      variant.plant(f);
    }
  }

  const args = () => ["audit", "--no-config", "--root", root, "--docker-host", `unix://${socket}`, "--timeout", String(TIMEOUT_S), "-f", "json"];

  it("the recorded paths cover the daemon config, the socket unit, audit rules, /etc and the dockerd's /proc entries", () => {
    for (const p of ["/etc/docker/daemon.json", "/lib/systemd/system/docker.socket", "/etc/audit/audit.rules", "/etc/passwd", `/proc/${PID}/cmdline`, `/proc/${PID}/status`, `/proc/${PID}/environ`, `/proc/${PID}/net/unix`]) {
      expect(read, p).to.include(p);
    }
    console.log(`      (${read.length} paths read: ${read.join(", ")})`);
  });

  it("a clean tree audits normally (the baseline: exit 0 or 1, daemon.json read)", async () => {
    plantAt([], VARIANTS[0]!);
    const r = await audit(args());
    expect([0, 1], r.stderr).to.include(r.code);
    const report = JSON.parse(r.stdout) as { results: { id: string; status: string }[] };
    expect(report.results.length).to.be.greaterThan(50);
    console.log(`      (clean audit: ${r.ms} ms, max RSS ${r.maxRssKb ?? "?"} kB)`);
  });

  for (const variant of VARIANTS) {
    it(`${variant.name} as daemon.json: the daemon checks are error naming the path, within --timeout, bounded memory`, async () => {
      plantAt(["/etc/docker/daemon.json"], variant);
      const r = await audit(args());
      expect(r.ms, "within --timeout + 1 s").to.be.below((TIMEOUT_S + 1) * 1000);
      if (r.maxRssKb !== null) expect(r.maxRssKb).to.be.below(MAX_RSS_KB);
      expect([0, 1], r.stderr).to.include(r.code);
      const report = JSON.parse(r.stdout) as { results: { id: string; status: string; findings: { message?: string; detail?: string }[] }[] };
      const errors = report.results.filter((c) => c.status === "error" && JSON.stringify(c.findings).includes(`/etc/docker/daemon.json ${variant.reason}`));
      expect(errors.length, "checks judging daemon settings are error with the reason").to.be.greaterThan(5);
      // Never a pass on what could not be read: a daemon-setting check (2.x) that passes would have judged defaults.
      expect(report.results.filter((c) => c.id === "2.1" || c.id === "2.2").map((c) => c.status)).to.not.include("pass");
    });

    it(`${variant.name} at every path read at once: the audit still ends within --timeout, bounded, naming the paths`, async () => {
      plantAt(read.filter((p) => !/\/fd\//.test(p)), variant);
      const r = await audit(args());
      expect(r.ms, "within --timeout + 1 s").to.be.below((TIMEOUT_S + 1) * 1000);
      if (r.maxRssKb !== null) expect(r.maxRssKb).to.be.below(MAX_RSS_KB);
      // The dockerd's own cmdline is unreadable: no daemon can be matched; the Engine API still answers.
      expect([0, 1], r.stderr).to.include(r.code);
      expect(r.stdout).to.contain(variant.reason);
      console.log(`      (${variant.name} everywhere: ${r.ms} ms, max RSS ${r.maxRssKb ?? "?"} kB, exit ${r.code})`);
    });
  }

  it("Podman's /etc/containers/containers.conf (and a drop-in) as a FIFO, a device and a 1 GiB file: error naming the first refused path", async () => {
    const podSock = join(dir, "podman.sock");
    const pod = await fakeEngine(podSock, true);
    try {
      for (const variant of VARIANTS) {
        plantAt([], variant);
        addToRoot(root, { "/usr/share/containers/containers.conf": "[containers]\n", "/etc/containers/containers.conf.d/10-x.conf": "[containers]\n" });
        for (const p of ["/etc/containers/containers.conf", "/etc/containers/containers.conf.d/20-y.conf"]) variant.plant(join(root, p));
        const r = await audit(["audit", "--no-config", "--root", root, "--docker-host", `unix://${podSock}`, "--timeout", String(TIMEOUT_S), "-f", "json"]);
        expect(r.ms, "within --timeout + 1 s").to.be.below((TIMEOUT_S + 1) * 1000);
        if (r.maxRssKb !== null) expect(r.maxRssKb).to.be.below(MAX_RSS_KB);
        expect([0, 1], r.stderr).to.include(r.code);
        const report = JSON.parse(r.stdout) as { results: { key: string; status: string; findings: unknown[] }[] };
        const podman = report.results.filter((c) => c.status === "error" && JSON.stringify(c.findings).includes(`/etc/containers/containers.conf ${variant.reason}`));
        expect(podman.length, `${variant.name}: ${r.stdout.slice(0, 1500)}`).to.be.greaterThan(0);
      }
    } finally {
      await new Promise<void>((res) => pod.close(() => res()));
    }
  });

  it("collect writes no planted content and names the reason for each planted config path", async () => {
    plantAt(["/etc/docker/daemon.json", "/etc/audit/audit.rules", "/lib/systemd/system/docker.socket"], VARIANTS[0]!);
    const out = join(dir, "snap.json");
    const r = await audit(["collect", "--root", root, "--docker-host", `unix://${socket}`, "--timeout", String(TIMEOUT_S), "-o", out]);
    expect(r.code, r.stderr).to.equal(0);
    const snap = spawnSync("cat", [out]).stdout.toString();
    for (const p of ["/etc/docker/daemon.json", "/etc/audit/audit.rules", "/lib/systemd/system/docker.socket"]) {
      expect(snap, p).to.contain(`${p} is a FIFO, not a regular file`);
    }
    writeFileSync(out, "");
  });
});
