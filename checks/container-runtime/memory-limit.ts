import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";
import { enforcedLimits } from "./lib.js";

export default defineCheck({
  key: "container-memory-limit",
  cis: { "1.6.0": "5.11", "1.8.0": "5.11" },
  title: "The container's memory usage is limited",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "Without a memory limit one container can take all of the host's memory, pushing the kernel's OOM killer to end other containers or host services: a denial of service from a single leak or attack.",
  remediation: "Start the container with a memory limit that fits its workload, e.g. --memory=512m (mem_limit or deploy.resources.limits.memory in Compose).",
  needs: ["engine.containers"],
  // A limit counts only where the running daemon applies it (GET /info): a rootless dockerd on cgroup v1 keeps
  // --memory in HostConfig but has no cgroup to enforce it with.
  evaluate: perContainer((c, ctx) => {
    const memory = c.HostConfig.Memory ?? 0;
    if (memory <= 0) return fail("has no memory limit", { Memory: memory });
    return enforcedLimits(ctx, pass(`has a memory limit of ${memory} bytes`, { Memory: memory }), [{ what: `a memory limit of ${memory} bytes`, control: "memory" }]);
  }),
});
