import check from "../../../checks/container-runtime/latest-image.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "each container's image is listed for a person to confirm", status: "manual", message: "busybox:1 (aaaaaaaaaaaa)",
    snapshot: snapshot({ containers: [container("web")] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
