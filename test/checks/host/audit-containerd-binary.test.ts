import check from "../../../checks/host/audit-containerd-binary.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("containerd", "/usr/bin/containerd", { lookalikes: ["/usr/bin/containerd-shim", "/usr/bin/containerd-shim-runc-v2", "/usr/bin/containerd-stress"] }),
  { name: "every containerd binary found is judged on its own", status: "fail",
    subjects: { "/usr/bin/containerd": "pass", "/usr/local/bin/containerd": "fail" },
    snapshot: audited("containerd", [stat("/usr/bin/containerd"), stat("/usr/local/bin/containerd")], ["-w /usr/bin/containerd -p wa"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/usr/bin/containerd", { mode: 0o755 }),
  { name: "a containerd installed beside the daemon's binary is found", status: "fail", subjects: { "/opt/docker/bin/containerd": "fail" },
    daemon: { exe: "/opt/docker/bin/dockerd" },
    tree: { "/opt/docker/bin/dockerd": { mode: 0o755 }, "/opt/docker/bin/containerd": { mode: 0o755 }, "/etc/audit/rules.d/docker.rules": { content: "-w /usr/bin/containerd -p wa\n" } } },
]);
