import check from "../../../checks/host/docker-group-trusted.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { onRealTree, stat, withFiles } from "../daemon-files/support.js";

const group = (members: string[], exists = true) =>
  snapshot({ host: { dockerGroup: okFact(exists ? { exists, gid: 999, members } : { exists, members }, "/etc/group + /etc/passwd") } });

checkTable(check, [
  { name: "without --trusted-users the members are listed for review", status: "manual", message: "alice, bob",
    snapshot: group(["alice", "bob"]) },
  { name: "every member trusted passes", status: "pass", trustedUsers: ["alice", "bob"], snapshot: group(["alice", "bob"]) },
  { name: "every untrusted member is named, not only the last one (Q13)", status: "fail", message: "untrusted member(s) of the docker group: bob, carol",
    trustedUsers: ["alice"], snapshot: group(["alice", "bob", "carol"]) },
  { name: "a trusted 'bobby' does not vouch for 'bob': names are compared whole (Q13)", status: "fail", message: ": bob",
    trustedUsers: ["bobby", "alice"], snapshot: group(["alice", "bob"]) },
  { name: "a trusted 'bob' does not vouch for 'bobby'", status: "fail", message: "bobby", trustedUsers: ["bob"], snapshot: group(["bobby"]) },
  { name: "root in the group is not an untrusted member", status: "pass", trustedUsers: ["alice"], snapshot: group(["root", "alice"]) },
  { name: "an empty docker group passes", status: "pass", message: "no members", snapshot: group([]) },
  { name: "no docker group passes", status: "pass", message: "no docker group", snapshot: group([], false) },
  { name: "a root daemon's socket owned by another group is sent for review", status: "manual", message: "group dockerroot",
    snapshot: withFiles({ "docker-socket": [stat("/var/run/docker.sock", { type: "socket", gid: 990, group: "dockerroot" })] },
      { host: { dockerGroup: okFact({ exists: false, members: [] }, "t") } }) },
  { name: "the group unreadable is an error", status: "error",
    snapshot: snapshot({ host: { dockerGroup: errFact("EACCES: permission denied, /etc/group", "/etc/group") } }) },
  { name: "the group not collected is an error", status: "error", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "members from /etc/group and users whose primary group is docker are both judged", status: "fail", message: ": bob",
    trustedUsers: ["alice"], tree: {} },
  { name: "a 'dockerroot' group is not the docker group (no substring match on /etc/group)", status: "pass", message: "no members",
    tree: { "/etc/group": { content: "root:x:0:\ndockerroot:x:990:mallory\ndocker:x:999:\n" }, "/etc/passwd": { content: "root:x:0:0::/root:/bin/sh\n" } } },
  { name: "without --trusted-users both kinds of member are listed", status: "manual", message: "alice, bob", tree: {} },
]);
