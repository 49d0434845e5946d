import check from "../../../checks/swarm/manager-count.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, managerSwarm, noSwarm, okFact, snapshot, swarmFacts, swarmSnapshot, workerSwarm } from "./fixture.js";

checkTable(check, [
  { name: "one manager (a single-node swarm) passes", status: "pass", message: "1 manager(s)", snapshot: swarmSnapshot() },
  { name: "three managers pass", status: "pass", snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 3, Nodes: 10 }) }) },
  { name: "two managers fail: no more fault tolerance than one", status: "fail", message: "even number",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 2, Nodes: 5 }) }) },
  { name: "nine managers fail: more than seven", status: "fail", message: "more than seven",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 9, Nodes: 20 }) }) },
  { name: "the count comes from the node list when /info lacks it", status: "fail", message: "4 managers",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: undefined }), facts: swarmFacts({ nodes: okFact(
      [1, 2, 3, 4].map((i) => ({ ID: `n${i}`, Role: "manager" })).concat([{ ID: "w", Role: "worker" }]), "GET /nodes") }) }) },
  { name: "no count in /info and the node list unreadable is an error", status: "error",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: undefined }), facts: swarmFacts({ nodes: errFact("timeout", "GET /nodes") }) }) },
  // Q27: docker-bench-security counts Leader lines (always 1) and warns on every worker.
  { name: "on a worker the check is skipped, not warned", status: "skip", message: "run dockaudit on a manager",
    snapshot: swarmSnapshot({ swarm: workerSwarm() }) },
  { name: "swarm mode inactive is skipped", status: "skip", message: "swarm mode is not active", snapshot: noSwarm() },
  { name: "a locked manager cannot be read: error", status: "error", message: "locked",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ LocalNodeState: "locked", Cluster: undefined }) }) },
  { name: "a swarm in error state is an error", status: "error", message: '"error"',
    snapshot: swarmSnapshot({ swarm: { LocalNodeState: "error", ControlAvailable: false } as ReturnType<typeof managerSwarm> }) },
  { name: "info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") } }) },
]);
