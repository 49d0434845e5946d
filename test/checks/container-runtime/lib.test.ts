import { expect } from "chai";
import { buildContext } from "../../../src/engine/run.js";
import { dockerSocketPaths, isAllInterfaces, isWithin, normaliseCap, normalisePath, parseGoBool, parseSecurityOpt, publishedPorts } from "../../../checks/container-runtime/lib.js";
import { container, okFact, snapshot } from "../../support/fixtures.js";

describe("container-runtime lib", () => {
  it("splits security options as dockerd does: at the first = , else at the first :", () => {
    expect(parseSecurityOpt("label=type:svirt_t")).to.include({ key: "label", value: "type:svirt_t" });
    expect(parseSecurityOpt("label:disable")).to.include({ key: "label", value: "disable" });
    expect(parseSecurityOpt('seccomp={"a":1}')).to.include({ key: "seccomp", value: '{"a":1}' });
    expect(parseSecurityOpt("no-new-privileges")).to.deep.equal({ key: "no-new-privileges", raw: "no-new-privileges" });
  });
  it("parses booleans like Go's strconv.ParseBool", () => {
    expect([parseGoBool("1"), parseGoBool("True"), parseGoBool("f"), parseGoBool("yes")]).to.deep.equal([true, true, false, undefined]);
  });
  it("normalises capability names", () => expect(normaliseCap(" cap_sys_admin")).to.equal("SYS_ADMIN"));
  it("compares paths component-wise", () => {
    expect(normalisePath("//etc/./ssh/../")).to.equal("/etc");
    expect(isWithin("/etc/shadow", "/etc")).to.equal(true);
    expect(isWithin("/etcetera", "/etc")).to.equal(false);
    expect(isWithin("/anything", "/")).to.equal(true);
  });
  it("knows every spelling of all interfaces", () => {
    expect(["", "0.0.0.0", "::", "[::]"].every(isAllInterfaces)).to.equal(true);
    expect(["127.0.0.1", "::1", "10.0.0.5"].some(isAllInterfaces)).to.equal(false);
  });
  it("ignores configured ports of a host-network container (dockerd discards them)", () => {
    const c = container("h", { State: { Status: "exited", Running: false }, HostConfig: { NetworkMode: "host", PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "80" }] } } });
    expect(publishedPorts(c).ports).to.deep.equal([]);
  });
  it("finds the socket at its usual paths, both aliases, and the daemon's unix listeners", () => {
    const snap = snapshot({ settings: { hosts: ["unix:///var/run/custom.sock", "tcp://0.0.0.0:2376"] }, daemon: { flags: okFact({ host: ["unix:///srv/d.sock"] }, "argv") } });
    const paths = dockerSocketPaths(buildContext(snap, { benchmark: "1.8.0", containers: {} }));
    expect(paths).to.include.members(["/var/run/docker.sock", "/run/docker.sock", "/var/run/custom.sock", "/run/custom.sock", "/srv/d.sock"]);
    expect(paths.some((p) => p.includes("2376"))).to.equal(false);
  });
});
