import check from "../../../checks/container-runtime/host-ipc-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { joinedNamespaceCases } from "./joined-namespace-cases.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own ipc namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { IpcMode: "private" } })] }) },
  { name: "IpcMode=host fails, and only that container", status: "fail", subjects: { web: "pass", hosty: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("hosty", { HostConfig: { IpcMode: "host" } })] }) },
  ...joinedNamespaceCases("IpcMode", "ipc", "IPC"),
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
