import check from "../../../checks/host/audit-docker-service.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("docker-service", "/lib/systemd/system/docker.service", { lookalikes: ["/lib/systemd/system/docker.socket", "/lib/systemd/system/docker.service.bak"] }),
  { name: "a rule on the resolved path covers a unit reached through /lib → /usr/lib", status: "pass",
    snapshot: audited("docker-service", [stat("/lib/systemd/system/docker.service", { realPath: "/usr/lib/systemd/system/docker.service" })], ["-w /usr/lib/systemd/system/docker.service -p wa"]) },
  { name: "each drop-in needs a rule too (or a watch on its directory)", status: "fail",
    subjects: { "/lib/systemd/system/docker.service": "pass", "/etc/systemd/system/docker.service.d/override.conf": "fail" },
    snapshot: audited("docker-service", [stat("/lib/systemd/system/docker.service"), stat("/etc/systemd/system/docker.service.d/override.conf")], ["-w /lib/systemd/system/docker.service -p wa"]) },
  { name: "a watch on the drop-in directory covers its files", status: "pass",
    snapshot: audited("docker-service", [stat("/lib/systemd/system/docker.service"), stat("/etc/systemd/system/docker.service.d/override.conf")],
      ["-w /lib/systemd/system/docker.service -p wa", "-w /etc/systemd/system/docker.service.d -p wa"]) },
  { name: "no docker.service unit is not applicable", status: "skip", snapshot: audited("docker-service", [], []) },
]);

onRealTree(check, [
  ...auditTreeCases("/lib/systemd/system/docker.service", { mode: 0o755 }),
  { name: "the unit in /usr/lib/systemd/system is found without systemd running", status: "pass", subjects: { "/usr/lib/systemd/system/docker.service": "pass" },
    tree: { "/usr/lib/systemd/system/docker.service": {}, "/etc/audit/rules.d/docker.rules": { content: "-w /usr/lib/systemd/system/docker.service -p wa\n" } } },
]);
