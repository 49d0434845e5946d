import check from "../../../checks/daemon-files/registry-certs-owner.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { onRealTree, stat, withFiles } from "./support.js";

const D = "/etc/docker/certs.d/registry.example:5000";

checkTable(check, [
  { name: "every file root:root passes", status: "pass",
    snapshot: withFiles({ "registry-certs": [stat(`${D}/ca.crt`), stat(`${D}/client.cert`), stat(`${D}/client.key`, { mode: 0o400 })] }) },
  { name: "a client key owned by a user fails, and only that file (peers look at *.crt only)", status: "fail",
    subjects: { [`${D}/ca.crt`]: "pass", [`${D}/client.key`]: "fail" },
    snapshot: withFiles({ "registry-certs": [stat(`${D}/ca.crt`), stat(`${D}/client.key`, { uid: 1000, gid: 1000, user: "alice", group: "alice" })] }) },
  { name: "root's uid with the docker group fails: the gid is compared too (peers compare the uid only)", status: "fail", message: "not root:root",
    snapshot: withFiles({ "registry-certs": [stat(`${D}/ca.crt`, { gid: 999, group: "docker" })] }) },
  { name: "no certificate files is not applicable", status: "skip", message: "no registry certificate files",
    snapshot: withFiles({ "registry-certs": [] }) },
  { name: "a certs.d tree that cannot be listed is an error, not a pass", status: "error", message: "EACCES",
    snapshot: withFiles({ "registry-certs": errFact("cannot list the registry certificates: EACCES: permission denied, /etc/docker/certs.d/x", "/etc/docker/certs.d") }) },
  { name: "host files not collected at all: error", status: "error", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "certs, client certs and keys of every registry are each judged", status: "fail",
    subjects: { [`${D}/ca.crt`]: "pass", [`${D}/client.cert`]: "pass", [`${D}/client.key`]: "pass", "/etc/docker/certs.d/other/ca.crt": "fail" },
    tree: {
      [`${D}/ca.crt`]: { mode: 0o444 }, [`${D}/client.cert`]: { mode: 0o444 }, [`${D}/client.key`]: { mode: 0o400 },
      "/etc/docker/certs.d/other/ca.crt": { mode: 0o444, uid: 1000, gid: 1000 },
    } },
  { name: "no /etc/docker/certs.d is not applicable", status: "skip", tree: {} },
]);
