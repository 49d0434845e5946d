import check from "../../../checks/daemon-files/tls-key-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/etc/docker/tls/key.pem";
const tls = { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: P } };

checkTable(check, [
  { name: "0400 passes", status: "pass", snapshot: withFiles({ "tls-key": [stat(P, { mode: 0o400 })] }) },
  { name: "0000 is more restrictive and passes", status: "pass", snapshot: withFiles({ "tls-key": [stat(P, { mode: 0o000 })] }) },
  { name: "0600 fails: owner write goes beyond 400", status: "fail", message: "(owner write)",
    snapshot: withFiles({ "tls-key": [stat(P, { mode: 0o600 })] }) },
  { name: "0440 fails: the group can read the key", status: "fail", message: "group read",
    snapshot: withFiles({ "tls-key": [stat(P, { mode: 0o440 })] }) },
  { name: "0333 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "tls-key": [stat(P, { mode: 0o333 })] }) },
  { name: "TLS not configured is not applicable", status: "skip", message: "no TLS private key", snapshot: withFiles({ "tls-key": [] }) },
  { name: "a configured key that does not exist is not applicable", status: "skip", snapshot: withFiles({ "tls-key": [missing(P)] }) },
  { name: "TLS settings unreadable is an error", status: "error",
    snapshot: withFiles({ "tls-key": errFact("the daemon's TLS settings are unknown: EACCES", "/proc/100/cmdline") }) },
  { name: "host files not collected at all: error", status: "error", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "0400 on disk passes", status: "pass", daemon: tls, tree: { [P]: { mode: 0o400 } } },
  { name: "0600 on disk fails", status: "fail", daemon: tls, tree: { [P]: { mode: 0o600 } } },
  { name: "tlsverify without tlskey judges dockerd's default ~/.docker/key.pem of root", status: "fail", message: "/root/.docker/key.pem",
    daemon: { settings: { tlsverify: true } }, tree: { "/root/.docker/key.pem": { mode: 0o644 } } },
  { name: "no TLS at all is not applicable", status: "skip", tree: { "/root/.docker/key.pem": { mode: 0o644 } } },
]);
