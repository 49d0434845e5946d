import check from "../../../checks/host/audit-dockerd.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("dockerd", "/usr/bin/dockerd", { judgeMissing: true, lookalikes: ["/usr/bin/dockerd-rootless.sh", "/usr/bin/docker", "/usr/bin/docker-proxy"] }),
  { name: "the running daemon's own binary is the one judged, not /usr/bin/dockerd", status: "fail", message: "/usr/local/bin/dockerd",
    snapshot: audited("dockerd", [stat("/usr/local/bin/dockerd")], ["-w /usr/bin/dockerd -p wa -k docker"]) },
  { name: "a rule on the link a binary is reached through counts for the resolved binary", status: "pass",
    snapshot: audited("dockerd", [stat("/usr/bin/dockerd", { realPath: "/usr/libexec/docker/dockerd" })], ["-w /usr/libexec/docker/dockerd -p wa"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/usr/bin/dockerd", { mode: 0o755 }),
  { name: "the binary of the running daemon (/proc/PID/exe) is the one looked for", status: "pass", subjects: { "/opt/docker/bin/dockerd": "pass" },
    daemon: { exe: "/opt/docker/bin/dockerd" },
    tree: { "/opt/docker/bin/dockerd": { mode: 0o755 }, "/etc/audit/rules.d/docker.rules": { content: "-w /opt/docker/bin/dockerd -p wa -k docker\n" } } },
]);
