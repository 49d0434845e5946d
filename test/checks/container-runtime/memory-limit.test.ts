import check from "../../../checks/container-runtime/memory-limit.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a memory limit passes", status: "pass", message: "536870912", snapshot: snapshot({ containers: [container("web", { HostConfig: { Memory: 536870912 } })] }) },
  { name: "Memory 0 (unlimited) fails", status: "fail", message: "no memory limit", snapshot: snapshot({ containers: [container("web", { HostConfig: { Memory: 0 } })] }) },
  { name: "a missing Memory field is unlimited, not a pass", status: "fail", snapshot: snapshot({ containers: [container("web", { HostConfig: { Memory: undefined } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
