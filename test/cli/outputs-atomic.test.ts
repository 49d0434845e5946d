// Issue 9.5: when one output of a run fails (-o, --output-dir, --evidence), the run writes none of them, says so,
// and the exit code still reports the gate.
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutputError, writeAll } from "../../src/cli/outputs.js";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";

describe("outputs: all or nothing (issue 9.5)", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-outputs-"));
  const snap = join(dir, "snap.json");
  writeFileSync(snap, JSON.stringify(snapshot({ containers: [container("web"), container("mon", { HostConfig: { PidMode: "host" } })] })));
  const blocker = join(dir, "a-file");
  writeFileSync(blocker, "x");

  /** Every entry under `d`, temporary files included. */
  const all = (d: string): string[] => (existsSync(d) ? readdirSync(d, { recursive: true }) as string[] : []);

  it("writeAll: when a later file cannot be staged, no file is written, no temporary file or new directory is left", async () => {
    const d = join(dir, "unit");
    mkdirSync(d);
    mkdirSync(join(d, "is-a-dir"));
    const plan = [
      { path: join(d, "new", "deep", "one.json"), content: "1", option: "--output-dir" as const },
      { path: join(d, "two.json"), content: "2", option: "--output" as const },
      { path: join(d, "is-a-dir"), content: "3", option: "--evidence" as const },
    ];
    let err: unknown;
    try { await writeAll(plan); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(OutputError);
    expect((err as Error).message).to.equal(`--evidence ${join(d, "is-a-dir")}: cannot be written (EISDIR); no output of this run was written`);
    expect(all(d)).to.deep.equal(["is-a-dir"]);
  });

  it("writeAll: a path under a regular file fails the same way", async () => {
    const out = join(dir, "unit2");
    let err: unknown;
    try {
      await writeAll([{ path: join(out, "x.json"), content: "1", option: "--output" }, { path: join(blocker, "ev", "manifest.json"), content: "2", option: "--evidence" }]);
    } catch (e) { err = e; }
    expect((err as Error).message).to.match(/^--evidence .*a-file\/ev\/manifest\.json: cannot be written \((ENOTDIR|EEXIST)\); no output of this run was written$/);
    expect(existsSync(out), "the directory made for -o is removed again").to.equal(false);
  });

  it("writeAll: writes every file when all can be written, returning their paths in order", async () => {
    const d = join(dir, "ok");
    const written = await writeAll([{ path: join(d, "a"), content: "A", option: "--output" }, { path: join(d, "b", "c"), content: "C", option: "--evidence" }]);
    expect(written).to.deep.equal([join(d, "a"), join(d, "b", "c")]);
    expect(all(d).sort()).to.deep.equal(["a", "b", "b/c"]);
  });

  for (const [gate, check, code] of [["failing", "mon", 1], ["passing", "web", 2]] as const) {
    it(`through the CLI: --evidence fails, so neither -o nor --output-dir is written; exit ${code} with the gate ${gate}`, async () => {
      const o = join(dir, `${gate}-report.json`);
      const od = join(dir, `${gate}-outdir`);
      const r = await runCli(["audit", "--snapshot", snap, "--check", "5.16", "--include", check, "-f", "json", "-o", o, "--output-dir", od, "--evidence", join(blocker, "ev")]);
      expect(r.code, r.stderr).to.equal(code);
      expect(r.stderr).to.match(/dockaudit: --evidence .*a-file\/ev\/snapshot\.json: cannot be written \((ENOTDIR|EEXIST)\); no output of this run was written\n/);
      if (gate === "failing") expect(r.stderr).to.contain("gate failed");
      expect(existsSync(o)).to.equal(false);
      expect(existsSync(od)).to.equal(false);
      expect(r.stdout).to.equal("");
    });
  }

  it("through the CLI: --evidence into a directory holding other files is exit 2 before anything is collected or written", async () => {
    const ev = join(dir, "busy");
    mkdirSync(ev);
    writeFileSync(join(ev, "notes.txt"), "mine");
    const o = join(dir, "busy-report.json");
    const r = await runCli(["audit", "--snapshot", snap, "-f", "json", "-o", o, "--evidence", ev]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`dockaudit: --evidence ${ev}: holds files that are not part of a bundle (notes.txt); give an empty or new directory\n`);
    expect(existsSync(o)).to.equal(false);
    expect(readdirSync(ev)).to.deep.equal(["notes.txt"]);
  });

  it("through the CLI: -o naming a directory or --output-dir naming a file is exit 2 before anything is written", async () => {
    const od = join(dir, "od-unused");
    let r = await runCli(["audit", "--snapshot", snap, "-f", "json", "-o", dir, "--output-dir", od]);
    expect([r.code, r.stderr]).to.deep.equal([2, `dockaudit: --output ${dir}: is a directory\n`]);
    expect(existsSync(od)).to.equal(false);
    const o = join(dir, "od-report.json");
    r = await runCli(["audit", "--snapshot", snap, "-f", "json", "-o", o, "--output-dir", blocker]);
    expect([r.code, r.stderr]).to.deep.equal([2, `dockaudit: --output-dir ${blocker}: exists and is not a directory\n`]);
    expect(existsSync(o)).to.equal(false);
  });

  it("through the CLI: a previous bundle in the --evidence directory is replaced, and the new one verifies", async () => {
    const ev = join(dir, "again");
    for (let i = 0; i < 2; i++) {
      const r = await runCli(["audit", "--snapshot", snap, "-f", "json", "-q", "--evidence", ev]);
      expect(r.code, r.stderr).to.equal(1);
    }
    expect(readdirSync(ev).sort()).to.deep.equal(["manifest.json", "report.hdf.json", "report.html", "report.json", "report.xml", "snapshot.json"]);
    expect((await runCli(["verify", ev])).code).to.equal(0);
  });
});
