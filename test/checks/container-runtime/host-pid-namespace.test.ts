import check from "../../../checks/container-runtime/host-pid-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own PID namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web")] }) },
  { name: "--pid=host fails, and only that container", status: "fail",
    subjects: { web: "pass", monitor: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] }) },
  { name: "joining another container's own namespace is not the host's", status: "pass", subjects: { sidecar: "pass", abc: "pass" }, message: "joins the PID namespace of container abc",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { PidMode: "container:abc" } }), container("abc", { State: { Pid: 4300 } })] }) },
  { name: "joining a container that uses --pid=host is the host's namespace too (it passed before: a false PASS)", status: "fail",
    subjects: { sidecar: "fail", hostns: "fail" }, message: "sidecar: fail: shares the host's PID namespace through container hostns (--pid=host on hostns)",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { PidMode: "container:hostns" } }), container("hostns", { State: { Pid: 4300 }, HostConfig: { PidMode: "host" } })] }) },
  { name: "a chain is followed to its end, by id prefix too", status: "fail", subjects: { a: "fail", b: "fail", beef: "fail" }, message: "through container b → beef",
    snapshot: snapshot({ containers: [container("a", { HostConfig: { PidMode: "container:b" } }), container("b", { State: { Pid: 4300 }, HostConfig: { PidMode: "container:" + container("beef").Id.slice(0, 12) } }), container("beef", { State: { Pid: 4400 }, HostConfig: { PidMode: "host" } })] }) },
  { name: "joining a container that was not inspected cannot be told: error, never pass", status: "error", message: "joins container gone, which was not among the inspected containers",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { PidMode: "container:gone" } })] }) },
  { name: "a chain that loops is an error", status: "error", message: "loops back",
    snapshot: snapshot({ containers: [container("a", { HostConfig: { PidMode: "container:b" } }), container("b", { State: { Pid: 4300 }, HostConfig: { PidMode: "container:a" } })] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "stopped containers are left out by default", status: "skip",
    snapshot: snapshot({ containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PidMode: "host" } })] }) },
  { name: "stopped containers are judged with --all", status: "fail", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false }, HostConfig: { PidMode: "host" } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("connect EACCES /var/run/docker.sock", "GET /containers/json") }) },
]);
