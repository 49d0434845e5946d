import check from "../../../checks/daemon-files/tls-cert-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { missing, onRealTree, stat, withFiles } from "./support.js";

const P = "/etc/docker/tls/cert.pem";

checkTable(check, [
  { name: "mode 0o444 passes", status: "pass", message: "within 0444",
    snapshot: withFiles({ "tls-cert": [stat(P, { type: "file", mode: 0o444 })] }) },
  { name: "stricter 0o400 passes", status: "pass", snapshot: withFiles({ "tls-cert": [stat(P, { type: "file", mode: 0o400 })] }) },
  { name: "0o644 fails and names the extra bits", status: "fail", message: /more permissive than 0444 \(.*(write|read)/,
    snapshot: withFiles({ "tls-cert": [stat(P, { type: "file", mode: 0o644 })] }) },
  { name: "0o430 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "tls-cert": [stat(P, { type: "file", mode: 0o430 })] }) },
  { name: "0o333 fails although a decimal compare would pass it", status: "fail", snapshot: withFiles({ "tls-cert": [stat(P, { type: "file", mode: 0o333 })] }) },
  { name: "a setuid/setgid bit counts as less restrictive", status: "fail", message: /setgid|setuid/,
    snapshot: withFiles({ "tls-cert": [stat(P, { type: "file", mode: 0o2400 })] }) },
  { name: "a file that does not exist is not applicable", status: "skip", message: "does not exist",
    snapshot: withFiles({ "tls-cert": [missing(P)] }) },
  { name: "a file that could not be examined is an error, never a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "tls-cert": [{ path: P, exists: false, error: "EACCES: permission denied, /etc/docker/tls/cert.pem" }] }) },
  { name: "the role could not be collected: error", status: "error", message: "could not be read",
    snapshot: withFiles({ "tls-cert": errFact("the daemon configuration could not be read", "test") }) },
  { name: "host files not collected at all: error", status: "error", message: "not collected", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "0o444 on disk passes", status: "pass", tree: { [P]: { type: "file", mode: 0o444, uid: 0, gid: 0 } }, daemon: { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: "/etc/docker/tls/key.pem" } } },
  { name: "0o644 on disk fails", status: "fail", tree: { [P]: { type: "file", mode: 0o644, uid: 0, gid: 0 } }, daemon: { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: "/etc/docker/tls/key.pem" } } },
  { name: "absent on disk is not applicable", status: "skip", tree: {}, daemon: { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: "/etc/docker/tls/key.pem" } } },
]);
