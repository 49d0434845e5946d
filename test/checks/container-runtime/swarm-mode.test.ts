import check from "../../../checks/container-runtime/swarm-mode.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "an inactive swarm passes", status: "pass", message: "not enabled", snapshot: snapshot({ info: { Swarm: { LocalNodeState: "inactive" } } }) },
  { name: "an active swarm fails, and is decided even with no container running", status: "fail", message: "confirm this node",
    snapshot: snapshot({ info: { Swarm: { LocalNodeState: "active", ControlAvailable: true } } }) },
  { name: "a locked manager still has swarm mode on", status: "fail", snapshot: snapshot({ info: { Swarm: { LocalNodeState: "locked" } } }) },
  { name: "a node still joining (pending) has swarm mode on", status: "fail", snapshot: snapshot({ info: { Swarm: { LocalNodeState: "pending" } } }) },
  { name: "no swarm state reported is an error, not a pass", status: "error", message: "did not report",
    snapshot: snapshot({ info: { Swarm: undefined } }) },
  { name: "info unreadable is an error", status: "error", message: "permission denied",
    snapshot: snapshot({ engine: { info: errFact("permission denied", "GET /info") } }) },
]);
