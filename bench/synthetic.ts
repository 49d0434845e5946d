// Benchmark on a synthetic snapshot: no daemon, no root. Generates a snapshot of N containers of mixed settings
// (one of them carrying a 1 MB label), then for each output format runs the real CLI on it
// (`dockaudit audit --snapshot FILE --format F -o OUT`: Node start-up, loading, evaluation and rendering) and prints
// wall time, peak RSS, output size and how many copies of the 1 MB label the output holds. Run:
//   npm run build && node dist/bench/synthetic.js [--n 1000,5000] [--runs 3] [--formats json,html,...]
// Then, in this process, each reporter alone on the evaluated report (render time, CPU-bound). Measures here, never
// in timed tests (the figures go in the README).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../checks/index.js";
import { evaluateSnapshot, type VerdictSettings } from "../src/engine/audit.js";
import { formatNames, reporters } from "../src/report/index.js";
import type { ContainerInspect, ContainerProcess, Fact, ImageHistoryEntry, ImageInspect, Snapshot } from "../src/snapshot/types.js";
import { PROJECT_ROOT } from "../src/version.js";
import { container, image, okFact, snapshot } from "../test/support/fixtures.js";
import { must } from "./must.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ? value : fallback;
}

/** The planted long label: plain words (nothing to escape or redact), with markers to find whole copies and pieces. */
export const LONG_LABEL_KEY = "com.example.description";
export const LONG_LABEL_START = "benchlongstart";
export function longLabelValue(bytes = 1024 * 1024): string {
  const filler = "lorem ipsum dolor sit amet ";
  return LONG_LABEL_START + " " + filler.repeat(Math.ceil(bytes / filler.length)).slice(0, bytes) + " benchlongend";
}

const IMAGES = ["nginx:1.27", "postgres:16", "redis:7", "busybox:1", "prom/node-exporter:1", "registry.example.com/team/app:2.3"];

// A mix of what real hosts run: some hardened, some risky, so every check has work to do and every status occurs.
const VARIANTS: ((i: number) => Parameters<typeof container>[1])[] = [
  () => ({}),
  () => ({ HostConfig: { ReadonlyRootfs: true, Memory: 64 << 20, PidsLimit: 100, CpuShares: 512, RestartPolicy: { Name: "on-failure", MaximumRetryCount: 5 }, SecurityOpt: ["no-new-privileges"], CapDrop: ["ALL"] }, Config: { User: "1000" } }),
  () => ({ HostConfig: { PidMode: "host", CapAdd: ["NET_ADMIN"] } }),
  (i) => ({ HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(20000 + i) }] }, CpuShares: 512, SecurityOpt: ["no-new-privileges"] }, NetworkSettings: { Ports: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(20000 + i) }] } } }),
  (i) => ({ HostConfig: { PortBindings: { "8080/tcp": [{ HostIp: "", HostPort: String(30000 + i) }] }, RestartPolicy: { Name: "always", MaximumRetryCount: 0 } }, NetworkSettings: { Ports: { "8080/tcp": [{ HostIp: "0.0.0.0", HostPort: String(30000 + i) }] } }, Config: { EnvNames: ["PATH", "DB_PASSWORD"], EnvSecretShapes: [{ name: "DB_PASSWORD", kind: "password" }] } }),
  () => ({ HostConfig: { IpcMode: "host", SecurityOpt: ["seccomp=unconfined"], Privileged: true, Binds: ["/etc:/host-etc:ro", "/var/run/docker.sock:/var/run/docker.sock"] }, Mounts: [{ Type: "bind", Source: "/var/run/docker.sock", Destination: "/var/run/docker.sock", RW: true }] }),
];

export function syntheticSnapshot(n: number, longLabel = longLabelValue()): Snapshot {
  const containers: ContainerInspect[] = [];
  const processes: Record<string, Fact<ContainerProcess[]>> = {};
  for (let i = 0; i < n; i++) {
    const name = `app-${String(i).padStart(5, "0")}`;
    const tag = must(IMAGES[i % IMAGES.length], "image tag");
    const c = container(name, must(VARIANTS[i % VARIANTS.length], "container variant")(i));
    c.Id = i.toString(16).padStart(12, "0") + "c".repeat(52);
    c.Image = "sha256:" + String(i % IMAGES.length).repeat(64);
    c.Config.Image = tag;
    c.Config.Labels = { "com.example.team": `team-${i % 17}`, "com.example.tier": i % 3 ? "backend" : "frontend", ...(i === 0 ? { [LONG_LABEL_KEY]: longLabel } : {}) };
    containers.push(c);
    processes[c.Id] = okFact(i % 50 === 7 ? [{ pid: "1", user: "root", command: "sshd" }] : [{ pid: "1", user: "root", command: "sleep" }], `GET /containers/${c.Id}/top`);
  }
  const images: ImageInspect[] = IMAGES.map((tag, k) => image(tag, { Id: "sha256:" + String(k).repeat(64), Config: { User: k % 2 ? "1000" : "", Healthcheck: k % 3 ? null : { Test: ["CMD", "true"] }, EnvNames: [], Labels: {} } }));
  const history: Record<string, Fact<ImageHistoryEntry[]>> = Object.fromEntries(images.map((img) => [img.Id, okFact([{ CreatedBy: "/bin/sh -c #(nop) CMD [\"sh\"]" }, { CreatedBy: "/bin/sh -c apk add --no-cache curl" }], `GET /images/${img.Id}/history`)]));
  const snap = snapshot({ containers, images });
  snap.engine.processes = okFact(processes, "GET /containers/{id}/top");
  snap.engine.imageHistory = okFact(history, "GET /images/{id}/history");
  return snap;
}

/** wall and CPU (user + system) seconds: on a shared machine CPU time is the steadier figure. */
interface Sample { wall: number; cpu: number | null; rssMb: number | null; bytes: number; copies: number; pieces: number }

function countOf(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

function timeRender(file: string, format: string, out: string, longLabel: string): Sample {
  const cli = [join(PROJECT_ROOT, "bin", "dockaudit"), "audit", "--no-config", "--snapshot", file, "--format", format, "--output", out];
  const t0 = process.hrtime.bigint();
  const timed = existsSync("/usr/bin/time");
  const r = timed ? spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, ...cli], { encoding: "utf8", maxBuffer: 1 << 26 }) : spawnSync(process.execPath, cli, { encoding: "utf8", maxBuffer: 1 << 26 });
  const wallOwn = Number(process.hrtime.bigint() - t0) / 1e9;
  // Exit 1 is the gate (failures found), which a mixed host always has.
  if (r.status !== 0 && r.status !== 1) throw new Error(`dockaudit --format ${format} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  let wall = wallOwn;
  let rssMb: number | null = null;
  let cpu: number | null = null;
  if (timed) {
    const last = (r.stderr.trim().split("\n").pop() ?? "").split(" ");
    wall = Number(last[0]);
    cpu = Number(last[1]) + Number(last[2]);
    rssMb = Math.round(Number(last[3]) / 1024);
  }
  const text = readFileSync(out, "utf8").toLowerCase();
  return { wall, cpu, rssMb, bytes: statSync(out).size, copies: countOf(text, longLabel.toLowerCase()), pieces: countOf(text, LONG_LABEL_START) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

async function main(): Promise<void> {
  const sizes = arg("n", "1000,5000").split(",").map(Number);
  const runs = Number(arg("runs", "3"));
  const formats = arg("formats", formatNames().join(",")).split(",");
  const work = mkdtempSync(join(tmpdir(), "dockaudit-bench-"));
  try {
    const longLabel = longLabelValue();
    console.log(`dockaudit synthetic benchmark: ${runs} runs per format, ${cpus().length} cores, node ${process.version}, load average ${must(loadavg()[0], "load average").toFixed(1)}; one container has a ${mb(longLabel.length)} MB label`);
    console.log("containers  format      median wall  min wall  median CPU  peak RSS   output  label copies (pieces)");
    for (const n of sizes) {
      const file = join(work, `snapshot-${n}.json`);
      writeFileSync(file, JSON.stringify(syntheticSnapshot(n, longLabel)));
      for (const format of formats) {
        const samples = Array.from({ length: runs }, () => timeRender(file, format, join(work, `report.${format}`), longLabel));
        const walls = samples.map((s) => s.wall);
        const rss = samples.map((s) => s.rssMb).filter((x): x is number => x !== null);
        const cpu = samples.map((s) => s.cpu).filter((x): x is number => x !== null);
        const s = must(samples[0], "a sample (--runs must be at least 1)");
        console.log(
          `${String(n).padStart(10)}  ${format.padEnd(10)}  ${median(walls).toFixed(2).padStart(9)} s  ${Math.min(...walls).toFixed(2).padStart(6)} s  ${(cpu.length ? `${median(cpu).toFixed(2)} s` : "n/a").padStart(10)}  ` +
            `${(rss.length ? `${Math.max(...rss)} MB` : "n/a").padStart(8)}  ${mb(s.bytes).padStart(5)} MB  ${s.copies} (${s.pieces})`,
        );
      }
      const report = evaluateSnapshot(syntheticSnapshot(n, longLabel), { benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false } as VerdictSettings, catalog);
      for (const format of formats) {
        const render = must(reporters[format], `a reporter for --formats ${format}`);
        const times = Array.from({ length: runs }, () => {
          const t0 = process.hrtime.bigint();
          const c0 = process.cpuUsage();
          render(report, {});
          const c = process.cpuUsage(c0);
          return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6 };
        });
        const walls = times.map((t) => t.wall);
        console.log(`${String(n).padStart(10)}  ${format.padEnd(10)}  render only, in process: median wall ${median(walls).toFixed(2)} s, min ${Math.min(...walls).toFixed(2)} s, median CPU ${median(times.map((t) => t.cpu)).toFixed(2)} s`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
