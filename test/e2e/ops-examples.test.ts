// The crontab line and the systemd unit in examples/ run exactly as written (their paths moved under a temporary
// directory, the daemon replaced by a saved snapshot), and do what their comments promise.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { cronCommands, unitValues } from "../engine/ops-fixture.js";

const example = (p: string) => readFileSync(join(PROJECT_ROOT, "examples", p), "utf8");

interface Run { code: number; stdout: string; stderr: string }

function sh(command: string, env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile("/bin/sh", ["-c", command], { env, cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("examples: crontab and systemd units", function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), "dockaudit-examples-"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  // `dockaudit` on PATH, as `npm install -g` would put it.
  symlinkSync(BIN, join(bin, "dockaudit"));
  const cwd = join(root, "home");
  mkdirSync(cwd);
  // cron runs the line in the user's home; a dockaudit.yaml there is found first. It pins the checks, so the
  // expected gate line does not move as the catalog grows.
  writeFileSync(join(cwd, "dockaudit.yaml"), 'checks: ["5.16", "5.5"]\n');
  const snap = join(root, "snapshot.json");
  writeFileSync(snap, JSON.stringify(snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] })));
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const relocate = (cmd: string) => cmd.replaceAll("/var/lib/", `${root}/var/lib/`);

  it("the crontab line is a valid /etc/cron.d entry running dockaudit quietly with --keep", () => {
    const lines = cronCommands(example("crontab"));
    expect(lines).to.have.length(1);
    expect(lines[0]!.schedule).to.match(/^(\S+ ){4}\S+$/);
    expect(lines[0]!.user).to.equal("root");
    expect(lines[0]!.command).to.match(/^dockaudit audit --quiet .*--output-dir \S+ --keep \d+/);
  });

  it("the crontab command writes the reports and metrics, keeps the newest runs, and prints only a failed gate", async () => {
    const { command } = cronCommands(example("crontab"))[0]!;
    // Fourteen earlier runs are already there (the example keeps 14): two more runs must prune the two oldest.
    const out = join(root, "var/lib/dockaudit");
    mkdirSync(out, { recursive: true });
    const earlier = Array.from({ length: 14 }, (_, i) => `report-202001${String(i + 1).padStart(2, "0")}T031700000Z`);
    for (const e of earlier) for (const ext of ["json", "html", "xml"]) writeFileSync(join(out, `${e}.${ext}`), "{}");
    const runs: Run[] = [];
    for (let i = 0; i < 2; i++) runs.push(await sh(`${relocate(command)} --snapshot ${snap}`, env, cwd));
    for (const r of runs) {
      expect(r.stdout).to.equal("");
      // The fixture's monitor container shares the host's PID namespace (5.16, high): the gate fails, in one line.
      expect([r.code, r.stderr]).to.deep.equal([1, "dockaudit: gate failed: 1 check failed at severity high or above (5.16)\n"]);
    }
    const reports = readdirSync(out).sort();
    // The 12 earlier runs kept have 3 files each; runs now also write report-*.hdf.json.
    expect(reports).to.have.length(12 * 3 + 2 * 4);
    expect(reports.filter((f) => f.endsWith(".json")).slice(0, 12)).to.deep.equal(earlier.slice(2).map((e) => `${e}.json`));
    const fresh = reports.filter((f) => !f.startsWith("report-2020"));
    expect(fresh).to.have.length(8);
    for (const f of fresh.filter((x) => x.endsWith(".json") && !x.endsWith(".hdf.json"))) expect(JSON.parse(readFileSync(join(out, f), "utf8")).tool.name).to.equal("dockaudit");
    const prom = join(root, "var/lib/node_exporter/textfile_collector/dockaudit.prom");
    expect(readdirSync(join(root, "var/lib/node_exporter/textfile_collector"))).to.deep.equal(["dockaudit.prom"]);
    expect(statSync(prom).mode & 0o777).to.equal(0o644);
    expect(readFileSync(prom, "utf8")).to.match(/^dockaudit_last_run_timestamp_seconds \d/m);
  });

  it("the crontab command is silent when the gate passes", async () => {
    const { command } = cronCommands(example("crontab"))[0]!;
    const clean = join(root, "clean.json");
    writeFileSync(clean, JSON.stringify(snapshot({ containers: [container("web")] })));
    const r = await sh(`${relocate(command)} --snapshot ${clean}`, env, cwd);
    expect([r.code, r.stdout, r.stderr]).to.deep.equal([0, "", ""]);
  });

  it("the service's ExecStart runs as written and the timer schedules it", async () => {
    const service = example("systemd/dockaudit.service");
    const exec = unitValues(service, "ExecStart");
    expect(exec).to.have.length(1);
    expect(unitValues(service, "Type")).to.deep.equal(["oneshot"]);
    const [exe, ...args] = exec[0]!.split(/\s+/);
    expect(exe).to.equal("/usr/local/bin/dockaudit");
    // systemd runs ExecStart without a shell: run the same argv, with the binary where this checkout has it.
    const argv = [...args.map(relocate), "--snapshot", snap];
    const r = await new Promise<Run>((resolve) => execFile(process.execPath, [BIN, ...argv], { cwd: "/" }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr })));
    expect([r.code, r.stdout]).to.deep.equal([1, ""]);
    expect(r.stderr).to.match(/^dockaudit: gate failed: \d+ checks? failed at severity high or above \([^)]*\b5\.16\b[^)]*\)\n$/);
    const written = readdirSync(join(root, "var/lib/dockaudit"));
    expect(written.some((f) => /^report-\d{8}T\d{9}Z\.json$/.test(f))).to.equal(true);
    expect(unitValues(service, "StateDirectory"), "the --output-dir systemd creates").to.deep.equal(["dockaudit"]);
    expect(unitValues(service, "ReadWritePaths").join(" ")).to.contain("/var/lib/node_exporter/textfile_collector");

    const timer = example("systemd/dockaudit.timer");
    expect(unitValues(timer, "OnCalendar")).to.have.length(1);
    expect(unitValues(timer, "Persistent")).to.deep.equal(["true"]);
    expect(unitValues(timer, "WantedBy")).to.deep.equal(["timers.target"]);
  });
});
