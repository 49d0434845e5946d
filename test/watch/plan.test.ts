import { expect } from "chai";
import type { EngineEvent } from "../../src/collect/events.js";
import { backoffMs, Coalescer, workFor } from "../../src/watch/plan.js";

const ev = (type: EngineEvent["type"], action: string, id: string, extra: Partial<EngineEvent> = {}): EngineEvent => ({ type, action, id, time: 1, ...extra });

describe("watch: what an event touches, coalescing, backoff", () => {
  it("maps events to the subjects to collect again", () => {
    expect(workFor(ev("container", "start", "c1"))).to.deep.equal({ containers: ["c1"], networks: false, images: false, full: false });
    expect(workFor(ev("container", "exec_start", "c1"))?.containers).to.deep.equal(["c1"]);
    expect(workFor(ev("container", "attach", "c1"))).to.equal(undefined);
    expect(workFor(ev("network", "connect", "n1", { container: "c2" }))).to.deep.equal({ containers: ["c2"], networks: true, images: false, full: false });
    expect(workFor(ev("image", "pull", "busybox:1"))).to.deep.equal({ containers: [], networks: false, images: true, full: false });
    expect(workFor(ev("daemon", "reload", "d"))?.full).to.equal(true);
  });

  it("coalesces a burst into one entry per container, naming each one's own last container event", () => {
    const c = new Coalescer(512);
    for (let i = 0; i < 200; i++) {
      const id = `c${i % 100}`;
      c.add(ev("container", i < 100 ? "create" : "start", id));
      c.add(ev("network", "connect", "bridge", { container: id }));
    }
    expect(c.size).to.equal(100);
    const b = c.take();
    expect(b.containers).to.have.length(100);
    expect(b.networks).to.equal(true);
    expect(b.full).to.equal(false);
    expect(b.causes.get("c7")?.action).to.equal("start");
    expect(c.pending).to.equal(false);
    expect(c.take().containers).to.deep.equal([]);
  });

  it("becomes one full collection past its bound, dropping the per-container entries", () => {
    const c = new Coalescer(10);
    for (let i = 0; i < 50; i++) c.add(ev("container", "create", `c${i}`));
    expect(c.size).to.equal(0);
    const b = c.take();
    expect(b.full).to.equal(true);
    expect(b.reason).to.equal("more than 10 containers changed at once");
    expect(b.causes.get("last")?.id).to.equal("c49");
  });

  it("ignores events that change nothing a check reads", () => {
    const c = new Coalescer();
    expect(c.add(ev("container", "attach", "c1"))).to.equal(false);
    expect(c.pending).to.equal(false);
  });

  it("backs off doubling from the base up to the cap", () => {
    expect([0, 1, 2, 3, 6, 7, 100].map((n) => backoffMs(n, 500, 30_000))).to.deep.equal([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
    expect(backoffMs(-1)).to.equal(500);
    expect(backoffMs(Number.NaN)).to.equal(500);
  });
});
