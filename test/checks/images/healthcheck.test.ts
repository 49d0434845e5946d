import { expect } from "chai";
import check from "../../../checks/images/healthcheck.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, snapshot } from "../../support/fixtures.js";

const IMG_B = "sha256:" + "b".repeat(64);
const healthy = image("web:1", { Config: { Healthcheck: { Test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] } } });

checkTable(check, [
  { name: "an image in use with a HEALTHCHECK passes", status: "pass", message: "CMD-SHELL",
    snapshot: snapshot({ containers: [container("web")], images: [healthy] }),
    check: (f) => expect(f[0]!.evidence?.["containers"]).to.deep.equal(["web"]) },
  { name: "an image in use without a HEALTHCHECK fails", status: "fail",
    snapshot: snapshot({ containers: [container("web")], images: [image("web:1")] }) },
  { name: "HEALTHCHECK NONE fails", status: "fail", message: "HEALTHCHECK NONE",
    snapshot: snapshot({ containers: [container("web")], images: [image("web:1", { Config: { Healthcheck: { Test: ["NONE"] } } })] }) },
  // Q21: builder and base images nobody runs are not judged.
  { name: "an unused image without a HEALTHCHECK is not judged", status: "pass", subjects: { "web:1": "pass" },
    snapshot: snapshot({ containers: [container("web")], images: [healthy, image("golang:1.22-builder", { Id: IMG_B })] }) },
  { name: "the check does not leak the health command", status: "pass",
    snapshot: snapshot({ containers: [container("web")], images: [healthy] }),
    check: (f) => expect(JSON.stringify(f)).not.to.contain("curl") },
  { name: "an image used by a container but missing from the image list is an error", status: "error",
    snapshot: snapshot({ containers: [container("web", { Image: IMG_B })], images: [healthy] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot({ images: [image("web:1")] }) },
  { name: "images unreadable is an error", status: "error",
    snapshot: snapshot({ containers: [container("web")], engine: { images: errFact("timeout", "GET /images/json") } }) },
]);
