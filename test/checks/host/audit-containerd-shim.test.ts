import check from "../../../checks/host/audit-containerd-shim.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree } from "../daemon-files/support.js";
import { auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("containerd-shim", "/usr/bin/containerd-shim", { lookalikes: ["/usr/bin/containerd-shim-runc-v2", "/usr/bin/containerd"] }),
]);

onRealTree(check, [
  ...auditTreeCases("/usr/bin/containerd-shim", { mode: 0o755 }),
]);
