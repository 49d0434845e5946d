import check from "../../../checks/container-runtime/memory-limit.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";
import { NO_MEMORY_CGROUP_INFO, ROOTLESS_V1_INFO } from "../../support/cgroup-info.js";

checkTable(check, [
  { name: "a memory limit passes", status: "pass", message: "536870912", snapshot: snapshot({ containers: [container("web", { HostConfig: { Memory: 536870912 } })] }) },
  { name: "Memory 0 (unlimited) fails", status: "fail", message: "no memory limit", snapshot: snapshot({ containers: [container("web", { HostConfig: { Memory: 0 } })] }) },
  { name: "a missing Memory field is unlimited, not a pass", status: "fail", snapshot: snapshot({ containers: [container("web", { HostConfig: { Memory: undefined } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
  { name: "a memory limit a rootless daemon on cgroup v1 cannot apply fails, naming /info", status: "fail", message: /has a memory limit of 67108864 bytes, but nothing enforces it: the daemon runs without cgroups \(GET \/info CgroupDriver "none": rootless on cgroup v1\)$/,
    snapshot: snapshot({ info: ROOTLESS_V1_INFO, containers: [container("web", { HostConfig: { Memory: 67108864 } })] }) },
  { name: "a memory limit where /info reports MemoryLimit false fails", status: "fail", message: "GET /info MemoryLimit false",
    snapshot: snapshot({ info: NO_MEMORY_CGROUP_INFO, containers: [container("web", { HostConfig: { Memory: 67108864 } })] }) },
  { name: "a memory limit where /info reports MemoryLimit true passes", status: "pass", message: "67108864",
    snapshot: snapshot({ info: { MemoryLimit: true }, containers: [container("web", { HostConfig: { Memory: 67108864 } })] }) },
  { name: "a memory limit with /info unreadable is an error", status: "error", message: "whether the daemon enforces it is unknown (GET /info could not be read: EOF)",
    snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") }, containers: [container("web", { HostConfig: { Memory: 67108864 } })] }) },
  { name: "no memory limit fails whatever /info says", status: "fail", message: "has no memory limit",
    snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") }, containers: [container("web", { HostConfig: { Memory: 0 } })] }) },
]);
