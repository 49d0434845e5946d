import check from "../../../checks/host/audit-containerd-sock.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("containerd-socket", "/run/containerd/containerd.sock", { lookalikes: ["/run/containerd/containerd.sock.ttrpc"], type: "socket" }),
  { name: "a rule on /var/run/containerd/containerd.sock covers /run/containerd/containerd.sock", status: "pass",
    snapshot: audited("containerd-socket", [stat("/run/containerd/containerd.sock", { type: "socket" })], ["-w /var/run/containerd/containerd.sock -p wa"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/run/containerd/containerd.sock", { type: "socket" }),
]);
