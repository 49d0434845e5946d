import check from "../../../checks/host/audit-containerd-shim-runc-v2.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree } from "../daemon-files/support.js";
import { auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("containerd-shim-runc-v2", "/usr/bin/containerd-shim-runc-v2", { lookalikes: ["/usr/bin/containerd-shim-runc-v1", "/usr/bin/containerd-shim"] }),
]);

onRealTree(check, [
  ...auditTreeCases("/usr/bin/containerd-shim-runc-v2", { mode: 0o755 }),
]);
