// Which containerd and shims run, when /proc/PID/exe cannot be read (a non-root auditor, or the image run without
// CAP_SYS_PTRACE): 1.1.14-1.1.18 must then be errors naming the capability, never verdicts on /usr/bin's copies.
import { expect } from "chai";
import { collectHostFiles } from "../../src/collect/host/host-files.js";
import { HostFs, localOps, type FsOps } from "../../src/collect/transports/host-fs.js";
import { daemonBinaries } from "../../src/collect/daemon/running-binaries.js";
import type { Fact, UnitFiles } from "../../src/snapshot/types.js";
import { daemonFacts } from "../checks/daemon-files/support.js";
import { okFact } from "../support/fixtures.js";
import { buildRoot, procTree, type FakeProcess } from "./fake-root.js";

const NO_UNITS: Fact<UnitFiles> = okFact({ service: null, socket: null, dropIns: [], method: "test" }, "test");

const PROCS: FakeProcess[] = [
  { pid: 100, argv: ["/usr/bin/dockerd", "-H", "fd://"], exe: "/usr/bin/dockerd" },
  { pid: 110, argv: ["/usr/bin/containerd"], exe: "/usr/bin/containerd", ppid: 100 },
  { pid: 120, argv: ["/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-address", "/run/containerd/containerd.sock"], exe: "/usr/bin/containerd-shim-runc-v2", comm: "containerd-shim", ppid: 110 },
];

/** Every /proc/PID/exe answers EACCES, as to a process without ptrace access to its owner. */
function noPtrace(root: string): HostFs {
  const ops: FsOps = {
    ...localOps,
    readlink: async (p) => {
      if (/\/proc\/\d+\/exe$/.test(p)) throw Object.assign(new Error(`EACCES: permission denied, ${p}`), { code: "EACCES" });
      return localOps.readlink(p);
    },
  };
  return new HostFs(root, ops);
}

describe("running containerd binaries without ptrace access", () => {
  it("says which binaries' executables could not be read, instead of finding none running", async () => {
    const t = buildRoot({ ...procTree(PROCS), "/usr/bin/containerd-shim": "", "/usr/bin/containerd-shim-runc-v1": "", "/usr/bin/containerd": "" });
    try {
      const bins = await daemonBinaries(noPtrace(t.root), 100, ["/run/containerd/containerd.sock"]);
      expect(bins.running).to.deep.equal({});
      expect(bins.unreadable).to.deep.equal([
        '/proc/110/exe of "containerd" unreadable (needs root or CAP_SYS_PTRACE)',
        '/proc/120/exe of "containerd-shim" unreadable (needs root or CAP_SYS_PTRACE)',
      ]);
      // With access: the same host has a readable containerd and shim, and nothing unreadable.
      const readable = await daemonBinaries(new HostFs(t.root), 100, ["/run/containerd/containerd.sock"]);
      expect(readable.unreadable).to.equal(undefined);
      expect(Object.keys(readable.running).sort()).to.deep.equal(["containerd", "containerd-shim-runc-v2"]);
    } finally {
      t.cleanup();
    }
  });

  it("makes the containerd and shim roles errors naming the capability, not the copies in /usr/bin (1.1.14-1.1.16)", async () => {
    const t = buildRoot({ ...procTree(PROCS), "/usr/bin/containerd-shim": "", "/usr/bin/containerd-shim-runc-v1": "", "/usr/bin/containerd": "" });
    try {
      const files = await collectHostFiles(noPtrace(t.root), { daemon: daemonFacts(), info: okFact({}, "GET /info"), dockerHost: "unix:///var/run/docker.sock", units: NO_UNITS });
      for (const role of ["containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2"] as const) {
        const f = files[role]!;
        expect(f.ok, role).to.equal(false);
        expect(!f.ok && f.error, role).to.equal(`cannot tell which ${role} runs: /proc/110/exe of "containerd" unreadable (needs root or CAP_SYS_PTRACE) (and 1 more); the copies on disk are not judged in its place`);
      }
      // Before, without ptrace access, containerd-shim and containerd-shim-runc-v1 were judged at /usr/bin (and failed).
      const readable = await collectHostFiles(new HostFs(t.root), { daemon: daemonFacts(), info: okFact({}, "GET /info"), dockerHost: "unix:///var/run/docker.sock", units: NO_UNITS });
      expect(readable["containerd-shim"]!.ok && readable["containerd-shim"]!.value).to.deep.equal([]);
    } finally {
      t.cleanup();
    }
  });
});
