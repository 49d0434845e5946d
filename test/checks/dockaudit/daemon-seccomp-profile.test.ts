import { expect } from "chai";
import check from "../../../checks/dockaudit/daemon-seccomp-profile.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";
import { runtime } from "../../support/kernel.js";
import type { ContainerInspect } from "../../../src/snapshot/types.js";

const secopts = (...SecurityOptions: string[]) => snapshot({ info: { SecurityOptions } });
const noKernelSeccomp = okFact({ procStatus: false, kernelConfig: "n" as const, actionsAvail: null }, "/proc/self/status");

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
  { name: "the built-in profile (23.0+) passes", status: "pass", snapshot: secopts("name=apparmor", "name=seccomp,profile=builtin") },
  { name: "the default profile (20.10) passes", status: "pass", snapshot: secopts("name=seccomp,profile=default") },
  { name: "a custom profile passes, named", status: "pass", message: "/etc/docker/seccomp.json",
    snapshot: snapshot({ info: { SecurityOptions: ["name=seccomp,profile=/etc/docker/seccomp.json"] }, settings: { "seccomp-profile": "/etc/docker/seccomp.json" } }) },
  { name: "unconfined fails", status: "fail", message: "profile=unconfined", snapshot: secopts("name=seccomp,profile=unconfined") },
  { name: "no seccomp while the kernel supports it fails", status: "fail", message: "kernel supports seccomp", snapshot: secopts("name=apparmor") },
  { name: "no seccomp on a kernel without it is not applicable", status: "skip",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor"] }, host: { seccomp: noKernelSeccomp } }) },
  { name: "no seccomp and kernel support unreadable is an error", status: "error",
    snapshot: snapshot({ info: { SecurityOptions: [] }, host: { seccomp: errFact("EACCES", "/proc/self/status") } }) },
  { name: "no seccomp and kernel support unknown is an error", status: "error",
    snapshot: snapshot({ info: { SecurityOptions: [] }, host: { seccomp: okFact({ procStatus: null, kernelConfig: null, actionsAvail: null }, "/proc") } }) },
  { name: "info unreadable is an error", status: "error", snapshot: snapshot({ engine: { info: errFact("EOF", "GET /info") } }) },
]);
