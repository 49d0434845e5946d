import { expect } from "chai";
import { spawnSync } from "node:child_process";
import http from "node:http";
import type { EngineEvent } from "../../src/collect/events.js";
import { renderPrometheus } from "../../src/report/prometheus.js";
import { causeFrom, diffVerdicts, verdicts } from "../../src/watch/changes.js";
import { renderWatchMetrics } from "../../src/watch/metrics.js";
import { parseListen, startServer } from "../../src/watch/server.js";
import { container, snapshot } from "../support/fixtures.js";
import { opsSnapshot, reportOf } from "../engine/ops-fixture.js";
import { missingTool } from "../support/required.js";

const base = opsSnapshot();
const before = reportOf(base, "1.8.0");
// The same host after events: "debug" destroyed, "priv" created privileged.
const afterSnap = snapshot({
  containers: [
    ...(base.engine.containers.ok ? base.engine.containers.value.filter((c) => c.Name !== "/debug") : []),
    container("priv", { HostConfig: { Privileged: true } }),
  ],
  images: base.engine.images.ok ? base.engine.images.value : [],
});
const after = reportOf(afterSnap, "1.8.0");
const privId = (afterSnap.engine.containers.ok ? afterSnap.engine.containers.value : []).find((c) => c.Name === "/priv")!.Id;
const debugId = (base.engine.containers.ok ? base.engine.containers.value : []).find((c) => c.Name === "/debug")!.Id;

describe("watch: verdict changes", () => {
  const causes = new Map<string, EngineEvent>([
    [privId, { type: "container", action: "create", id: privId, name: "priv", time: 1700000000 }],
    [debugId, { type: "container", action: "destroy", id: debugId, name: "debug", time: 1700000001 }],
  ]);
  const lines = diffVerdicts(verdicts(before), verdicts(after), causeFrom(causes), new Date("2026-01-02T03:04:05Z"));

  it("a new container's findings appear with old null, each naming the event that touched it", () => {
    const priv = lines.find((l) => l.check === "5.5" && l.subject.name === "priv");
    expect(priv).to.deep.equal({
      time: "2026-01-02T03:04:05.000Z", check: "5.5", key: "container-privileged", scored: true, severity: "critical",
      subject: { kind: "container", name: "priv", id: privId }, old: null, new: "fail",
      event: { type: "container", action: "create", id: privId.slice(0, 12), name: "priv", time: "2023-11-14T22:13:20.000Z" },
    });
  });

  it("a destroyed container's findings go with new null", () => {
    const gone = lines.find((l) => l.check === "5.16" && l.subject.name === "debug");
    expect(gone).to.include({ old: "fail", new: null });
    expect(gone?.event).to.include({ action: "destroy", name: "debug" });
  });

  it("nothing for unchanged verdicts; no finding message or evidence in a line", () => {
    expect(lines.some((l) => l.subject.name === "web")).to.equal(false);
    expect(diffVerdicts(verdicts(after), verdicts(after), causeFrom(new Map()), new Date())).to.deep.equal([]);
    for (const l of lines) expect(Object.keys(l).sort()).to.deep.equal(["check", "event", "key", "new", "old", "scored", "severity", "subject", "time"]);
  });

  it("a resync names itself as the cause when no event touched the subject", () => {
    const l = diffVerdicts(verdicts(before), verdicts(after), causeFrom(new Map(), "resync every 600 s"), new Date());
    expect(l[0]?.event).to.deep.equal({ type: "resync", reason: "resync every 600 s" });
  });
});

describe("watch: /metrics", () => {
  const state = { up: true, lastFull: 1700000000.5, lastIncremental: 1700000100, events: 42 };
  const text = renderWatchMetrics(after, state, { containerSeries: true });

  it("has -f prometheus's series with the same names and labels, then the watcher's own", () => {
    expect(text.startsWith(renderPrometheus(after, { metricsPerContainer: true }).trimEnd())).to.equal(true);
    expect(text).to.contain('dockaudit_container_failed_check{container="priv",check="5.5",key="container-privileged",severity="critical"} 1');
    expect(text).to.contain("\ndockaudit_up 1\n");
    expect(text).to.contain("\ndockaudit_last_full_evaluation_timestamp_seconds 1700000000.5\n");
    expect(text).to.contain("\ndockaudit_last_incremental_evaluation_timestamp_seconds 1700000100\n");
    expect(text).to.contain("# TYPE dockaudit_events_total counter\ndockaudit_events_total 42\n");
  });

  it("--no-container-series leaves out every series labelled with a container", () => {
    const t = renderWatchMetrics(after, { ...state, up: false }, { containerSeries: false });
    expect(t).to.not.contain("container=");
    expect(t).to.contain("\ndockaudit_up 0\n");
    expect(t.startsWith(renderPrometheus(after, {}).trimEnd())).to.equal(true);
  });

  it("passes promtool check metrics (required in CI)", function () {
    const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    if (r.error) missingTool(this, "promtool", "prometheus");
    expect(`${r.stdout}${r.stderr}`).to.equal("");
    expect(r.status).to.equal(0);
  });

  it("--listen: a port alone is 127.0.0.1; ADDR:PORT and [IPv6]:PORT; anything else refused", () => {
    expect(parseListen("9323")).to.deep.equal({ host: "127.0.0.1", port: 9323 });
    expect(parseListen("0.0.0.0:9323")).to.deep.equal({ host: "0.0.0.0", port: 9323 });
    expect(parseListen("[::1]:9323")).to.deep.equal({ host: "::1", port: 9323 });
    expect(parseListen("localhost:80")).to.deep.equal({ host: "localhost", port: 80 });
    for (const bad of [":9323", "host:", "1.2.3.4:99999", "a b:1", "", "http://x:1"]) expect(() => parseListen(bad), bad).to.throw(/--listen/);
  });

  it("serves /metrics and /healthz over node:http, 404 elsewhere, 405 for other methods", async () => {
    let healthy = true;
    const server = await startServer({ host: "127.0.0.1", port: 0 }, { metrics: () => text, health: () => (healthy ? { ok: true } : { ok: false, why: "daemon gone" }) });
    const port = (server.address() as { port: number }).port;
    const req = (path: string, method = "GET") => new Promise<{ status: number; body: string; type?: string }>((resolve, reject) => {
      http.request({ host: "127.0.0.1", port, path, method }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: res.headers["content-type"] }));
      }).on("error", reject).end();
    });
    try {
      const m = await req("/metrics");
      expect([m.status, m.type, m.body]).to.deep.equal([200, "text/plain; version=0.0.4; charset=utf-8", text]);
      expect(await req("/healthz")).to.include({ status: 200, body: "ok\n" });
      healthy = false;
      expect(await req("/healthz")).to.include({ status: 503, body: "unavailable: daemon gone\n" });
      expect((await req("/")).status).to.equal(404);
      expect((await req("/metrics", "POST")).status).to.equal(405);
    } finally {
      server.close();
    }
  });
});
