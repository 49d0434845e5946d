import { expect } from "chai";
import check from "../../../checks/images/signed-artifacts.js";
import { checkTable } from "../../support/check-tester.js";
import { container, image, snapshot } from "../../support/fixtures.js";

const B = "sha256:" + "b".repeat(64);

checkTable(check, [
  { name: "images pulled by digest: a review is still needed", status: "manual", message: "1 image(s) in use",
    snapshot: snapshot({ containers: [container("web")], images: [image("nginx:1.27", { RepoDigests: ["nginx@sha256:" + "c".repeat(64)] })] }),
    check: (f) => expect(f[0]!.message).not.to.contain("no registry digest") },
  { name: "locally built images without a digest are pointed out", status: "manual", message: "have no registry digest (built or loaded locally): app:dev",
    snapshot: snapshot({ containers: [container("web"), container("app", { Image: B })],
      images: [image("nginx:1.27", { RepoDigests: ["nginx@sha256:" + "c".repeat(64)] }), image("app:dev", { Id: B, RepoDigests: [] })] }) },
  { name: "no containers: nothing to review but still manual", status: "manual", message: "0 image(s)", snapshot: snapshot() },
]);
