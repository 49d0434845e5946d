import { expect } from "chai";
import check from "../../../checks/daemon/seccomp-profile.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, snapshot } from "../../support/fixtures.js";
import { seccompDefaultWitnessCases } from "../../support/kernel.js";

checkTable(check, [
  ...seccompDefaultWitnessCases(),
  { name: "Docker's built-in profile passes", status: "pass", message: "default seccomp profile", snapshot: snapshot() },
  { name: "the 20.10 name for the built-in profile (default) passes", status: "pass",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor", "name=seccomp,profile=default"] } }) },
  { name: "a custom profile passes and is named", status: "pass", message: "/etc/docker/seccomp/strict.json",
    snapshot: snapshot({ info: { SecurityOptions: ["name=seccomp,profile=/etc/docker/seccomp/strict.json"] }, settings: { "seccomp-profile": "/etc/docker/seccomp/strict.json" } }),
    check: (f) => expect(f[0]!.evidence?.profile).to.equal("/etc/docker/seccomp/strict.json") },
  { name: "unconfined fails", status: "fail", message: "unconfined",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor", "name=seccomp,profile=unconfined"] } }) },
  { name: "no seccomp entry means no filtering and fails", status: "fail", message: "no seccomp filtering",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor", "name=cgroupns"] } }) },
  { name: "no SecurityOptions reported is an error", status: "error", snapshot: snapshot({ info: { SecurityOptions: undefined } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);
