import check from "../../../checks/daemon/no-new-privileges.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

const base = ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"];
const old = { ServerVersion: "20.10.24", SecurityOptions: ["name=apparmor", "name=seccomp,profile=default"] };

checkTable(check, [
  { name: "name=no-new-privileges reported by the daemon passes", status: "pass",
    snapshot: snapshot({ info: { SecurityOptions: [...base, "name=no-new-privileges"] } }) },
  { name: "an engine from 24.0 that does not report it fails", status: "fail", message: "not set", snapshot: snapshot() },
  { name: "configured true but not reported by a 24.0+ engine fails: not applied", status: "fail", message: "restart",
    snapshot: snapshot({ settings: { "no-new-privileges": true } }) },
  { name: "an older engine (no report) with true in daemon.json passes on the configuration", status: "pass", message: "configuration decides",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": true } }) },
  { name: "false must not pass: the setting mentions the option but turns it off", status: "fail", message: "no-new-privileges is false",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": false } }) },
  { name: "a string \"false\" is false too", status: "fail",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": "false" } }) },
  { name: "a profile path containing the name is not the option", status: "fail",
    snapshot: snapshot({ info: { SecurityOptions: ["name=seccomp,profile=/etc/docker/no-new-privileges.json"] } }) },
  { name: "a 24.0+ engine decides alone when the configuration is out of reach", status: "fail", message: "does not report it",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "an older engine with the configuration unreadable is an error", status: "error",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
