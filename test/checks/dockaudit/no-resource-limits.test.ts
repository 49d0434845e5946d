import check from "../../../checks/dockaudit/no-resource-limits.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";
import { NO_MEMORY_CGROUP_INFO, ROOTLESS_V1_INFO } from "../../support/cgroup-info.js";

const limits = (name: string, Memory: number, PidsLimit: number | null) => container(name, { HostConfig: { Memory, PidsLimit } });

checkTable(check, [
  { name: "a memory limit alone is enough", status: "pass", snapshot: snapshot({ containers: [limits("web", 512 * 1024 * 1024, null)] }) },
  { name: "a pids limit alone is enough", status: "pass", snapshot: snapshot({ containers: [limits("web", 0, 200)] }) },
  { name: "neither limit fails", status: "fail", message: "no memory limit and no process limit",
    snapshot: snapshot({ containers: [limits("web", 0, null)] }) },
  { name: "PidsLimit 0 means unlimited", status: "fail", snapshot: snapshot({ containers: [limits("web", 0, 0)] }) },
  { name: "the daemon's default-pids-limit applies to containers without their own", status: "pass", message: "default-pids-limit",
    snapshot: snapshot({ settings: { "default-pids-limit": 500 }, containers: [limits("web", 0, null)] }) },
  { name: "--pids-limit -1 opts out of the daemon default", status: "fail", message: "--pids-limit -1",
    snapshot: snapshot({ settings: { "default-pids-limit": 500 }, containers: [limits("web", 0, -1)] }) },
  { name: "an unreadable daemon configuration cannot rule out a default: error", status: "error",
    snapshot: snapshot({ containers: [limits("web", 0, null)], daemon: { effective: errFact("EACCES /etc/docker/daemon.json", "/etc/docker/daemon.json") } }) },
  { name: "Podman: no daemon default exists beside the container's own (its pids_limit shows in inspect): neither limit fails, not error", status: "fail",
    message: "on Podman a default pids_limit shows in the container's own inspect data",
    snapshot: snapshot({ version: { Version: "4.3.1", Components: [{ Name: "Podman Engine", Version: "4.3.1" }] }, containers: [limits("web", 0, 0)],
      daemon: { effective: errFact("Podman Engine 4.3.1 serves unix:///run/podman/podman.sock: it has no dockerd process, dockerd flags or daemon.json", "GET /version") } }) },
  { name: "Podman: a pids limit in inspect passes", status: "pass", snapshot: snapshot({ version: { Version: "4.3.1", Components: [{ Name: "Podman Engine", Version: "4.3.1" }] }, containers: [limits("web", 0, 2048)] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
  { name: "limits a rootless daemon on cgroup v1 cannot apply fail, naming /info", status: "fail",
    message: /has memory 67108864 bytes, 50 processes, but nothing enforces them: the daemon runs without cgroups \(GET \/info CgroupDriver "none": rootless on cgroup v1\)$/,
    snapshot: snapshot({ info: ROOTLESS_V1_INFO, containers: [limits("web", 67108864, 50)] }) },
  { name: "a process limit applied passes when the memory cgroup is missing, which the message names", status: "pass", message: "(not enforced: memory 67108864 bytes, the daemon cannot apply it (GET /info MemoryLimit false))",
    snapshot: snapshot({ info: NO_MEMORY_CGROUP_INFO, containers: [limits("web", 67108864, 50)] }) },
  { name: "the daemon's default-pids-limit without cgroups fails", status: "fail", message: "has the daemon's default-pids-limit of 500 processes, but nothing enforces it",
    snapshot: snapshot({ info: ROOTLESS_V1_INFO, settings: { "default-pids-limit": 500 }, containers: [limits("web", 0, null)] }) },
  { name: "limits with /info unreadable are an error", status: "error", message: "whether the daemon enforces them is unknown",
    snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") }, containers: [limits("web", 67108864, 50)] }) },
]);
