// Kernel facts (host.runtime) for check fixtures: the daemon's process and each container's init as
// /proc/PID/status would show them.
import type { ContainerInspect, ContainerRuntime, Fact, ProcessSecurity, Snapshot } from "../../src/snapshot/types.js";
import { errFact, okFact } from "../../src/snapshot/types.js";

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
