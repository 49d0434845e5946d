import check from "../../../checks/container-runtime/privileged.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "an unprivileged container passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "--privileged fails, and only that container", status: "fail", subjects: { web: "pass", priv: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("priv", { HostConfig: { Privileged: true } })] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
