import check from "../../../checks/daemon-files/docker-service-owner.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/lib/systemd/system/docker.service";

checkTable(check, [
  { name: "owned by root:root passes", status: "pass", message: "root:root",
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file" })] }) },
  { name: "owned by an ordinary user fails", status: "fail", message: "alice:alice (uid 1000, gid 1000)",
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file", uid: 1000, gid: 1000, user: "alice", group: "alice" })] }) },
  { name: "root's uid with another group fails: the group is compared too", status: "fail", message: "not root:root",
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file", gid: 999, group: "docker" })] }) },
  { name: "a group named root whose gid is not 0 fails: owners are compared by number", status: "fail",
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file", gid: 5, group: "root" })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "docker-service": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "docker-service": [{ path: P, exists: false, error: "EACCES: permission denied, /lib/systemd/system/docker.service" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "docker-service": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "root:root on disk passes", status: "pass", tree: { [P]: { type: "file", mode: 0o644, uid: 0, gid: 0 } } },
  { name: "chowned to uid 1000 on disk fails", status: "fail", message: "alice", tree: { [P]: { type: "file", mode: 0o644, uid: 1000, gid: 1000 } } },
  { name: "the unit in /usr/lib/systemd/system is found, with drop-ins from every unit directory (Q10)", status: "fail",
    subjects: { "/usr/lib/systemd/system/docker.service": "pass", "/etc/systemd/system/docker.service.d/override.conf": "fail", "/run/systemd/system/docker.service.d/10-env.conf": "pass" },
    tree: {
      "/usr/lib/systemd/system/docker.service": { mode: 0o644 },
      "/etc/systemd/system/docker.service.d/override.conf": { mode: 0o644, uid: 1000, gid: 1000 },
      "/run/systemd/system/docker.service.d/10-env.conf": { mode: 0o644 },
    } },
  { name: "a unit in /etc/systemd/system takes precedence over the packaged one", status: "pass", subjects: { "/etc/systemd/system/docker.service": "pass" },
    tree: { "/etc/systemd/system/docker.service": { mode: 0o644 }, "/lib/systemd/system/docker.service": { mode: 0o644, uid: 1000 } } },
  { name: "no docker.service anywhere is not applicable", status: "skip", message: "no docker.service unit file", tree: {} },
]);
