import check from "../../../checks/swarm/secrets-used.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, noSwarm, okFact, swarmFacts, swarmSnapshot, workerSwarm } from "./fixture.js";

checkTable(check, [
  { name: "secrets in use are reported with their count", status: "info", message: "holds 3 secret(s)",
    snapshot: swarmSnapshot({ facts: swarmFacts({ secrets: okFact(3, "GET /secrets") }) }) },
  { name: "no secrets is reported, pointing at environment secrets", status: "info", message: "da-env-secrets", snapshot: swarmSnapshot() },
  { name: "secrets unreadable is an error", status: "error", message: "permission denied",
    snapshot: swarmSnapshot({ facts: swarmFacts({ secrets: errFact("permission denied", "GET /secrets") }) }) },
  { name: "on a worker the check is skipped", status: "skip", snapshot: swarmSnapshot({ swarm: workerSwarm() }) },
  { name: "swarm mode inactive is skipped", status: "skip", snapshot: noSwarm() },
]);
