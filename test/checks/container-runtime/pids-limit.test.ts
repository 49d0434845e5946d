import check from "../../../checks/container-runtime/pids-limit.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const limit = (PidsLimit: number | null) => snapshot({ containers: [container("web", { HostConfig: { PidsLimit } })] });

checkTable(check, [
  { name: "a positive limit passes", status: "pass", message: "100", snapshot: limit(100) },
  { name: "an unset limit (null) fails", status: "fail", message: "unset", snapshot: limit(null) },
  { name: "0 means unlimited and fails", status: "fail", snapshot: limit(0) },
  { name: "-1 means unlimited and fails", status: "fail", snapshot: limit(-1) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
