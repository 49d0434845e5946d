import check from "../../../checks/daemon/non-root.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import type { PodmanConfig } from "../../../src/snapshot/types.js";

const PODMAN = { Version: "4.3.1", Components: [{ Name: "Podman Engine", Version: "4.3.1" }] };
const podman = (conf: Omit<PodmanConfig, "files" | "settings">, info: Record<string, unknown> = { SecurityOptions: ["name=seccomp,profile=default"] }) =>
  snapshot({ version: PODMAN, info, engine: { podman: okFact<PodmanConfig>({ ...conf, files: [], settings: {} }, "test") } });
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
  { name: "Podman: a service the kernel shows running as an unprivileged uid passes, though /info does not say rootless (4.3.1)", status: "pass",
    message: "the Podman service runs rootless (podman system service (pid 812) runs as uid 1001 (/proc/812/status))",
    snapshot: podman({ rootless: true, rootlessFrom: "podman system service (pid 812) runs as uid 1001 (/proc/812/status)", service: { pid: 812, uid: 1001 } }) },
  { name: "Podman: a service the kernel shows running as root is manual, naming it, even if /info claimed rootless", status: "manual",
    message: "the Podman service runs as root (podman system service (pid 70) runs as uid 0",
    snapshot: podman({ rootless: false, rootlessFrom: "podman system service (pid 70) runs as uid 0 (/proc/70/status)", service: { pid: 70, uid: 0 } },
      { SecurityOptions: ["name=rootless"] }) },
  { name: "Podman: without its process, name=rootless in /info decides", status: "pass", message: "GET /info SecurityOptions name=rootless",
    snapshot: podman({ rootless: true, rootlessFrom: "GET /info SecurityOptions name=rootless (its podman system service process was not found)" }, { SecurityOptions: ["name=rootless"] }) },
  { name: "Podman: neither its process nor /info shows rootless: manual, not pass", status: "manual", message: "runs as root",
    snapshot: podman({ rootless: false, rootlessFrom: "GET /info has no name=rootless in SecurityOptions and its podman system service process was not found" }) },
  { name: "/info unreadable is an error", status: "error",
    snapshot: snapshot({ engine: { info: errFact("connect ECONNREFUSED", "GET /info") } }) },
]);
