import check from "../../../checks/daemon/cgroup-parent-default.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "unset passes", status: "pass", snapshot: snapshot() },
  { name: "set in daemon.json is read and left for confirmation (docker-bench never reads it, Q8)", status: "manual",
    message: 'cgroup parent "/custom" ("cgroup-parent" in /etc/docker/daemon.json)', snapshot: snapshot({ settings: { "cgroup-parent": "/custom" } }) },
  { name: "set by --cgroup-parent is left for confirmation", status: "manual", message: "--cgroup-parent",
    snapshot: snapshot({ daemon: { effective: effective({ "cgroup-parent": "batch.slice" }, "flag") } }) },
  { name: "configuration unreadable is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") } }) },
]);
