// The single executable's start-up code: a small loader (the SEA's main script) that compiles the bundled CLI, an
// embedded asset, with a V8 code cache made at release time after training runs of that same bundle.
//
// Why: Node's own SEA code cache (`useCodeCache`) is made by compiling the main script without running it, so it
// holds the top-level code only; every function an audit calls is still parsed and compiled on its first call. A
// cache made after the bundle has run holds the functions those runs compiled too (V8 createCachedData). Measured
// here on 100 containers: ~30 ms less per audit than the SEA's own cache (README, Performance).
//
// Training runs (each its own process, each starting from the cache the previous one left, so the last cache holds
// what all of them compiled): an audit of a synthetic snapshot writing the table and every --output-dir format, one
// writing SARIF and one Prometheus, and a live audit of this machine against a stand-in Engine API on a unix socket
// in a temporary directory that answers from the same snapshot (so the collectors' code is compiled as well; they
// only read this machine's files, as any audit does). Nothing is written outside the temporary directory.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";

/** The bundle is compiled as this function's body: the CommonJS module wrapper, identical in training and loader. */
const WRAP_HEAD = "(function (exports, require, module, __filename, __dirname) {";
const WRAP_TAIL = "\n})";
/** The name V8 sees for the bundle (stack traces say dockaudit.cjs:LINE). */
const SCRIPT_NAME = "dockaudit.cjs";

/**
 * JS text that compiles the bundle into `const script`, given JS expressions for its source text and for the cache
 * (a Uint8Array or undefined). The loader, the training runs and the final check all use it: V8 accepts a cache only
 * for the very same wrapped source and script options.
 */
function compileBundle(sourceExpr, cacheExpr) {
  return `const script = new (require("node:vm").Script)(${JSON.stringify(WRAP_HEAD)} + ${sourceExpr} + ${JSON.stringify(WRAP_TAIL)}, { filename: ${JSON.stringify(SCRIPT_NAME)}, cachedData: ${cacheExpr} });`;
}

/**
 * The SEA's main script. Inside the executable `require` loads built-in modules only and `__filename` is the
 * executable: the bundle needs nothing else. A cache V8 rejects (another Node build) only costs the compile.
 * DOCKAUDIT_DEBUG_CODE_CACHE=1 prints whether the cache was accepted (for the release tests).
 */
export function loaderSource() {
  return `"use strict";
const { getAsset } = require("node:sea");
let cachedData;
try { cachedData = new Uint8Array(getAsset("dockaudit.cache")); } catch { cachedData = undefined; }
${compileBundle('getAsset("dockaudit.cjs", "utf8")', "cachedData")}
if (process.env.DOCKAUDIT_DEBUG_CODE_CACHE === "1") process.stderr.write("dockaudit: code cache " + (cachedData === undefined ? "absent" : script.cachedDataRejected ? "rejected" : "accepted") + "\\n");
script.runInThisContext()(module.exports, require, module, __filename, __dirname);
`;
}

/** A training run: compiles the bundle (with the cache so far), runs the CLI with argv, writes the cache at exit. */
function trainerSource(bundle, cacheIn, cacheOut, fakeFilename) {
  return `"use strict";
const fs = require("node:fs");
const cachedData = fs.existsSync(${JSON.stringify(cacheIn)}) ? fs.readFileSync(${JSON.stringify(cacheIn)}) : undefined;
${compileBundle(`fs.readFileSync(${JSON.stringify(bundle)}, "utf8")`, "cachedData")}
if (cachedData && script.cachedDataRejected) { process.stderr.write("code cache of the previous training run rejected\\n"); process.exit(70); }
process.on("exit", () => fs.writeFileSync(${JSON.stringify(cacheOut)}, script.createCachedData()));
script.runInThisContext()(module.exports, require, module, ${JSON.stringify(fakeFilename)}, ${JSON.stringify(fakeFilename.replace(/\/[^/]*$/, ""))});
`;
}

/** A stand-in Engine API answering GETs from a snapshot's engine facts (training only). */
function engineFromSnapshot(snap, socketPath) {
  const value = (f, fallback) => (f && f.ok ? f.value : fallback);
  const containers = value(snap.engine.containers, []);
  const images = value(snap.engine.images, []);
  const networks = value(snap.engine.networks, []);
  const history = value(snap.engine.imageHistory, {});
  const routes = new Map([
    ["/info", value(snap.engine.info, {})],
    ["/version", value(snap.engine.version, {})],
    ["/containers/json", containers.map((c) => ({ Id: c.Id, Names: [c.Name] }))],
    ["/images/json", images.map((i) => ({ Id: i.Id }))],
    ["/networks", networks.map((n) => ({ Id: n.Id, Name: n.Name }))],
  ]);
  for (const c of containers) {
    routes.set(`/containers/${c.Id}/json`, c);
    routes.set(`/containers/${c.Id}/top`, { Titles: ["PID", "USER", "COMMAND"], Processes: [["1", "root", "sleep"]] });
  }
  for (const i of images) {
    routes.set(`/images/${i.Id}/json`, i);
    routes.set(`/images/${i.Id}/history`, value(history[i.Id], []));
  }
  for (const n of networks) routes.set(`/networks/${n.Id}`, n);
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0].replace(/^\/v[\d.]+\//, "/"));
    if (path === "/_ping") {
      res.writeHead(200, { "content-type": "text/plain" }).end("OK");
      return;
    }
    const body = routes.get(path);
    if (body === undefined) res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `no such path ${path}` }));
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve(server));
  });
}

/**
 * Trains and writes the code cache for `bundle` to `cacheFile`, working in `work` (a fresh temporary directory).
 * `root` is the checkout (the bundle reads its templates from there while training). Throws if a run fails or if
 * a fresh compile rejects the final cache.
 */
export async function trainCodeCache({ bundle, cacheFile, work, root }) {
  const { syntheticSnapshot } = await import(join(root, "dist", "bench", "synthetic.js"));
  mkdirSync(work, { recursive: true });
  const snapFile = join(work, "training-snapshot.json");
  const snap = syntheticSnapshot(24, "a training label");
  writeFileSync(snapFile, JSON.stringify(snap));
  const socket = join(work, "engine.sock");
  const server = await engineFromSnapshot(snap, socket);
  // Inside the bundle, the project root is two directories above its file: the checkout's dist/src/.
  const fakeFilename = join(root, "dist", "src", "dockaudit.cjs");
  const runs = [
    ["audit", "--no-config", "--snapshot", snapFile, "--format", "table", "--output-dir", join(work, "out")],
    ["audit", "--no-config", "--snapshot", snapFile, "--format", "sarif", "--output", join(work, "report.sarif")],
    ["audit", "--no-config", "--snapshot", snapFile, "--format", "prometheus", "--output", join(work, "report.prom")],
    ["audit", "--no-config", "--docker-host", `unix://${socket}`, "--format", "json", "--output", join(work, "live.json")],
  ];
  try {
    let cacheIn = join(work, "none.cache");
    for (const [i, argv] of runs.entries()) {
      const cacheOut = join(work, `run-${i}.cache`);
      const trainer = join(work, `train-${i}.cjs`);
      writeFileSync(trainer, trainerSource(bundle, cacheIn, cacheOut, fakeFilename));
      // Exit 1 is a failed gate (the snapshot fails checks on purpose); anything else is a broken run.
      const r = await new Promise((resolve) => {
        execFile(process.execPath, [trainer, ...argv], { cwd: work, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 << 20, timeout: 120_000 }, (err, _stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr });
        });
      });
      if ((r.code !== 0 && r.code !== 1) || !existsSync(cacheOut)) throw new Error(`code cache training run ${i + 1} (${argv.join(" ")}) failed (exit ${r.code}): ${String(r.stderr).trim().split("\n").slice(-3).join(" | ")}`);
      cacheIn = cacheOut;
    }
    writeFileSync(cacheFile, readFileSync(cacheIn));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  // The cache must be one a fresh process accepts for this bundle.
  const check = `const fs = require("node:fs");
${compileBundle(`fs.readFileSync(${JSON.stringify(bundle)}, "utf8")`, `fs.readFileSync(${JSON.stringify(cacheFile)})`)}
process.stdout.write(script.cachedDataRejected ? "rejected" : "accepted");`;
  const verdict = execFileSync(process.execPath, ["-e", check], { encoding: "utf8" });
  if (verdict !== "accepted") throw new Error(`the trained code cache is ${verdict} by a fresh compile`);
}
