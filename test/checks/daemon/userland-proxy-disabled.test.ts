import check from "../../../checks/daemon/userland-proxy-disabled.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "userland-proxy false in daemon.json passes", status: "pass", snapshot: snapshot({ settings: { "userland-proxy": false } }) },
  { name: "--userland-proxy=false passes", status: "pass", message: "--userland-proxy",
    snapshot: snapshot({ daemon: { effective: effective({ "userland-proxy": "false" }, "flag") } }) },
  { name: "unset (default true) fails", status: "fail", message: "default is true", snapshot: snapshot() },
  { name: "explicitly true fails", status: "fail", snapshot: snapshot({ settings: { "userland-proxy": true } }) },
  { name: "configuration unreadable is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
]);
