import check from "../../../checks/container-runtime/pids-limit.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";
import { NO_MEMORY_CGROUP_INFO, ROOTLESS_V1_INFO } from "../../support/cgroup-info.js";

const limit = (PidsLimit: number | null) => snapshot({ containers: [container("web", { HostConfig: { PidsLimit } })] });

checkTable(check, [
  { name: "a positive limit passes", status: "pass", message: "100", snapshot: limit(100) },
  { name: "an unset limit (null) fails", status: "fail", message: "unset", snapshot: limit(null) },
  { name: "0 means unlimited and fails", status: "fail", snapshot: limit(0) },
  { name: "-1 means unlimited and fails", status: "fail", snapshot: limit(-1) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
  { name: "a PIDs limit a rootless daemon on cgroup v1 cannot apply fails, naming /info", status: "fail", message: /has a PIDs limit of 100, but nothing enforces it: the daemon runs without cgroups \(GET \/info CgroupDriver "none": rootless on cgroup v1\)$/,
    snapshot: snapshot({ info: ROOTLESS_V1_INFO, containers: [container("web", { HostConfig: { PidsLimit: 100 } })] }) },
  { name: "a PIDs limit where only the memory cgroup is missing passes", status: "pass", message: "has a PIDs limit of 100",
    snapshot: snapshot({ info: NO_MEMORY_CGROUP_INFO, containers: [container("web", { HostConfig: { PidsLimit: 100 } })] }) },
  { name: "a PIDs limit where /info reports PidsLimit false fails", status: "fail", message: "GET /info PidsLimit false",
    snapshot: snapshot({ info: { PidsLimit: false }, containers: [container("web", { HostConfig: { PidsLimit: 100 } })] }) },
  { name: "a PIDs limit with /info unreadable is an error", status: "error", message: "unknown (GET /info could not be read",
    snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") }, containers: [container("web", { HostConfig: { PidsLimit: 100 } })] }) },
]);
