import check from "../../../checks/swarm/bound-interface.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, managerSwarm, nodeState, noSwarm, swarmFacts, swarmSnapshot, workerSwarm } from "./fixture.js";

const listening = (ListenAddr: string) => swarmSnapshot({ facts: swarmFacts({ nodeState: nodeState({ ListenAddr }) }) });

checkTable(check, [
  { name: "a specific listen address passes", status: "pass", message: "10.0.0.5:2377 only", snapshot: listening("10.0.0.5:2377") },
  { name: "the default 0.0.0.0:2377 fails", status: "fail", message: "every interface", snapshot: listening("0.0.0.0:2377") },
  { name: "[::]:2377 fails too", status: "fail", snapshot: listening("[::]:2377") },
  { name: "a specific IPv6 address passes", status: "pass", snapshot: listening("[fd00::5]:2377") },
  // The advertise address being specific does not narrow the listen address.
  { name: "a specific advertise address with the default listen address fails", status: "fail",
    snapshot: swarmSnapshot({ facts: swarmFacts({ nodeState: nodeState({ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: "10.0.0.5:2377" }) }) }) },
  { name: "workers are judged too: they listen for gossip on the same address", status: "fail",
    snapshot: swarmSnapshot({ swarm: workerSwarm(), facts: swarmFacts({ controlAvailable: false, nodeState: nodeState() }) }) },
  { name: "the saved swarm state not collected is an error, not a pass", status: "error", message: "not in the Engine API",
    snapshot: swarmSnapshot({ facts: swarmFacts({ nodeState: undefined }) }) },
  { name: "the saved swarm state unreadable is an error", status: "error", message: "EACCES",
    snapshot: swarmSnapshot({ facts: swarmFacts({ nodeState: errFact("EACCES", "/var/lib/docker/swarm/docker-state.json") }) }) },
  { name: "engine.swarm unreadable is an error", status: "error",
    snapshot: swarmSnapshot({ swarm: managerSwarm(), facts: errFact("the swarm state is unknown", "GET /info Swarm") }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
