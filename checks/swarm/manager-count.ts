import { defineCheck, error, fail, onDaemon, pass } from "../../src/engine/define.js";
import { activeSwarm, asNodes, isVerdict, swarmFact } from "./lib.js";

export default defineCheck({
  key: "swarm-manager-count",
  cis: { "1.6.0": "7.1", "1.8.0": "7.1" },
  title: "The swarm has the minimum number of manager nodes",
  section: "swarm", level: 1, automated: true, severity: "medium",
  rationale:
    "Managers hold the cluster's state and keys and can change any of its security settings, so each one is worth attacking. Raft needs a majority, so an even count adds a manager to protect without adding fault tolerance, and more than seven only slows consensus.",
  remediation:
    "Keep an odd number of managers, one when fault tolerance is not needed and otherwise the smallest odd number that gives it (3 tolerates one failure, 5 two); demote extras with `docker node demote NODE`.",
  needs: ["engine.info"],
  // Decided from the real manager count (GET /info Swarm.Managers, else the node list); docker-bench-security
  // counts "Leader" lines, which is always 1 on a manager, and warns on every worker (Q27). One manager is the
  // minimum for a swarm that needs no fault tolerance, so it passes; an odd number up to seven passes.
  evaluate: onDaemon((ctx) => {
    const s = activeSwarm(ctx, "the number of managers");
    if (isVerdict(s)) return s;
    let managers = s.swarm.Managers;
    let from = "GET /info Swarm.Managers";
    if (typeof managers !== "number" || managers < 1) {
      const nodes = swarmFact(ctx, "nodes");
      if ("error" in nodes) return error(`could not decide: the manager count is not in /info and ${nodes.error}`);
      managers = asNodes(nodes.value).filter((n) => n.Role === "manager").length;
      from = "GET /nodes";
    }
    const evidence = { managers, nodes: s.swarm.Nodes ?? null, from };
    if (managers > 7) return fail(`${managers} managers: more than seven slows consensus and widens the attack surface without needed fault tolerance`, evidence);
    if (managers % 2 === 0) return fail(`${managers} managers: an even number tolerates no more failures than ${managers - 1} would`, evidence);
    return pass(`${managers} manager(s), an odd number tolerating ${(managers - 1) / 2} manager failure(s)`, evidence);
  }),
});
