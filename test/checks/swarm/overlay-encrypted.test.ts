import check from "../../../checks/swarm/overlay-encrypted.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, INGRESS, managerSwarm, noSwarm, overlay, snapshot, swarmSnapshot, workerSwarm } from "./fixture.js";

const encIngress = overlay("ingress", { encrypted: "" }, true);
const threeNodes = managerSwarm({ Managers: 3, Nodes: 3 });

checkTable(check, [
  { name: "encrypted overlays pass", status: "pass", subjects: { ingress: "pass", backend: "pass" },
    snapshot: swarmSnapshot({ swarm: threeNodes, networks: [encIngress, overlay("backend", { encrypted: "" })] }) },
  { name: "an unencrypted overlay fails, only that network", status: "fail", subjects: { ingress: "pass", backend: "pass", frontend: "fail" },
    snapshot: swarmSnapshot({ swarm: threeNodes, networks: [encIngress, overlay("backend", { encrypted: "" }), overlay("frontend")] }) },
  // The overlay driver encrypts when the option is present, whatever value it was given.
  { name: "encrypted=false still encrypts", status: "pass", snapshot: swarmSnapshot({ networks: [overlay("odd", { encrypted: "false" })] }) },
  // Q27: the default ingress is created unencrypted; on a single node nothing crosses between nodes.
  { name: "the default ingress on a single-node swarm is info, not a failure", status: "info", message: "single-node",
    snapshot: swarmSnapshot({ networks: [INGRESS] }) },
  { name: "the default ingress on a multi-node swarm fails with its own remedy", status: "fail", message: "recreate it with --opt encrypted",
    snapshot: swarmSnapshot({ swarm: threeNodes, networks: [INGRESS] }) },
  { name: "on a worker the swarm has several nodes by definition", status: "fail",
    snapshot: swarmSnapshot({ swarm: workerSwarm(), networks: [INGRESS] }) },
  { name: "a node count missing from /info is not taken for a single node", status: "fail",
    snapshot: swarmSnapshot({ swarm: managerSwarm({ Nodes: undefined }), networks: [INGRESS] }) },
  { name: "bridge networks are not judged", status: "info", subjects: { ingress: "info" }, snapshot: swarmSnapshot() },
  { name: "no overlay network at all passes", status: "pass", snapshot: swarmSnapshot({ networks: [] }) },
  { name: "swarm mode inactive is skipped, even with a leftover overlay", status: "skip", message: "swarm mode is not active",
    snapshot: snapshot({ networks: [overlay("old")] }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
  { name: "networks unreadable is an error", status: "error",
    snapshot: snapshot({ info: { Swarm: managerSwarm() }, engine: { networks: errFact("EOF", "GET /networks") } }) },
]);
