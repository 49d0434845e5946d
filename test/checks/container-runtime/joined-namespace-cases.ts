// The cases 5.10, 5.16 and 5.17 share: a container joining another's namespace (`--pid=container:X`, `--ipc`,
// `--network`) is judged where the chain of such joins ends. One table of cases, per namespace mode field.
import type { Case } from "../../support/check-tester.js";
import { container, snapshot } from "../../support/fixtures.js";

type ModeField = "PidMode" | "IpcMode" | "NetworkMode";

/** `field`: the HostConfig mode; `flag`: the docker run flag; `what`: the namespace as messages name it. */
export function joinedNamespaceCases(field: ModeField, flag: string, what: string): Case[] {
  const mode = (m: string) => ({ HostConfig: { [field]: m } });
  return [
    { name: "joining another container's own namespace is not the host's", status: "pass", subjects: { sidecar: "pass", abc: "pass" }, message: `joins the ${what} namespace of container abc`,
      snapshot: snapshot({ containers: [container("sidecar", mode("container:abc")), container("abc", { State: { Pid: 4300 } })] }) },
    { name: `joining a container that uses --${flag}=host is the host's namespace too (it passed before: a false PASS)`, status: "fail",
      subjects: { sidecar: "fail", hostns: "fail" }, message: `sidecar: fail: shares the host's ${what} namespace through container hostns (--${flag}=host on hostns)`,
      snapshot: snapshot({ containers: [container("sidecar", mode("container:hostns")), container("hostns", { State: { Pid: 4300 }, ...mode("host") })] }) },
    { name: "a chain is followed to its end, by id prefix too", status: "fail", subjects: { a: "fail", b: "fail", beef: "fail" }, message: "through container b → beef",
      snapshot: snapshot({ containers: [container("a", mode("container:b")), container("b", { State: { Pid: 4300 }, ...mode("container:" + container("beef").Id.slice(0, 12)) }), container("beef", { State: { Pid: 4400 }, ...mode("host") })] }) },
    { name: "joining a container that was not inspected cannot be told: error, never pass", status: "error", message: "joins container gone, which was not among the inspected containers",
      snapshot: snapshot({ containers: [container("sidecar", mode("container:gone"))] }) },
    { name: "a chain that loops is an error", status: "error", message: "loops back",
      snapshot: snapshot({ containers: [container("a", mode("container:b")), container("b", { State: { Pid: 4300 }, ...mode("container:a") })] }) },
  ];
}
