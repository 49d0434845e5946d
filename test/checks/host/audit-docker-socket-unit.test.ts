import check from "../../../checks/host/audit-docker-socket-unit.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree } from "../daemon-files/support.js";
import { auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("docker-socket-unit", "/lib/systemd/system/docker.socket", { lookalikes: ["/lib/systemd/system/docker.service", "/run/docker.sock"] }),
]);

onRealTree(check, [
  ...auditTreeCases("/lib/systemd/system/docker.socket", { mode: 0o755 }),
]);
