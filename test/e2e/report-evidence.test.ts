// The evidence bundle through the real CLI, on saved snapshots: round trip, tamper detection, recorded options,
// and no planted secret in any file.
import { expect } from "chai";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Manifest } from "../../src/evidence/index.js";
import { TOOL_VERSION } from "../../src/version.js";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-evidence-"));
const snapFile = join(dir, "input-snapshot.json");
writeFileSync(snapFile, JSON.stringify(snapshot({
  containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })],
  info: { ID: "ENGINE-ID-1234", Name: "testhost" },
})));

const SECRET_LABEL = "PLANTED-label-value-5b0e";
const SECRET_PASSWORD = "PLANTED-password-77c1";
const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const manifestOf = (bundle: string) => JSON.parse(readFileSync(join(bundle, "manifest.json"), "utf8")) as Manifest;

/** A copy of the good bundle to tamper with. */
function copy(src: string, name: string): string {
  const to = join(dir, name);
  rmSync(to, { recursive: true, force: true });
  cpSync(src, to, { recursive: true });
  return to;
}

/** Rewrites a bundle file and, like a careful forger, its digest in the manifest. */
function forge(bundle: string, file: string, edit: (text: string) => string): void {
  const text = edit(readFileSync(join(bundle, file), "utf8"));
  writeFileSync(join(bundle, file), text);
  const m = manifestOf(bundle);
  m.files[file] = { sha256: sha(text), bytes: Buffer.byteLength(text) };
  writeFileSync(join(bundle, "manifest.json"), JSON.stringify(m, null, 2));
}

describe("cli: evidence bundle and verify", function () {
  this.timeout(60_000);
  const ev = join(dir, "ev");
  const argv = ["audit", "--snapshot", snapFile, "--evidence", ev, "-f", "json",
    "--label", `api_token=${SECRET_LABEL}`, "--docker-host", `tcp://auditor:${SECRET_PASSWORD}@127.0.0.1:2376`];
  let audit: Awaited<ReturnType<typeof runCli>>;

  before(async () => {
    audit = await runCli(["audit", "--snapshot", snapFile, "--evidence", ev, "-f", "json"]);
  });

  it("writes snapshot.json, the three reports and manifest.json", () => {
    expect(audit.code, audit.stderr).to.equal(1);
    expect(readdirSync(ev).sort()).to.deep.equal(["manifest.json", "report.hdf.json", "report.html", "report.json", "report.xml", "snapshot.json"]);
    expect(JSON.parse(readFileSync(join(ev, "report.json"), "utf8"))).to.deep.equal(JSON.parse(audit.stdout));
  });

  it("the manifest records version, benchmark, host identity, times, command line, options and every digest", () => {
    const m = manifestOf(ev);
    expect(m.tool).to.deep.equal({ name: "dockaudit", version: TOOL_VERSION });
    expect(m.benchmark).to.deep.equal({ name: "CIS Docker Benchmark", version: "1.8.0" });
    expect(m.host).to.include({ hostname: "testhost", daemonId: "ENGINE-ID-1234", dockerVersion: "28.2.2", endpoint: "unix:///var/run/docker.sock" });
    expect(Date.parse(m.run.startedAt)).to.be.at.most(Date.parse(m.run.finishedAt));
    expect(m.collection.startedAt).to.equal("2026-01-15T10:00:00.000Z");
    expect(m.commandLine).to.deep.equal(["audit", "--snapshot", snapFile, "--evidence", ev, "-f", "json"]);
    expect(m.options).to.deep.equal({ benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false });
    expect(Object.keys(m.files).sort()).to.deep.equal(["report.hdf.json", "report.html", "report.json", "report.xml", "snapshot.json"]);
    for (const [f, d] of Object.entries(m.files)) {
      const data = readFileSync(join(ev, f));
      expect(d, f).to.deep.equal({ sha256: sha(data), bytes: data.length });
    }
  });

  it("verify accepts the untouched bundle (exit 0)", async () => {
    const r = await runCli(["verify", ev]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain("ok: 5 files match their SHA-256 digests");
    expect(r.stdout).to.match(/ok: re-evaluating snapshot\.json .* reproduces all \d+ check verdicts and \d+ finding verdicts/);
    expect(r.stdout.trim().split("\n").pop()).to.equal("verified");
  });

  it("rejects a bundle with an altered file (exit 1) and names it", async () => {
    const b = copy(ev, "altered");
    writeFileSync(join(b, "report.html"), readFileSync(join(b, "report.html"), "utf8").replace("monitor", "m0nitor"));
    const r = await runCli(["verify", b]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/DIFFERS: report\.html: altered \(SHA-256 [0-9a-f]{64}, manifest says [0-9a-f]{64}\)/);
    expect(r.stdout).to.contain("NOT verified");
  });

  it("rejects a changed verdict even when the digest was updated to match", async () => {
    const b = copy(ev, "verdict");
    forge(b, "report.json", (t) => {
      const report = JSON.parse(t);
      const pid = report.results.find((x: { id: string }) => x.id === "5.16");
      pid.status = "pass";
      const monitor = Object.keys(report.containers).find((id) => report.containers[id].name === "monitor");
      pid.findings.find((f: { subject: { id?: string } }) => f.subject.id === monitor).status = "pass";
      return JSON.stringify(report, null, 2);
    });
    const r = await runCli(["verify", b]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("ok: 5 files match their SHA-256 digests");
    expect(r.stdout).to.contain("DIFFERS: check 5.16: recorded pass, re-evaluation gives fail");
    expect(r.stdout).to.match(/DIFFERS: finding 5\.16 container monitor \(\w+\): recorded pass, re-evaluation gives fail/);
  });

  it("rejects facts changed in snapshot.json (digest updated), since they no longer yield the recorded verdicts", async () => {
    const b = copy(ev, "facts");
    forge(b, "snapshot.json", (t) => t.replace(/"PidMode": "host"/, '"PidMode": ""'));
    const r = await runCli(["verify", b]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("DIFFERS: check 5.16: recorded fail, re-evaluation gives pass");
  });

  it("rejects a bundle with a missing file or no manifest", async () => {
    const b = copy(ev, "missing");
    rmSync(join(b, "report.xml"));
    let r = await runCli(["verify", b]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("DIFFERS: report.xml: missing");
    rmSync(join(b, "manifest.json"));
    r = await runCli(["verify", b]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("DIFFERS: manifest.json: missing");
  });

  it("verify of a directory that does not exist is a usage error (exit 2)", async () => {
    const r = await runCli(["verify", join(dir, "nope")]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("not a directory");
  });

  it("re-evaluates with the recorded selection: a narrowed audit verifies, and forging the options is caught", async () => {
    const narrow = join(dir, "narrow");
    const a = await runCli(["audit", "--snapshot", snapFile, "--evidence", narrow, "-f", "json", "--check", "5.16", "--include", "mon*", "--max-image-age", "30"]);
    expect(a.code, a.stderr).to.equal(1);
    expect(manifestOf(narrow).options).to.include({ maxImageAge: 30 }).and.deep.include({ check: ["5.16"], include: ["mon*"] });
    expect((await runCli(["verify", narrow])).code).to.equal(0);
    const m = manifestOf(narrow);
    m.options.check = [];
    writeFileSync(join(narrow, "manifest.json"), JSON.stringify(m));
    const r = await runCli(["verify", narrow]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/re-evaluation gives \w+, but report\.json has no such check/);
  });

  it("records the waivers applied and re-applies them when verifying", async () => {
    const cfg = join(dir, "waivers.yaml");
    writeFileSync(cfg, [
      "waivers:",
      '  - check: "5.16"',
      "    containers: [monitor]",
      "    reason: node agent needs host processes",
      "    approvedBy: sec-team",
      '    expires: "2099-12-31"',
    ].join("\n") + "\n");
    const waived = join(dir, "waived");
    const a = await runCli(["audit", "--snapshot", snapFile, "--config", cfg, "--evidence", waived, "-f", "json", "--check", "5.16"]);
    expect(a.code, a.stderr).to.equal(0);
    expect(JSON.parse(a.stdout).results[0].status).to.equal("waived");
    expect(manifestOf(waived).options.waivers).to.deep.equal([{ check: "5.16", containers: ["monitor"], reason: "node agent needs host processes", approvedBy: "sec-team", expires: "2099-12-31" }]);
    expect((await runCli(["verify", waived])).code).to.equal(0);
    const m = manifestOf(waived);
    delete m.options.waivers;
    writeFileSync(join(waived, "manifest.json"), JSON.stringify(m));
    const r = await runCli(["verify", waived]);
    expect(r.code, "without the waiver the failure is back").to.equal(1);
    expect(r.stdout).to.contain("DIFFERS: check 5.16: recorded waived, re-evaluation gives fail");
  });

  it("no planted secret from the command line reaches any file of the bundle", async () => {
    const planted = join(dir, "planted");
    const r = await runCli(argv.map((a) => (a === ev ? planted : a)));
    expect(r.code, r.stderr).to.be.oneOf([0, 1]);
    const m = manifestOf(planted);
    expect(m.commandLine).to.include("api_token=<redacted: looks like a token>");
    expect(m.commandLine.join(" ")).to.contain("tcp://<redacted: credentials in a URL>@127.0.0.1:2376");
    expect(m.options.label).to.deep.equal(["api_token=<redacted-filter-value>"]);
    for (const f of readdirSync(planted)) {
      const text = readFileSync(join(planted, f), "utf8");
      expect(text, f).to.not.contain(SECRET_LABEL);
      expect(text, f).to.not.contain(SECRET_PASSWORD);
    }
    const v = await runCli(["verify", planted]);
    expect(v.code, v.stdout).to.equal(0);
  });
});
