import check from "../../../checks/daemon-files/containerd-sock-owner.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/run/containerd/containerd.sock";
// A rootless dockerd as the collector records it (uid and gid from /proc/PID/status) and its own containerd's socket.
const R = "/run/user/1000/docker/containerd/containerd.sock";
const rootless = (gid?: number) => ({
  daemon: { process: okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["dockerd"], matchedBy: "test", rootless: true, uid: 1000, ...(gid === undefined ? {} : { gid }) }, "/proc/100") },
});
const alice = { type: "socket" as const, uid: 1000, gid: 1000, user: "alice", group: "alice" };

checkTable(check, [
  { name: "owned by root:root passes", status: "pass", message: "root:root",
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket" })] }) },
  { name: "owned by an ordinary user fails", status: "fail", message: "alice:alice (uid 1000, gid 1000)",
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", uid: 1000, gid: 1000, user: "alice", group: "alice" })] }) },
  { name: "root's uid with another group fails: the group is compared too", status: "fail", message: "not root:root",
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", gid: 999, group: "docker" })] }) },
  { name: "a group named root whose gid is not 0 fails: owners are compared by number", status: "fail",
    snapshot: withFiles({ "containerd-socket": [stat(P, { type: "socket", gid: 5, group: "root" })] }) },
  { name: "a rootless daemon's own containerd socket, owned by the user and group it runs as, passes", status: "pass",
    message: `${R} is the rootless daemon's own containerd socket, owned by the user and group it runs as (alice:alice (uid 1000, gid 1000))`,
    snapshot: withFiles({ "containerd-socket": [stat(R, alice)] }, rootless(1000)) },
  { name: "a rootless daemon's containerd socket in another group fails: its members reach that containerd", status: "fail",
    message: "to group docker (gid 999), not the rootless daemon's group (gid 1000): its members reach that containerd",
    snapshot: withFiles({ "containerd-socket": [stat(R, { ...alice, gid: 999, group: "docker" })] }, rootless(1000)) },
  { name: "a rootless daemon's containerd socket in a group other than root's, with the daemon's group unknown, fails", status: "fail",
    message: "the rootless daemon's group is unknown", snapshot: withFiles({ "containerd-socket": [stat(R, alice)] }, rootless()) },
  { name: "a rootless daemon's containerd socket owned by another user fails", status: "fail", message: "neither root nor the rootless daemon's user (uid 1000)",
    snapshot: withFiles({ "containerd-socket": [stat(R, { ...alice, uid: 1001, user: "bob" })] }, rootless(1000)) },
  { name: "a rootless daemon's containerd socket owned by root:root passes as any", status: "pass", message: "owned by root:root",
    snapshot: withFiles({ "containerd-socket": [stat(R, { type: "socket" })] }, rootless(1000)) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "containerd-socket": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "containerd-socket": [{ path: P, exists: false, error: "EACCES: permission denied, /run/containerd/containerd.sock" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "containerd-socket": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "root:root on disk passes", status: "pass", tree: { [P]: { type: "socket", mode: 0o660, uid: 0, gid: 0 } } },
  { name: "chowned to uid 1000 on disk fails", status: "fail", message: "alice", tree: { [P]: { type: "socket", mode: 0o660, uid: 1000, gid: 1000 } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {} },
]);
