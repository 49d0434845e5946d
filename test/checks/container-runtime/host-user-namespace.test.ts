import check from "../../../checks/container-runtime/host-user-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own user namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { UsernsMode: "" } })] }) },
  { name: "UsernsMode=host fails, and only that container", status: "fail", subjects: { web: "pass", hosty: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("hosty", { HostConfig: { UsernsMode: "host" } })] }) },
  { name: "a daemon that remaps users does not excuse --userns=host", status: "fail",
    snapshot: snapshot({ settings: { "userns-remap": "default" }, containers: [container("hosty", { HostConfig: { UsernsMode: "host" } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
