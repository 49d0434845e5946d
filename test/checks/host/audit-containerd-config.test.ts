import check from "../../../checks/host/audit-containerd-config.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree } from "../daemon-files/support.js";
import { auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("containerd-config", "/etc/containerd/config.toml", { lookalikes: ["/etc/containerd/config.toml.dpkg-old"] }),
]);

onRealTree(check, [
  ...auditTreeCases("/etc/containerd/config.toml", { mode: 0o755 }),
]);
