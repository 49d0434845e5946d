import check from "../../../checks/daemon-files/registry-certs-perms.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { onRealTree, stat, withFiles } from "./support.js";

const D = "/etc/docker/certs.d/registry.example:5000";

checkTable(check, [
  { name: "certificates 0444 and a key 0400 pass", status: "pass",
    snapshot: withFiles({ "registry-certs": [stat(`${D}/ca.crt`, { mode: 0o444 }), stat(`${D}/client.cert`, { mode: 0o444 }), stat(`${D}/client.key`, { mode: 0o400 })] }) },
  { name: "a certificate 0644 fails (owner write beyond 444)", status: "fail", message: "owner write",
    snapshot: withFiles({ "registry-certs": [stat(`${D}/ca.crt`, { mode: 0o644 })] }) },
  { name: "0430 fails although a decimal compare would pass it", status: "fail",
    snapshot: withFiles({ "registry-certs": [stat(`${D}/ca.crt`, { mode: 0o430 })] }) },
  { name: "a world-readable client key (0444) fails: keys are held to 400", status: "fail", message: "more permissive than 0400 (group read, other read)",
    subjects: { [`${D}/client.cert`]: "pass", [`${D}/client.key`]: "fail" },
    snapshot: withFiles({ "registry-certs": [stat(`${D}/client.cert`, { mode: 0o444 }), stat(`${D}/client.key`, { mode: 0o444 })] }) },
  { name: "no certificate files is not applicable", status: "skip", snapshot: withFiles({ "registry-certs": [] }) },
  { name: "a file that could not be examined is an error", status: "error",
    snapshot: withFiles({ "registry-certs": [{ path: `${D}/ca.crt`, exists: false, error: "EACCES: permission denied" }] }) },
  { name: "a certs.d tree that cannot be listed is an error", status: "error",
    snapshot: withFiles({ "registry-certs": errFact("EACCES", "/etc/docker/certs.d") }) },
  { name: "host files not collected at all: error", status: "error", snapshot: snapshot() },
]);

onRealTree(check, [
  { name: "the registry directories themselves (0755) are not judged as certificates", status: "pass",
    tree: { [D]: { type: "dir", mode: 0o755 }, [`${D}/ca.crt`]: { mode: 0o444 } } },
  { name: "a 0644 client.cert on disk fails", status: "fail", message: "client.cert",
    tree: { [`${D}/ca.crt`]: { mode: 0o444 }, [`${D}/client.cert`]: { mode: 0o644 } } },
  { name: "a certificate reached through a symlink is judged by its target", status: "fail",
    tree: { "/opt/certs/ca.crt": { mode: 0o666 }, [`${D}/ca.crt`]: { type: "link", target: "/opt/certs/ca.crt" } } },
]);
