import check from "../../../checks/swarm/autolock-key-rotated.js";
import { checkTable } from "../../support/check-tester.js";
import { managerSwarm, noSwarm, swarmSnapshot, workerSwarm } from "./fixture.js";

checkTable(check, [
  { name: "with auto-lock on, rotation is for a person to confirm", status: "manual", message: "--rotate",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ autolock: true }) }) },
  { name: "a locked manager has a key to rotate", status: "manual", snapshot: swarmSnapshot({ swarm: managerSwarm({ LocalNodeState: "locked", Cluster: undefined }) }) },
  { name: "with auto-lock off there is no key to rotate", status: "skip", message: "no unlock key", snapshot: swarmSnapshot() },
  { name: "on a worker the check is skipped", status: "skip", snapshot: swarmSnapshot({ swarm: workerSwarm() }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
