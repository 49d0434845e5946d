import check from "../../../checks/daemon-files/docker-sock-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const S = "/var/run/docker.sock";
const sock = (over = {}) => stat(S, { type: "socket", mode: 0o660, gid: 999, group: "docker", realPath: "/run/docker.sock", ...over });

checkTable(check, [
  { name: "0660 passes", status: "pass", snapshot: withFiles({ "docker-socket": [sock()] }) },
  { name: "0600 passes", status: "pass", snapshot: withFiles({ "docker-socket": [sock({ mode: 0o600 })] }) },
  { name: "0666 fails: every local user can drive the daemon", status: "fail", message: "other read, other write",
    snapshot: withFiles({ "docker-socket": [sock({ mode: 0o666 })] }) },
  { name: "01660, the sticky bit dockerd sets on a rootless daemon's socket, passes: it grants no access", status: "pass",
    message: /01660, within 0660 \(the sticky bit grants no access\)/,
    snapshot: withFiles({ "docker-socket": [stat("/run/user/1000/docker.sock", { type: "socket", mode: 0o1660, uid: 1000, gid: 1000 })] }) },
  { name: "01666 still fails for what others may do", status: "fail", message: "other read, other write",
    snapshot: withFiles({ "docker-socket": [sock({ mode: 0o1666 })] }) },
  { name: "setgid still counts as more permissive", status: "fail", message: "setgid",
    snapshot: withFiles({ "docker-socket": [sock({ mode: 0o2660 })] }) },
  { name: "0606 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "docker-socket": [sock({ mode: 0o606 })] }) },
  { name: "a custom -H unix:// socket is judged too, each on its own", status: "fail",
    subjects: { [S]: "pass", "/srv/docker/api.sock": "fail" },
    snapshot: withFiles({ "docker-socket": [sock(), stat("/srv/docker/api.sock", { type: "socket", mode: 0o666 })] }) },
  { name: "a socket that does not exist is not applicable", status: "skip", snapshot: withFiles({ "docker-socket": [missing(S)] }) },
  { name: "sockets unknown is an error", status: "error", snapshot: withFiles({ "docker-socket": errFact("the Docker socket in use is unknown", "test") }) },
  { name: "host files not collected at all: error", status: "error", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "the default socket, reached through /var/run → /run, 0660 passes", status: "pass", subjects: { [S]: "pass" },
    tree: { "/run/docker.sock": { type: "socket", mode: 0o660, gid: 999 } } },
  { name: "a custom -H unix:///srv/api.sock listener is found and judged", status: "fail",
    subjects: { [S]: "pass", "/srv/api.sock": "fail" },
    daemon: { settings: { hosts: ["unix:///var/run/docker.sock", "unix:///srv/api.sock", "tcp://127.0.0.1:2376"] } },
    tree: { "/run/docker.sock": { type: "socket", mode: 0o660, gid: 999 }, "/srv/api.sock": { type: "socket", mode: 0o666 } } },
  { name: "a rootless daemon's socket is the one judged", status: "pass", subjects: { "/run/user/1000/docker.sock": "pass" },
    daemon: { rootless: true, dockerHost: "unix:///run/user/1000/docker.sock", settings: { hosts: ["unix:///run/user/1000/docker.sock"] } },
    tree: { "/run/user/1000/docker.sock": { type: "socket", mode: 0o660, uid: 1000, gid: 1000 } } },
]);
