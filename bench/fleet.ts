// Benchmark: a fleet audited over SSH, and one SSH audit against the local audit of the same daemon. Run as root:
//   npm run build && node dist/bench/fleet.js [--hosts 20] [--daemons 20] [--containers 10] [--concurrency 10] [--runs 3] [--compare DIR] [--cpu-prof DIR]
// Each "host" is a port of a loopback sshd (Debian's openssh-server; 10 ports per sshd) whose inventory entry points
// at a throwaway dockerd with --containers containers; with --daemons below --hosts the hosts share daemons round-robin (each host
// is still its own SSH connection, SFTP session and full collection). The load average is printed with every
// figure: the machine may be shared. Measures on real daemons, never in timed tests (the figures go in the README).
// --compare DIR: also run DIR's build (another checkout, built) on the same daemons and sshds, alternating old and
// new run by run, so a load drift hits both alike (an A/B on a shared machine).
import { spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/version.js";
import { BUSYBOX_IMAGE, importBusyboxImage, startDaemon, type ThrowawayDaemon } from "../test/support/dockerd.js";
import { startSshd, type ThrowawaySshd } from "../test/support/sshd.js";
import { must } from "./must.js";

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = Number(i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a whole number above 0`);
  return v;
}

const hosts = arg("hosts", "20");
const daemons = Math.min(arg("daemons", "20"), hosts);
const containers = arg("containers", "10");
const concurrency = arg("concurrency", "10");
const runs = arg("runs", "3");

const SETTINGS: string[][] = [
  [],
  ["--read-only", "--memory", "64m", "--pids-limit", "100", "--user", "1000"],
  ["--pid=host", "--cap-add", "NET_ADMIN"],
  ["-p", "127.0.0.1::80", "--security-opt", "no-new-privileges"],
  ["--restart", "always", "-e", "DB_PASSWORD=bench-planted-secret"],
];

const compareAt = process.argv.indexOf("--compare");
const compareDir = compareAt >= 0 ? process.argv[compareAt + 1] : undefined;
if (compareAt >= 0 && !compareDir) throw new Error("--compare takes the directory of another built checkout");
const BIN = join(PROJECT_ROOT, "bin", "dockaudit");
/** The builds measured, alternately: this checkout ("new") and, with --compare, the other one ("old"). */
const BUILDS: { label: string; bin: string }[] = compareDir ? [{ label: "old", bin: join(compareDir, "bin", "dockaudit") }, { label: "new", bin: BIN }] : [{ label: "", bin: BIN }];
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const profAt = process.argv.indexOf("--cpu-prof");
/** --cpu-prof DIR: one more fleet run of this checkout under `node --cpu-prof`, its profile written to DIR. */
const profDir = profAt >= 0 ? process.argv[profAt + 1] : undefined;
if (profAt >= 0 && !profDir) throw new Error("--cpu-prof takes a directory");

function timed(args: string[], ok = [0, 1], bin = BIN, nodeArgs: string[] = []): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { encoding: "utf8", env: { ...process.env, SSH_AUTH_SOCK: "" }, maxBuffer: 256 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  // 0: gate passed, 1: gate failed (fleet: 4, some host not audited, reported below); else the run did not complete.
  if (!ok.includes(r.status ?? -1)) throw new Error(`dockaudit ${args[0]} exited ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return wall;
}

function report(label: string, walls: number[]): string {
  return `${label.padEnd(34)} median ${median(walls).toFixed(2)} s  min ${Math.min(...walls).toFixed(2)} s  max ${Math.max(...walls).toFixed(2)} s`;
}

// Other daemons on a shared machine rewriting iptables can make one start fail (the DOCKER chain vanishes under it).
async function startWithRetry(name: string): Promise<ThrowawayDaemon> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDaemon({ name });
    } catch (e) {
      if (attempt >= 3) throw e;
      console.log(`(${name}: start failed, retrying: ${(e as Error).message.split("\n").pop()})`);
    }
  }
}

// Each daemon picks its `-p 127.0.0.1::80` host port from the same ephemeral range without knowing the others'
// picks: "address already in use" is retried with another port.
async function runContainer(d: ThrowawayDaemon, [name, ...opts]: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await d.docker(["run", "-d", "--name", String(name), ...opts, BUSYBOX_IMAGE, "sleep", "36000"]);
      return;
    } catch (e) {
      if (attempt >= 5 || !/address already in use/.test((e as Error).message)) throw e;
      await d.docker(["rm", "-f", String(name)]).catch(() => undefined);
    }
  }
}

const started: ThrowawayDaemon[] = [];
const sshds: ThrowawaySshd[] = [];
// OpenSSH listens on at most 16 sockets per sshd: 10 ports each.
const PORTS_PER_SSHD = 10;
const work = mkdtempSync(join(tmpdir(), "dockaudit-bench-fleet-"));
try {
  console.log(`dockaudit fleet benchmark: ${hosts} hosts over SSH on ${daemons} daemons x ${containers} containers, --concurrency ${concurrency}, ${runs} runs, ${execFileSync("nproc").toString().trim()} cores, node ${process.version}`);
  console.log(`load average before setup: ${load()}`);
  for (let i = 0; i < daemons; i++) {
    const d = await startWithRetry(`bf${i}`);
    started.push(d);
    await importBusyboxImage(d);
    for (let c = 0; c < containers; c++) {
      await runContainer(d, [`c${c}`, ...(SETTINGS[c % SETTINGS.length] ?? [])]);
    }
  }
  for (let left = hosts; left > 0; left -= PORTS_PER_SSHD) sshds.push(await startSshd(Math.min(left, PORTS_PER_SSHD)));
  const targets = sshds.flatMap((s) => s.ports.map((port) => ({ port, key: s.clientKey })));
  const knownHosts = join(work, "known_hosts");
  writeFileSync(knownHosts, sshds.map((s) => readFileSync(s.knownHosts, "utf8")).join(""));
  const inventory = join(work, "inventory.yaml");
  writeFileSync(inventory, ["hosts:", ...targets.map((t, i) =>
    `  - { name: host-${i + 1}, ssh: "ssh://root@127.0.0.1:${t.port}", ssh_key: "${t.key}", docker_host: "${must(started[i % daemons], `daemon ${i % daemons}`).host}", labels: { bench: "yes" } }`)].join("\n") + "\n");
  const sshd = must(sshds[0], "an sshd");
  const ssh = ["--known-hosts", knownHosts];

  // One host: the local audit and the SSH audit of the same daemon, alternating so load drifts hit both alike.
  const d0 = must(started[0], "a daemon");
  const localArgs = ["audit", "--docker-host", d0.host, "-f", "json", "-o", join(work, "local.json")];
  const remoteArgs = ["audit", "--host", `ssh://root@127.0.0.1:${sshd.ports[0]}`, "--ssh-key", sshd.clientKey, ...ssh, "--docker-host", d0.host, "-f", "json", "-o", join(work, "ssh.json")];
  const local = new Map<string, number[]>(), remote = new Map<string, number[]>(), fleet = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  const of = (m: Map<string, number[]>, k: string) => m.get(k) ?? [];
  for (const b of BUILDS) {
    timed(localArgs, [0, 1], b.bin);
    timed(remoteArgs, [0, 1], b.bin);
  }
  for (let i = 0; i < runs; i++) {
    for (const b of i % 2 ? [...BUILDS].reverse() : BUILDS) {
      push(local, b.label, timed(localArgs, [0, 1], b.bin));
      push(remote, b.label, timed(remoteArgs, [0, 1], b.bin));
    }
  }
  console.log(`load average: ${load()}`);
  for (const b of BUILDS) {
    const tag = b.label ? ` [${b.label}]` : "";
    console.log(report(`local audit (1 daemon)${tag}`, of(local, b.label)));
    console.log(report(`SSH audit (same daemon)${tag}`, of(remote, b.label)));
    console.log(`SSH / local (medians)${tag}: ${(median(of(remote, b.label)) / median(of(local, b.label))).toFixed(2)}x`);
  }

  for (let i = 0; i < runs; i++) {
    for (const b of i % 2 ? [...BUILDS].reverse() : BUILDS) {
      const out = join(work, `fleet-${b.label || "x"}-${i}`);
      const wall = timed(["fleet", "--inventory", inventory, ...ssh, "--concurrency", String(concurrency), "--output-dir", out, "--quiet"], [0, 1, 4], b.bin);
      push(fleet, b.label, wall);
      const f = JSON.parse(readFileSync(join(out, "fleet.json"), "utf8")) as { hosts: { name: string; audited: boolean; reason?: string }[] };
      const missed = f.hosts.filter((h) => !h.audited);
      // A figure with hosts missing is not a fleet audit: say which and why, next to the time.
      console.log(`fleet run ${i + 1}${b.label ? ` [${b.label}]` : ""}: ${wall.toFixed(2)} s, ${f.hosts.length - missed.length}/${f.hosts.length} hosts audited, load ${load()}${missed.map((h) => `\n  ${h.name}: ${h.reason}`).join("")}`);
    }
  }
  if (profDir) {
    const wall = timed(["fleet", "--inventory", inventory, ...ssh, "--concurrency", String(concurrency), "--output-dir", join(work, "fleet-prof"), "--quiet"], [0, 1, 4], BIN, ["--cpu-prof", "--cpu-prof-dir", profDir]);
    console.log(`fleet run under --cpu-prof: ${wall.toFixed(2)} s, load ${load()}, profile in ${profDir}`);
  }
  console.log(`load average: ${load()}`);
  for (const b of BUILDS) console.log(report(`fleet of ${hosts} hosts over SSH${b.label ? ` [${b.label}]` : ""}`, of(fleet, b.label)));
} finally {
  for (const s of sshds) await s.stop();
  for (const d of started) await d.stop();
  rmSync(work, { recursive: true, force: true });
}
