import { expect } from "chai";
import check from "../../../checks/container-runtime/exec-privileged.js";
import { checkTable } from "../../support/check-tester.js";
import { container, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "exec history is not in the Engine API, so a person reviews the audit log", status: "manual", message: "audit log",
    snapshot: snapshot({ containers: [container("web")] }),
    check: (f) => expect(f.map((x) => x.subject.kind)).to.deep.equal(["daemon"]) },
  { name: "it is asked even with no container running (exec history outlives containers)", status: "manual", snapshot: snapshot() },
]);

describe("container-exec-privileged metadata", () => {
  it("is not scored, since dockaudit cannot decide it", () => expect(check.scored).to.equal(false));
});
