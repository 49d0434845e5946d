import check from "../../../checks/container-runtime/ulimit-override.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "no override (the daemon's defaults apply) passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "an empty ulimit list passes", status: "pass", snapshot: snapshot({ containers: [container("web", { HostConfig: { Ulimits: [] } })] }) },
  { name: "overrides are listed for a person to confirm", status: "manual", message: "nofile=65536:65536",
    snapshot: snapshot({ containers: [container("db", { HostConfig: { Ulimits: [{ Name: "nofile", Soft: 65536, Hard: 65536 }] } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
