import check from "../../../checks/daemon-files/docker-service-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/lib/systemd/system/docker.service";

checkTable(check, [
  { name: "mode 0o644 passes", status: "pass", message: "within 0644",
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o644 })] }) },
  { name: "stricter 0o600 passes", status: "pass", snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o600 })] }) },
  { name: "0o664 fails and names the extra bits", status: "fail", message: /more permissive than 0644 \(.*(write|read)/,
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o664 })] }) },
  { name: "0o622 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o622 })] }) },
  { name: "0o606 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o606 })] }) },
  { name: "0o477 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o477 })] }) },
  { name: "a setuid/setgid bit counts as less restrictive", status: "fail", message: /setgid|setuid/,
    snapshot: withFiles({ "docker-service": [stat(P, { type: "file", mode: 0o2600 })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "docker-service": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "docker-service": [{ path: P, exists: false, error: "EACCES: permission denied, /lib/systemd/system/docker.service" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "docker-service": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "0o644 on disk passes", status: "pass", tree: { [P]: { type: "file", mode: 0o644, uid: 0, gid: 0 } } },
  { name: "0o664 on disk fails", status: "fail", tree: { [P]: { type: "file", mode: 0o664, uid: 0, gid: 0 } } },
  { name: "a group-writable drop-in fails while the unit passes", status: "fail",
    subjects: { "/lib/systemd/system/docker.service": "pass", "/etc/systemd/system/docker.service.d/override.conf": "fail" },
    tree: { [P]: { mode: 0o644 }, "/etc/systemd/system/docker.service.d/override.conf": { mode: 0o664 } } },
  { name: "a masked unit (a link to /dev/null) is not judged", status: "skip", tree: { "/etc/systemd/system/docker.service": { type: "link", target: "/dev/null" } } },
]);
