import check from "../../../checks/swarm/autolock.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, managerSwarm, noSwarm, okFact, swarmFacts, swarmSnapshot, workerSwarm } from "./fixture.js";

checkTable(check, [
  { name: "auto-lock on passes", status: "pass",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ autolock: true }), facts: swarmFacts({ unlockKeySet: okFact(true, "GET /swarm/unlockkey") }) }) },
  { name: "auto-lock off (the default) fails", status: "fail", message: "auto-lock is off", snapshot: swarmSnapshot() },
  { name: "the unlock key decides when the cluster spec lacks the setting", status: "pass",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Cluster: {} }), facts: swarmFacts({ unlockKeySet: okFact(true, "k") }) }) },
  { name: "neither the spec nor the unlock key readable is an error", status: "error",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Cluster: {} }), facts: swarmFacts({ unlockKeySet: errFact("EOF", "k") }) }) },
  { name: "a locked manager proves auto-lock is on", status: "pass",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ LocalNodeState: "locked", Cluster: undefined }) }) },
  // Q27: docker-bench-security warns on workers, which cannot read the setting.
  { name: "on a worker the check is skipped, not warned", status: "skip", message: "worker", snapshot: swarmSnapshot({ swarm: workerSwarm() }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
