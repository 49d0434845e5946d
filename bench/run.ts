// Benchmark: full audits (collection + evaluation + rendering, Node start-up included) against a throwaway dockerd
// running N containers of mixed settings. Prints wall time and peak RSS per N. Run as root:
//   npm run build && node dist/bench/run.js [--n 25,50,100] [--runs 5] [--format json] [--exe release/dockaudit-…]
// With --exe (the single executable from `npm run release`), each size is measured for the checkout CLI, the
// executable and the Engine-API floor (bench/engine-floor.ts: a plain Node script reading the same API data), side by side,
// taking turns run by run. CPU is user + system time of every thread of the process (the steadier figure on a shared machine).
// Measures on a real daemon, never in timed tests (the figures go in the README).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/version.js";
import { BUSYBOX_IMAGE, importBusyboxImage, startDaemon, type ThrowawayDaemon } from "../test/support/dockerd.js";
import { must } from "./must.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ? value : fallback;
}

const sizes = arg("n", "25,50,100").split(",").map(Number);
const runs = Number(arg("runs", "5"));
const format = arg("format", "json");
const exe = arg("exe", "");

// A mix of what real hosts run: some hardened, some risky, so every check has work to do.
const SETTINGS: string[][] = [
  [],
  ["--read-only", "--memory", "64m", "--pids-limit", "100", "--user", "1000", "--restart", "on-failure:5"],
  ["--pid=host", "--cap-add", "NET_ADMIN"],
  ["-p", "127.0.0.1::80", "--cpu-shares", "512", "--security-opt", "no-new-privileges"],
  ["-p", "[::]::8080", "--restart", "always", "-e", "DB_PASSWORD=bench-planted-secret"],
  ["--ipc=host", "--security-opt", "seccomp=unconfined", "--label", "team=bench"],
];

async function runContainers(d: ThrowawayDaemon, from: number, to: number): Promise<void> {
  const queue = Array.from({ length: to - from }, (_, i) => from + i);
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await d.docker(["run", "-d", "--name", `bench-${i}`, ...must(SETTINGS[i % SETTINGS.length], "container settings"), BUSYBOX_IMAGE, "sleep", "36000"]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

type Form = "checkout" | "executable" | "engine-api floor";
const forms: Form[] = exe ? ["checkout", "executable", "engine-api floor"] : ["checkout"];

function command(form: Form, d: ThrowawayDaemon, out: string): string[] {
  const args = ["audit", "--docker-host", d.host, "--format", format, "--output", out];
  if (form === "executable") return [exe, ...args];
  if (form === "engine-api floor") return [process.execPath, join(PROJECT_ROOT, "dist", "bench", "engine-floor.js"), d.socket];
  return [process.execPath, join(PROJECT_ROOT, "bin", "dockaudit"), ...args];
}

/** Wall seconds, and (under /usr/bin/time) CPU seconds (user + system, every thread) and peak RSS. */
function timeAudit(d: ThrowawayDaemon, out: string, form: Form = "checkout"): { wall: number; cpu: number | null; rssMb: number | null } {
  const [bin, ...cli] = command(form, d, out) as [string, ...string[]];
  if (existsSync("/usr/bin/time")) {
    const r = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", bin, ...cli], { encoding: "utf8" });
    const last = (r.stderr.trim().split("\n").pop() ?? "").split(" ");
    if (r.status !== 0 && r.status !== 1) throw new Error(`audit exited ${r.status}: ${r.stderr}`);
    return { wall: Number(last[0]), cpu: Number(last[2]) + Number(last[3]), rssMb: Math.round(Number(last[1]) / 1024) };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, cli, { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`audit exited ${r.status}: ${r.stderr}`);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: null, rssMb: null };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const d = await startDaemon({ name: "bench" });
const work = mkdtempSync(join(tmpdir(), "dockaudit-bench-"));
try {
  await importBusyboxImage(d);
  console.log(`dockaudit benchmark: ${runs} full audits per size, --format ${format}, ${execFileSync("nproc").toString().trim()} cores, node ${process.version}`);
  console.log(`containers  median wall  min wall  max wall  median CPU  peak RSS${exe ? "  form" : ""}`);
  let have = 0;
  for (const n of sizes) {
    await runContainers(d, have, n);
    have = n;
    // The forms take turns (checkout, executable, floor, checkout, …), so a machine that slows down or speeds up
    // during the run weighs on each of them alike.
    for (const form of forms) timeAudit(d, join(work, "warmup.json"), form);
    const samples = new Map(forms.map((f) => [f, [] as ReturnType<typeof timeAudit>[]]));
    for (let i = 0; i < runs; i++) for (const form of forms) samples.get(form)?.push(timeAudit(d, join(work, "report.json"), form));
    for (const form of forms) {
      const got = samples.get(form) ?? [];
      const walls = got.map((s) => s.wall);
      const cpu = got.map((s) => s.cpu).filter((x): x is number => x !== null);
      const rss = got.map((s) => s.rssMb).filter((x): x is number => x !== null);
      console.log(`${String(n).padStart(10)}  ${median(walls).toFixed(2).padStart(9)} s  ${Math.min(...walls).toFixed(2).padStart(6)} s  ${Math.max(...walls).toFixed(2).padStart(6)} s  ${(cpu.length ? `${median(cpu).toFixed(2)} s` : "n/a").padStart(10)}  ${rss.length ? `${Math.max(...rss)} MB` : "n/a (no /usr/bin/time)"}${exe ? `  ${form}` : ""}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  await d.stop();
}
