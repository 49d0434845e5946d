import check from "../../../checks/container-runtime/cpu-priority.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const c = (HostConfig: Record<string, unknown>) => snapshot({ containers: [container("web", { HostConfig })] });

checkTable(check, [
  { name: "CPU shares set pass", status: "pass", message: "CPU shares 512", snapshot: c({ CpuShares: 512 }) },
  { name: "a --cpus limit (NanoCpus, as Compose's deploy limits set) passes", status: "pass", message: "1.5 CPUs", snapshot: c({ NanoCpus: 1.5e9 }) },
  { name: "a CPU quota passes", status: "pass", snapshot: c({ CpuQuota: 50000, CpuPeriod: 100000 }) },
  { name: "a CPU set passes", status: "pass", message: "CPU set 0-1", snapshot: c({ CpusetCpus: "0-1" }) },
  { name: "nothing set fails", status: "fail", snapshot: c({}) },
  { name: "CPU shares of 1024 (the default weight) alone fails", status: "fail", snapshot: c({ CpuShares: 1024 }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
