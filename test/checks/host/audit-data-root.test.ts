import check from "../../../checks/host/audit-data-root.js";
import { checkTable } from "../../support/check-tester.js";
import { onRealTree, stat } from "../daemon-files/support.js";
import { audited, auditCases, auditTreeCases } from "./support.js";

checkTable(check, [
  ...auditCases("data-root", "/var/lib/docker", { lookalikes: ["/var/lib/dockershim", "/var/lib/docker-old"], type: "directory" }),
  { name: "a userns-remapped data-root is covered by a watch on /var/lib/docker", status: "pass",
    snapshot: audited("data-root", [stat("/var/lib/docker/165536.165536", { type: "directory" })], ["-w /var/lib/docker -p wa -k docker"]) },
  { name: "CIS 1.8's exclusions of busy subdirectories do not exclude the data-root itself", status: "pass",
    snapshot: audited("data-root", [stat("/var/lib/docker", { type: "directory" })], [
      "-a exit,never -F dir=/var/lib/docker/volumes", "-a exit,never -F dir=/var/lib/docker/overlay2",
      "-a exit,always -F dir=/var/lib/docker -F perm=war -k docker"]) },
  { name: "a custom data-root is the one judged: a rule on /var/lib/docker does not cover /data/docker", status: "fail", message: "/data/docker",
    snapshot: audited("data-root", [stat("/data/docker", { type: "directory" })], ["-w /var/lib/docker -p wa -k docker"]) },
]);

onRealTree(check, [
  ...auditTreeCases("/var/lib/docker", { type: "dir" }),
  { name: "the daemon's custom data-root is read from /info and judged", status: "pass", subjects: { "/srv/docker": "pass" },
    daemon: { dockerRootDir: "/srv/docker" },
    tree: { "/srv/docker": { type: "dir", mode: 0o710 }, "/etc/audit/rules.d/docker.rules": { content: "-w /srv/docker -p wa -k docker\n-w /var/lib/docker -p wa -k docker\n" } } },
]);
