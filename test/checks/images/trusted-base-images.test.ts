import { expect } from "chai";
import check from "../../../checks/images/trusted-base-images.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "asks for a review, naming the images in use and their containers", status: "manual", message: "review where each image in use",
    snapshot: snapshot({ containers: [container("web")], images: [image("web:1")] }),
    check: (f) => expect(f[0]!.evidence?.["imagesInUse"]).to.deep.equal([{ image: "web:1", containers: ["web"] }]) },
  { name: "stays manual with no containers, naming none", status: "manual", snapshot: snapshot(),
    check: (f) => expect(f[0]!.evidence?.["imagesInUse"]).to.deep.equal([]) },
  { name: "stays manual when containers could not be read", status: "manual",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
