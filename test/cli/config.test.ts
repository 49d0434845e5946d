import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { ConfigError, loadConfig, mergeConfig, type ConfigurableOptions } from "../../src/cli/config.js";
import { parseConfig } from "../../src/cli/config-file.js";
import { UsageError } from "../../src/engine/select.js";
import { PROJECT_ROOT } from "../../src/version.js";

// The configuration from issue 6, exactly as written there.
const ISSUE_YAML = `benchmark: "1.6.0"
waivers:
  - check: "5.16"                 # a CIS id in the selected benchmark, or a check key
    containers: ["monitor-*"]     # optional: name globs; also \`labels:\` and \`images:\`
    reason: "monitoring agent reads host processes"
    approvedBy: "security-team"
    expires: "2099-12-31"
`;

function err(text: string, file = "dockaudit.yaml"): string {
  try {
    parseConfig(text, file);
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError).and.instanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a configuration error");
}

/** A command like `audit` with the options the config can set, parsed from argv. */
function parsed(argv: string[]): { cmd: Command; opts: ConfigurableOptions } {
  const list = (v: string, prev: string[] = []) => [...prev, ...v.split(",")];
  const cmd = new Command("audit").exitOverride()
    .option("--benchmark <v>", "", "1.8.0").option("--check <ids>", "", list, []).option("--skip-check <ids>", "", list, [])
    .option("--include <g>", "", list, []).option("--exclude <g>", "", list, []).option("--label <l>", "", list, [])
    .option("--all", "", false).option("--root <dir>", "", "/").option("--fail-on <s>").option("--min-score <n>", "", Number)
    .option("--fail-on-error", "", false).option("--baseline <f>").option("-f, --format <f>", "", "table").option("-o, --output <f>")
    .option("--output-dir <d>").option("--keep <n>", "", Number).option("-q, --quiet", "", false);
  cmd.parse(argv, { from: "user" });
  return { cmd, opts: cmd.opts() as ConfigurableOptions };
}

describe("cli: dockaudit.yaml", () => {
  it("accepts the configuration of issue 6 exactly as written", () => {
    const c = parseConfig(ISSUE_YAML, "dockaudit.yaml").config;
    expect(c).to.deep.equal({
      benchmark: "1.6.0",
      waivers: [{ check: "5.16", containers: ["monitor-*"], reason: "monitoring agent reads host processes", approvedBy: "security-team", expires: "2099-12-31" }],
    });
  });

  it("ships that configuration as examples/dockaudit.yaml, and every commented setting there is valid too", () => {
    const text = readFileSync(join(PROJECT_ROOT, "examples", "dockaudit.yaml"), "utf8");
    expect(text.startsWith(ISSUE_YAML)).to.equal(true);
    expect(parseConfig(text, "examples/dockaudit.yaml").config).to.deep.equal(parseConfig(ISSUE_YAML, "x").config);
    // Uncommenting the reference block (and the extra waiver forms under a "waivers:" key) gives a valid file too.
    const block = (from: string, to?: string) => {
      const start = text.indexOf(from) + from.length;
      return text.slice(start, to ? text.indexOf(to) : undefined).split("\n").map((l) => l.replace(/^# ?/, "")).join("\n");
    };
    const all = parseConfig(block("Uncomment what you need.\n", "# More waiver forms:") + "waivers:\n" + block("# More waiver forms:\n"), "x").config;
    expect(all.waivers).to.have.length(1);
    expect(all.gates).to.deep.equal({ failOn: "high", minScore: 80, failOnError: true, baseline: "accepted/report.json" });
    expect(all.output?.keep).to.equal(14);
    expect(all.containers?.labels).to.deep.equal(["env=prod"]);
  });

  it("names file, line, column and key for an unknown key, suggesting a near one", () => {
    expect(err("benchmark: \"1.6.0\"\nx: 1\n")).to.equal('dockaudit.yaml:2:1: unknown key "x"');
    expect(err("gates:\n  failOn: high\n  minscore: 3\n")).to.equal('dockaudit.yaml:3:3: unknown key "minscore" (did you mean "minScore"?)');
    expect(err("waivers:\n  - check: \"5.16\"\n    reason: r\n    approvedBy: a\n    expires: \"2099-01-01\"\n    container: [a]\n"))
      .to.equal('dockaudit.yaml:6:5: unknown key "container" (did you mean "containers"?)');
  });

  it("names the key and the expected type for a wrong type, pointing at the value", () => {
    expect(err("level: high\n")).to.equal('dockaudit.yaml:1:8: "level" must be one of 1, 2');
    expect(err("gates:\n  minScore: lots\n")).to.equal('dockaudit.yaml:2:13: "gates.minScore" must be a number');
    expect(err("checks: \"5.1\"\n")).to.equal('dockaudit.yaml:1:9: "checks" must be a list');
    expect(err("output:\n  keep: 0\n")).to.match(/^dockaudit\.yaml:2:9: "output\.keep" must be >= 1$/);
  });

  it("tells to quote a CIS id written as a number (5.10 would silently become 5.1)", () => {
    expect(err("waivers:\n  - check: 5.10\n    reason: r\n    approvedBy: a\n    expires: \"2099-01-01\"\n"))
      .to.equal('dockaudit.yaml:2:12: "waivers[0].check" must be a string (quote it: "5.10")');
  });

  it("requires reason, approver and a real expiry date on a waiver", () => {
    expect(err("waivers:\n  - check: \"5.16\"\n    reason: r\n    expires: \"2099-01-01\"\n")).to.equal('dockaudit.yaml:2:5: waivers[0] lacks the required key "approvedBy"');
    expect(err("waivers:\n  - check: \"5.16\"\n    reason: r\n    approvedBy: a\n    expires: \"2099-02-30\"\n")).to.equal('dockaudit.yaml:5:14: "waivers[0].expires" must be a date written YYYY-MM-DD');
    expect(err("waivers:\n  - check: \"5.16\"\n    reason: r\n    approvedBy: a\n    expires: 31/12/2099\n")).to.contain('"waivers[0].expires" must be a date');
  });

  it("reports YAML syntax errors and duplicate keys with their position", () => {
    expect(err("a: [1,\nb: 2\n")).to.match(/^dockaudit\.yaml:2:1: /);
    expect(err("level: 1\nlevel: 2\n")).to.equal("dockaudit.yaml:2:1: Map keys must be unique");
    expect(err("- 1\n")).to.equal("dockaudit.yaml:1:1: the configuration must be a mapping of settings (key: value)");
  });

  it("takes an empty file as no settings", () => {
    expect(parseConfig("", "x").config).to.deep.equal({});
    expect(parseConfig("# nothing yet\n", "x").config).to.deep.equal({});
  });

  it("is found in the working directory first; --no-config reads none; --config names a file that must exist", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-config-"));
    writeFileSync(join(dir, "dockaudit.yaml"), ISSUE_YAML);
    expect((await loadConfig(undefined, dir))!.file).to.equal("dockaudit.yaml");
    expect(await loadConfig(false, dir)).to.equal(null);
    writeFileSync(join(dir, "other.yaml"), "level: 1\n");
    expect((await loadConfig("other.yaml", dir))!.config).to.deep.equal({ level: 1 });
    let message = "";
    try { await loadConfig("missing.yaml", dir); } catch (e) { message = (e as Error).message; }
    expect(message).to.equal("missing.yaml: no such configuration file (named by --config; --no-config reads none)");
  });

  it("lets command-line flags win over the file, and the file win over defaults", () => {
    const loaded = parseConfig("benchmark: \"1.6.0\"\ncontainers:\n  exclude: [\"k8s_*\"]\ngates:\n  failOn: high\n  failOnError: true\noutput:\n  format: json\n", "/etc/dockaudit/dockaudit.yaml");
    const a = parsed([]);
    const m = mergeConfig(a.cmd, a.opts, loaded).opts;
    expect(m).to.include({ benchmark: "1.6.0", failOn: "high", failOnError: true, format: "json" });
    expect(m.exclude).to.deep.equal(["k8s_*"]);
    const b = parsed(["--benchmark", "1.8.0", "--fail-on", "critical", "--exclude", "x", "-f", "table"]);
    const n = mergeConfig(b.cmd, b.opts, loaded).opts;
    expect(n).to.include({ benchmark: "1.8.0", failOn: "critical", failOnError: true, format: "table" });
    expect(n.exclude).to.deep.equal(["x"]);
  });

  it("resolves relative paths in the file against the file's directory", () => {
    const loaded = parseConfig("gates:\n  baseline: accepted/report.json\noutput:\n  outputDir: ../reports\n", "/etc/dockaudit/dockaudit.yaml");
    const a = parsed([]);
    expect(mergeConfig(a.cmd, a.opts, loaded).opts).to.include({ baseline: "/etc/dockaudit/accepted/report.json", outputDir: "/etc/reports" });
  });

  it("refuses a waiver naming no check of the selected benchmark, but accepts a key from any version", () => {
    const a = parsed([]);
    const bad = parseConfig("benchmark: \"1.6.0\"\nwaivers:\n  - check: \"5.99\"\n    reason: r\n    approvedBy: a\n    expires: \"2099-01-01\"\n", "d.yaml");
    expect(() => mergeConfig(a.cmd, a.opts, bad)).to.throw(ConfigError, /^d\.yaml:3:5: waiver check "5\.99" is neither a check id in CIS Docker Benchmark 1\.6\.0 nor a check key/);
    const byKey = parseConfig("waivers:\n  - check: container-host-pid-namespace\n    reason: r\n    approvedBy: a\n    expires: \"2099-01-01\"\n", "d.yaml");
    expect(mergeConfig(a.cmd, a.opts, byKey).waivers).to.have.length(1);
  });

  it("refuses an unknown output format with its position", () => {
    const a = parsed([]);
    expect(() => mergeConfig(a.cmd, a.opts, parseConfig("output:\n  format: xlsx\n", "d.yaml"))).to.throw(ConfigError, /^d\.yaml:2:3: unknown format "xlsx"/);
  });
});
