import check from "../../../checks/daemon/iptables-allowed.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "unset (default true) passes", status: "pass", snapshot: snapshot() },
  { name: "iptables true passes", status: "pass", snapshot: snapshot({ settings: { iptables: true } }) },
  { name: "iptables false in daemon.json fails (docker-bench under dash ignores it, Q3)", status: "fail",
    message: "/etc/docker/daemon.json", snapshot: snapshot({ settings: { iptables: false } }) },
  { name: "--iptables=false fails", status: "fail", message: "--iptables",
    snapshot: snapshot({ daemon: { effective: effective({ iptables: false }, "flag") } }) },
  { name: "a string \"false\" as the flag parser would give is still false", status: "fail",
    snapshot: snapshot({ daemon: { effective: effective({ iptables: "false" }, "flag") } }) },
  { name: "a value dockerd would not accept is an error", status: "error", snapshot: snapshot({ settings: { iptables: "nope" } }) },
  { name: "configuration unreadable is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") } }) },
]);
