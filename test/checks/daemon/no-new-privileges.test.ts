import check from "../../../checks/daemon/no-new-privileges.js";
import { checkTable } from "../../support/check-tester.js";
import { expect } from "chai";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";
import { runtime } from "../../support/kernel.js";
import containerCheck from "../../../checks/container-runtime/no-new-privileges.js";
import { runCase } from "../../support/check-tester.js";
import type { Snapshot } from "../../../src/snapshot/types.js";

const base = ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"];
const old = { ServerVersion: "20.10.24", SecurityOptions: ["name=apparmor", "name=seccomp,profile=default"] };
const started = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd"], matchedBy: "test", rootless: false, startedAt: "2026-01-11T00:00:00.000Z" }, "/proc/100/cmdline");
const changedConfig = okFact({ path: "/etc/docker/daemon.json", present: true, content: { "no-new-privileges": true }, modifiedAt: "2026-01-12T00:00:00.000Z" }, "/etc/docker/daemon.json");
const fresh = container("fresh", { Created: "2026-01-13T00:00:00Z" });
const before = container("before", { Created: "2026-01-10T00:00:00Z", State: { Pid: 4300 } });
const optOut = container("optout", { Created: "2026-01-13T00:00:00Z", State: { Pid: 4400 }, HostConfig: { SecurityOpt: ["no-new-privileges=false"] } });
// The case, verified on 20.10: dockerd started without it, daemon.json gained it afterwards, a new container shows NoNewPrivs 0.
const edited = (nnp: boolean): Snapshot => snapshot({
  info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": true }, containers: [fresh, before, optOut],
  daemon: { process: started, configFile: changedConfig },
  host: { runtime: runtime([[fresh, { noNewPrivs: nnp }], [before, { noNewPrivs: !nnp }], [optOut, { noNewPrivs: false }]]) },
});

checkTable(check, [
  { name: "name=no-new-privileges reported by the daemon passes", status: "pass",
    snapshot: snapshot({ info: { SecurityOptions: [...base, "name=no-new-privileges"] } }) },
  { name: "an engine from 24.0 that does not report it fails", status: "fail", message: "not set", snapshot: snapshot() },
  { name: "configured true but not reported by a 24.0+ engine fails: not applied", status: "fail", message: "restart",
    snapshot: snapshot({ settings: { "no-new-privileges": true } }) },
  { name: "an older engine (no report) with true in daemon.json passes on the configuration", status: "pass", message: "configuration decides",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": true } }) },
  { name: "false must not pass: the setting mentions the option but turns it off", status: "fail", message: "no-new-privileges is false",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": false } }) },
  { name: "a string \"false\" is false too", status: "fail",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": "false" } }) },
  { name: "a profile path containing the name is not the option", status: "fail",
    snapshot: snapshot({ info: { SecurityOptions: ["name=seccomp,profile=/etc/docker/no-new-privileges.json"] } }) },
  { name: "a 24.0+ engine decides alone when the configuration is out of reach", status: "fail", message: "does not report it",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "an older engine with the configuration unreadable is an error", status: "error",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, daemon: { effective: errFact("EACCES", "/proc/100/cmdline") } }) },
  { name: "kernel: a container the running daemon created without an option shows NoNewPrivs 0: fail, although daemon.json says true", status: "fail",
    message: /configured .* but not in effect: the kernel shows NoNewPrivs: 0 for fresh \(pid 4242\)/, snapshot: edited(false),
    check: (f) => expect(f[0]!.evidence!["source"]).to.equal("kernel") },
  { name: "kernel: NoNewPrivs 1 on such a container passes; older containers and opt-outs are no witnesses", status: "pass",
    message: "NoNewPrivs: 1 for fresh (pid 4242)", snapshot: edited(true) },
  { name: "no kernel witness: a daemon.json changed after dockerd started cannot prove it", status: "error", message: "may not be in effect",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": true }, daemon: { process: started, configFile: changedConfig } }) },
  { name: "kernel of unknown age: true in daemon.json, a container without an option shows NoNewPrivs 0 and dockerd's start is unread: error, not pass",
    status: "error", message: /configuration says no-new-privileges is on, but the kernel shows NoNewPrivs: 0 for fresh \(pid 4242\).*start time was not read/,
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": true }, containers: [fresh], host: { runtime: runtime([[fresh, { noNewPrivs: false }]]) } }),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "kernel", kernel: [{ container: "fresh", pid: 4242, NoNewPrivs: 0 }] }) },
  { name: "kernel of unknown age agreeing with the configuration: the configuration decides", status: "pass", message: "configuration decides",
    snapshot: snapshot({ info: old, version: { Version: "20.10.24" }, settings: { "no-new-privileges": true }, containers: [fresh], host: { runtime: runtime([[fresh, { noNewPrivs: true }]]) } }) },
  { name: "kernel of unknown age does not outrank the API: the running daemon's current default decides (that container predates it)", status: "pass",
    message: "sets no-new-privileges for containers by default",
    snapshot: snapshot({ info: { SecurityOptions: [...base, "name=no-new-privileges"] }, containers: [fresh], host: { runtime: runtime([[fresh, { noNewPrivs: false }]]) } }) },
  { name: "/info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("timeout", "GET /info") } }) },
]);

describe("2.15 and 5.26 agree on one snapshot", () => {
  for (const nnp of [false, true]) {
    it(`daemon.json gained no-new-privileges after dockerd started, the kernel shows NoNewPrivs ${nnp ? 1 : 0}`, () => {
      const snap = edited(nnp);
      const daemon = runCase(check, { name: "", snapshot: snap, status: "pass" });
      const byName = Object.fromEntries(runCase(containerCheck, { name: "", snapshot: snap, status: "pass" }).map((f) => [f.subject.name, f.status]));
      expect(daemon[0]!.status).to.equal(nnp ? "pass" : "fail");
      expect(byName["fresh"]).to.equal(daemon[0]!.status);
      expect(byName["optout"]).to.equal("fail");
    });
  }
});
