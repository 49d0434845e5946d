import { expect } from "chai";
import { daemonSecurityOption, defaultBridge, normaliseCap, parseCpuSet, parseDaemonSecurityOption, parseGoBool, parseSecurityOpt } from "../../src/snapshot/notions.js";
import type { NetworkInspect } from "../../src/snapshot/types.js";

describe("Docker notions (one parser each)", () => {
  it("splits a container's security option as dockerd does: at the first = , else at the first :", () => {
    expect(parseSecurityOpt("label=type:svirt_t")).to.include({ key: "label", value: "type:svirt_t" });
    expect(parseSecurityOpt("label:disable")).to.include({ key: "label", value: "disable" });
    expect(parseSecurityOpt('seccomp={"a":1}')).to.include({ key: "seccomp", value: '{"a":1}' });
    expect(parseSecurityOpt("no-new-privileges")).to.deep.equal({ key: "no-new-privileges", raw: "no-new-privileges" });
  });
  it("parses the daemon's SecurityOptions entries, old bare names included, matching names exactly", () => {
    expect(parseDaemonSecurityOption("name=seccomp,profile=builtin")).to.deep.equal({ name: "seccomp", profile: "builtin" });
    expect(parseDaemonSecurityOption("seccomp")).to.deep.equal({ name: "seccomp" });
    expect(daemonSecurityOption(["name=apparmor", "name=no-new-privileges-x"], "no-new-privileges")).to.equal(undefined);
    expect(daemonSecurityOption(["name=apparmor", "name=userns"], "userns")).to.deep.equal({ name: "userns" });
    expect(daemonSecurityOption(null, "userns")).to.equal(undefined);
  });
  it("parses booleans like Go's strconv.ParseBool, and passes real booleans through", () => {
    expect([parseGoBool("1"), parseGoBool("True"), parseGoBool("f"), parseGoBool("yes"), parseGoBool(true), parseGoBool(1)]).to.deep.equal([true, true, false, undefined, true, undefined]);
  });
  it("normalises capability names", () => {
    expect([normaliseCap(" cap_sys_admin"), normaliseCap("NET_ADMIN"), normaliseCap("all")]).to.deep.equal(["SYS_ADMIN", "NET_ADMIN", "ALL"]);
  });
  it("parses CPU lists, and rejects what is not one", () => {
    expect([...parseCpuSet("0-2,5")!]).to.deep.equal([0, 1, 2, 5]);
    expect([...parseCpuSet("3")!]).to.deep.equal([3]);
    for (const bad of ["", "a", "3-1", "0-99999999", "1,,2"]) expect(parseCpuSet(bad), bad).to.equal(undefined);
  });
  it("finds the default bridge by libnetwork's Go-boolean marker, else by its reserved name", () => {
    const net = (Name: string, Driver: string, marker?: string): NetworkInspect => ({ Id: Name, Name, Driver, Options: marker === undefined ? {} : { "com.docker.network.bridge.default_bridge": marker } });
    expect(defaultBridge([net("a", "bridge", "false"), net("b", "bridge", "True")])?.Name).to.equal("b");
    expect(defaultBridge([net("x", "overlay"), net("bridge", "bridge")])?.Name).to.equal("bridge");
    expect(defaultBridge([net("bridge", "macvlan")])).to.equal(undefined);
  });
});

// One parser per Docker notion: no check parses these by hand again (a guard against a fifth security-option parser).
describe("Docker notions are parsed only in src/snapshot/notions.ts", () => {
  it("no check re-implements Go booleans, capability names or security options", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { PROJECT_ROOT } = await import("../../src/version.js");
    const files = (dir: string): string[] => readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
    const patterns: [RegExp, string][] = [
      [/\["1", "t", "T"/, "a Go boolean parser"],
      [/replace\(\/\^CAP_\//, "a capability-name parser"],
      [/SecurityOptions[^;\n]*\.(includes|some|find|indexOf)\(/, "a daemon security-option lookup"],
      [/"com\.docker\.network\.bridge\.default_bridge"\] ===/, "a default-bridge lookup"],
    ];
    const found = files("checks").flatMap((f) => {
      const text = readFileSync(join(PROJECT_ROOT, f), "utf8");
      return patterns.filter(([re]) => re.test(text)).map(([, what]) => `${f}: ${what}`);
    });
    expect(found).to.deep.equal([]);
  });
});
