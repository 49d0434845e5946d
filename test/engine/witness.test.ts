import { expect } from "chai";
import { daemonSetting } from "../../src/engine/define.js";
import { buildContext } from "../../src/engine/run.js";
import { configChangedAfterStart, createdByRunningDaemon, decideWithKernel, staleSettingNote } from "../../src/engine/witness.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { container, okFact, snapshot } from "../support/fixtures.js";

const started = (startedAt?: string) => okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["dockerd"], matchedBy: "test", rootless: false, ...(startedAt ? { startedAt } : {}) }, "/proc/100/cmdline");
const file = (modifiedAt?: string) => okFact({ path: "/etc/docker/daemon.json", present: true, content: { icc: false, debug: true }, ...(modifiedAt ? { modifiedAt } : {}) }, "/etc/docker/daemon.json");
const snap = (startedAt?: string, modifiedAt?: string): Snapshot =>
  snapshot({ settings: { icc: false, debug: true }, daemon: { process: started(startedAt), configFile: file(modifiedAt) } });

describe("witnesses", () => {
  it("a daemon.json modified after dockerd started is flagged, per key: reloadable or read only at start", () => {
    const s = snap("2026-01-11T00:00:00.000Z", "2026-01-12T00:00:00.000Z");
    expect(configChangedAfterStart(s)).to.deep.equal({ modifiedAt: "2026-01-12T00:00:00.000Z", startedAt: "2026-01-11T00:00:00.000Z", path: "/etc/docker/daemon.json" });
    const origin = { from: "config-file" as const, name: "icc", where: "/etc/docker/daemon.json" };
    expect(staleSettingNote(s, "icc", origin)).to.match(/"icc" may not be in effect, dockerd reads it only when it starts/);
    expect(staleSettingNote(s, "debug", { ...origin, name: "debug" })).to.match(/"debug" is in effect only if dockerd was reloaded \(SIGHUP\)/);
    expect(staleSettingNote(s, "icc", { from: "flag", name: "--icc", where: "pid 100 argv" }), "flags are what dockerd started with").to.equal(undefined);
    const ctx = buildContext(s, { benchmark: "1.8.0", containers: {} });
    expect(daemonSetting(ctx, "icc")).to.deep.include({ value: false, source: "daemon.json" });
    expect(daemonSetting(ctx, "icc")!.origin).to.match(/^"icc" in \/etc\/docker\/daemon.json; .*may not be in effect/);
  });

  it("an older file, or unknown times, flag nothing", () => {
    expect(configChangedAfterStart(snap("2026-01-11T00:00:00.000Z", "2026-01-10T00:00:00.000Z"))).to.equal(undefined);
    expect(configChangedAfterStart(snap(undefined, "2026-01-10T00:00:00.000Z"))).to.equal(undefined);
    expect(configChangedAfterStart(snap("2026-01-11T00:00:00.000Z"))).to.equal(undefined);
  });

  it("a file written within the start time's precision (btime is whole seconds) is not flagged; one written later is", () => {
    // Seen on a rootless dockerd whose daemon.json was written just before the start: modified 0.36 s "after" it.
    expect(configChangedAfterStart(snap("2026-11-29T23:02:02.800Z", "2026-11-29T23:02:03.156Z"))).to.equal(undefined);
    expect(configChangedAfterStart(snap("2026-11-29T23:02:02.800Z", "2026-11-29T23:02:03.810Z"))).to.equal(undefined);
    expect(configChangedAfterStart(snap("2026-11-29T23:02:02.800Z", "2026-11-29T23:02:03.811Z"))).to.deep.include({ modifiedAt: "2026-11-29T23:02:03.811Z" });
  });

  it("tells containers the running dockerd created from older ones", () => {
    const s = snap("2026-01-11T00:00:00.000Z");
    expect(createdByRunningDaemon(s, container("a", { Created: "2026-01-12T00:00:00Z" }))).to.equal(true);
    expect(createdByRunningDaemon(s, container("b", { Created: "2026-01-10T00:00:00Z" }))).to.equal(false);
    expect(createdByRunningDaemon(snap(), container("c"))).to.equal(undefined);
  });

  it("the kernel's verdict wins and both are shown; a configured failure stands only when told why", () => {
    const conf = { status: "pass" as const, message: "adds nothing", evidence: { CapAdd: [] } };
    const k = { verdict: { status: "fail" as const, message: "the kernel shows SYS_ADMIN" }, facts: { pid: 7 } };
    expect(decideWithKernel(conf, k)).to.deep.equal({
      status: "fail", message: "the kernel shows SYS_ADMIN; inspect disagrees: it adds nothing",
      evidence: { CapAdd: [], source: "kernel", kernel: { pid: 7 }, inspect: "pass: adds nothing" },
    });
    const bad = { status: "fail" as const, message: "adds SYS_ADMIN" };
    const ok = { verdict: { status: "pass" as const, message: "the kernel shows none" }, facts: {} };
    expect(decideWithKernel(bad, ok).status).to.equal("pass");
    expect(decideWithKernel(bad, ok, "docker exec gets it")).to.deep.include({ status: "fail", message: "adds SYS_ADMIN (docker exec gets it), although the kernel shows none" });
    expect(decideWithKernel(conf, { unavailable: "gone" }).evidence).to.deep.include({ source: "inspect", kernel: { unavailable: "gone" } });
  });
});
