import { expect } from "chai";
import check from "../../../checks/daemon/seccomp-profile.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";
import { runtime } from "../../support/kernel.js";
import type { ContainerInspect } from "../../../src/snapshot/types.js";

// The kernel against /info: dockerd (started 2026-01-11) started "fresh" after it and "old" before it; neither has a seccomp option.
const started = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd"], matchedBy: "test", rootless: false, startedAt: "2026-01-11T00:00:00.000Z" }, "/proc/100/cmdline");
const fresh = container("fresh", { State: { StartedAt: "2026-01-12T00:00:00Z" } });
const old = container("old", { State: { Pid: 4300, StartedAt: "2026-01-10T10:00:01Z" } });
const privileged = container("priv", { State: { Pid: 4400, StartedAt: "2026-01-12T00:00:00Z" }, HostConfig: { Privileged: true } });
const kernelSays = (seccomp: "disabled" | "filter", ...cs: ContainerInspect[]) =>
  snapshot({ containers: cs, daemon: { process: started }, host: { runtime: runtime(cs.map((c) => [c, { seccomp, seccompFilters: seccomp === "filter" ? 2 : 0 }])) } });

checkTable(check, [
  { name: "kernel: a container the running daemon started without a seccomp option shows Seccomp 0: fail, although /info reports the default profile",
    status: "fail", message: /reports profile=builtin, but the kernel shows no seccomp filter \(Seccomp: 0\) on the init of fresh \(pid 4242\)/,
    snapshot: kernelSays("disabled", fresh), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "kernel", kernel: [{ container: "fresh", pid: 4242, Seccomp: 0 }] }) },
  { name: "kernel: containers started before the running daemon, and privileged ones, are no witnesses of its default", status: "pass",
    snapshot: kernelSays("disabled", old, privileged), check: (f) => expect(f[0]!.evidence!["source"]).to.equal("API") },
  { name: "kernel: a filter on the init agrees (it proves nothing more); /info decides", status: "pass", snapshot: kernelSays("filter", fresh) },
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
