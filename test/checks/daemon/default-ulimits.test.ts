import { expect } from "chai";
import check from "../../../checks/daemon/default-ulimits.js";
import { checkTable } from "../../support/check-tester.js";
import { effective, errFact, snapshot } from "../../support/fixtures.js";

checkTable(check, [
  { name: "ulimits in daemon.json pass and are listed", status: "pass", message: "nofile=64000:64000, nproc=1024:2048",
    snapshot: snapshot({ settings: { "default-ulimits": { nofile: { Name: "nofile", Soft: 64000, Hard: 64000 }, nproc: { Name: "nproc", Soft: 1024, Hard: 2048 } } } }) },
  { name: "--default-ulimit flags, as the collector maps them, pass", status: "pass", message: "nofile=1024:2048; --default-ulimits",
    snapshot: snapshot({ daemon: { effective: effective({ "default-ulimits": { nofile: { Name: "nofile", Soft: 1024, Hard: 2048 } } }, "flag") } }) },
  { name: "a flag value the collector kept as text is listed as given", status: "pass", message: "core=unlimited",
    snapshot: snapshot({ daemon: { effective: effective({ "default-ulimits": { core: "core=unlimited" } }, "flag") } }) },
  { name: "unset is for a human to judge (CIS: manual)", status: "manual", snapshot: snapshot() },
  { name: "an empty object counts as unset", status: "manual", snapshot: snapshot({ settings: { "default-ulimits": {} } }) },
  { name: "configuration unreadable is an error", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") } }) },
]);

describe("check daemon-default-ulimits metadata", () => {
  it("is manual and not scored, as in CIS", () => {
    expect(check.automated).to.equal(false);
    expect(check.scored).to.equal(false);
  });
});
