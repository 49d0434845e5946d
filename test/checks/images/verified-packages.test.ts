import { expect } from "chai";
import check from "../../../checks/images/verified-packages.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, image, okFact, snapshot } from "../../support/fixtures.js";

const IMG = "sha256:" + "a".repeat(64);
const withRun = (...cmds: string[]) => snapshot({
  containers: [container("app")], images: [image("app:1")],
  engine: { imageHistory: okFact({ [IMG]: okFact(cmds.map((c) => ({ CreatedBy: `/bin/sh -c ${c}` })), "h") }, "h") },
});

checkTable(check, [
  { name: "verified installs: manual review with nothing pointed out", status: "manual",
    snapshot: withRun("apt-get update && apt-get install -y curl"),
    check: (f) => expect(f[0]!.evidence?.["verificationDisabled"]).to.deep.equal([]) },
  { name: "installs that skip verification are named for the reviewer", status: "manual", message: "2 build instruction(s) disable",
    snapshot: withRun("apt-get install -y --allow-unauthenticated foo", "yum install --nogpgcheck -y bar", "apk add --no-cache baz"),
    check: (f) => expect((f[0]!.evidence?.["verificationDisabled"] as unknown[]).length).to.equal(2) },
  { name: "an option that merely starts the same way does not count", status: "manual",
    snapshot: withRun("dockerd --insecure-registry=r:5000 --version"),
    check: (f) => expect(f[0]!.evidence?.["verificationDisabled"]).to.deep.equal([]) },
  { name: "unreadable history is said, not taken as clean", status: "manual", message: "history unreadable for app:1",
    snapshot: snapshot({ containers: [container("app")], images: [image("app:1")], engine: { imageHistory: errFact("timeout", "h") } }) },
]);
