import { expect } from "chai";
import type { EngineEvent } from "../../src/collect/events.js";
import type { EngineStream } from "../../src/collect/transports/engine-http.js";
import type { PartialTarget } from "../../src/collect/incremental.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { Watcher, type WatchDeps } from "../../src/watch/service.js";
import { opsSnapshot, reportOf } from "../engine/ops-fixture.js";

interface Settings { name: string }

/** Fake collect/evaluate/stream: records calls; the daemon can be taken away and given back. */
function harness() {
  const calls = { full: 0, partial: [] as PartialTarget[], subscribe: [] as number[], logs: [] as string[] };
  let daemonUp = true;
  let emit: ((e: EngineEvent) => void) | undefined;
  let endStream: ((e: Error) => void) | undefined;
  const snap = opsSnapshot();
  const deps: WatchDeps<Settings> = {
    collectFull: async () => {
      calls.full++;
      if (!daemonUp) throw Object.assign(new Error("cannot reach the Docker daemon: connect ENOENT"), { name: "DaemonUnreachableError" });
      return snap;
    },
    collectPartial: (_s, prev: Snapshot, t) => {
      calls.partial.push(t);
      return Promise.resolve(prev);
    },
    evaluate: (s) => reportOf(s, "1.8.0"),
    subscribe: (_s, since, onEvent): EngineStream => {
      calls.subscribe.push(since);
      emit = onEvent;
      let close!: () => void;
      const done = new Promise<void>((resolve, reject) => { endStream = reject; close = resolve; });
      return { done, close };
    },
    reload: async () => { throw new Error("dockaudit.yaml line 1: benchmark: not a version"); },
    log: (l) => calls.logs.push(l),
    change: () => undefined,
    evaluated: () => undefined,
  };
  return {
    calls, deps,
    event: (e: EngineEvent) => emit?.(e),
    dropDaemon: () => { daemonUp = false; endStream?.(new Error("the daemon closed GET /events")); },
    restoreDaemon: () => { daemonUp = true; },
  };
}

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 400; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
};

const timings = { debounceMs: 10, resyncMs: 3_600_000, backoffBaseMs: 5, backoffCapMs: 20, maxBatch: 512 };

describe("watch: the watcher's loop", () => {
  it("coalesces a burst of events into one partial collection of the touched containers", async () => {
    const h = harness();
    const w = new Watcher<Settings>({ name: "a" }, h.deps, timings);
    await w.start();
    expect([h.calls.full, h.calls.subscribe.length, w.state.up]).to.deep.equal([1, 1, true]);
    for (let i = 0; i < 200; i++) h.event({ type: "container", action: i % 2 ? "start" : "create", id: `c${i % 20}`, time: 1 });
    await until("one partial collection", () => h.calls.partial.length === 1 && w.state.lastIncremental > 0);
    expect(h.calls.partial[0]?.containers).to.have.length(20);
    expect(w.state.events).to.equal(200);
    await w.stop();
  });

  it("a lost daemon: up 0, full audits with backoff until one succeeds, then a new stream and up 1", async () => {
    const h = harness();
    const w = new Watcher<Settings>({ name: "a" }, h.deps, timings);
    await w.start();
    h.dropDaemon();
    await until("up 0", () => !w.state.up);
    await until("a few failed attempts", () => h.calls.full >= 4);
    expect(w.metrics()).to.contain("\ndockaudit_up 0\n");
    h.restoreDaemon();
    await until("up 1", () => w.state.up);
    expect(h.calls.subscribe).to.have.length(2);
    expect(h.calls.logs.some((l) => /^daemon unreachable \(event stream: the daemon closed GET \/events\): dockaudit_up 0, reconnecting$/.test(l))).to.equal(true);
    expect(h.calls.logs).to.include("daemon reachable again: full audit done, dockaudit_up 1");
    await w.stop();
  });

  it("a bad configuration on reload keeps the old settings and says why", async () => {
    const h = harness();
    const w = new Watcher<Settings>({ name: "a" }, h.deps, timings);
    await w.start();
    expect(await w.reload()).to.equal(false);
    expect(h.calls.logs).to.include("configuration not reloaded, still running on the previous one: dockaudit.yaml line 1: benchmark: not a version");
    expect(w.state.up).to.equal(true);
    await w.stop();
  });
});
