// Kernel facts (host.runtime) for check fixtures: the daemon's process and each container's init as
// /proc/PID/status would show them.
import { expect } from "chai";
import type { ContainerInspect, ContainerRuntime, Fact, ProcessSecurity, Snapshot } from "../../src/snapshot/types.js";
import { errFact, okFact } from "../../src/snapshot/types.js";
import type { Case } from "./check-tester.js";
import { container, snapshot } from "./fixtures.js";

const DOCKER_DEFAULT_CAPS = [
  "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW",
  "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP",
];

export function proc(pid: number, over: Partial<ProcessSecurity> = {}): ProcessSecurity {
  const caps = over.capBnd ?? DOCKER_DEFAULT_CAPS;
  return {
    pid, nsPid: [pid, 1], pidNamespace: 4026532000 + pid, ppid: pid - 1, noNewPrivs: false, seccomp: "filter", seccompFilters: 1,
    capEff: caps, capPrm: caps, capBnd: caps, capHex: { eff: "0", prm: "0", bnd: "0" },
    uid: { real: 0, effective: 0 }, gid: { real: 0, effective: 0 }, ...over,
  };
}

/** host.runtime with the given container inits (by container); a string is the reason it could not be read. */
export function runtime(inits: [ContainerInspect, Partial<ProcessSecurity> | string][], daemon: Partial<ProcessSecurity> = {}): Snapshot["host"]["runtime"] {
  const containers: Record<string, Fact<ContainerRuntime>> = {};
  for (const [c, v] of inits) {
    const pid = c.State.Pid ?? 4242;
    containers[c.Id] = typeof v === "string"
      ? errFact(v, `/proc/${pid}/status`)
      : okFact({ init: proc(pid, v), identifiedBy: "init of its own PID namespace" }, `/proc/${pid}/status`);
  }
  return okFact({ daemon: okFact(proc(100, { nsPid: [100], seccomp: "disabled", seccompFilters: 0, capBnd: [], ...daemon }), "/proc/100/status"), containers }, "/proc/PID/status");
}

/**
 * The kernel against /info's seccomp profile, the cases 2.18 and X.7 share: dockerd (started 2026-01-11) started
 * "fresh" after it and "old" before it; neither has a seccomp option, and "priv" is privileged.
 */
export function seccompDefaultWitnessCases(): Case[] {
  const started = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd"], matchedBy: "test", rootless: false, startedAt: "2026-01-11T00:00:00.000Z" }, "/proc/100/cmdline");
  const fresh = container("fresh", { State: { StartedAt: "2026-01-12T00:00:00Z" } });
  const old = container("old", { State: { Pid: 4300, StartedAt: "2026-01-10T10:00:01Z" } });
  const privileged = container("priv", { State: { Pid: 4400, StartedAt: "2026-01-12T00:00:00Z" }, HostConfig: { Privileged: true } });
  const kernelSays = (seccomp: "disabled" | "filter", ...cs: ContainerInspect[]) =>
    snapshot({ containers: cs, daemon: { process: started }, host: { runtime: runtime(cs.map((c) => [c, { seccomp, seccompFilters: seccomp === "filter" ? 2 : 0 }])) } });
  return [
    { name: "kernel: a container the running daemon started without a seccomp option shows Seccomp 0: fail, although /info reports the default profile",
      status: "fail", message: /reports profile=builtin, but the kernel shows no seccomp filter \(Seccomp: 0\) on the init of fresh \(pid 4242\)/,
      snapshot: kernelSays("disabled", fresh), check: (f) => expect(f[0]?.evidence).to.deep.include({ source: "kernel", kernel: [{ container: "fresh", pid: 4242, Seccomp: 0 }] }) },
    { name: "kernel: containers started before the running daemon, and privileged ones, are no witnesses of its default", status: "pass",
      snapshot: kernelSays("disabled", old, privileged), check: (f) => expect(f[0]?.evidence?.["source"]).to.equal("API") },
    { name: "kernel: a filter on the init agrees (it proves nothing more); /info decides", status: "pass", snapshot: kernelSays("filter", fresh) },
  ];
}
