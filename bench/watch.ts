// Benchmark of `dockaudit watch` against a throwaway dockerd (run as root; figures go in docs/watch.md):
//   npm run build && node dist/bench/watch.js [--n 100] [--samples 40] [--idle 60] [--cycles 5000] [--lanes 4]
// 1. latency: with N containers running, a container created with --pid=host, then (1 s later, its create handled)
//    started; from the start call returning (the daemon sends the start event just before) to its 5.16 failure
//    visible in /metrics (polled every 10 ms); p50, p95, max over --samples starts (each destroyed after);
// 2. idle CPU: user + system ticks of the watcher from /proc/PID/stat over --idle seconds without events;
// 3. soak: --cycles create/start/destroy cycles (--lanes at once); RSS and open fds after warm-up (the first 10 %) and
//    at the end; then whether the watcher's report.json equals a fresh `dockaudit audit` (apart from times).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/version.js";
import { BUSYBOX_IMAGE, importBusyboxImage, startDaemon } from "../test/support/dockerd.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const N = Number(arg("n", "100"));
const SAMPLES = Number(arg("samples", "40"));
const IDLE_S = Number(arg("idle", "60"));
const CYCLES = Number(arg("cycles", "5000"));
const LANES = Number(arg("lanes", "4"));
const BIN = join(PROJECT_ROOT, "bin", "dockaudit");

/* eslint-disable @typescript-eslint/no-explicit-any */
function api(socket: string, method: string, path: string, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath: socket, method, path, headers: data ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) } : {} }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => ((res.statusCode ?? 500) >= 300 ? reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`)) : resolve(text ? JSON.parse(text) : null)));
    });
    req.on("error", reject);
    req.end(data);
  });
}
function metrics(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: "/metrics" }, (res) => {
      let b = "";
      res.on("data", (c: Buffer) => (b += c.toString()));
      res.on("end", () => resolve(b));
    }).on("error", reject);
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const ticks = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
};
const rssKb = (pid: number) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
const fds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const verdicts = (report: any): string => JSON.stringify(report.results.flatMap((r: any) => r.findings.map((f: any) => JSON.stringify([r.id, r.status, f.subject.kind, f.subject.name, f.status, f.message, JSON.parse(JSON.stringify(f.evidence ?? null, (k, x) => (/At$|[Tt]ime/.test(k) ? undefined : x)))]))).sort());

const d = await startDaemon({ name: "bench-watch" });
const dir = mkdtempSync(join(tmpdir(), "dockaudit-bench-watch-"));
let watcher: ReturnType<typeof spawn> | undefined;
try {
  await importBusyboxImage(d);
  const settings = [{}, { PidMode: "host" }, { CapAdd: ["NET_ADMIN"] }, { Memory: 64 << 20, PidsLimit: 100, ReadonlyRootfs: true }];
  const lanes = async (count: number, fn: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(Array.from({ length: LANES }, async () => { for (let i = next++; i < count; i = next++) await fn(i); }));
  };
  await lanes(N, async (i) => {
    const c = await api(d.socket, "POST", `/containers/create?name=bg-${i}`, { Image: BUSYBOX_IMAGE, Cmd: ["sleep", "36000"], HostConfig: settings[i % settings.length] });
    await api(d.socket, "POST", `/containers/${c.Id}/start`);
  });
  const outDir = join(dir, "out");
  watcher = spawn(process.execPath, [BIN, "watch", "--no-config", "--debug", "--listen", "127.0.0.1:0", "--output-dir", outDir], { env: d.env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  watcher.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  let port = 0;
  for (let i = 0; i < 600 && !port; i++) {
    port = Number(/serving http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(stderr)?.[1] ?? 0);
    await sleep(100);
  }
  if (!port) throw new Error(`watch did not start: ${stderr}`);
  const pid = watcher.pid ?? 0;

  // 1. latency
  const lat: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const name = `lat-${k}`;
    const c = await api(d.socket, "POST", `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ["sleep", "36000"], HostConfig: { PidMode: "host" } });
    // The create event's batch is left to finish first: the figure is the start event's alone.
    await sleep(1000);
    await api(d.socket, "POST", `/containers/${c.Id}/start`);
    const t0 = performance.now();
    for (;;) {
      if ((await metrics(port)).includes(`dockaudit_container_failed_check{container="${name}",check="5.16"`)) break;
      if (performance.now() - t0 > 30_000) throw new Error(`${name} never appeared`);
      await sleep(10);
    }
    lat.push(performance.now() - t0);
    await api(d.socket, "DELETE", `/containers/${c.Id}?force=1`);
    for (let i = 0; i < 3000 && (await metrics(port)).includes(`container="${name}"`); i++) await sleep(10);
  }
  // The watcher's own account (--debug): partial collection and evaluation times.
  const phases = [...stderr.matchAll(/incremental collection of \d+ container\(s\): (\d+) ms, evaluation and rendering: (\d+) ms/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  console.log(JSON.stringify({
    measure: "start→/metrics latency (ms)", running: N, samples: lat.length, p50: Math.round(pct(lat, 50)), p95: Math.round(pct(lat, 95)), max: Math.round(Math.max(...lat)),
    partialCollectMs: { p50: pct(phases.map((p) => p[0]), 50), p95: pct(phases.map((p) => p[0]), 95) },
    evaluateMs: { p50: pct(phases.map((p) => p[1]), 50), p95: pct(phases.map((p) => p[1]), 95) },
  }));

  // 2. idle CPU
  if (IDLE_S > 0) {
    await sleep(5000);
  const clk = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  const t1 = ticks(pid);
  const w0 = performance.now();
  await sleep(IDLE_S * 1000);
  const cpu = ((ticks(pid) - t1) / clk) / ((performance.now() - w0) / 1000) * 100;
  console.log(JSON.stringify({ measure: "idle CPU (% of one core)", seconds: IDLE_S, cpu: Math.round(cpu * 100) / 100, clkTck: clk }));
  }

  // 3. soak
  if (CYCLES > 0) {
  const warm = Math.max(1, Math.floor(CYCLES / 10));
  let warmRss = 0, warmFds = 0, maxRss = 0;
  const soakStart = performance.now();
  let done = 0;
  await lanes(CYCLES, async (i) => {
    const c = await api(d.socket, "POST", `/containers/create?name=soak-${i}`, { Image: BUSYBOX_IMAGE, Cmd: ["sleep", "600"], HostConfig: settings[i % settings.length] });
    await api(d.socket, "POST", `/containers/${c.Id}/start`);
    await api(d.socket, "DELETE", `/containers/${c.Id}?force=1`);
    done++;
    maxRss = Math.max(maxRss, rssKb(pid));
    if (done === warm) {
      warmRss = rssKb(pid);
      warmFds = fds(pid);
    }
    if (done % 500 === 0) console.error(`soak: ${done}/${CYCLES} cycles, RSS ${Math.round(rssKb(pid) / 1024)} MB, ${fds(pid)} fds`);
  });
  const soakS = (performance.now() - soakStart) / 1000;
  await sleep(10_000);
  const endRss = rssKb(pid), endFds = fds(pid);
  const fresh = spawnSync(process.execPath, [BIN, "audit", "--no-config", "-f", "json"], { env: d.env, encoding: "utf8", maxBuffer: 256 << 20 });
  let equal = false;
  for (let i = 0; i < 60 && !equal; i++) {
    try {
      equal = verdicts(JSON.parse(readFileSync(join(outDir, "report.json"), "utf8"))) === verdicts(JSON.parse(fresh.stdout));
    } catch { /* being rewritten */ }
    if (!equal) await sleep(1000);
  }
  console.log(JSON.stringify({
    measure: "soak", cycles: CYCLES, lanes: LANES, seconds: Math.round(soakS), warmUpCycles: warm,
    rssWarmMB: Math.round(warmRss / 102.4) / 10, rssEndMB: Math.round(endRss / 102.4) / 10, rssMaxMB: Math.round(maxRss / 102.4) / 10, rssGrowthMB: Math.round((endRss - warmRss) / 102.4) / 10,
    fdsWarm: warmFds, fdsEnd: endFds, equalsFreshAudit: equal,
  }));
  }
} finally {
  if (watcher?.pid && watcher.exitCode === null) watcher.kill("SIGTERM");
  await sleep(1000);
  await d.stop();
  rmSync(dir, { recursive: true, force: true });
}
