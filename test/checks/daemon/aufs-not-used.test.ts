import check from "../../../checks/daemon/aufs-not-used.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "overlay2 passes", status: "pass", snapshot: snapshot({ info: { Driver: "overlay2" } }) },
  { name: "devicemapper is not aufs (it has its own check in v1.8.0)", status: "pass", snapshot: snapshot({ info: { Driver: "devicemapper" } }) },
  { name: "aufs fails", status: "fail", message: "aufs", snapshot: snapshot({ info: { Driver: "aufs" } }) },
  { name: "no driver reported is an error", status: "error", snapshot: snapshot({ info: { Driver: undefined } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
