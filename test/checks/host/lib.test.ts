// Exact matching of audit rules to paths: the substring traps of peers (Q11) and the kernel's own semantics.
import { expect } from "chai";
import { aliases, auditCoverage, isWithin, mountOf, ruleMatches } from "../../../checks/host/lib.js";
import { rules } from "./support.js";

describe("audit rule matching", () => {
  const table: [rule: string, target: string, covers: boolean][] = [
    ["-w /etc/docker -p wa", "/etc/docker", true],
    ["-w /etc/docker/ -p wa", "/etc/docker", true],
    ["-w /etc/docker -p wa", "/etc/docker/daemon.json", true],
    ["-w /etc/docker/daemon.json -p wa", "/etc/docker", false],
    ["-w /var/lib/docker -p wa", "/var/lib/dockershim", false],
    ["-w /var/lib/dockershim -p wa", "/var/lib/docker", false],
    ["-w /usr/bin/containerd-shim -p wa", "/usr/bin/containerd", false],
    ["-w /usr/bin/containerd -p wa", "/usr/bin/containerd-shim", false],
    ["-w /usr/bin/containerd-shim -p wa", "/usr/bin/containerd-shim-runc-v2", false],
    ["-w /usr/bin/docker -p wa", "/usr/bin/dockerd", false],
    ["-w /run/containerd -p wa", "/run/containerd/containerd.sock", true],
    ["-a always,exit -F path=/usr/bin/dockerd -F perm=wa", "/usr/bin/dockerd", true],
    ["-a always,exit -F path=/var/lib/docker -F perm=wa", "/var/lib/docker/165536.165536", false],
    ["-a always,exit -F dir=/var/lib/docker -F perm=wa", "/var/lib/docker/165536.165536", true],
    ["-a exit,always -F dir=/var/lib/docker/ -F perm=war", "/var/lib/docker", true],
    ["-a always,exit -F dir=/var/lib/docker -F perm=wa", "/var/lib/dockerd", false],
    ["-w /etc/default/docker -p wa", "/etc/default/docker.bak", false],
    ["-w /etc/sysconfig/docker -p wa", "/etc/sysconfig/docker-storage", false],
  ];
  for (const [rule, target, covers] of table) {
    it(`${covers ? "covers" : "does not cover"}: ${rule}  →  ${target}`, () => {
      const [r] = rules(rule);
      expect(r, "parsed").to.not.equal(undefined);
      expect(ruleMatches(r!, target)).to.equal(covers);
    });
  }

  it("the first matching rule decides: a never rule before the always rule excludes", () => {
    expect(auditCoverage(rules("-a never,exit -F path=/usr/bin/runc", "-w /usr/bin/runc -p wa"), ["/usr/bin/runc"]).status).to.equal("excluded");
    expect(auditCoverage(rules("-w /usr/bin/runc -p wa", "-a never,exit -F path=/usr/bin/runc"), ["/usr/bin/runc"]).status).to.equal("covered");
  });
  it("a never rule on a subdirectory does not exclude its parent", () => {
    const rs = rules("-a exit,never -F dir=/var/lib/docker/overlay2", "-a exit,always -F dir=/var/lib/docker -F perm=war -k docker");
    expect(auditCoverage(rs, ["/var/lib/docker"]).status).to.equal("covered");
    expect(auditCoverage(rs, ["/var/lib/docker/overlay2/abc"]).status).to.equal("excluded");
  });
  it("a rule watching reads or executions only is partial; one with w and a covers", () => {
    expect(auditCoverage(rules("-w /usr/bin/dockerd -p x"), ["/usr/bin/dockerd"]).status).to.equal("partial");
    expect(auditCoverage(rules("-w /usr/bin/dockerd -p x", "-w /usr/bin/dockerd -p wa"), ["/usr/bin/dockerd"]).status).to.equal("covered");
    expect(auditCoverage(rules("-w /usr/bin/dockerd"), ["/usr/bin/dockerd"]).status).to.equal("covered");
  });
  it("a file goes by its path, its resolved path and the /run ↔ /var/run alias", () => {
    expect(aliases({ path: "/var/run/docker.sock", realPath: "/run/docker.sock" }).sort()).to.deep.equal(["/run/docker.sock", "/var/run/docker.sock"]);
    expect(aliases({ path: "/lib/systemd/system/docker.service", realPath: "/usr/lib/systemd/system/docker.service" })).to.have.length(2);
    expect(aliases({ path: "/run/containerd" })).to.include("/var/run/containerd");
  });
});

describe("paths and mounts", () => {
  it("compares whole components", () => {
    expect(isWithin("/var/lib/docker/volumes", "/var/lib/docker")).to.equal(true);
    expect(isWithin("/var/lib/dockershim", "/var/lib/docker")).to.equal(false);
    expect(isWithin("/anything", "/")).to.equal(true);
  });
  it("finds the innermost mount, the last one mounted when stacked", () => {
    const m = (mountPoint: string, device: string) => ({ device, mountPoint, fsType: "ext4", options: [] });
    const mounts = [m("/", "/dev/vda1"), m("/var", "/dev/vdb1"), m("/var/lib/docker", "/dev/vdc1"), m("/var/lib/docker", "/dev/vdd1")];
    expect(mountOf(mounts, "/var/lib/docker/165536.165536")?.device).to.equal("/dev/vdd1");
    expect(mountOf(mounts, "/var/lib/dockershim")?.device).to.equal("/dev/vdb1");
    expect(mountOf(mounts, "/etc")?.device).to.equal("/dev/vda1");
  });
});
