import check from "../../../checks/container-runtime/host-ipc-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own ipc namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { IpcMode: "private" } })] }) },
  { name: "IpcMode=host fails, and only that container", status: "fail", subjects: { web: "pass", hosty: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("hosty", { HostConfig: { IpcMode: "host" } })] }) },
  { name: "joining another container's namespace is not the host's", status: "pass",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { IpcMode: "container:abc" } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
