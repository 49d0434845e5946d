// Issue 24 "Done when", on a throwaway dockerd: `dockaudit watch --listen 127.0.0.1:PORT` shows a new container's
// failing verdicts in /metrics and prints the change line; destroying it removes its series; SIGHUP with a broken
// config keeps the old one; a restarted dockerd sets dockaudit_up 0, then 1 with a full audit; after 200
// create/start/destroy cycles the watcher's report equals a fresh audit's; SIGTERM exits 0 within a second.
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, runCli } from "../support/cli.js";
import { missingTool } from "../support/required.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { alive, BUSYBOX_IMAGE, describeEngines, importBusyboxImage, startDaemonOrSkip, waitForPing, type ThrowawayDaemon } from "../support/dockerd.js";

/* eslint-disable @typescript-eslint/no-explicit-any */

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path, timeout: 5000 }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

/** Engine API call on the daemon's socket (faster than the docker CLI for the 200 cycles). */
function api(socket: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath: socket, method, path, headers: data ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) } : {} }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => {
        let json: any;
        try { json = text ? JSON.parse(text) : null; } catch { json = text; }
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
        else resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

/** Polls `probe` until it returns a value (not undefined) or `ms` pass; returns the value and the time it took. */
async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined, everyMs = 50): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return { value: v, ms: Date.now() - start };
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The pid `exec`ed at the end of the unshare → sh → setpriv chain: the node process whose parent is `pid`, or `pid` itself. */
function childPid(pid: number): number | undefined {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    if (comm === "node") return pid;
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    for (const k of kids) if (readFileSync(`/proc/${k}/comm`, "utf8").trim() === "node") return k;
  } catch { /* not yet */ }
  return undefined;
}

function metricValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A report's verdicts without times: check, status, and each finding's subject, status, message and evidence. */
function verdictsOf(report: any): string[] {
  const dropTimes = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null, (k, x) => (/At$|[Tt]ime/.test(k) ? undefined : x)));
  return report.results.flatMap((r: any) => r.findings.map((f: any) => JSON.stringify([r.id, r.status, f.subject.kind, f.subject.name, f.status, f.message, dropTimes(f.evidence)]))).sort();
}

describeEngines("real daemon: watch", "all", function (engine) {
  this.timeout(300_000);
  let d: ThrowawayDaemon | undefined;
  let watcher: ChildProcess | undefined;
  let respawned: ChildProcess | undefined;
  let port = 0;
  let stdout = "";
  let stderr = "";
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-watch-e2e-"));
  const config = join(dir, "dockaudit.yaml");
  const outDir = join(dir, "out");
  const textfile = join(dir, "textfile", "dockaudit.prom");
  writeFileSync(config, 'benchmark: "1.8.0"\ncontainers:\n  all: true\n');

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "watch" });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "already-there", BUSYBOX_IMAGE]);
    watcher = spawn(process.execPath, [BIN, "watch", "--config", config, "--listen", "127.0.0.1:0", "--debounce", "100ms", "--output-dir", outDir, "--textfile", textfile], {
      env: d.env, cwd: dir, stdio: ["ignore", "pipe", "pipe"],
    });
    watcher.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
    watcher.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const m = await waitFor("the watcher's listening line", 60_000, () => /serving http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(stderr) ?? (watcher!.exitCode !== null ? Promise.reject(new Error(`watch exited ${watcher!.exitCode}: ${stderr}`)) : undefined));
    port = Number(m.value[1]);
  });

  after(async () => {
    if (watcher && watcher.exitCode === null) watcher.kill("SIGKILL");
    if (respawned?.pid && alive(respawned.pid)) {
      // The dockerd this file started again: its containers first, then itself, before the harness tears down.
      try {
        const list = await api(d!.socket, "GET", "/containers/json?all=1");
        for (const c of list.json) await api(d!.socket, "DELETE", `/containers/${c.Id}?force=1`).catch(() => undefined);
      } catch { /* the daemon is going anyway */ }
      respawned.kill("SIGTERM");
      await waitFor("the restarted dockerd to exit", 30_000, () => (alive(respawned!.pid!) ? undefined : true)).catch(() => respawned!.kill("SIGKILL"));
    }
    await d?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves /metrics and /healthz after its first full audit, and writes the textfile", async () => {
    const m = await get(port, "/metrics");
    expect(m.status).to.equal(200);
    expect(metricValue(m.body, "dockaudit_up")).to.equal(1);
    expect(metricValue(m.body, "dockaudit_last_full_evaluation_timestamp_seconds")).to.be.above(0);
    expect(m.body).to.match(/^dockaudit_check_status\{check="5\.5",key="container-privileged",/m);
    expect(m.body).to.contain('dockaudit_container_findings{container="already-there",status="fail"}');
    expect((await get(port, "/healthz")).body).to.equal("ok\n");
    expect((await get(port, "/nope")).status).to.equal(404);
    const t = await waitFor("the textfile", 10_000, () => { try { return readFileSync(textfile, "utf8"); } catch { return undefined; } });
    expect(t.value).to.contain("dockaudit_up 1");
  });

  it("a created --privileged container fails 5.5 in /metrics within 2 s (create event, --all) and the change line is printed", async () => {
    await d!.docker(["create", "--name", "priv", "--privileged", BUSYBOX_IMAGE]);
    const seen = await waitFor("priv failing 5.5 in /metrics", 15_000, async () => {
      const m = await get(port, "/metrics");
      return m.body.includes('dockaudit_container_failed_check{container="priv",check="5.5",key="container-privileged",') ? m.body : undefined;
    });
    expect(seen.ms, `from docker create returning to the verdict in /metrics: ${seen.ms} ms`).to.be.at.most(2000);
    expect(seen.value).to.contain('dockaudit_container_failed_check{container="priv",check="5.4",key="container-capabilities-restricted",');
    const line = await waitFor("the change line", 5000, () => stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((c: any) => c.check === "5.5" && c.subject.name === "priv"));
    expect(line.value).to.include({ key: "container-privileged", old: null, new: "fail" });
    expect(line.value.event).to.include({ type: "container", action: "create", name: "priv" });
  });

  it("a started --pid=host container fails 5.16 (start path); destroying it removes its series and prints new: null", async () => {
    await d!.docker(["run", "-d", "--name", "hostpid", "--pid=host", BUSYBOX_IMAGE]);
    await waitFor("hostpid failing 5.16", 15_000, async () => ((await get(port, "/metrics")).body.includes('dockaudit_container_failed_check{container="hostpid",check="5.16"') ? true : undefined));
    const changes = () => stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const started = changes().find((c: any) => c.check === "5.16" && c.subject.name === "hostpid");
    expect(started.new).to.equal("fail");
    expect(["create", "start"]).to.include(started.event.action);
    await d!.docker(["rm", "-f", "hostpid"]);
    await waitFor("hostpid's series gone", 15_000, async () => ((await get(port, "/metrics")).body.includes('container="hostpid"') ? undefined : true));
    const gone = await waitFor("the destroy change line", 5000, () => changes().find((c: any) => c.check === "5.16" && c.subject.name === "hostpid" && c.new === null));
    expect(gone.value.old).to.equal("fail");
    expect(["destroy", "die", "kill"]).to.include(gone.value.event.action);
  });

  it("change lines carry no label, environment value or exec command line", async () => {
    await d!.docker(["run", "-d", "--name", "secretive", "--label", "api_token=hunter2-LABEL-VALUE", "-e", "PASSWORD=hunter2-ENV-VALUE", BUSYBOX_IMAGE]);
    await d!.docker(["exec", "-d", "secretive", "sh", "-c", "echo hunter2-EXEC-VALUE; sleep 300"]);
    await waitFor("secretive in /metrics", 15_000, async () => ((await get(port, "/metrics")).body.includes('container="secretive"') ? true : undefined));
    await d!.docker(["rm", "-f", "secretive"]);
    await waitFor("secretive gone", 15_000, async () => ((await get(port, "/metrics")).body.includes('container="secretive"') ? undefined : true));
    expect(stdout).to.contain('"name":"secretive"');
    expect(stdout + stderr + (await get(port, "/metrics")).body).to.not.contain("hunter2");
  });

  it("SIGHUP with a broken config keeps running on the old one and says why in one line", async () => {
    writeFileSync(config, "benchmark: [not, a, version\n");
    watcher!.kill("SIGHUP");
    const why = await waitFor("the reload refusal", 10_000, () => /configuration not reloaded, still running on the previous one: [^\n]+\n/.exec(stderr)?.[0]);
    expect(why.value).to.contain(config);
    // Still watching, with the old settings (--all from the old config: a created container is judged).
    await d!.docker(["create", "--name", "after-hup", BUSYBOX_IMAGE]);
    await waitFor("after-hup judged", 15_000, async () => ((await get(port, "/metrics")).body.includes('container="after-hup"') ? true : undefined));
    writeFileSync(config, 'benchmark: "1.8.0"\ncontainers:\n  all: true\n');
    watcher!.kill("SIGHUP");
    await waitFor("the reload", 10_000, () => (stderr.includes("dockaudit watch: configuration reloaded\n") ? true : undefined));
  });

  it("a restarted dockerd sets dockaudit_up 0, then 1 after a full audit", async () => {
    const pid = d!.pid;
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const env = Object.fromEntries(readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    const lastFull = metricValue((await get(port, "/metrics")).body, "dockaudit_last_full_evaluation_timestamp_seconds")!;
    for (const c of (await api(d!.socket, "GET", "/containers/json")).json) await api(d!.socket, "POST", `/containers/${c.Id}/stop?t=0`);
    process.kill(pid, "SIGTERM");
    await waitFor("dockerd to exit", 60_000, () => (alive(pid) ? undefined : true), 100);
    await waitFor("dockaudit_up 0", 15_000, async () => (metricValue((await get(port, "/metrics")).body, "dockaudit_up") === 0 ? true : undefined));
    expect((await get(port, "/healthz")).status).to.equal(503);
    const log = openSync(join(d!.dir, "dockerd.log"), "a");
    respawned = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ["ignore", log, log], env });
    closeSync(log);
    respawned.unref();
    await waitForPing(d!.socket, 60_000, () => (respawned!.exitCode !== null ? `dockerd exited ${respawned!.exitCode}` : undefined));
    const up = await waitFor("dockaudit_up 1", 60_000, async () => {
      const body = (await get(port, "/metrics")).body;
      return metricValue(body, "dockaudit_up") === 1 ? body : undefined;
    }, 100);
    expect(metricValue(up.value, "dockaudit_last_full_evaluation_timestamp_seconds")).to.be.above(lastFull);
    expect(stderr).to.match(/daemon unreachable \([^\n]*\): dockaudit_up 0, reconnecting\n/);
    expect(stderr).to.contain("daemon reachable again: full audit done, dockaudit_up 1\n");
    expect((await get(port, "/healthz")).body).to.equal("ok\n");
  });

  it("after 200 create/start/destroy cycles the watcher's report equals a fresh audit's (apart from times)", async () => {
    const socket = d!.socket;
    const kept: string[] = [];
    const t0 = Date.now();
    // Four lanes at once, as a compose project would: bursts the watcher has to coalesce.
    await Promise.all([0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; i < 200; i += 4) await cycle(i);
    }));
    async function cycle(i: number): Promise<void> {
      const hostConfig = i % 3 === 0 ? { PidMode: "host" } : i % 3 === 1 ? { CapAdd: ["SYS_ADMIN"] } : { Memory: 64 << 20 };
      const { json } = await api(socket, "POST", `/containers/create?name=cycle-${i}`, { Image: BUSYBOX_IMAGE, Cmd: ["sleep", "600"], HostConfig: hostConfig });
      await api(socket, "POST", `/containers/${json.Id}/start`);
      if (i % 50 === 49) kept.push(json.Id);
      else await api(socket, "DELETE", `/containers/${json.Id}?force=1`);
    }
    const cycled = Date.now() - t0;
    const fresh = await runCli(["audit", "--config", config, "-f", "json"], { env: d!.env, cwd: dir });
    expect(fresh.code, fresh.stderr).to.be.oneOf([0, 1]);
    const want = verdictsOf(JSON.parse(fresh.stdout));
    expect(want.filter((v) => v.includes('"cycle-'))).to.have.length.above(0);
    // The watcher catches up on its own (events coalesced, reports rewritten 2 s after the last change).
    const got = await waitFor("the watcher's report.json to equal the fresh audit's", 60_000, () => {
      try {
        const v = verdictsOf(JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")));
        return JSON.stringify(v) === JSON.stringify(want) ? v : undefined;
      } catch {
        return undefined;
      }
    }, 250).catch((e) => {
      const v = verdictsOf(JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")));
      const missing = want.filter((x) => !v.includes(x)).slice(0, 5), extra = v.filter((x) => !want.includes(x)).slice(0, 5);
      throw new Error(`${(e as Error).message}\nonly in the fresh audit: ${missing.join("\n")}\nonly in the watcher's: ${extra.join("\n")}`);
    });
    expect(got.value).to.deep.equal(want);
    expect(cycled).to.be.above(0);
    process.stdout.write(`      (200 cycles in ${(cycled / 1000).toFixed(1)} s; the watcher's report equal ${(got.ms / 1000).toFixed(1)} s after the fresh audit)\n`);
    const m = (await get(port, "/metrics")).body;
    const ids = Object.keys(JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")).containers);
    for (const id of kept) expect(ids).to.include(id);
    expect(m).to.not.contain('container="cycle-0"');
    expect(m).to.contain('container="cycle-49"');
  });

  it("under the systemd unit's sandbox (read-only /, NoNewPrivileges, its capability bounding set) it runs and judges as unconfined", async function () {
    // No systemd here: the unit's restrictions that could stop the audit are applied by hand — a mount namespace with /
    // read-only and only the state directory writable (ProtectSystem=strict, ReadOnlyPaths=/, ReadWritePaths=), then
    // setpriv with no_new_privs and CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE (root's capabilities
    // after execve are the bounding set). The unit's other settings only take things an audit never uses.
    const unit = readFileSync(join(PROJECT_ROOT, "examples", "systemd", "dockaudit-watch.service"), "utf8");
    const caps = /^CapabilityBoundingSet=(.*)$/m.exec(unit)?.[1]?.split(/\s+/).map((c) => `+${c.replace(/^CAP_/, "").toLowerCase()}`) ?? [];
    expect(caps).to.deep.equal(["+dac_read_search", "+sys_ptrace"]);
    for (const tool of ["unshare", "setpriv"]) if (spawnSync(tool, ["--version"]).error) missingTool(this, tool, "util-linux");
    const state = mkdtempSync(join(tmpdir(), "dockaudit-watch-sandbox-"));
    const script = [
      `mount --bind ${state} ${state}`,
      "mount -o remount,bind,ro /",
      `exec setpriv --no-new-privs --bounding-set=-all,${caps.join(",")} --inh-caps=-all -- "$@"`,
    ].join(" && ");
    const sandboxed = spawn("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", script, "sh",
      process.execPath, BIN, "watch", "--config", config, "--listen", "127.0.0.1:0", "--textfile", join(state, "textfile", "dockaudit.prom"), "--output-dir", join(state, "reports")],
    { env: d!.env, cwd: state, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    sandboxed.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    try {
      const m = await waitFor("the sandboxed watcher's listening line", 60_000, () => /serving http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(err) ?? (sandboxed.exitCode !== null ? Promise.reject(new Error(`exited ${sandboxed.exitCode}: ${err}`)) : undefined));
      const sport = Number(m.value[1]);
      const caps2 = readFileSync(`/proc/${(await waitFor("the watcher's pid", 5000, () => childPid(sandboxed.pid!))).value}/status`, "utf8");
      expect(/^CapBnd:\s*(\w+)$/m.exec(caps2)?.[1], "bounding set: dac_read_search (2) and sys_ptrace (19)").to.equal("0000000000080004");
      expect(/^NoNewPrivs:\s*(\d)$/m.exec(caps2)?.[1]).to.equal("1");
      await waitFor("the textfile in the state directory", 20_000, () => { try { return readFileSync(join(state, "textfile", "dockaudit.prom"), "utf8"); } catch { return undefined; } });
      const statuses = (t: string) => t.split("\n").filter((l) => l.startsWith("dockaudit_check_status{") || l.startsWith("dockaudit_collection_errors ")).sort();
      const [inside, outside] = [(await get(sport, "/metrics")).body, (await get(port, "/metrics")).body];
      expect(metricValue(inside, "dockaudit_up")).to.equal(1);
      expect(statuses(inside)).to.deep.equal(statuses(outside));
    } finally {
      sandboxed.kill("SIGTERM");
      await new Promise((r) => (sandboxed.exitCode !== null ? r(null) : sandboxed.once("exit", r)));
      rmSync(state, { recursive: true, force: true });
    }
  });

  it("SIGTERM exits 0 within a second", async () => {
    const t0 = Date.now();
    const code = new Promise<number | null>((resolve) => watcher!.once("exit", (c) => resolve(c)));
    watcher!.kill("SIGTERM");
    const c = await code;
    const ms = Date.now() - t0;
    expect(c, stderr).to.equal(0);
    expect(ms, `exit took ${ms} ms`).to.be.below(1000);
  });
});
