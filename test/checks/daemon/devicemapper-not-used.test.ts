import { expect } from "chai";
import check from "../../../checks/daemon/devicemapper-not-used.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "overlay2 passes", status: "pass", snapshot: snapshot({ info: { Driver: "overlay2" } }) },
  { name: "devicemapper fails", status: "fail", message: "removed in Engine 25.0", snapshot: snapshot({ info: { Driver: "devicemapper" } }) },
  { name: "no driver reported is an error", status: "error", snapshot: snapshot({ info: { Driver: undefined } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);

describe("check daemon-devicemapper-not-used numbering", () => {
  it("exists only in v1.8.0, as 2.7", () => expect(check.cis).to.deep.equal({ "1.8.0": "2.7" }));
});
