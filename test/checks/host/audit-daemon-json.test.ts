import check from "../../../checks/host/audit-daemon-json.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("daemon-json", "/etc/docker/daemon.json", { lookalikes: ["/etc/docker/daemon.json.bak"] }),
  { name: "the file loaded with --config-file is the one judged", status: "fail", message: "/opt/docker/daemon.json",
    snapshot: audited("daemon-json", [stat("/opt/docker/daemon.json")], ["-w /etc/docker/daemon.json -p wa"]) },
  { name: "a watch on /etc/docker covers daemon.json inside it", status: "pass",
    snapshot: audited("daemon-json", [stat("/etc/docker/daemon.json")], ["-w /etc/docker -p wa -k docker"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/etc/docker/daemon.json", { mode: 0o755 }),
]);
