import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";

export default defineCheck({
  key: "container-swarm-mode",
  cis: { "1.6.0": "5.1", "1.8.0": "5.1" },
  title: "Swarm mode is not enabled unless this node needs it",
  section: "container-runtime", level: 1, automated: true, severity: "medium",
  rationale:
    "A node in swarm mode opens the cluster management and overlay ports (2377, 7946, 4789) and accepts workloads scheduled by the managers. On a host that is not meant to be part of a cluster this is attack surface with no purpose.",
  remediation:
    "On a node that should not be in a swarm, leave it with `docker swarm leave` (`--force` on a manager). If the swarm is intended, record that with a waiver.",
  needs: ["engine.info"],
  evaluate: onDaemon((ctx) => {
    const info = ctx.snapshot.engine.info;
    const state = info.ok ? info.value.Swarm?.LocalNodeState : undefined;
    const evidence = { "Swarm.LocalNodeState": state ?? null };
    if (state === "inactive") return pass("swarm mode is not enabled", evidence);
    // "pending" (joining), "locked" (autolocked manager) and "error" are all nodes with swarm mode switched on.
    if (state === "active" || state === "pending" || state === "locked" || state === "error") {
      return fail(`swarm mode is enabled (node state "${state}"); confirm this node is meant to be in a swarm`, evidence);
    }
    return error(state === undefined ? "the daemon did not report its swarm state" : `unknown swarm node state "${state}"`, evidence);
  }),
});
