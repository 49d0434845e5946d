import check from "../../../checks/container-runtime/host-uts-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own uts namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { UTSMode: "" } })] }) },
  { name: "UTSMode=host fails, and only that container", status: "fail", subjects: { web: "pass", hosty: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("hosty", { HostConfig: { UTSMode: "host" } })] }) },
  { name: "an explicit empty mode is the private default", status: "pass", message: "own UTS namespace",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { UTSMode: "" } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
