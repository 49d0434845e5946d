import { expect } from "chai";
import check from "../../../checks/container-runtime/exec-user-root.js";
import { checkTable } from "../../support/check-tester.js";
import { container, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "exec history is not in the Engine API, so a person reviews the audit log", status: "manual", message: "--user=root",
    snapshot: snapshot({ containers: [container("web")] }) },
  { name: "it is asked even with no container running", status: "manual", snapshot: snapshot() },
]);

describe("container-exec-user-root metadata", () => {
  it("is not scored", () => expect(check.scored).to.equal(false));
});
