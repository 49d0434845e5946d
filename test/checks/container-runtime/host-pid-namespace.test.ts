import check from "../../../checks/container-runtime/host-pid-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { joinedNamespaceCases } from "./joined-namespace-cases.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own PID namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web")] }) },
  { name: "--pid=host fails, and only that container", status: "fail",
    subjects: { web: "pass", monitor: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] }) },
  ...joinedNamespaceCases("PidMode", "pid", "PID"),
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "stopped containers are left out by default", status: "skip",
    snapshot: snapshot({ containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PidMode: "host" } })] }) },
  { name: "stopped containers are judged with --all", status: "fail", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PidMode: "host" } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("connect EACCES /var/run/docker.sock", "GET /containers/json") }) },
]);
