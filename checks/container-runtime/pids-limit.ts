import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

export default defineCheck({
  key: "container-pids-limit",
  cis: { "1.6.0": "5.29", "1.8.0": "5.29" },
  title: "The PIDs cgroup limit is used",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "Without a PIDs limit a fork bomb or runaway process in one container can exhaust the host's process table, so no other container or host service can start a process.",
  remediation: "Start the container with --pids-limit set to a number that fits its workload (pids_limit in Compose).",
  needs: ["engine.containers"],
  // Unset (null), 0 and -1 all mean unlimited.
  evaluate: perContainer((c) => {
    const limit = c.HostConfig.PidsLimit ?? null;
    return limit !== null && limit > 0
      ? pass(`has a PIDs limit of ${limit}`, { PidsLimit: limit })
      : fail(`has no PIDs limit (${limit === null ? "unset" : limit})`, { PidsLimit: limit });
  }),
});
