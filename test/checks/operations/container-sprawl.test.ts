import { expect } from "chai";
import check from "../../../checks/operations/container-sprawl.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "reports total, running, paused and stopped", status: "info", message: "12 container(s): 9 running, 1 paused, 2 stopped",
    snapshot: snapshot({ info: { Containers: 12, ContainersRunning: 9, ContainersPaused: 1, ContainersStopped: 2 } }),
    check: (f) => expect(f[0]!.evidence).to.deep.equal({ containers: 12, running: 9, paused: 1, stopped: 2 }) },
  { name: "notes when stopped containers outnumber running ones", status: "info", message: "outnumber",
    snapshot: snapshot({ info: { Containers: 40, ContainersRunning: 3, ContainersPaused: 0, ContainersStopped: 37 } }) },
  { name: "is never scored", status: "info", snapshot: snapshot(), check: () => expect(check.scored ?? check.automated).to.equal(false) },
  { name: "info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") } }) },
]);
