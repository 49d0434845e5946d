import check from "../../../checks/daemon/live-restore.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "live restore enabled passes", status: "pass", snapshot: snapshot({ info: { LiveRestoreEnabled: true }, settings: { "live-restore": true } }) },
  { name: "live restore off fails", status: "fail", message: "stops every container", snapshot: snapshot() },
  { name: "an active swarm does not make it pass (docker-bench does, Q9), and the message says why it cannot be met", status: "fail",
    message: "swarm mode", snapshot: snapshot({ info: { Swarm: { LocalNodeState: "active", ControlAvailable: true } } }) },
  { name: "configured but not applied by the daemon fails", status: "fail",
    snapshot: snapshot({ settings: { "live-restore": true } }) },
  { name: "LiveRestoreEnabled not reported is an error", status: "error", snapshot: snapshot({ info: { LiveRestoreEnabled: undefined } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
