import check from "../../../checks/host/audit-etc-docker.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("etc-docker", "/etc/docker", { lookalikes: ["/etc/dockerd", "/etc/docker-compose"], type: "directory" }),
  { name: "a rule on /etc/docker/daemon.json does not cover /etc/docker (Q11)", status: "fail",
    snapshot: audited("etc-docker", [stat("/etc/docker", { type: "directory" })], ["-w /etc/docker/daemon.json -p wa -k docker"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/etc/docker", { type: "dir" }),
]);
