import check from "../../../checks/container-runtime/no-sshd.js";
import type { ContainerProcess, Fact } from "../../../src/snapshot/types.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";

const web = container("web");
const box = container("box");
const procs = (byId: Record<string, Fact<ContainerProcess[]>>) => ({ processes: okFact(byId, "GET /containers/{id}/top") });
const top = (...commands: string[]) => okFact(commands.map((command, i) => ({ pid: String(100 + i), user: "root", command })), "GET /containers/x/top");

checkTable(check, [
  { name: "a container running only its application passes", status: "pass",
    snapshot: snapshot({ containers: [web], engine: procs({ [web.Id]: top("nginx", "nginx") }) }) },
  { name: "a container running sshd fails, and only that one", status: "fail", message: "sshd", subjects: { web: "pass", box: "fail" },
    snapshot: snapshot({ containers: [web, box], engine: procs({ [web.Id]: top("nginx"), [box.Id]: top("supervisord", "sshd") }) }) },
  { name: "an sshd child process title (sshd: user@pts/0) counts", status: "fail",
    snapshot: snapshot({ containers: [box], engine: procs({ [box.Id]: top("sshd:") }) }) },
  { name: "a full executable path is reduced to its name", status: "fail",
    snapshot: snapshot({ containers: [box], engine: procs({ [box.Id]: top("/usr/sbin/sshd") }) }) },
  { name: "a process merely named like sshd (sshdumper) passes", status: "pass",
    snapshot: snapshot({ containers: [box], engine: procs({ [box.Id]: top("sshdumper") }) }) },
  { name: "a process list that could not be read is an error for that container only", status: "error", subjects: { web: "pass", box: "error" },
    message: "container is paused",
    snapshot: snapshot({ containers: [web, box], engine: procs({ [web.Id]: top("nginx"), [box.Id]: errFact("container is paused", "GET /containers/box/top") }) }) },
  { name: "a container missing from the process lists is an error, never a pass", status: "error", message: "not collected",
    snapshot: snapshot({ containers: [web], engine: procs({}) }) },
  { name: "a stopped container has no processes and is skipped", status: "skip", containers: { all: true },
    snapshot: snapshot({ allContainers: true, containers: [container("old", { State: { Status: "exited", Running: false } })], engine: procs({}) }) },
  { name: "process lists not collected at all is an error", status: "error", message: "engine.processes",
    snapshot: snapshot({ containers: [web] }) },
]);
