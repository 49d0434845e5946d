import { expect } from "chai";
import check from "../../../checks/images/copy-not-add.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, okFact, snapshot } from "../../support/fixtures.js";
import type { ImageHistoryEntry } from "../../../src/snapshot/types.js";

const IMG = "sha256:" + "a".repeat(64);
const BASE = "sha256:" + "b".repeat(64);
const entries = (...newestFirst: string[]) => newestFirst.map((CreatedBy) => ({ Id: "<missing>", CreatedBy }) as ImageHistoryEntry);
const withHistory = (h: ImageHistoryEntry[], images = [image("app:1")]) =>
  snapshot({ containers: [container("app")], images, engine: { imageHistory: okFact({ [IMG]: okFact(h, "GET /images/app/history") }, "GET /images/{id}/history") } });

checkTable(check, [
  { name: "COPY only, on a base root filesystem ADD, passes (Q21)", status: "pass",
    snapshot: withHistory(entries("/bin/sh -c #(nop) COPY dir:3f2a in /app ", "/bin/sh -c #(nop)  CMD [\"bash\"]", "/bin/sh -c #(nop) ADD file:5d1c1a in / ")),
    check: (f) => expect(f[0]!.evidence?.["rootFilesystem"]).to.equal("ADD file:5d1c1a in /") },
  { name: "a BuildKit root filesystem after ARG and LABEL is the base layer", status: "pass",
    snapshot: withHistory(entries("CMD [\"/bin/sh\"] # buildkit", "ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit", "LABEL org.opencontainers.image.version=3.20", "ARG RELEASE")) },
  { name: "an ADD of the image's own fails (classic builder)", status: "fail", message: "1 ADD",
    snapshot: withHistory(entries("/bin/sh -c #(nop) ADD file:9a8b in /app/config.tar ", "/bin/sh -c #(nop) ADD file:5d1c1a in / ")) },
  { name: "an ADD of the image's own fails (BuildKit)", status: "fail",
    snapshot: withHistory(entries("ADD --chown=1000:1000 https://example.com/tool.tgz /opt/ # buildkit", "ADD rootfs.tar.xz / # buildkit")) },
  { name: "a second ADD into / is not the root filesystem", status: "fail",
    snapshot: withHistory(entries("/bin/sh -c #(nop) ADD file:77 in / ", "/bin/sh -c apk add curl", "/bin/sh -c #(nop) ADD file:5d1c1a in / ")) },
  // Q21: substring matching flags ADDRESS.
  { name: "ADDRESS and RUN lines mentioning ADD do not match", status: "pass",
    snapshot: withHistory(entries("/bin/sh -c #(nop)  ENV ADDRESS=0.0.0.0", "/bin/sh -c echo ADD >> /notes", "/bin/sh -c #(nop) ADD file:5d1c1a in / ")) },
  { name: "ADD inside a locally known base image is info", status: "info", message: "base image tools:2",
    snapshot: withHistory(
      [{ Id: IMG, CreatedBy: "/bin/sh -c #(nop) COPY file:1 in /app " }, { Id: BASE, CreatedBy: "/bin/sh -c #(nop) ADD file:2 in /opt/tool " }, { Id: "<missing>", CreatedBy: "/bin/sh -c #(nop) ADD file:5d1c1a in / " }],
      [image("app:1"), image("tools:2", { Id: BASE })]) },
  { name: "an untagged intermediate image on the chain is not a base image", status: "fail",
    snapshot: withHistory(
      [{ Id: IMG, CreatedBy: "/bin/sh -c #(nop) COPY file:1 in /app " }, { Id: BASE, CreatedBy: "/bin/sh -c #(nop) ADD file:2 in /opt/tool " }, { Id: "<missing>", CreatedBy: "/bin/sh -c #(nop) ADD file:5d1c1a in / " }],
      [image("app:1"), image("<none>:<none>", { Id: BASE, RepoTags: [], RepoDigests: [] })]) },
  { name: "history unreadable for the image is an error", status: "error",
    snapshot: snapshot({ containers: [container("app")], images: [image("app:1")], engine: { imageHistory: okFact({ [IMG]: errFact("No such image", "h") }, "h") } }) },
  { name: "history never collected is an error", status: "error", message: "engine.imageHistory was not collected",
    snapshot: snapshot({ containers: [container("app")], images: [image("app:1")] }) },
]);
