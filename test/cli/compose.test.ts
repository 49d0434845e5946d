// `dockaudit audit --compose` as a user runs it: SARIF at the service's lines, exit 2 naming file and line for every
// refused file, no planted secret in any format, no daemon contacted without --docker-host, waivers and gates.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { formatNames } from "../../src/report/index.js";
import { formatArgs } from "../support/format-args.js";
import type { AuditReport } from "../../src/engine/types.js";
import { sarifSchemaErrors } from "../engine/ops-fixture.js";
import { reportSchemaErrors } from "../support/report-schema.js";

const PLANTED = "cmp0se-planted-3b9d";

describe("cli: audit --compose", function () {
  this.timeout(60_000);
  let dir: string;
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: "unix:///nonexistent/dockaudit-compose-test.sock" };
    delete e["NO_COLOR"];
    return e;
  };
  const cli = (args: string[], input?: string, extraEnv: Record<string, string> = {}) => runCli(["audit", "--no-config", ...args], { cwd: dir, env: { ...env(), ...extraEnv }, input });
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dockaudit-compose-cli-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const COMPOSE = [
    "services:", //               1
    "  web:", //                  2
    "    image: nginx:1.27", //   3
    "    ports:", //              4
    "      - \"8080:80\"", //     5
    "    privileged: true", //    6
    "  db:", //                   7
    "    image: postgres:16", //  8
    "    read_only: true", //     9
    "",
  ].join("\n");

  it("a privileged service gives a SARIF result at that service's privileged line, without contacting any daemon", async () => {
    write("docker-compose.yml", COMPOSE);
    const r = await cli(["--compose", "docker-compose.yml", "-f", "sarif"]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.not.match(/dockaudit: (?!gate failed)/);
    expect(sarifSchemaErrors(JSON.parse(r.stdout))).to.equal("");
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const priv = sarif.runs[0]?.results.filter((x) => x.ruleId === "container-privileged") ?? [];
    expect(priv).to.have.length(1);
    expect(priv[0]?.locations[0]?.physicalLocation).to.deep.equal({ artifactLocation: { uri: "docker-compose.yml" }, region: { startLine: 6, startColumn: 5 } });
    expect(priv[0]?.message.text).to.contain("service 'web'");
    // A failure with no key of its own points at the service's line.
    const ro = sarif.runs[0]?.results.find((x) => x.ruleId === "container-read-only-rootfs");
    expect(ro?.locations[0]?.physicalLocation.region.startLine).to.equal(2);
    // The offending key's service is a related location.
    expect(JSON.stringify((priv[0] as { relatedLocations?: unknown }).relatedLocations)).to.contain('"startLine":2');
  });

  it("JSON: service subjects with their location, the same ids in both benchmark numberings, the project described", async () => {
    write("docker-compose.yml", COMPOSE);
    for (const benchmark of ["1.6.0", "1.8.0"]) {
      const r = await cli(["--compose", "docker-compose.yml", "-f", "json", "--benchmark", benchmark]);
      expect(reportSchemaErrors(JSON.parse(r.stdout))).to.equal("");
      const report = JSON.parse(r.stdout) as AuditReport;
      const priv = report.results.find((x) => x.key === "container-privileged");
      expect(priv?.id).to.equal("5.5");
      expect(priv?.findings.find((f) => f.subject.name === "web")).to.deep.include({ subject: { kind: "service", name: "web" }, status: "fail", location: { file: "docker-compose.yml", line: 6, column: 5, service: { file: "docker-compose.yml", line: 2, column: 3 } } });
      expect(report.compose?.services.map((s) => [s.name, s.location.line])).to.deep.equal([["db", 7], ["web", 2]]);
      expect(report.compose?.daemon).to.deep.equal({ kind: "none" });
      expect(report.results.map((x) => x.section)).to.not.include.members(["1", "2", "3", "6", "7"]);
    }
  });

  it("table, Markdown and JUnit name file:line; JUnit has one suite per service", async () => {
    write("docker-compose.yml", COMPOSE);
    const table = await cli(["--compose", "docker-compose.yml"]);
    expect(table.stdout).to.contain("service web (docker-compose.yml:6): runs privileged");
    const md = await cli(["--compose", "docker-compose.yml", "-f", "markdown"]);
    expect(md.stdout).to.contain("service web (docker\\-compose\\.yml\\:6)");
    const junit = await cli(["--compose", "docker-compose.yml", "-f", "junit"]);
    expect([...junit.stdout.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).to.deep.equal(["service db", "service web", `project ${dir.split("/").pop()?.toLowerCase().replace(/[^a-z0-9_-]/g, "")}`]);
  });

  it("verdicts that depend on the target daemon name the setting; --daemon-config decides them", async () => {
    write("docker-compose.yml", COMPOSE);
    const none = JSON.parse((await cli(["--compose", "docker-compose.yml", "-f", "json"])).stdout) as AuditReport;
    const nnp = none.results.find((x) => x.key === "container-no-new-privileges")?.findings.find((f) => f.subject.name === "db");
    expect(nnp?.status).to.equal("error");
    expect(nnp?.message).to.contain('"no-new-privileges"');
    const sshd = none.results.find((x) => x.key === "container-no-sshd")?.findings.find((f) => f.subject.name === "db");
    expect(sshd?.status).to.equal("skip");
    write("daemon.json", JSON.stringify({ "no-new-privileges": true, ip: "127.0.0.1" }));
    const cfg = JSON.parse((await cli(["--compose", "docker-compose.yml", "--daemon-config", "daemon.json", "-f", "json"])).stdout) as AuditReport;
    const nnp2 = cfg.results.find((x) => x.key === "container-no-new-privileges")?.findings.find((f) => f.subject.name === "db");
    expect(nnp2?.status).to.equal("pass");
    expect(nnp2?.message).to.contain("daemon.json");
    expect(cfg.results.find((x) => x.key === "container-port-host-interface")?.findings.find((f) => f.subject.name === "web")?.status).to.equal("pass");
    expect(cfg.compose?.daemon).to.deep.equal({ kind: "daemon-config", file: "daemon.json" });
  });

  it("waivers name services; gates work as in a live audit", async () => {
    write("docker-compose.yml", COMPOSE);
    write("dockaudit.yaml", "waivers:\n  - check: \"5.5\"\n    containers: [web]\n    reason: build agent\n    approvedBy: sec\n    expires: \"2999-01-01\"\n");
    const r = await runCli(["audit", "--config", "dockaudit.yaml", "--compose", "docker-compose.yml", "-f", "json", "--check", "5.5"], { cwd: dir, env: env() });
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.results[0]?.findings.find((f) => f.subject.name === "web")?.status).to.equal("waived");
    expect(r.code).to.equal(0);
  });

  it("reads the Compose file from standard input with --compose -", async () => {
    const r = await cli(["--compose", "-", "-f", "json", "--check", "5.5", "--project-name", "fromstdin"], COMPOSE);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.results[0]?.findings.find((f) => f.subject.name === "web")?.location).to.deep.include({ file: "-", line: 6, column: 5 });
  });

  describe("refused files are exit 2 naming file and line", () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ["invalid YAML", { "c.yml": "services:\n  web:\n    image: [nginx\n" }, /^dockaudit: c\.yml:\d+:\d+: not valid YAML/],
      ["a schema violation", { "c.yml": "services:\n  web:\n    image: nginx\n    privilegd: true\n" }, /^dockaudit: c\.yml:4:5: does not follow the Compose Specification: services\.web: unknown key "privilegd"/],
      ["a missing required variable", { "c.yml": "services:\n  web:\n    image: ${IMAGE:?set IMAGE}\n" }, /^dockaudit: c\.yml:3:12: required variable IMAGE is missing a value: set IMAGE$/],
      ["an extends loop", { "c.yml": "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n" }, /^dockaudit: c\.yml:\d+:\d+: extends loop/],
      ["an extends loop across files", { "c.yml": "services:\n  a:\n    image: x\n    extends: {file: o.yml, service: b}\n", "o.yml": "services:\n  b:\n    image: x\n    extends: {file: c.yml, service: a}\n" }, /^dockaudit: (c|o)\.yml:4:\d+: extends loop/],
      ["a missing file", {}, /^dockaudit: Compose file c\.yml is missing$/],
    ];
    for (const [what, files, want] of cases) {
      it(what, async () => {
        for (const [n, t] of Object.entries(files)) write(n, t);
        const r = await cli(["--compose", "c.yml"]);
        expect(r.code).to.equal(2);
        expect(r.stdout).to.equal("");
        expect(r.stderr.trim()).to.match(want);
      });
    }

    it("a directory or FIFO-like non-regular file, and an unreadable --daemon-config", async () => {
      const r = await cli(["--compose", "."]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/Compose file \. is not a regular file/);
      write("c.yml", COMPOSE);
      write("bad.json", "{nope");
      const r2 = await cli(["--compose", "c.yml", "--daemon-config", "bad.json"]);
      expect(r2.code).to.equal(2);
      expect(r2.stderr).to.match(/--daemon-config bad\.json is not valid JSON/);
    });
  });

  it("a planted secret in environment:, .env (interpolated) and secrets: appears in no output format", async () => {
    write("docker-compose.yml", [
      "services:",
      "  app:",
      "    image: busybox:${TAG}",
      "    command: [\"sh\", \"-c\", \"run --password=" + PLANTED + "-cmd\"]",
      "    environment:",
      "      DB_PASSWORD: " + PLANTED + "-env",
      "      FROM_DOTENV: ${DOTENV_VALUE}",
      "    labels:",
      "      api_token: " + PLANTED + "-label",
      "      note: \"${DOTENV_VALUE}\"",
      "    user: \"${RUN_AS}\"",
      "    secrets: [db]",
      "secrets:",
      "  db:",
      "    file: ./db-secret.txt",
      "",
    ].join("\n"));
    write(".env", `DOTENV_VALUE=${PLANTED}-dotenv\nTAG=1.36\nRUN_AS=${PLANTED}-user\n`);
    write("db-secret.txt", `${PLANTED}-secretfile\n`);
    for (const format of formatNames()) {
      const r = await cli(["--compose", "docker-compose.yml", "-f", format, ...formatArgs(format)]);
      expect(r.code, `${format}: ${r.stderr}`).to.be.oneOf([0, 1]);
      expect(r.stdout.length, format).to.be.above(0);
      expect(r.stdout, format).to.not.contain(PLANTED);
      expect(r.stderr, format).to.not.contain(PLANTED);
    }
    const out = join(dir, "out");
    const r = await cli(["--compose", "docker-compose.yml", "--output-dir", out, "--evidence", join(dir, "evidence")]);
    expect(r.code, r.stderr).to.be.oneOf([0, 1]);
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    for (const f of [...walk(out), ...walk(join(dir, "evidence"))]) expect(readFileSync(f, "utf8"), f).to.not.contain(PLANTED);
  });
});

describe("cli: a Compose audit's fingerprints", function () {
  this.timeout(60_000);
  it("name the project and service, not the machine the audit ran on, and are the same on every run", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { createHash } = await import("node:crypto");
    const { runCli } = await import("../support/cli.js");
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-compose-fp-"));
    writeFileSync(join(dir, "docker-compose.yml"), "name: shop\nservices:\n  web:\n    image: busybox\n    privileged: true\n");
    const run = async () => {
      const r = await runCli(["audit", "--no-config", "--compose", "docker-compose.yml", "-f", "json", "--check", "5.5"], { cwd: dir });
      const report = JSON.parse(r.stdout) as { results: { key: string; findings: { subject: { kind: string; name: string }; fingerprint: string }[] }[] };
      return report.results[0]!.findings[0]!;
    };
    const [a, b] = [await run(), await run()];
    expect(a.subject).to.deep.include({ kind: "service", name: "web" });
    expect(a.fingerprint).to.equal(b.fingerprint);
    // The documented recipe (docs/grc.md) with the host field "compose:<project>" and no engine field.
    const want = createHash("sha256").update(["dockaudit-finding/1", "CIS Docker Benchmark", "container-privileged", "compose:shop", "", "service", "web"].join("\u0000")).digest("hex");
    expect(a.fingerprint).to.equal(want);
  });
});

describe("cli: a Compose audit in the GRC formats", function () {
  this.timeout(60_000);
  it("-f oscal validates against NIST's assessment-results schema, with a finding per finding of the JSON report; -f asff holds one finding per (check, service)", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { runCli } = await import("../support/cli.js");
    const { expectValidOscal } = await import("../support/oscal.js");
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-compose-grc-"));
    writeFileSync(join(dir, "docker-compose.yml"), "name: shop\nservices:\n  web:\n    image: busybox\n    privileged: true\n  db:\n    image: busybox\n    read_only: true\n");
    const json = JSON.parse((await runCli(["audit", "--no-config", "--compose", "docker-compose.yml", "-f", "json"], { cwd: dir })).stdout) as { results: { findings: { fingerprint: string }[] }[] };
    const oscal = await runCli(["audit", "--no-config", "--compose", "docker-compose.yml", "-f", "oscal"], { cwd: dir });
    const doc = expectValidOscal(oscal.stdout);
    const findings = (doc["assessment-results"].results[0].findings ?? []) as { props: { name: string; value: string }[] }[];
    const fps = findings.map((f) => f.props.find((p) => p.name === "fingerprint")?.value).sort();
    expect(fps).to.deep.equal(json.results.flatMap((r) => r.findings.map((f) => f.fingerprint)).sort());
    const asff = await runCli(["audit", "--no-config", "--compose", "docker-compose.yml", "-f", "asff", ...formatArgs("asff")], { cwd: dir });
    const items = JSON.parse(asff.stdout) as { Id: string; Resources: { Id: string }[] }[];
    expect(new Set(items.map((i) => i.Id)).size).to.equal(items.length);
    expect(items.length).to.be.above(0);
  });
});
