import check from "../../../checks/host/audit-etc-sysconfig-docker.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree } from "../daemon-files/support.js";
import { auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("etc-sysconfig-docker", "/etc/sysconfig/docker", { lookalikes: ["/etc/sysconfig/docker-storage", "/etc/sysconfig/docker-network"] }),
]);

onRealTree(check, [
  ...auditTreeCases("/etc/sysconfig/docker", { mode: 0o755 }),
]);
