// The Compose loader: interpolation, merging, extends, profiles, anchors and merge keys, the schema, and every
// refusal naming file, line and column.
import { expect } from "chai";
import { ComposeError } from "../../src/compose/errors.js";
import { interpolate, InterpolationError, parseDotEnv, type Substitution } from "../../src/compose/interpolate.js";
import { loadProject, type ComposeProject, type LoadOptions } from "../../src/compose/load.js";

const CWD = "/work/proj";

function load(files: Record<string, string>, opts: Partial<LoadOptions> = {}, order?: string[]): ComposeProject {
  const names = order ?? Object.keys(files).filter((n) => !n.startsWith("other/") && n !== "common.yml" && !n.endsWith(".env"));
  return loadProject({
    files: names.map((n) => ({ name: n, path: `${CWD}/${n}`, text: files[n] ?? "" })),
    environment: {},
    profiles: [],
    cwd: CWD,
    read: (p) => {
      const rel = p.slice(CWD.length + 1);
      if (files[rel] === undefined) throw new Error("is missing");
      return files[rel];
    },
    ...opts,
  });
}

function refusal(fn: () => unknown): ComposeError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(ComposeError);
    return e as ComposeError;
  }
  throw new Error("expected a ComposeError");
}

const svc = (p: ComposeProject, name: string) => {
  const s = p.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
};

describe("compose: interpolation", () => {
  const env: Record<string, string> = { SET: "value", EMPTY: "" };
  const look = (n: string) => env[n];
  const cases: [string, string][] = [
    ["${SET}", "value"], ["$SET", "value"], ["${UNSET}", ""], ["a-${SET}-b", "a-value-b"],
    ["${UNSET:-dflt}", "dflt"], ["${EMPTY:-dflt}", "dflt"], ["${EMPTY-dflt}", ""], ["${UNSET-dflt}", "dflt"],
    ["${SET:+alt}", "alt"], ["${EMPTY:+alt}", ""], ["${EMPTY+alt}", "alt"], ["${UNSET+alt}", ""],
    ["$$SET", "$SET"], ["cost $$5", "cost $5"], ["${UNSET:-${SET}}", "value"], ["$", "$"], ["5$", "5$"],
  ];
  for (const [text, want] of cases) it(`${text} → "${want}"`, () => expect(interpolate(text, look)).to.equal(want));

  it("${VAR:?err} and ${VAR?err} refuse a missing (or, with the colon, empty) variable, naming it and the text", () => {
    expect(() => interpolate("${UNSET:?set it}", look)).to.throw(InterpolationError, /required variable UNSET is missing a value: set it/);
    expect(() => interpolate("${EMPTY:?}", look)).to.throw(InterpolationError, /EMPTY/);
    expect(interpolate("${EMPTY?x}", look)).to.equal("");
    expect(() => interpolate("${UNSET?x}", look)).to.throw(InterpolationError);
  });

  it("records the substitutions made (their values are kept out of every output)", () => {
    const used: Substitution[] = [];
    interpolate("${SET} ${UNSET:-d}", look, used);
    expect(used).to.deep.equal([{ name: "SET", value: "value" }]);
  });

  it("refuses an unclosed ${ and an unknown operator", () => {
    expect(() => interpolate("${SET", look)).to.throw(InterpolationError, /never closed/);
    expect(() => interpolate("${SET%x}", look)).to.throw(InterpolationError, /unknown operator/);
  });

  it(".env: comments, export, quotes, trailing comments", () => {
    const m = parseDotEnv("# c\nexport A=1\nB=\"two words\"\nC='x#y'\nD=v # note\n\nE=\n");
    expect(Object.fromEntries(m)).to.deep.equal({ A: "1", B: "two words", C: "x#y", D: "v", E: "" });
  });
});

describe("compose: loading a project", () => {
  it("gives each service its line and each key's line", () => {
    const p = load({ "compose.yml": "services:\n  web:\n    image: nginx\n    privileged: true\n  db:\n    image: pg\n" });
    expect(svc(p, "web").at).to.deep.equal({ file: "compose.yml", line: 2, column: 3 });
    expect(svc(p, "web").keys["privileged"]).to.deep.equal({ file: "compose.yml", line: 4, column: 5 });
    expect(svc(p, "db").at.line).to.equal(5);
    expect(p.name).to.equal("proj");
  });

  it("interpolates from the environment, which wins over .env", () => {
    const p = load({ "compose.yml": "services:\n  web:\n    image: ${IMG}\n    user: ${U}\n" }, {
      environment: { IMG: "from-env" }, dotEnv: { name: ".env", text: "IMG=from-dotenv\nU=1000\n" },
    });
    expect(svc(p, "web").config).to.include({ image: "from-env", user: "1000" });
    expect(p.substitutions.map((s) => s.name).sort()).to.deep.equal(["IMG", "U"]);
  });

  it("a missing required variable is exit 2 naming file, line and column of the value", () => {
    const e = refusal(() => load({ "compose.yml": "services:\n  web:\n    image: x\n    user: ${WHO:?who runs it}\n" }));
    expect(e.message).to.match(/^compose\.yml:4:11: required variable WHO is missing a value: who runs it$/);
  });

  it("merges files in order like docker compose -f a -f b: maps deep, lists by identity, scalars replaced", () => {
    const p = load({
      "a.yml": "services:\n  web:\n    image: x\n    cap_add: [NET_ADMIN]\n    environment: [A=1, B=2]\n    volumes: ['./d:/data', 'v:/v']\n    command: a b\n",
      "b.yml": "services:\n  web:\n    image: y\n    cap_add: [SYS_TIME]\n    environment: {B: three}\n    volumes: ['/etc:/data:ro']\n    command: [c]\n    read_only: true\n",
    }, {}, ["a.yml", "b.yml"]);
    const c = svc(p, "web").config;
    expect(c["image"]).to.equal("y");
    expect(c["cap_add"]).to.deep.equal(["NET_ADMIN", "SYS_TIME"]);
    expect(c["environment"]).to.deep.equal({ A: "1", B: "three" });
    expect(c["volumes"]).to.deep.equal(["/etc:/data:ro", "v:/v"]);
    expect(c["command"]).to.deep.equal(["c"]);
    expect(svc(p, "web").at.file).to.equal("a.yml");
    expect(svc(p, "web").keys["read_only"]).to.deep.include({ file: "b.yml", line: 8 });
    expect(svc(p, "web").keys["cap_add"]?.file).to.equal("b.yml");
  });

  it("extends a service of the same file and of another file; the child's keys win", () => {
    const p = load({
      "compose.yml": "services:\n  base:\n    image: x\n    mem_limit: 32m\n  child:\n    extends: base\n    read_only: true\n  far:\n    extends:\n      file: common.yml\n      service: hard\n",
      "common.yml": "services:\n  hard:\n    image: h\n    pids_limit: 10\n",
    });
    expect(svc(p, "child").config).to.deep.include({ image: "x", mem_limit: "32m", read_only: true });
    expect(svc(p, "child").config["extends"]).to.equal(undefined);
    expect(svc(p, "far").config).to.deep.include({ image: "h", pids_limit: 10 });
    expect(svc(p, "far").keys["pids_limit"]).to.deep.include({ file: "common.yml", line: 4 });
  });

  it("an extends loop is exit 2 naming file and line, within a file and across files", () => {
    const e = refusal(() => load({ "compose.yml": "services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: y\n    extends: a\n" }));
    expect(e.message).to.match(/^compose\.yml:(4|7):\d+: extends loop: service "[ab]" extends "[ab]"/);
    const e2 = refusal(() => load({
      "compose.yml": "services:\n  a:\n    image: x\n    extends: {file: common.yml, service: b}\n",
      "common.yml": "services:\n  b:\n    image: y\n    extends: {file: compose.yml, service: a}\n",
    }));
    expect(e2.message).to.match(/^(compose|common)\.yml:4:\d+: extends loop/);
    const e3 = refusal(() => load({ "compose.yml": "services:\n  a:\n    image: x\n    extends: nothere\n" }));
    expect(e3.message).to.equal('compose.yml:4:5: extends: service "nothere" is not defined');
  });

  it("profiles: a service with profiles runs only when one is active (--profile or COMPOSE_PROFILES)", () => {
    const files = { "compose.yml": "services:\n  a:\n    image: x\n  b:\n    image: x\n    profiles: [debug]\n  c:\n    image: x\n    profiles: [ops]\n" };
    expect(load(files).services.map((s) => s.name)).to.deep.equal(["a"]);
    expect(load(files).inactive).to.deep.equal(["b", "c"]);
    expect(load(files, { profiles: ["debug"] }).services.map((s) => s.name)).to.deep.equal(["a", "b"]);
    expect(load(files, { environment: { COMPOSE_PROFILES: "ops,debug" } }).services.map((s) => s.name)).to.deep.equal(["a", "b", "c"]);
    expect(load(files, { profiles: ["*"] }).services.length).to.equal(3);
  });

  it("YAML anchors and merge keys, with the service's own keys winning", () => {
    const p = load({ "compose.yml": "x-h: &h\n  image: x\n  read_only: true\nservices:\n  a:\n    <<: *h\n  b:\n    <<: *h\n    read_only: false\n" });
    expect(svc(p, "a").config).to.deep.equal({ image: "x", read_only: true });
    expect(svc(p, "b").config).to.deep.equal({ image: "x", read_only: false });
    expect(svc(p, "b").keys["read_only"]?.line).to.equal(9);
  });

  it("env_file values go into environment, whose own keys win", () => {
    const p = load({ "compose.yml": "services:\n  a:\n    image: x\n    env_file: app.env\n    environment: {A: mine}\n", "app.env": "A=file\nB=file\n" });
    expect(svc(p, "a").config["environment"]).to.deep.equal({ A: "mine", B: "file" });
  });

  it("project name: --project-name, else the file's name:, else the directory, normalised", () => {
    const f = { "compose.yml": "name: FromFile\nservices:\n  a:\n    image: x\n" };
    expect(load(f).name).to.equal("fromfile");
    expect(load(f, { projectName: "Given_1" }).name).to.equal("given_1");
    expect(refusal(() => load(f, { projectName: "!!" })).message).to.match(/project name "!!" is not valid/);
  });
});

describe("compose: invalid files are exit 2 naming file, line and column", () => {
  it("invalid YAML", () => {
    expect(refusal(() => load({ "compose.yml": "services:\n  web:\n    image: [x\n" })).message).to.match(/^compose\.yml:\d+:\d+: not valid YAML: /);
    expect(refusal(() => load({ "compose.yml": "services:\n  web:\n    image: x\n    image: y\n" })).message).to.match(/^compose\.yml:4:5: not valid YAML: .*unique/i);
  });

  it("an unknown key (schema), pointing at the key", () => {
    expect(refusal(() => load({ "compose.yml": "services:\n  web:\n    image: x\n    privilegd: true\n" })).message)
      .to.equal('compose.yml:4:5: does not follow the Compose Specification: services.web: unknown key "privilegd" (not in the Compose Specification)');
  });

  it("a value of the wrong type (schema)", () => {
    const e = refusal(() => load({ "compose.yml": "services:\n  web:\n    image: x\n    cap_add: NET_ADMIN\n" }));
    expect(e.message).to.match(/^compose\.yml:4:14: does not follow the Compose Specification: services\.web\.cap_add must be array/);
  });

  it("a file that is not a mapping, and an alias bomb", () => {
    expect(refusal(() => load({ "compose.yml": "- a\n- b\n" })).message).to.match(/^compose\.yml:1:1: a Compose file must be a mapping/);
    const bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nservices: {}\n";
    expect(refusal(() => load({ "compose.yml": bomb })).message).to.match(/^compose\.yml:\d+:\d+: not valid YAML/);
  });
});
