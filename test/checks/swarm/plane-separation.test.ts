import check from "../../../checks/swarm/plane-separation.js";
import { checkTable } from "../../support/check-tester.js";
import { nodeState, noSwarm, swarmFacts, swarmSnapshot } from "./fixture.js";

checkTable(check, [
  { name: "a separate data path address is shown for confirmation", status: "manual", message: "separates container traffic (192.168.50.5)",
    snapshot: swarmSnapshot({ facts: swarmFacts({ nodeState: nodeState({ DataPathAddr: "192.168.50.5" }) }) }) },
  { name: "no data path address: shared with management", status: "manual", message: "over its management address", snapshot: swarmSnapshot() },
  { name: "unknown addresses still ask for a review", status: "manual", message: "addresses are unknown",
    snapshot: swarmSnapshot({ facts: swarmFacts({ nodeState: undefined }) }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
