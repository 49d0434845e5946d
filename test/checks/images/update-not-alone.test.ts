import { expect } from "chai";
import check from "../../../checks/images/update-not-alone.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, okFact, snapshot } from "../../support/fixtures.js";
import type { ImageHistoryEntry } from "../../../src/snapshot/types.js";

const IMG = "sha256:" + "a".repeat(64);
const BASE = "sha256:" + "b".repeat(64);
const rootfs: ImageHistoryEntry = { Id: "<missing>", CreatedBy: "/bin/sh -c #(nop) ADD file:5d1c1a in / " };
const hist = (...newestFirst: string[]) => newestFirst.map((CreatedBy) => ({ Id: "<missing>", CreatedBy }) as ImageHistoryEntry).concat(rootfs);
const withHistory = (entries: ImageHistoryEntry[], images = [image("app:1")]) =>
  snapshot({ containers: [container("app")], images, engine: { imageHistory: okFact({ [IMG]: okFact(entries, "GET /images/app/history") }, "GET /images/{id}/history") } });

checkTable(check, [
  { name: "update and install in one RUN passes (Q21)", status: "pass",
    snapshot: withHistory(hist("/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*")) },
  { name: "a lone apt-get update fails", status: "fail", message: "apt-get update",
    snapshot: withHistory(hist("/bin/sh -c apt-get install -y curl", "/bin/sh -c apt-get update")),
    check: (f) => expect(f[0]!.evidence?.["updatesAlone"]).to.deep.equal(["RUN apt-get update"]) },
  { name: "BuildKit entries with build args are read", status: "fail", message: "apk update",
    snapshot: withHistory(hist("RUN |1 VERSION=3 /bin/sh -c apk update # buildkit")) },
  { name: "yum update -y alone fails", status: "fail", snapshot: withHistory(hist("/bin/sh -c yum update -y && yum clean all")) },
  { name: "update and upgrade with no install is still alone", status: "fail", message: "apt-get update, apt-get upgrade",
    snapshot: withHistory(hist("/bin/sh -c apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*")) },
  { name: "zypper refresh alone fails, pacman -Syu with packages installs", status: "fail", subjects: { "app:1": "fail" }, message: "zypper refresh",
    snapshot: withHistory(hist("/bin/sh -c pacman -Syu --noconfirm git", "/bin/sh -c zypper --non-interactive refresh")) },
  { name: "exec-form RUN is read too", status: "fail", snapshot: withHistory(hist('RUN ["apk","update"] # buildkit')) },
  { name: "apk add --update installs, so it passes", status: "pass", snapshot: withHistory(hist("/bin/sh -c apk add --update --no-cache curl")) },
  { name: "options and env prefixes do not hide the subcommand", status: "pass",
    snapshot: withHistory(hist("/bin/sh -c DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 update && sudo -E apt-get -q install -y git")) },
  { name: "the word update elsewhere does not count (Q21)", status: "pass",
    snapshot: withHistory(hist("/bin/sh -c ./scripts/update-config.sh --update", "/bin/sh -c #(nop)  LABEL note=update")) },
  { name: "a lone update in a locally known base image is info, not fail", status: "info", message: "base image debian:12",
    snapshot: withHistory(
      [{ Id: IMG, CreatedBy: "/bin/sh -c apt-get install -y curl" }, { Id: BASE, CreatedBy: "/bin/sh -c apt-get update" }, rootfs],
      [image("app:1"), image("debian:12", { Id: BASE })]) },
  { name: "history not collected for the image is an error for that image", status: "error", message: "was not collected",
    snapshot: snapshot({ containers: [container("app")], images: [image("app:1")], engine: { imageHistory: okFact({}, "GET /images/{id}/history") } }) },
  { name: "history unreadable for the image is an error", status: "error", message: "No such image",
    snapshot: snapshot({ containers: [container("app")], images: [image("app:1")], engine: { imageHistory: okFact({ [IMG]: errFact("No such image", "GET /images/x/history") }, "h") } }) },
  { name: "the history slice unreadable is an error", status: "error",
    snapshot: snapshot({ containers: [container("app")], images: [image("app:1")], engine: { imageHistory: errFact("daemon timeout", "h") } }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot({ engine: { imageHistory: okFact({}, "h") } }) },
]);
