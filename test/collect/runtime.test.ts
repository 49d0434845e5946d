import { expect } from "chai";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { collectRuntime, decodeCapabilities, insideId, monitoredContainer, parseIdMap, parseSecurityStatus, readAppArmorLabel } from "../../src/collect/host/runtime.js";
import { parseAppArmorLabel } from "../../src/snapshot/notions.js";
import type { ContainerInspect } from "../../src/snapshot/types.js";
import { okFact, errFact } from "../../src/snapshot/types.js";
import { buildRoot, type Tree } from "./fake-root.js";

const DOCKER_DEFAULT = "00000000a80425fb"; // Docker's 14 default capabilities
const FULL = "000001ffffffffff";

function status(o: { pid: number; nspid?: number[]; ppid?: number; uid?: number; gid?: number; nnp?: 0 | 1; seccomp?: 0 | 1 | 2; filters?: number; eff?: string; bnd?: string }): string {
  const u = o.uid ?? 0, g = o.gid ?? 0;
  return [
    `Name:\tsleep`, `PPid:\t${o.ppid ?? 1}`, `Uid:\t${u}\t${u}\t${u}\t${u}`, `Gid:\t${g}\t${g}\t${g}\t${g}`,
    `NSpid:\t${(o.nspid ?? [o.pid]).join("\t")}`, `CapInh:\t0000000000000000`, `CapPrm:\t${o.eff ?? DOCKER_DEFAULT}`,
    `CapEff:\t${o.eff ?? DOCKER_DEFAULT}`, `CapBnd:\t${o.bnd ?? o.eff ?? DOCKER_DEFAULT}`, `CapAmb:\t0000000000000000`,
    `NoNewPrivs:\t${o.nnp ?? 0}`, `Seccomp:\t${o.seccomp ?? 2}`, ...(o.filters === undefined ? [] : [`Seccomp_filters:\t${o.filters}`]), "",
  ].join("\n");
}

const ID_A = "a".repeat(64);
const ID_B = "b".repeat(64);
const ID_C = "c".repeat(64);
const ID_D = "d".repeat(64);
const ID_E = "e".repeat(64);

function running(id: string, pid: number, pidMode = ""): ContainerInspect {
  return { Id: id, Name: `/${id.slice(0, 4)}`, Image: "x", State: { Status: "running", Running: true, Pid: pid }, HostConfig: { PidMode: pidMode }, Mounts: [], Config: { EnvNames: [], EnvSecretShapes: [] }, NetworkSettings: {} };
}

const TREE: Tree = {
  // dockerd, in the host's PID namespace, no seccomp filter of its own
  "/proc/50/status": status({ pid: 50, eff: FULL, seccomp: 0, filters: 0 }),
  "/proc/50/ns/pid": { link: "pid:[4026531836]" },
  // container A: init of its own namespace, NoNewPrivs set, remapped root (userns-remap)
  "/proc/61/status": status({ pid: 61, nspid: [61, 1], ppid: 60, uid: 100000, gid: 100000, nnp: 1, filters: 1 }),
  "/proc/61/ns/pid": { link: "pid:[4026532201]" },
  "/proc/61/uid_map": "         0     100000      65536\n",
  "/proc/61/cgroup": "12:pids:/docker/" + ID_A + "\n",
  // container B: --pid=host, its cgroup names it
  "/proc/70/status": status({ pid: 70, ppid: 69, eff: "00000000a80435fb" }),
  "/proc/70/ns/pid": { link: "pid:[4026531836]" },
  "/proc/70/cgroup": "0::/system.slice/docker-" + ID_B + ".scope\n",
  // container C: its pid now belongs to a process of the host namespace (exited, pid reused)
  "/proc/80/status": status({ pid: 80 }),
  "/proc/80/ns/pid": { link: "pid:[4026531836]" },
  "/proc/80/cgroup": "0::/user.slice\n",
  // container D: pid 90 is gone
  // container E: --pid=container:A, no cgroup per container (rootless on cgroup v1)
  "/proc/95/status": status({ pid: 95, nspid: [95, 7] }),
  "/proc/95/ns/pid": { link: "pid:[4026532201]" },
  "/proc/95/cgroup": "0::/user.slice\n",
};

describe("runtime collector (kernel facts per container)", () => {
  it("decodes capability masks to names, unknown bits by number", () => {
    expect(decodeCapabilities(DOCKER_DEFAULT)).to.deep.equal([
      "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW",
      "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP",
    ]);
    expect(decodeCapabilities("0000000000200000")).to.deep.equal(["SYS_ADMIN"]);
    expect(decodeCapabilities("0000040000000000")).to.deep.equal(["CAP_42"]);
    expect(decodeCapabilities("0000000000000000")).to.deep.equal([]);
  });

  it("parses the status fields and refuses a status without ids or capabilities", () => {
    const s = parseSecurityStatus(61, status({ pid: 61, nspid: [61, 1], nnp: 1, seccomp: 2, filters: 1, uid: 1000, gid: 1000 }))!;
    expect(s).to.include({ pid: 61, noNewPrivs: true, seccomp: "filter", seccompFilters: 1, ppid: 1 });
    expect(s.nsPid).to.deep.equal([61, 1]);
    expect(s.uid).to.deep.equal({ real: 1000, effective: 1000 });
    expect(parseSecurityStatus(1, "Name:\tx\nUid:\t0\t0\t0\t0\n")).to.equal(undefined);
    expect(parseSecurityStatus(1, status({ pid: 1, seccomp: 0 }))!.seccomp).to.equal("disabled");
  });

  it("maps ids through uid_map", () => {
    const m = parseIdMap("0 100000 65536\n");
    expect(insideId(m, 100000)).to.equal(0);
    expect(insideId(m, 101000)).to.equal(1000);
    expect(insideId(m, 0)).to.equal(null);
  });

  it("ties each init to its container by PID namespace or cgroup, and says why it cannot", async () => {
    const t = buildRoot(TREE);
    try {
      const r = await collectRuntime(new HostFs(t.root), { pid: 50 }, okFact([running(ID_A, 61), running(ID_B, 70, "host"), running(ID_C, 80), running(ID_D, 90), running(ID_E, 95, `container:${ID_A}`)], "GET /containers/json"));
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      const d = r.value.daemon;
      expect(d.ok && d.value.pidNamespace).to.equal(4026531836);
      const a = r.value.containers[ID_A]!;
      expect(a.ok, JSON.stringify(a)).to.equal(true);
      if (a.ok) {
        expect(a.value.init).to.include({ noNewPrivs: true, seccomp: "filter", pidNamespace: 4026532201, ppid: 60 });
        expect(a.value.init.uid).to.deep.equal({ real: 100000, effective: 100000 });
        expect(a.value.init.nsUid).to.deep.equal({ real: 0, effective: 0 });
        expect(a.value.identifiedBy).to.match(/own PID namespace/);
      }
      const b = r.value.containers[ID_B]!;
      expect(b.ok && b.value.identifiedBy).to.match(/cgroup names bbbbbbbbbbbb/);
      expect(b.ok && b.value.init.capBnd).to.include("NET_ADMIN");
      const c = r.value.containers[ID_C]!;
      expect(!c.ok && c.error).to.match(/not the init of a PID namespace of its own.*reused/);
      const dd = r.value.containers[ID_D]!;
      expect(!dd.ok && dd.error).to.match(/process 90 is gone/);
      const e = r.value.containers[ID_E]!;
      expect(!e.ok && e.error).to.match(/shares the PID namespace of container:a+ and its cgroup does not name the container/);
    } finally {
      t.cleanup();
    }
  });

  it("reads the init's AppArmor label, and nothing where AppArmor is not the LSM", async () => {
    const t = buildRoot({
      "/proc/61/attr/apparmor/current": "docker-default (enforce)\n",
      "/proc/61/attr/current": "docker-default (enforce)\n",
      "/proc/62/attr/current": "docker-default (complain)\n",
      "/proc/63/attr/current": "unconfined\n",
      "/proc/64/attr/current": "system_u:system_r:container_t:s0:c1,c2\0",
      "/proc/66/attr/current": `${"x".repeat(300)}\n`,
    });
    try {
      const fs = new HostFs(t.root);
      expect(await readAppArmorLabel(fs, 61)).to.equal("docker-default (enforce)");
      expect(await readAppArmorLabel(fs, 62)).to.equal("docker-default (complain)");
      expect(await readAppArmorLabel(fs, 63)).to.equal("unconfined");
      expect(await readAppArmorLabel(fs, 64), "an SELinux context is not an AppArmor label").to.equal(undefined);
      expect(await readAppArmorLabel(fs, 65), "not there (EINVAL where no LSM is active)").to.equal(undefined);
      expect(await readAppArmorLabel(fs, 66), "an oversized label is not taken").to.equal(undefined);
    } finally {
      t.cleanup();
    }
    expect(parseAppArmorLabel("docker-default (complain)")).to.deep.equal({ profile: "docker-default", mode: "complain" });
    expect(parseAppArmorLabel("unconfined")).to.deep.equal({ profile: "unconfined", mode: "unconfined" });
  });

  it("with --pid=host and no cgroup per container (rootless on cgroup v1), ties an init to its container by its parent conmon or shim", async () => {
    const conmon = (id: string) => ["/usr/bin/conmon", "--api-version", "1", "-c", id, "-u", id, "-r", "/usr/bin/runc", "-n", "risky"].join("\0") + "\0";
    const t = buildRoot({
      "/proc/50/status": status({ pid: 50, eff: FULL, seccomp: 0 }),
      "/proc/50/ns/pid": { link: "pid:[4026531836]" },
      // Podman rootless, --pid=host: conmon 6447 runs container A, its init 6457 (host uid 1001, root in its user namespace)
      "/proc/6447/cmdline": conmon(ID_A),
      "/proc/6457/status": status({ pid: 6457, ppid: 6447, uid: 1001, gid: 1001, seccomp: 0 }),
      "/proc/6457/ns/pid": { link: "pid:[4026531836]" },
      "/proc/6457/cgroup": "0::/user.slice\n",
      // a containerd shim for container B
      "/proc/7000/cmdline": ["/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", ID_B, "-address", "/run/containerd/containerd.sock"].join("\0") + "\0",
      "/proc/7001/status": status({ pid: 7001, ppid: 7000 }),
      "/proc/7001/ns/pid": { link: "pid:[4026531836]" },
      "/proc/7001/cgroup": "0::/user.slice\n",
      // container C's State.Pid is now a child of the conmon of container A: not C's
      "/proc/6458/status": status({ pid: 6458, ppid: 6447 }),
      "/proc/6458/ns/pid": { link: "pid:[4026531836]" },
      "/proc/6458/cgroup": "0::/user.slice\n",
    });
    try {
      const r = await collectRuntime(new HostFs(t.root), { pid: 50 }, okFact([running(ID_A, 6457, "host"), running(ID_B, 7001, "host"), running(ID_C, 6458, "host")], "x"));
      const a = r.ok ? r.value.containers[ID_A]! : undefined;
      expect(a?.ok && a.value.identifiedBy).to.equal("its parent conmon (pid 6447) runs aaaaaaaaaaaa");
      expect(a?.ok && a.value.init).to.include({ seccomp: "disabled", pid: 6457 });
      const b = r.ok ? r.value.containers[ID_B]! : undefined;
      expect(b?.ok && b.value.identifiedBy).to.equal("its parent containerd-shim-runc-v2 (pid 7000) runs bbbbbbbbbbbb");
      const c = r.ok ? r.value.containers[ID_C]! : undefined;
      expect(c && !c.ok && c.error).to.match(/pid 6458 shares the host's PID namespace \(--pid=host\) and its cgroup does not name the container/);
    } finally {
      t.cleanup();
    }
    expect(monitoredContainer(["conmon", `--cid=${ID_A}`])).to.deep.equal({ monitor: "conmon", id: ID_A });
    expect(monitoredContainer(["sh", "-c", ID_A]), "only a runtime monitor's argv counts").to.equal(undefined);
    expect(monitoredContainer(["conmon", "-c", "not-an-id"])).to.equal(undefined);
  });

  it("refuses to place pids when dockerd runs in a nested PID namespace, and when the daemon is unknown", async () => {
    const t = buildRoot({ "/proc/50/status": status({ pid: 50, nspid: [50, 7] }), "/proc/61/status": status({ pid: 61, nspid: [61, 1] }) });
    try {
      const fs = new HostFs(t.root);
      const r = await collectRuntime(fs, { pid: 50 }, okFact([running(ID_A, 61)], "x"));
      expect(r.ok && !r.value.containers[ID_A]!.ok && (r.value.containers[ID_A] as { error: string }).error).to.match(/nested PID namespace/);
      const u = await collectRuntime(fs, { error: "no dockerd process found" }, okFact([running(ID_A, 61)], "x"));
      expect(!u.ok && u.error).to.match(/daemon's process is unknown.*no dockerd/);
      const e = await collectRuntime(fs, { pid: 50 }, errFact("boom", "GET /containers/json"));
      expect(!e.ok && e.error).to.match(/could not be listed: boom/);
    } finally {
      t.cleanup();
    }
  });
});
