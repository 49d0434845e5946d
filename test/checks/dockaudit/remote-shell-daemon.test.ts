import { expect } from "chai";
import check from "../../../checks/dockaudit/remote-shell-daemon.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";
import type { ContainerInspect, ContainerProcess, Fact } from "../../../src/snapshot/types.js";

const web = container("web");
const procs = (c: ContainerInspect, list: ContainerProcess[] | Fact<ContainerProcess[]>) =>
  okFact({ [c.Id]: Array.isArray(list) ? okFact(list, `GET /containers/${c.Id.slice(0, 12)}/top`) : list }, "GET /containers/{id}/top");
const running = (list: ContainerProcess[]) => snapshot({ containers: [web], engine: { processes: procs(web, list) } });

checkTable(check, [
  { name: "an application without a login daemon passes", status: "pass",
    snapshot: running([{ pid: "10", user: "app", command: "nginx" }, { pid: "11", user: "app", command: "nginx" }]) },
  { name: "sshd fails, naming it and its pid", status: "fail", message: "sshd",
    snapshot: running([{ pid: "10", user: "root", command: "sshd" }, { pid: "12", user: "root", command: "bash" }]),
    check: (f) => expect(f[0]!.evidence?.["remoteShell"]).to.deep.equal([{ command: "sshd", pid: "10" }]) },
  { name: "in.telnetd and dropbear fail", status: "fail", message: "in.telnetd, dropbear",
    snapshot: running([{ pid: "1", command: "in.telnetd" }, { pid: "2", command: "dropbear" }]) },
  { name: "sshd's retitled session processes count", status: "fail", snapshot: running([{ pid: "7", command: "sshd: root@pts/0" }]) },
  { name: "a name that merely contains sshd does not", status: "pass", snapshot: running([{ pid: "7", command: "sshd_exporter" }]) },
  { name: "a stopped container has no processes: skipped", status: "skip", containers: { all: true },
    snapshot: snapshot({ containers: [container("old", { State: { Running: false, Status: "exited" } })], engine: { processes: okFact({}, "top") } }) },
  { name: "processes missing for a running container is an error", status: "error", message: "not collected",
    snapshot: snapshot({ containers: [web], engine: { processes: okFact({}, "top") } }) },
  { name: "processes unreadable for a container is an error", status: "error", message: "ps failed",
    snapshot: snapshot({ containers: [web], engine: { processes: procs(web, errFact("ps failed", "top")) } }) },
  { name: "the process slice unreadable is an error", status: "error",
    snapshot: snapshot({ containers: [web], engine: { processes: errFact("containers could not be listed", "top") } }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot({ engine: { processes: okFact({}, "top") } }) },
]);
