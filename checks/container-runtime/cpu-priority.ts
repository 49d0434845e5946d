import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

export default defineCheck({
  key: "container-cpu-priority",
  cis: { "1.6.0": "5.12", "1.8.0": "5.12" },
  title: "CPU priority is set for the container",
  section: "container-runtime", level: 1, automated: true, severity: "low",
  rationale:
    "Containers without any CPU control compete equally for every core, so a busy or compromised one can starve the others and host services of processor time.",
  remediation:
    "Give the container a CPU share weight (--cpu-shares), a CPU limit (--cpus, or --cpu-quota with --cpu-period) or a CPU set (--cpuset-cpus) that suits its workload.",
  needs: ["engine.containers"],
  // Any of the four controls restricts the container; a share weight of 1024 is the default and restricts nothing.
  // Compose's deploy.resources.limits.cpus sets NanoCpus, which a peer ignores.
  evaluate: perContainer((c) => {
    const h = c.HostConfig;
    const evidence = { CpuShares: h.CpuShares ?? 0, NanoCpus: h.NanoCpus ?? 0, CpuQuota: h.CpuQuota ?? 0, CpusetCpus: h.CpusetCpus ?? "" };
    const set: string[] = [];
    if (evidence.CpuShares !== 0 && evidence.CpuShares !== 1024) set.push(`CPU shares ${evidence.CpuShares}`);
    if (evidence.NanoCpus > 0) set.push(`a limit of ${evidence.NanoCpus / 1e9} CPUs`);
    if (evidence.CpuQuota > 0) set.push(`a CPU quota of ${evidence.CpuQuota}µs per ${h.CpuPeriod || 100000}µs`);
    if (evidence.CpusetCpus !== "") set.push(`CPU set ${evidence.CpusetCpus}`);
    return set.length > 0
      ? pass(`has ${set.join(", ")}`, evidence)
      : fail("has no CPU shares, CPU limit or CPU set (default priority)", evidence);
  }),
});
