import { expect } from "chai";
import { defineCheck, onDaemon, pass } from "../../src/engine/define.js";
import { selectChecks, selectContainers, UsageError } from "../../src/engine/select.js";
import type { Check } from "../../src/engine/types.js";
import { container } from "../support/fixtures.js";

const mk = (key: string, cis: Check["cis"], level: 1 | 2 = 1, ownId?: string): Check =>
  defineCheck({ key, cis, ownId, title: key, section: "daemon", level, automated: true, severity: "low", rationale: "r", remediation: "m", needs: [], evaluate: onDaemon(() => pass("ok")) });

const catalog = [
  mk("tls", { "1.6.0": "2.7", "1.8.0": "2.8" }),
  mk("devicemapper", { "1.8.0": "2.7" }),
  mk("userns", { "1.6.0": "2.9", "1.8.0": "2.10" }, 2),
  mk("caps", { "1.6.0": "5.4", "1.8.0": "5.4" }),
  mk("audit-docker", { "1.6.0": "1.1.3", "1.8.0": "1.1.3" }),
  mk("audit-containerd", { "1.6.0": "1.1.13", "1.8.0": "1.1.13" }),
  mk("own", undefined, 1, "X.1"),
];
const keys = (cs: Check[]) => cs.map((c) => c.key);

describe("check selection", () => {
  it("a section prefix selects the whole section and nothing that merely starts with the same digits", () => {
    expect(() => selectChecks(catalog, "1.8.0", { check: ["1.1.1"] }), "1.1.1 is not a prefix of 1.1.13").to.throw(UsageError);
    expect(keys(selectChecks(catalog, "1.8.0", { check: ["1.1"] }))).to.deep.equal(["audit-docker", "audit-containerd"]);
    expect(keys(selectChecks(catalog, "1.8.0", { check: ["5.4", "2"] }))).to.deep.equal(["tls", "devicemapper", "userns", "caps"]);
  });
  it("ids are read in the selected benchmark version", () => {
    expect(keys(selectChecks(catalog, "1.6.0", { check: ["2.7"] }))).to.deep.equal(["tls"]);
    expect(keys(selectChecks(catalog, "1.8.0", { check: ["2.7"] }))).to.deep.equal(["devicemapper"]);
  });
  it("a check absent from a benchmark version is not run under it", () => {
    expect(keys(selectChecks(catalog, "1.6.0", {}))).to.not.include("devicemapper");
  });
  it("keys, own ids, --skip-check and --level work together", () => {
    expect(keys(selectChecks(catalog, "1.8.0", { check: ["caps", "x.1"] }))).to.deep.equal(["caps", "own"]);
    expect(keys(selectChecks(catalog, "1.8.0", { check: ["2"], skipCheck: ["2.8"] }))).to.deep.equal(["devicemapper", "userns"]);
    expect(keys(selectChecks(catalog, "1.8.0", { level: 1 }))).to.not.include("userns");
    expect(keys(selectChecks(catalog, "1.8.0", { level: 2 }))).to.include("userns");
  });
  it("a selector that matches nothing is a usage error, not an empty run", () => {
    expect(() => selectChecks(catalog, "1.8.0", { check: ["9"] })).to.throw(UsageError, /no check matches "9"/);
    expect(() => selectChecks(catalog, "1.8.0", { skipCheck: ["2.99"] })).to.throw(UsageError);
  });
});

describe("container selection", () => {
  const cs = [
    container("web-1", { Config: { Labels: { team: "shop", tier: "front" } } }),
    container("web-2"),
    container("monitor-agent", { Config: { Labels: { team: "ops" } } }),
    container("old", { State: { Status: "exited", Running: false } }),
  ];
  const names = (sel: Parameters<typeof selectContainers>[1]) => selectContainers(cs, sel).map((c) => c.Name);
  it("judges running containers by default and stopped ones with --all", () => {
    expect(names({})).to.deep.equal(["/web-1", "/web-2", "/monitor-agent"]);
    expect(names({ all: true })).to.include("/old");
  });
  it("--include and --exclude take name globs", () => {
    expect(names({ include: ["web-*"] })).to.deep.equal(["/web-1", "/web-2"]);
    expect(names({ exclude: ["web-*"] })).to.deep.equal(["/monitor-agent"]);
  });
  it("--label matches presence or an exact value", () => {
    expect(names({ label: ["team"] })).to.deep.equal(["/web-1", "/monitor-agent"]);
    expect(names({ label: ["team=ops"] })).to.deep.equal(["/monitor-agent"]);
    expect(names({ label: ["team=op"] })).to.deep.equal([]);
  });
});
