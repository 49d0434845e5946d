import { expect } from "chai";
import check from "../../../checks/images/content-trust.js";
import { checkTable } from "../../support/check-tester.js";
import { snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "is reported as not judged, saying why and that DCT is retired", status: "info",
    message: /DOCKER_CONTENT_TRUST.*daemon neither knows nor enforces.*retired Docker Content Trust/,
    snapshot: snapshot(),
    check: (f) => expect(f).to.have.length(1) },
  { name: "counts nowhere in the score", status: "info", snapshot: snapshot(),
    check: () => { expect(check.scored).to.equal(false); expect(check.automated).to.equal(false); } },
]);
