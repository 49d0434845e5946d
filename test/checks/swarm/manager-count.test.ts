import check from "../../../checks/swarm/manager-count.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, managerSwarm, noSwarm, okFact, snapshot, swarmFacts, swarmSnapshot, workerSwarm } from "./fixture.js";

checkTable(check, [
  { name: "one manager (a single-node swarm) passes", status: "pass", message: "1 manager: the minimum", snapshot: swarmSnapshot() },
  { name: "three managers pass", status: "pass", snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 3, Nodes: 10 }) }) },
  { name: "two managers fail: no more fault tolerance than one", status: "fail", message: "even number",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 2, Nodes: 5 }) }) },
  { name: "nine managers fail even in a large swarm: at most seven", status: "fail", message: "at most 7",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 9, Nodes: 40 }) }) },
  { name: "three managers in a three-node swarm pass (every node a manager)", status: "pass", message: "swarm of 3 nodes",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 3, Nodes: 3 }) }) },
  { name: "five managers in a six-node swarm fail: three are enough", status: "fail", message: "at most 3",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 5, Nodes: 6 }) }) },
  { name: "seven managers in a nine-node swarm fail: five are enough", status: "fail", message: "at most 5",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 7, Nodes: 9 }) }) },
  { name: "five managers in a ten-node swarm pass", status: "pass", snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 5, Nodes: 10 }) }) },
  { name: "seven managers in a twenty-node swarm pass", status: "pass", snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 7, Nodes: 20 }) }) },
  { name: "three managers with the node count unknown is an error", status: "error", message: "node count is unknown",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 3, Nodes: undefined }), facts: swarmFacts({ nodes: errFact("timeout", "GET /nodes") }) }) },
  { name: "the node count comes from the node list when /info lacks it", status: "fail", message: "swarm of 5 node(s)",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Managers: 5, Nodes: undefined }), facts: swarmFacts({ nodes: okFact(
      [1, 2, 3, 4, 5].map((i) => ({ ID: `n${i}`, Role: "manager" })), "GET /nodes") }) }) },
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
