import check from "../../../checks/daemon/icc-disabled.js";
import { checkTable } from "../../support/check-tester.js";
import { bridgeNetwork, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "icc disabled on the default bridge passes", status: "pass",
    snapshot: snapshot({ networks: [bridgeNetwork({ "com.docker.network.bridge.enable_icc": "false" })] }) },
  { name: "icc disabled written as a Go boolean \"0\" passes (libnetwork parses it with strconv.ParseBool)", status: "pass",
    snapshot: snapshot({ networks: [bridgeNetwork({ "com.docker.network.bridge.enable_icc": "0" })] }) },
  { name: "icc enabled (the default) fails", status: "fail", message: "icc is enabled",
    snapshot: snapshot({ networks: [bridgeNetwork()] }) },
  { name: "daemon.json saying icc:false does not pass when the bridge still has icc on", status: "fail",
    snapshot: snapshot({ settings: { icc: false }, networks: [bridgeNetwork({ "com.docker.network.bridge.enable_icc": "true" })] }) },
  { name: "no default bridge (--bridge=none) is not applicable", status: "skip", snapshot: snapshot({ networks: [] }) },
  { name: "networks unreadable is an error, never a pass", status: "error", message: "permission denied",
    snapshot: snapshot({ engine: { networks: errFact("permission denied", "GET /networks") } }) },
]);
