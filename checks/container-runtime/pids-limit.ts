import { defineCheck, fail, pass, perContainer } from "../../src/check-api.js";
import { enforcedLimits } from "./lib.js";

export default defineCheck({
  key: "container-pids-limit",
  cis: { "1.6.0": "5.29", "1.8.0": "5.29" },
  title: "The PIDs cgroup limit is used",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "Without a PIDs limit a fork bomb or runaway process in one container can exhaust the host's process table, so no other container or host service can start a process.",
  remediation: "Start the container with --pids-limit set to a number that fits its workload (pids_limit in Compose).",
  needs: ["engine.containers"],
  // Unset (null), 0 and -1 all mean unlimited. A limit counts only where the running daemon applies it (GET /info
  // PidsLimit; a rootless dockerd on cgroup v1 has no cgroups).
  evaluate: perContainer((c, ctx) => {
    const limit = c.HostConfig.PidsLimit ?? null;
    if (limit === null || limit <= 0) return fail(`has no PIDs limit (${limit === null ? "unset" : limit})`, { PidsLimit: limit });
    return enforcedLimits(ctx, pass(`has a PIDs limit of ${limit}`, { PidsLimit: limit }), [{ what: `a PIDs limit of ${limit}`, control: "pids" }]);
  }),
});
