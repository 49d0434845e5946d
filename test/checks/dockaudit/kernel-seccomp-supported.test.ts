import check from "../../../checks/dockaudit/kernel-seccomp-supported.js";
import type { SeccompSupport } from "../../../src/snapshot/types.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";

const seccomp = (s: SeccompSupport) => snapshot({ host: { seccomp: okFact(s, "/proc/self/status") } });

checkTable(check, [
  { name: "a Seccomp line in /proc/self/status passes", status: "pass", snapshot: snapshot() },
  { name: "filter actions in actions_avail pass", status: "pass", message: "errno",
    snapshot: seccomp({ procStatus: null, kernelConfig: null, actionsAvail: ["kill", "trap", "errno", "trace", "allow"] }) },
  { name: "CONFIG_SECCOMP not set fails", status: "fail", message: "CONFIG_SECCOMP",
    snapshot: seccomp({ procStatus: null, kernelConfig: "n", actionsAvail: null }) },
  { name: "no Seccomp line in /proc/self/status fails", status: "fail", message: "/proc/self/status",
    snapshot: seccomp({ procStatus: false, kernelConfig: null, actionsAvail: null }) },
  { name: "the running kernel wins over a build config that says otherwise", status: "pass",
    snapshot: seccomp({ procStatus: true, kernelConfig: "n", actionsAvail: null }) },
  { name: "only the build config saying y is not proof for the running kernel", status: "error",
    snapshot: seccomp({ procStatus: null, kernelConfig: "y", actionsAvail: null }) },
  { name: "nothing readable is an error", status: "error", snapshot: seccomp({ procStatus: null, kernelConfig: null, actionsAvail: null }) },
  { name: "the seccomp fact unreadable is an error", status: "error",
    snapshot: snapshot({ host: { seccomp: errFact("EACCES", "/proc/self/status") } }) },
]);
