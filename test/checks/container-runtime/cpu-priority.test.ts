import check from "../../../checks/container-runtime/cpu-priority.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";
import { NO_MEMORY_CGROUP_INFO, ROOTLESS_V1_INFO } from "../../support/cgroup-info.js";

const c = (HostConfig: Record<string, unknown>) => snapshot({ containers: [container("web", { HostConfig })] });

checkTable(check, [
  { name: "CPU shares set pass", status: "pass", message: "CPU shares 512", snapshot: c({ CpuShares: 512 }) },
  { name: "a --cpus limit (NanoCpus, as Compose's deploy limits set) passes", status: "pass", message: "1.5 CPUs", snapshot: c({ NanoCpus: 1.5e9 }) },
  { name: "a CPU quota passes", status: "pass", snapshot: c({ CpuQuota: 50000, CpuPeriod: 100000 }) },
  { name: "a CPU set that leaves out some of the host's CPUs passes", status: "pass", message: "CPU set 0-1 (of the host's 4 CPUs)", snapshot: c({ CpusetCpus: "0-1" }) },
  { name: "a CPU set covering every CPU of the host restricts nothing: fail", status: "fail", message: "covers all 4 CPUs",
    snapshot: c({ CpusetCpus: "0-3" }) },
  { name: "a CPU set covering every CPU, written as a list, fails", status: "fail", message: "covers all 4 CPUs", snapshot: c({ CpusetCpus: "0,1,2-3" }) },
  { name: "a full CPU set with a CPU limit passes on the limit", status: "pass", message: "a limit of 2 CPUs", snapshot: c({ CpusetCpus: "0-3", NanoCpus: 2e9 }) },
  { name: "a CPU set alone with the host's CPU count unknown is an error", status: "error", message: "CPU count is unknown",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { CpusetCpus: "0-1" } })], engine: { info: errFact("EOF", "GET /info") } }) },
  { name: "a CPU set that is not a CPU list is an error", status: "error", message: "not a CPU list", snapshot: c({ CpusetCpus: "0-x" }) },
  { name: "nothing set fails", status: "fail", snapshot: c({}) },
  { name: "CPU shares of 1024 (the default weight) alone fails", status: "fail", snapshot: c({ CpuShares: 1024 }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
  { name: "CPU shares and a CPU limit a rootless daemon on cgroup v1 cannot apply fail, naming /info", status: "fail",
    message: /has CPU shares 512, a limit of 0.5 CPUs, but nothing enforces them: the daemon runs without cgroups \(GET \/info CgroupDriver "none": rootless on cgroup v1\)$/,
    snapshot: snapshot({ info: { NCPU: 4, ...ROOTLESS_V1_INFO }, containers: [container("web", { HostConfig: { CpuShares: 512, NanoCpus: 5e8 } })] }) },
  { name: "a CPU set a rootless daemon on cgroup v1 cannot apply fails", status: "fail", message: "has CPU set 0-1, but nothing enforces it",
    snapshot: snapshot({ info: { NCPU: 4, ...ROOTLESS_V1_INFO }, containers: [container("web", { HostConfig: { CpusetCpus: "0-1" } })] }) },
  { name: "CPU shares applied pass though the CPU limit is not, which the message names", status: "pass",
    message: "has CPU shares 512, a limit of 0.5 CPUs (not enforced: a limit of 0.5 CPUs, the daemon cannot apply it (GET /info CpuCfsQuota false))",
    snapshot: snapshot({ info: { CPUShares: true, CpuCfsQuota: false }, containers: [container("web", { HostConfig: { CpuShares: 512, NanoCpus: 5e8 } })] }) },
  { name: "CPU shares pass where only the memory cgroup is missing", status: "pass", message: "has CPU shares 512",
    snapshot: snapshot({ info: NO_MEMORY_CGROUP_INFO, containers: [container("web", { HostConfig: { CpuShares: 512 } })] }) },
  { name: "CPU shares with /info unreadable is an error", status: "error", message: "whether the daemon enforces it is unknown",
    snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") }, containers: [container("web", { HostConfig: { CpuShares: 512 } })] }) },
]);
