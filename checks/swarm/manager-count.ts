import { defineCheck, error, fail, onDaemon, pass } from "../../src/check-api.js";
import { activeSwarm, asNodes, isVerdict, swarmFact } from "./lib.js";

export default defineCheck({
  key: "swarm-manager-count",
  cis: { "1.6.0": "7.1", "1.8.0": "7.1" },
  title: "The swarm has the minimum number of manager nodes",
  section: "swarm", level: 1, automated: true, severity: "medium",
  rationale:
    "Managers hold the cluster's state and keys and can change any of its security settings, so each one is worth attacking. Raft needs a majority, so an even count adds a manager to protect without adding fault tolerance, and more than seven only slows consensus.",
  remediation:
    "Keep an odd number of managers, one when fault tolerance is not needed and otherwise the smallest odd number that gives it (3 tolerates one failure, 5 two): every node of a swarm of up to four, at most half the nodes of a larger one, never more than seven. Demote extras with `docker node demote NODE`.",
  needs: ["engine.info"],
  // Decided from the real manager count (GET /info Swarm.Managers, else the node list); docker-bench-security
  // counts "Leader" lines, which is always 1 on a manager, and warns on every worker (Q27). The count is judged
  // against the swarm's size (maxManagers): an odd number, and no more than the swarm needs.
  evaluate: onDaemon((ctx) => {
    const s = activeSwarm(ctx, "the number of managers");
    if (isVerdict(s)) return s;
    let managers = s.swarm.Managers;
    let nodes = typeof s.swarm.Nodes === "number" && s.swarm.Nodes > 0 ? s.swarm.Nodes : undefined;
    let from = "GET /info Swarm.Managers";
    const list = swarmFact(ctx, "nodes");
    if (typeof managers !== "number" || managers < 1) {
      if ("error" in list) return error(`could not decide: the manager count is not in /info and ${list.error}`);
      managers = asNodes(list.value).filter((n) => n.Role === "manager").length;
      from = "GET /nodes";
    }
    if (nodes === undefined && !("error" in list)) nodes = list.value.length;
    const evidence = { managers, nodes: nodes ?? null, from, ...(nodes !== undefined ? { maxManagers: maxManagers(nodes) } : {}) };
    if (managers % 2 === 0) return fail(`${managers} managers: an even number tolerates no more failures than ${managers - 1} would`, evidence);
    if (managers === 1) return pass("1 manager: the minimum, for a swarm that needs no manager fault tolerance", evidence);
    if (nodes === undefined) {
      return error(`could not decide: ${managers} managers, and the swarm's node count is unknown (not in /info and ${"error" in list ? list.error : "no node list"})`, evidence);
    }
    if (managers > nodes) return error(`could not decide: ${managers} managers reported in a swarm of ${nodes} nodes`, evidence);
    const max = maxManagers(nodes);
    if (managers > max) {
      return fail(`${managers} managers in a swarm of ${nodes} node(s): more than it needs (at most ${max}); each extra manager is one more node holding the cluster's keys`, evidence);
    }
    return pass(`${managers} managers in a swarm of ${nodes} nodes, an odd number tolerating ${(managers - 1) / 2} manager failure(s)`, evidence);
  }),
});

/**
 * The most managers a swarm of `nodes` nodes needs: every node of a swarm of up to four may be a manager (1 or 3),
 * a larger swarm needs no more managers than half its nodes (rounded up), and none needs more than seven (Docker's
 * recommended maximum); always an odd number.
 */
export function maxManagers(nodes: number): number {
  const cap = Math.min(7, nodes <= 4 ? nodes : Math.ceil(nodes / 2));
  return Math.max(1, cap % 2 === 0 ? cap - 1 : cap);
}
