import check from "../../../checks/container-runtime/cgroup-parent.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "the default cgroup parent passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "a custom cgroup parent fails until confirmed", status: "fail", message: "confirm", subjects: { web: "pass", job: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("job", { HostConfig: { CgroupParent: "/batch.slice" } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
