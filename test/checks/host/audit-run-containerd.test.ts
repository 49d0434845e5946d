import check from "../../../checks/host/audit-run-containerd.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("containerd-run-dir", "/run/containerd", { lookalikes: ["/run/containerd2", "/run/containerd-rootless"], type: "directory" }),
  { name: "a watch under its /var/run alias covers /run/containerd", status: "pass",
    snapshot: audited("containerd-run-dir", [stat("/run/containerd", { type: "directory" })], ["-w /var/run/containerd -p wa"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/run/containerd", { type: "dir" }),
]);
