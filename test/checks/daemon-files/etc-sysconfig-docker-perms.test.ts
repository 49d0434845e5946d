import check from "../../../checks/daemon-files/etc-sysconfig-docker-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/etc/sysconfig/docker";

checkTable(check, [
  { name: "mode 0o644 passes", status: "pass", message: "within 0644",
    snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o644 })] }) },
  { name: "stricter 0o600 passes", status: "pass", snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o600 })] }) },
  { name: "0o664 fails and names the extra bits", status: "fail", message: /more permissive than 0644 \(.*(write|read)/,
    snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o664 })] }) },
  { name: "0o622 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o622 })] }) },
  { name: "0o606 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o606 })] }) },
  { name: "0o477 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o477 })] }) },
  { name: "a setuid/setgid bit counts as less restrictive", status: "fail", message: /setgid|setuid/,
    snapshot: withFiles({ "etc-sysconfig-docker": [stat(P, { type: "file", mode: 0o2600 })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "etc-sysconfig-docker": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "etc-sysconfig-docker": [{ path: P, exists: false, error: "EACCES: permission denied, /etc/sysconfig/docker" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "etc-sysconfig-docker": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "0o644 on disk passes", status: "pass", tree: { [P]: { type: "file", mode: 0o644, uid: 0, gid: 0 } } },
  { name: "0o664 on disk fails", status: "fail", tree: { [P]: { type: "file", mode: 0o664, uid: 0, gid: 0 } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {} },
]);
