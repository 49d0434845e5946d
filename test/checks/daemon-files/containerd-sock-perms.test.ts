import check from "../../../checks/daemon-files/containerd-sock-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/run/containerd/containerd.sock";

checkTable(check, [
  { name: "mode 0o660 passes", status: "pass", message: "within 0660",
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", mode: 0o660 })] }) },
  { name: "stricter 0o600 passes", status: "pass", snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", mode: 0o600 })] }) },
  { name: "0o666 fails and names the extra bits", status: "fail", message: /more permissive than 0660 \(.*(write|read)/,
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", mode: 0o666 })] }) },
  { name: "0o606 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", mode: 0o606 })] }) },
  { name: "0o477 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", mode: 0o477 })] }) },
  { name: "a setuid/setgid bit counts as less restrictive", status: "fail", message: /setgid|setuid/,
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", mode: 0o2600 })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "containerd-socket": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "containerd-socket": [{ path: P, exists: false, error: "EACCES: permission denied, /run/containerd/containerd.sock" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "containerd-socket": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "0o660 on disk passes", status: "pass", tree: { [P]: { type: "socket", mode: 0o660, uid: 0, gid: 0 } } },
  { name: "0o666 on disk fails", status: "fail", tree: { [P]: { type: "socket", mode: 0o666, uid: 0, gid: 0 } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {} },
  { name: "the socket given with --containerd is the one judged", status: "fail", subjects: { "/run/custom/containerd.sock": "fail" },
    daemon: { settings: { containerd: "/run/custom/containerd.sock" } },
    tree: { "/run/custom/containerd.sock": { type: "socket", mode: 0o666 }, "/run/containerd/containerd.sock": { type: "socket", mode: 0o660 } } },
  { name: "dockerd's own managed containerd socket is judged too", status: "fail",
    subjects: { "/run/containerd/containerd.sock": "skip", "/var/run/docker/containerd/containerd.sock": "fail" },
    tree: { "/run/docker/containerd/containerd.sock": { type: "socket", mode: 0o666 } } },
]);
