import check from "../../../checks/daemon-files/etc-docker-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/etc/docker";

checkTable(check, [
  { name: "mode 0o755 passes", status: "pass", message: "within 0755",
    snapshot: withFiles({ "etc-docker": [stat(P, { type: "directory", mode: 0o755 })] }) },
  { name: "stricter 0o750 passes", status: "pass", snapshot: withFiles({ "etc-docker": [stat(P, { type: "directory", mode: 0o750 })] }) },
  { name: "0o775 fails and names the extra bits", status: "fail", message: /more permissive than 0755 \(.*(write|read)/,
    snapshot: withFiles({ "etc-docker": [stat(P, { type: "directory", mode: 0o775 })] }) },
  { name: "0o677 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "etc-docker": [stat(P, { type: "directory", mode: 0o677 })] }) },
  { name: "0o576 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "etc-docker": [stat(P, { type: "directory", mode: 0o576 })] }) },
  { name: "a setuid/setgid bit counts as less restrictive", status: "fail", message: /setgid|setuid/,
    snapshot: withFiles({ "etc-docker": [stat(P, { type: "directory", mode: 0o2750 })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "etc-docker": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "etc-docker": [{ path: P, exists: false, error: "EACCES: permission denied, /etc/docker" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "etc-docker": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "0o755 on disk passes", status: "pass", tree: { [P]: { type: "dir", mode: 0o755, uid: 0, gid: 0 } } },
  { name: "0o775 on disk fails", status: "fail", tree: { [P]: { type: "dir", mode: 0o775, uid: 0, gid: 0 } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {} },
]);
