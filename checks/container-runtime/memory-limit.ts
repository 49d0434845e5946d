import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

export default defineCheck({
  key: "container-memory-limit",
  cis: { "1.6.0": "5.11", "1.8.0": "5.11" },
  title: "The container's memory usage is limited",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "Without a memory limit one container can take all of the host's memory, pushing the kernel's OOM killer to end other containers or host services: a denial of service from a single leak or attack.",
  remediation: "Start the container with a memory limit that fits its workload, e.g. --memory=512m (mem_limit or deploy.resources.limits.memory in Compose).",
  needs: ["engine.containers"],
  evaluate: perContainer((c) => {
    const memory = c.HostConfig.Memory ?? 0;
    return memory > 0
      ? pass(`has a memory limit of ${memory} bytes`, { Memory: memory })
      : fail("has no memory limit", { Memory: memory });
  }),
});
