import check from "../../../checks/dockaudit/daemon-seccomp-profile.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { seccompDefaultWitnessCases } from "../../support/kernel.js";

const secopts = (...SecurityOptions: string[]) => snapshot({ info: { SecurityOptions } });
const noKernelSeccomp = okFact({ procStatus: false, kernelConfig: "n" as const, actionsAvail: null }, "/proc/self/status");

checkTable(check, [
  ...seccompDefaultWitnessCases(),
  { name: "the built-in profile (23.0+) passes", status: "pass", snapshot: secopts("name=apparmor", "name=seccomp,profile=builtin") },
  { name: "the default profile (20.10) passes", status: "pass", snapshot: secopts("name=seccomp,profile=default") },
  { name: "a custom profile passes, named", status: "pass", message: "/etc/docker/seccomp.json",
    snapshot: snapshot({ info: { SecurityOptions: ["name=seccomp,profile=/etc/docker/seccomp.json"] }, settings: { "seccomp-profile": "/etc/docker/seccomp.json" } }) },
  { name: "unconfined fails", status: "fail", message: "profile=unconfined", snapshot: secopts("name=seccomp,profile=unconfined") },
  { name: "no seccomp while the kernel supports it fails", status: "fail", message: "kernel supports seccomp", snapshot: secopts("name=apparmor") },
  { name: "no seccomp on a kernel without it is not applicable", status: "skip",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor"] }, host: { seccomp: noKernelSeccomp } }) },
  { name: "no seccomp and kernel support unreadable is an error", status: "error",
    snapshot: snapshot({ info: { SecurityOptions: [] }, host: { seccomp: errFact("EACCES", "/proc/self/status") } }) },
  { name: "no seccomp and kernel support unknown is an error", status: "error",
    snapshot: snapshot({ info: { SecurityOptions: [] }, host: { seccomp: okFact({ procStatus: null, kernelConfig: null, actionsAvail: null }, "/proc") } }) },
  { name: "info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") } }) },
]);
