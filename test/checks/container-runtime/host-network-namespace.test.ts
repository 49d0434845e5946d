import check from "../../../checks/container-runtime/host-network-namespace.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "a container with its own network namespace passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { HostConfig: { NetworkMode: "bridge" } })] }) },
  { name: "NetworkMode=host fails, and only that container", status: "fail", subjects: { web: "pass", hosty: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("hosty", { HostConfig: { NetworkMode: "host" } })] }) },
  { name: "joining another container's own namespace is not the host's", status: "pass", subjects: { sidecar: "pass", abc: "pass" }, message: "joins the network namespace of container abc",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { NetworkMode: "container:abc" } }), container("abc", { State: { Pid: 4300 } })] }) },
  { name: "joining a container that uses --network=host is the host's namespace too (it passed before: a false PASS)", status: "fail",
    subjects: { sidecar: "fail", hostns: "fail" }, message: "sidecar: fail: shares the host's network namespace through container hostns (--network=host on hostns)",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { NetworkMode: "container:hostns" } }), container("hostns", { State: { Pid: 4300 }, HostConfig: { NetworkMode: "host" } })] }) },
  { name: "a chain is followed to its end, by id prefix too", status: "fail", subjects: { a: "fail", b: "fail", beef: "fail" }, message: "through container b → beef",
    snapshot: snapshot({ containers: [container("a", { HostConfig: { NetworkMode: "container:b" } }), container("b", { State: { Pid: 4300 }, HostConfig: { NetworkMode: "container:" + container("beef").Id.slice(0, 12) } }), container("beef", { State: { Pid: 4400 }, HostConfig: { NetworkMode: "host" } })] }) },
  { name: "joining a container that was not inspected cannot be told: error, never pass", status: "error", message: "joins container gone, which was not among the inspected containers",
    snapshot: snapshot({ containers: [container("sidecar", { HostConfig: { NetworkMode: "container:gone" } })] }) },
  { name: "a chain that loops is an error", status: "error", message: "loops back",
    snapshot: snapshot({ containers: [container("a", { HostConfig: { NetworkMode: "container:b" } }), container("b", { State: { Pid: 4300 }, HostConfig: { NetworkMode: "container:a" } })] }) },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
