import { expect } from "chai";
import check from "../../../checks/daemon-files/tls-ca-owner.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/etc/docker/tls/ca.pem";

checkTable(check, [
  { name: "owned by root:root passes", status: "pass", message: "root:root",
    snapshot: withFiles({ "tls-ca": [stat(P, { type: "file" })] }) },
  { name: "owned by an ordinary user fails", status: "fail", message: "alice:alice (uid 1000, gid 1000)",
    snapshot: withFiles({ "tls-ca": [stat(P, { type: "file", uid: 1000, gid: 1000, user: "alice", group: "alice" })] }) },
  { name: "root's uid with another group fails: the group is compared too", status: "fail", message: "not root:root",
    snapshot: withFiles({ "tls-ca": [stat(P, { type: "file", gid: 999, group: "docker" })] }) },
  { name: "a group named root whose gid is not 0 fails: owners are compared by number", status: "fail",
    snapshot: withFiles({ "tls-ca": [stat(P, { type: "file", gid: 5, group: "root" })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "tls-ca": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "tls-ca": [{ path: P, exists: false, error: "EACCES: permission denied, /etc/docker/tls/ca.pem" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "tls-ca": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
  { name: "the path from tlscacert in daemon.json: the finding names daemon.json as the witness", status: "pass",
    snapshot: withFiles({ "tls-ca": [stat(P, { type: "file" })] }, { settings: { tlsverify: true, tlscacert: P } }),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "daemon.json", pathFrom: `tlscacert: "tlscacert" in /etc/docker/daemon.json` }) },
  { name: "the path from DOCKER_CERT_PATH in dockerd's environment: the finding names the environment as the witness", status: "pass",
    snapshot: withFiles({ "tls-ca": [stat("/srv/certs/ca.pem", { type: "file" })] }, {
      settings: { tlsverify: true },
      daemon: { effective: okFact({ tlsverify: { value: true, origin: { from: "flag", name: "--tlsverify", where: "pid 100 argv" } }, tlscacert: { value: "/srv/certs/ca.pem", origin: { from: "environment", name: "DOCKER_CERT_PATH", where: "pid 100 environ" } } }, "pid 100") },
    }),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "environment", pathFrom: "tlscacert: $DOCKER_CERT_PATH (pid 100 environ)" }) },
  { name: "no tlscacert with TLS on: dockerd's default directory, by the setting that turned TLS on", status: "fail",
    snapshot: withFiles({ "tls-ca": [stat("/root/.docker/ca.pem", { type: "file", uid: 1000 })] }, { settings: { tlsverify: true } }),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "daemon.json", pathFrom: `tlscacert not set: dockerd's default ~/.docker of its user (TLS on by "tlsverify" in /etc/docker/daemon.json)` }) },
]);

onRealTree(check, [
  { name: "root:root on disk passes", status: "pass", tree: { [P]: { type: "file", mode: 0o644, uid: 0, gid: 0 } }, daemon: { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: "/etc/docker/tls/key.pem" } } },
  { name: "chowned to uid 1000 on disk fails", status: "fail", message: "alice", tree: { [P]: { type: "file", mode: 0o644, uid: 1000, gid: 1000 } }, daemon: { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: "/etc/docker/tls/key.pem" } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {}, daemon: { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: "/etc/docker/tls/key.pem" } } },
]);
