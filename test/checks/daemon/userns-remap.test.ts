import check from "../../../checks/daemon/userns-remap.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

const opts = (...extra: string[]) => ({ SecurityOptions: ["name=apparmor", "name=seccomp,profile=builtin", ...extra] });

checkTable(check, [
  { name: "name=userns reported by the daemon passes", status: "pass", message: "userns-remap",
    snapshot: snapshot({ info: opts("name=userns"), settings: { "userns-remap": "default" } }) },
  { name: "it passes on the daemon's word even when the configuration is out of reach", status: "pass",
    snapshot: snapshot({ info: opts("name=userns"), daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "a rootless daemon passes", status: "pass", message: "rootless", snapshot: snapshot({ info: opts("name=rootless") }) },
  { name: "no remapping fails", status: "fail", message: "root in a container is root on the host", snapshot: snapshot({ info: opts() }) },
  { name: "configured but not applied by the running daemon fails", status: "fail", message: "restart",
    snapshot: snapshot({ info: opts(), settings: { "userns-remap": "default" } }) },
  { name: "no SecurityOptions reported is an error", status: "error", snapshot: snapshot({ info: { SecurityOptions: undefined } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
