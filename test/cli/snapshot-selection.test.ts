// Re-evaluation keeps its meaning (issue 25 item 4): a snapshot written with an audit (the evidence bundle's
// snapshot.json) records the containers that audit judged, and `audit --snapshot` judges the same ones unless the
// command line or the config file selects containers itself. Older snapshots without the record keep the defaults.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-selection-"));
const stopped = { State: { Status: "exited", Running: false, Pid: 0, StartedAt: "2026-01-10T10:00:01Z" }, HostConfig: { PidMode: "host" } };
const snap = join(dir, "snap.json");
writeFileSync(snap, JSON.stringify(snapshot({ containers: [container("web"), container("batch", stopped), container("tools")] })));

async function judged(file: string, args: string[] = [], cwd = dir): Promise<string[]> {
  const r = await runCli(["audit", "--snapshot", file, ...args, "-f", "json", "--check", "5.16"], { cwd });
  expect([0, 1], r.stderr).to.include(r.code);
  const report = JSON.parse(r.stdout) as { containers: Record<string, { name: string }> };
  return Object.values(report.containers).map((c) => c.name).sort();
}

describe("cli: a snapshot keeps the selection it was collected for", function () {
  this.timeout(60_000);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("the evidence snapshot records --all and --exclude; --snapshot judges the same containers; explicit flags and the config file win", async () => {
    const ev = join(dir, "evidence");
    const live = await runCli(["audit", "--no-config", "--snapshot", snap, "--all", "--exclude", "tools", "--evidence", ev, "-f", "json", "--check", "5.16"]);
    expect(live.code, live.stderr).to.equal(1);
    const bundled = JSON.parse(readFileSync(join(ev, "snapshot.json"), "utf8")) as Snapshot;
    expect(bundled.collection.selection).to.deep.equal({ all: true, include: [], exclude: ["tools"], label: [] });
    const liveNames = Object.values((JSON.parse(live.stdout) as { containers: Record<string, { name: string }> }).containers).map((c) => c.name).sort();
    expect(liveNames).to.deep.equal(["batch", "web"]);

    // Re-evaluated with no selection: the same containers, so the same verdicts as the run that wrote it.
    expect(await judged(join(ev, "snapshot.json"), ["--no-config"])).to.deep.equal(liveNames);
    // Any selection given on the command line replaces the recorded one.
    expect(await judged(join(ev, "snapshot.json"), ["--no-config", "--include", "web"])).to.deep.equal(["web"]);
    expect(await judged(join(ev, "snapshot.json"), ["--no-config", "--all"])).to.deep.equal(["batch", "tools", "web"]);
    // So does a config file's containers section.
    writeFileSync(join(dir, "dockaudit.yaml"), "containers:\n  all: false\n");
    expect(await judged(join(ev, "snapshot.json"))).to.deep.equal(["tools", "web"]);
    rmSync(join(dir, "dockaudit.yaml"));
  });

  it("a snapshot without the record (dockaudit collect, earlier versions) loads and is judged with the defaults", async () => {
    const old = JSON.parse(readFileSync(snap, "utf8")) as Snapshot;
    expect(old.collection.selection).to.equal(undefined);
    expect(await judged(snap, ["--no-config"])).to.deep.equal(["tools", "web"]);
  });

  it("a --label value that looks secret is recorded redacted, and re-evaluating such a snapshot asks for the selection instead of guessing", async () => {
    const ev = join(dir, "evidence-label");
    const secret = "Zq93xPl4ntLabelValue0123456789abcdef";
    const live = await runCli(["audit", "--no-config", "--snapshot", snap, "--label", `api_token=${secret}`, "--evidence", ev, "-f", "json", "--check", "5.16"]);
    expect([0, 1], live.stderr).to.include(live.code);
    const text = readFileSync(join(ev, "snapshot.json"), "utf8");
    expect(text).to.not.contain(secret);
    expect((JSON.parse(text) as Snapshot).collection.selection?.label).to.deep.equal(["api_token=<redacted: looks like a token>"]);
    const again = await runCli(["audit", "--no-config", "--snapshot", join(ev, "snapshot.json"), "-f", "json"], { cwd: dir });
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/recorded in this snapshot has a --label value that was redacted/).and.not.contain(secret);
  });
});
