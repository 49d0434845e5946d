import check from "../../../checks/host/audit-etc-default-docker.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree } from "../daemon-files/support.js";
import { auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("etc-default-docker", "/etc/default/docker", { lookalikes: ["/etc/default/dockerd", "/etc/default/docker.dpkg-old"] }),
]);

onRealTree(check, [
  ...auditTreeCases("/etc/default/docker", { mode: 0o755 }),
]);
