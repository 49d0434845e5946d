import check from "../../../checks/daemon/base-device-size.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "no storage options passes", status: "pass", snapshot: snapshot() },
  { name: "other storage options pass", status: "pass", snapshot: snapshot({ settings: { "storage-opts": ["overlay2.size=10G"] } }) },
  { name: "dm.basesize in daemon.json fails", status: "fail", message: "dm.basesize=20G",
    snapshot: snapshot({ settings: { "storage-opts": ["dm.thinpooldev=/dev/mapper/pool", "dm.basesize=20G"] } }) },
  { name: "--storage-opt dm.basesize fails", status: "fail", message: "--storage-opts",
    snapshot: snapshot({ daemon: { effective: effective({ "storage-opts": ["dm.basesize=50G"] }, "flag") } }) },
  { name: "configuration unreadable is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") } }) },
]);
