import { expect } from "chai";
import check from "../../../checks/operations/image-sprawl.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, snapshot } from "../../support/fixtures.js";

const id = (c: string) => "sha256:" + c.repeat(64);
const four = [image("web:1", { Id: id("a") }), image("db:1", { Id: id("b") }), image("old:1", { Id: id("c") }), image("<none>:<none>", { Id: id("d"), RepoTags: [] })];

checkTable(check, [
  { name: "reports images in use and unused", status: "info", message: "4 image(s): 2 in use by a container, 2 unused (1 untagged)",
    snapshot: snapshot({ images: four, containers: [container("web", { Image: id("a") }), container("db", { Image: id("b") })] }),
    check: (f) => expect(f[0]!.evidence).to.deep.equal({ images: 4, inUse: 2, unused: 2, dangling: 1 }) },
  { name: "images of stopped containers count as in use", status: "info", message: "2 in use",
    snapshot: snapshot({ images: four, containers: [container("web", { Image: id("a") }), container("db", { Image: id("b"), State: { Running: false, Status: "exited" } })] }) },
  { name: "notes when fewer than half are in use", status: "info", message: "fewer than half are in use (only 1 of 4)",
    snapshot: snapshot({ images: four, containers: [container("web", { Image: id("a") })] }) },
  { name: "no images at all", status: "info", message: "0 image(s)", snapshot: snapshot() },
  { name: "is never scored", status: "info", snapshot: snapshot(), check: () => expect(check.scored ?? check.automated).to.equal(false) },
  { name: "images unreadable is an error", status: "error", snapshot: snapshot({ engine: { images: errFact("EOF", "GET /images/json") } }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EOF", "GET /containers/json") }) },
]);
