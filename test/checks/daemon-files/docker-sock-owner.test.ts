import check from "../../../checks/daemon-files/docker-sock-owner.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const S = "/var/run/docker.sock";
const sock = (over = {}) => stat(S, { type: "socket", mode: 0o660, gid: 999, group: "docker", ...over });

checkTable(check, [
  { name: "root:docker passes", status: "pass", message: "root:docker", snapshot: withFiles({ "docker-socket": [sock()] }) },
  { name: "root:root is stricter and passes (no docker group needed)", status: "pass", message: "stricter",
    snapshot: withFiles({ "docker-socket": [sock({ gid: 0, group: "root" })] }) },
  { name: "owned by a user fails", status: "fail", message: "alice", snapshot: withFiles({ "docker-socket": [sock({ uid: 1000, user: "alice" })] }) },
  { name: "root with another group fails", status: "fail", message: "root:staff",
    snapshot: withFiles({ "docker-socket": [sock({ gid: 50, group: "staff" })] }) },
  { name: "a group whose name cannot be resolved is an error, not a guess", status: "error",
    snapshot: withFiles({ "docker-socket": [sock({ gid: 4242, group: undefined })] }) },
  { name: "a rootless socket owned by its user passes", status: "pass",
    snapshot: withFiles({ "docker-socket": [stat("/run/user/1000/docker.sock", { type: "socket", uid: 1000, gid: 1000, user: "alice", group: "alice" })] }) },
  { name: "a rootless socket owned by someone else fails", status: "fail",
    snapshot: withFiles({ "docker-socket": [stat("/run/user/1000/docker.sock", { type: "socket", uid: 1001, gid: 1001 })] }) },
  { name: "a socket that does not exist is not applicable", status: "skip", snapshot: withFiles({ "docker-socket": [missing(S)] }) },
  { name: "sockets unknown is an error", status: "error", snapshot: withFiles({ "docker-socket": errFact("unknown", "test") }) },
  { name: "host files not collected at all: error", status: "error", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "root:docker on disk passes, the group name read from the tree's /etc/group", status: "pass",
    tree: { "/run/docker.sock": { type: "socket", mode: 0o660, gid: 999 } } },
  { name: "a socket handed to a user fails", status: "fail", tree: { "/run/docker.sock": { type: "socket", mode: 0o660, uid: 1000, gid: 999 } } },
  { name: "with fd:// the socket unit's ListenStream is judged", status: "fail", subjects: { "/run/custom/docker.sock": "fail", [S]: "skip" },
    daemon: { settings: { hosts: ["fd://"] } },
    tree: {
      "/lib/systemd/system/docker.socket": { content: "[Socket]\nListenStream=/run/custom/docker.sock\nSocketGroup=docker\n" },
      "/run/custom/docker.sock": { type: "socket", mode: 0o660, uid: 1000, gid: 999 },
    } },
]);
