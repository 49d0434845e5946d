import check from "../../../checks/host/audit-runc.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("runc", "/usr/bin/runc", { lookalikes: ["/usr/bin/runc.amd64", "/usr/sbin/runc"] }),
  { name: "runc found only in /usr/sbin is judged there, not at a hard-coded /usr/bin/runc", status: "pass",
    snapshot: audited("runc", [stat("/usr/sbin/runc")], ["-w /usr/sbin/runc -p wa -k docker"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/usr/bin/runc", { mode: 0o755 }),
  { name: "/bin/runc and /usr/bin/runc on a merged-/usr host are one binary, judged once", status: "pass", subjects: { "/usr/bin/runc": "pass" },
    tree: { "/bin": { type: "link", target: "usr/bin" }, "/usr/bin/runc": { mode: 0o755 }, "/etc/audit/rules.d/docker.rules": { content: "-w /usr/bin/runc -p wa\n" } } },
  { name: "no runc on the host is not applicable", status: "skip", tree: {} },
]);
