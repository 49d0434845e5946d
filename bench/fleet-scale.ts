// Benchmark: `fleet --reports` at scale, with no daemon. Writes N synthetic reports of about 110 KB each (a host of
// bench/synthetic.ts's containers, evaluated by the real engine; hosts differ in name, labels, time and which checks
// fail), then times `bin/dockaudit fleet --reports DIR --output-dir OUT -q` as a process (wall, CPU, peak RSS via
// /usr/bin/time) and reports the sizes of fleet.json, fleet.html, fleet.xml and fleet.prom. With --browser, also
// opens fleet.html in Chromium (playwright-core) and times the load until the matrix's first page is drawn.
//   npm run build && node dist/bench/fleet-scale.js [--hosts 1000,10000] [--containers 1] [--runs 1] [--browser]
// The load average is printed with every figure: the machine may be shared. Figures go in docs/fleet.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../checks/index.js";
import { defaultVerdictSettings, evaluateSnapshot } from "../src/engine/audit.js";
import { DEFAULT_BENCHMARK } from "../src/engine/types.js";
import { renderJson } from "../src/report/json.js";
import { PROJECT_ROOT } from "../src/version.js";
import { must } from "./must.js";
import { syntheticSnapshot } from "./synthetic.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? fallback;
}
const sizes = arg("hosts", "1000,10000").split(",").map(Number);
const containers = Number(arg("containers", "1"));
const runs = Number(arg("runs", "1"));
const browser = process.argv.includes("--browser");

/** A few different hosts: evaluated once each, then copied under many names. */
function templates(): string[] {
  const out: string[] = [];
  for (let v = 0; v < 4; v++) {
    const snap = syntheticSnapshot(containers + v, "x".repeat(64));
    const report = evaluateSnapshot(snap, { ...defaultVerdictSettings(DEFAULT_BENCHMARK), all: v % 2 === 0 }, catalog);
    out.push(renderJson(report));
  }
  return out;
}

function writeReports(dir: string, n: number, tpl: string[]): number {
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const name = `host-${String(i).padStart(5, "0")}`;
    const text = must(tpl[i % tpl.length], "report template")
      .replace(/"hostname": "[^"]*"/, `"hostname": "${name}"`)
      .replace(/"finishedAt": "[^"]*"/, `"finishedAt": "2026-01-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00.000Z"`);
    // Spread over directories the way gathered stores are (one per host, several hosts per rack).
    const sub = join(dir, `rack-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${name}.json`), text);
    bytes += text.length;
  }
  return bytes;
}

interface Sample { wall: number; cpu: number; rssMb: number }

function timeFleet(dir: string, out: string): Sample {
  const cli = [join(PROJECT_ROOT, "bin", "dockaudit"), "fleet", "--reports", dir, "--output-dir", out, "-q"];
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, ...cli], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = r.stderr.trim().split("\n").at(-1) ?? "";
  const [, user, sys, rssKb] = last.split(" ").map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`fleet exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { wall, cpu: (user ?? 0) + (sys ?? 0), rssMb: (rssKb ?? 0) / 1024 };
}

async function browserLoad(file: string): Promise<number | null> {
  const CHROMIUM = "/usr/bin/chromium";
  if (!existsSync(CHROMIUM)) return null;
  const { chromium } = await import("playwright-core");
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(`file://${file}`, { waitUntil: "load" });
    await page.waitForSelector("#matrix-body tr");
    return (Date.now() - t0) / 1000;
  } finally {
    await b.close();
  }
}

const tpl = templates();
console.log(`report size: ${tpl.map((t) => `${(t.length / 1024).toFixed(0)} KB`).join(", ")} (${containers}+ containers)`);
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-fleet-scale-"));
  try {
    const bytes = writeReports(join(dir, "store"), n, tpl);
    for (let run = 1; run <= runs; run++) {
      const out = join(dir, `view-${run}`);
      const s = timeFleet(join(dir, "store"), out);
      const size = (f: string) => `${(statSync(join(out, f)).size / 1e6).toFixed(1)} MB`;
      const load = loadavg().map((x) => x.toFixed(2)).join(" ");
      console.log(`${n} hosts (${(bytes / 1e9).toFixed(2)} GB of reports): ${s.wall.toFixed(1)} s wall, ${s.cpu.toFixed(1)} s CPU, ${s.rssMb.toFixed(0)} MB peak RSS; fleet.json ${size("fleet.json")}, fleet.html ${size("fleet.html")}, fleet.xml ${size("fleet.xml")}, fleet.prom ${size("fleet.prom")} (load ${load})`);
      if (browser && run === 1) {
        const secs = await browserLoad(join(out, "fleet.html"));
        console.log(`  fleet.html in Chromium: ${secs === null ? "no /usr/bin/chromium" : `${secs.toFixed(2)} s to load and draw the first page of the matrix`}`);
      }
      JSON.parse(readFileSync(join(out, "fleet.json"), "utf8"));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
