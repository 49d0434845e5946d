import check from "../../../checks/daemon/non-root.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";

const rootlessProc = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["dockerd"], matchedBy: "test", rootless: true }, "/proc/100/status");

checkTable(check, [
  { name: "a daemon reporting name=rootless passes", status: "pass",
    snapshot: snapshot({ info: { SecurityOptions: ["name=seccomp,profile=builtin", "name=rootless", "name=cgroupns"] } }) },
  { name: "a rootless process passes even when /info does not say so", status: "pass",
    snapshot: snapshot({ daemon: { process: rootlessProc } }) },
  { name: "names the rootlesskit and the network process it runs under", status: "pass",
    message: "under rootlesskit pid 90, network by slirp4netns pid 95",
    snapshot: snapshot({ daemon: { process: okFact({ ...(rootlessProc.ok ? rootlessProc.value : ({} as never)), rootlessKit: { pid: 90, net: "slirp4netns", networkProcess: { pid: 95, name: "slirp4netns" } } }, "/proc/100/status") } }) },
  { name: "a root daemon is left to a human (CIS marks it manual), not failed", status: "manual", message: "runs as root",
    snapshot: snapshot() },
  { name: "an unreadable process does not make a root daemon pass", status: "manual",
    snapshot: snapshot({ daemon: { process: errFact("EACCES", "/proc/100/status") } }) },
  { name: "/info unreadable is an error", status: "error",
    snapshot: snapshot({ engine: { info: errFact("connect ECONNREFUSED", "GET /info") } }) },
]);
