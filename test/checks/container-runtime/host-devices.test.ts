import check from "../../../checks/container-runtime/host-devices.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "no devices passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "explicit devices are listed for a person to confirm", status: "manual", message: "/dev/ttyUSB0:/dev/ttyUSB0:rwm",
    snapshot: snapshot({ containers: [container("iot", { HostConfig: { Devices: [{ PathOnHost: "/dev/ttyUSB0", PathInContainer: "/dev/ttyUSB0", CgroupPermissions: "rwm" }] } })] }) },
  { name: "device cgroup rules grant device access too", status: "manual", message: "c 189:* rmw",
    snapshot: snapshot({ containers: [container("usb", { HostConfig: { DeviceCgroupRules: ["c 189:* rmw"] } })] }) },
  { name: "a privileged container gets every host device", status: "fail", message: "every host device",
    snapshot: snapshot({ containers: [container("priv", { HostConfig: { Privileged: true } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
