import check from "../../../checks/daemon-files/daemon-json-owner.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/etc/docker/daemon.json";
const rootlessProcess = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["dockerd"], matchedBy: "test", rootless: true, uid: 1000 }, "/proc/100/cmdline");

checkTable(check, [
  { name: "owned by root:root passes", status: "pass", message: "root:root",
    snapshot: withFiles({ "daemon-json": [stat(P, { type: "file" })] }) },
  { name: "owned by an ordinary user fails", status: "fail", message: "alice:alice (uid 1000, gid 1000)",
    snapshot: withFiles({ "daemon-json": [stat(P, { type: "file", uid: 1000, gid: 1000, user: "alice", group: "alice" })] }) },
  { name: "root's uid with another group fails: the group is compared too", status: "fail", message: "not root:root",
    snapshot: withFiles({ "daemon-json": [stat(P, { type: "file", gid: 999, group: "docker" })] }) },
  { name: "a group named root whose gid is not 0 fails: owners are compared by number", status: "fail",
    snapshot: withFiles({ "daemon-json": [stat(P, { type: "file", gid: 5, group: "root" })] }) },
  { name: "a rootless daemon's own ~/.config/docker/daemon.json owned by the user it runs as passes", status: "pass", message: "rootless daemon's own configuration",
    snapshot: withFiles({ "daemon-json": [stat("/home/alice/.config/docker/daemon.json", { uid: 1000, gid: 1000, user: "alice", group: "alice" })] }, { daemon: { process: rootlessProcess } }) },
  { name: "a rootless daemon's config owned by another ordinary user fails", status: "fail", message: "neither root nor the rootless daemon's user (uid 1000)",
    snapshot: withFiles({ "daemon-json": [stat("/home/alice/.config/docker/daemon.json", { uid: 1001, gid: 1001, user: "bob", group: "bob" })] }, { daemon: { process: rootlessProcess } }) },
  { name: "a rootless daemon whose uid was not recorded is held to root:root", status: "fail", message: "not root:root",
    snapshot: withFiles({ "daemon-json": [stat("/home/alice/.config/docker/daemon.json", { uid: 1000, gid: 1000, user: "alice", group: "alice" })] },
      { daemon: { process: okFact({ ...rootlessProcess.ok ? rootlessProcess.value : ({} as never), uid: undefined }, "test") } }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "daemon-json": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "daemon-json": [{ path: P, exists: false, error: "EACCES: permission denied, /etc/docker/daemon.json" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "daemon-json": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "root:root on disk passes", status: "pass", tree: { [P]: { type: "file", mode: 0o644, uid: 0, gid: 0 } } },
  { name: "chowned to uid 1000 on disk fails", status: "fail", message: "alice", tree: { [P]: { type: "file", mode: 0o644, uid: 1000, gid: 1000 } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {} },
  { name: "the file given with --config-file is the one judged", status: "fail", subjects: { "/opt/docker/daemon.json": "fail" },
    daemon: { configPath: "/opt/docker/daemon.json" },
    tree: { "/opt/docker/daemon.json": { mode: 0o644, uid: 1000 }, "/etc/docker/daemon.json": { mode: 0o644 } } },
]);
