import { defineCheck, error, fail, parseCpuSet, pass, perContainer } from "../../src/check-api.js";
import { enforcedLimits, type CgroupLimit } from "./lib.js";

export default defineCheck({
  key: "container-cpu-priority",
  cis: { "1.6.0": "5.12", "1.8.0": "5.12" },
  title: "CPU priority is set for the container",
  section: "container-runtime", level: 1, automated: true, severity: "low",
  rationale:
    "Containers without any CPU control compete equally for every core, so a busy or compromised one can starve the others and host services of processor time.",
  remediation:
    "Give the container a CPU share weight (--cpu-shares), a CPU limit (--cpus, or --cpu-quota with --cpu-period) or a CPU set (--cpuset-cpus) that leaves out some of the host's CPUs.",
  needs: ["engine.containers"],
  // CIS judges the share weight; a CPU limit restricts at least as much, so it counts too (Compose's
  // deploy.resources.limits.cpus sets NanoCpus, which a peer ignores). A share weight of 1024 is the default and
  // restricts nothing, and neither does a CPU set that names every CPU of the host (GET /info NCPU): without the
  // host's CPU count a CPU set alone cannot be judged. Each control counts only where the running daemon applies it
  // (GET /info CPUShares, CpuCfsQuota, CPUSet; a rootless dockerd on cgroup v1 has no cgroups).
  evaluate: perContainer((c, ctx) => {
    const h = c.HostConfig;
    const info = ctx.snapshot.engine.info;
    const ncpu = info.ok && typeof info.value.NCPU === "number" && info.value.NCPU > 0 ? info.value.NCPU : null;
    const evidence = { CpuShares: h.CpuShares ?? 0, NanoCpus: h.NanoCpus ?? 0, CpuQuota: h.CpuQuota ?? 0, CpusetCpus: h.CpusetCpus ?? "", hostCpus: ncpu };
    const set: CgroupLimit[] = [];
    if (evidence.CpuShares !== 0 && evidence.CpuShares !== 1024) set.push({ what: `CPU shares ${evidence.CpuShares}`, control: "cpu-shares" });
    if (evidence.NanoCpus > 0) set.push({ what: `a limit of ${evidence.NanoCpus / 1e9} CPUs`, control: "cpu-quota" });
    if (evidence.CpuQuota > 0) set.push({ what: `a CPU quota of ${evidence.CpuQuota}µs per ${h.CpuPeriod || 100000}µs`, control: "cpu-quota" });
    if (set.length > 0) return enforcedLimits(ctx, pass(`has ${set.map((l) => l.what).join(", ")}`, evidence), set);
    if (evidence.CpusetCpus !== "") {
      const cpus = parseCpuSet(evidence.CpusetCpus);
      if (cpus === undefined) return error(`could not decide: CPU set "${evidence.CpusetCpus}" is not a CPU list`, evidence);
      if (ncpu === null) {
        return error(`could not decide: CPU set ${evidence.CpusetCpus} is the only CPU control and the host's CPU count is unknown (${info.ok ? "GET /info has no NCPU" : `engine.info could not be read: ${info.error}`})`, evidence);
      }
      const covered = Array.from({ length: ncpu }, (_, i) => i).every((i) => cpus.has(i));
      if (!covered) {
        const what = `CPU set ${evidence.CpusetCpus}`;
        return enforcedLimits(ctx, pass(`has ${what} (of the host's ${ncpu} CPUs)`, evidence), [{ what, control: "cpuset" }]);
      }
      return fail(`has CPU set ${evidence.CpusetCpus}, which covers all ${ncpu} CPUs of the host and so restricts nothing; no CPU shares or CPU limit`, evidence);
    }
    return fail("has no CPU shares, CPU limit or CPU set (default priority)", evidence);
  }),
});
