// The option table (src/settings/options.ts) is the one declaration of every option: these prove that the config
// schema, the commander flags, the evidence manifest and --help all follow from it.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.js";
import { verdictOptions } from "../../src/evidence/index.js";
import { CONFIG_OPTIONS, OPTIONS, optionsOf, VERDICT_OPTIONS, type CommandName, type OptionSpec } from "../../src/settings/options.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { runCli } from "../support/cli.js";

type SchemaNode = { type?: string; enum?: unknown[]; $ref?: string; minimum?: number; properties?: Record<string, SchemaNode> };
const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "schemas/config.schema.json"), "utf8")) as SchemaNode;

function at(path: readonly string[]): SchemaNode | undefined {
  let n: SchemaNode | undefined = schema;
  for (const seg of path) n = n?.properties?.[seg];
  return n;
}

/** Every leaf setting of the schema (a property that is not itself a mapping of settings), as a dotted path. */
function leaves(n: SchemaNode, prefix: string[] = []): string[] {
  return Object.entries(n.properties ?? {}).flatMap(([k, v]) => (v.type === "object" && v.properties ? leaves(v, [...prefix, k]) : [[...prefix, k].join(".")]));
}

function schemaAgrees(o: OptionSpec & { config: readonly string[] }): string | null {
  const n = at(o.config);
  if (!n) return "not in the schema";
  switch (o.type) {
    case "strings": return n.$ref === "#/$defs/strings" ? null : "the schema does not take a list of strings";
    case "boolean": return n.type === "boolean" ? null : "the schema does not take true or false";
    case "integer": return n.type === "integer" && n.minimum === 1 ? null : "the schema does not take a whole number above 0";
    case "number": return n.type === "number" ? null : "the schema does not take a number";
    case "enum": return JSON.stringify(n.enum) === JSON.stringify(o.values ?? o.choices) ? null : `the schema's values ${JSON.stringify(n.enum)} differ`;
    case "string": return n.type === "string" ? null : "the schema does not take a string";
    default: return `type ${o.type} cannot be set in a file`;
  }
}

describe("the option table", () => {
  it("agrees with schemas/config.schema.json: every configurable option is there with its type, and nothing else is", () => {
    const problems = CONFIG_OPTIONS.flatMap((o) => {
      const why = schemaAgrees(o);
      return why ? [`${o.name} (${o.config.join(".")}): ${why}`] : [];
    });
    expect(problems).to.deep.equal([]);
    const declared = CONFIG_OPTIONS.map((o) => o.config.join(".")).sort();
    expect(leaves(schema).filter((p) => p !== "waivers").sort()).to.deep.equal(declared);
  });

  it("names each option once per command, and every flag of every command comes from it", () => {
    const program = buildProgram();
    const commands: [CommandName, Command][] = [["program", program], ...program.commands.map((c) => [c.name() as CommandName, c] as [CommandName, Command])];
    for (const [name, cmd] of commands) {
      const flags = optionsOf(name).map((o) => o.flag.split(" ")[0]);
      expect(new Set(flags).size, name).to.equal(flags.length);
      const own = cmd.options.map((o) => o.long).filter((l) => l !== "--version" && l !== "--help");
      expect(own, name).to.deep.equal(flags);
    }
  });

  it("declares the image-age limit once: one entry gives its flag, its config key, and its place in the manifest", () => {
    const entries = OPTIONS.filter((o) => o.name === "maxImageAge");
    expect(entries).to.have.length(1);
    expect(entries[0]).to.include({ flag: "--max-image-age <days>", group: "check" });
    expect(entries[0]?.config).to.deep.equal(["maxImageAge"]);
    expect(verdictOptions({ benchmark: "1.8.0", check: [], skipCheck: [], include: [], exclude: [], label: [], all: false, maxImageAge: 30 })).to.have.property("maxImageAge", 30);
  });

  it("records in an evidence manifest exactly the settings that change a verdict, in the table's order", () => {
    const recorded = verdictOptions({ benchmark: "1.6.0", check: ["5"], skipCheck: [], level: 1, include: [], exclude: [], label: [], all: true, trustedUsers: ["a"], maxImageAge: 9 });
    expect(Object.keys(recorded)).to.deep.equal(["benchmark", "check", "skipCheck", "include", "exclude", "label", "all", "level", "trustedUsers", "maxImageAge"]);
    expect(VERDICT_OPTIONS.map((o) => o.name).sort()).to.deep.equal(Object.keys(recorded).sort());
  });
});

describe("--help", () => {
  const help = (cmd: Command) => cmd.helpInformation();

  it("dockaudit --help: one line per command, then the most used options (exit 0)", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).to.equal(0);
    const text = r.stdout;
    const commands = text.slice(text.indexOf("Commands:\n") + 10, text.indexOf("\n\n", text.indexOf("Commands:")));
    // One line each: no continuation line (a wrapped description starts with blanks beyond the name column).
    const lines = commands.split("\n").filter(Boolean);
    expect(lines.map((l) => l.trim().split(" ")[0])).to.deep.equal(["audit", "collect", "diff", "verify", "fleet", "watch", "checks", "help"]);
    expect(text).to.include("\nMost used options of audit (dockaudit audit --help lists them all):\n");
    const common = text.slice(text.indexOf("Most used options")).split("\n").slice(1).filter(Boolean);
    expect(common).to.include("  -f, --format <format>      output format");
    expect(common.every((l) => l.length <= 80), "each fits an 80-column terminal").to.equal(true);
    for (const o of optionsOf("audit").filter((x) => x.common)) expect(text).to.include(o.flag);
  });

  it("dockaudit audit --help groups the options under What to audit, What to check, Output, Gates", () => {
    const audit = buildProgram().commands.find((c) => c.name() === "audit") as Command;
    const text = help(audit);
    const headings = text.split("\n").filter((l) => /^[A-Z][^:]*:$/.test(l));
    expect(headings).to.deep.equal(["What to audit:", "What to check:", "Output:", "Gates:", "Options:"]);
    const section = (h: string) => text.slice(text.indexOf(h), text.indexOf("\n\n", text.indexOf(h)));
    expect(section("What to audit:")).to.include("--docker-host <url>").and.include("--host <ssh-url>").and.include("--snapshot <file>");
    expect(section("What to check:")).to.include("--max-image-age <days>").and.include("--benchmark <version>");
    expect(section("Output:")).to.include("-f, --format <format>").and.include("--evidence <dir>");
    expect(section("Gates:")).to.include("--fail-on <severity>").and.include("--baseline <file>");
    expect(section("Options:")).to.include("--config <file>").and.include("-h, --help");
  });
});
