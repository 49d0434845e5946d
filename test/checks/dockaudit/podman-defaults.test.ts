import check from "../../../checks/dockaudit/podman-defaults.js";
import { checkTable } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import type { PodmanConfig } from "../../../src/snapshot/types.js";

const PODMAN = { Version: "4.3.1", Components: [{ Name: "Podman Engine", Version: "4.3.1" }] };
const F = "/etc/containers/containers.conf";
const on = (settings: PodmanConfig["settings"], rootless = false) =>
  snapshot({ version: PODMAN, engine: { podman: okFact<PodmanConfig>({ rootless, files: [F], settings }, "test") } });

const all = (over: Record<string, "pass" | "fail" | "manual">) => ({
  "containers.conf no_new_privileges": "manual", "containers.conf userns": "pass", "containers.conf seccomp_profile": "pass", "containers.conf default_capabilities": "pass", ...over,
} as const);
const hardened: PodmanConfig["settings"] = {
  no_new_privileges: { value: true, file: F }, userns: { value: "auto", file: F },
  default_capabilities: { value: ["CHOWN", "NET_BIND_SERVICE"], file: F },
};

checkTable(check, [
  { name: "a default user namespace, the built-in seccomp profile and safe capabilities pass; no_new_privileges unset fails", status: "fail",
    subjects: all({ "containers.conf no_new_privileges": "fail" }),
    snapshot: on({ ...hardened, no_new_privileges: undefined }) },
  { name: "no_new_privileges = true is not taken as applied (Podman 4.3.1 does not): 5.26 witnesses it per container", status: "manual",
    subjects: all({ "containers.conf no_new_privileges": "manual" }), message: "shows only in its containers (5.26",
    snapshot: on(hardened) },
  { name: "nothing set: no_new_privileges and userns fail (Podman's defaults), seccomp and capabilities pass", status: "fail",
    subjects: { "containers.conf no_new_privileges": "fail", "containers.conf userns": "fail", "containers.conf seccomp_profile": "pass", "containers.conf default_capabilities": "pass" },
    message: "not set (Podman's default is false)", snapshot: on({}) },
  { name: "a rootless service passes userns for being rootless", status: "fail", subjects: all({ "containers.conf no_new_privileges": "fail" }),
    message: "runs rootless", snapshot: on({}, true) },
  { name: "a rootless service names the witness that showed it rootless", status: "fail", subjects: all({ "containers.conf no_new_privileges": "fail" }),
    message: "runs rootless (podman system service (pid 812) runs as uid 1001 (/proc/812/status)), so container root maps to its unprivileged user",
    snapshot: snapshot({ version: PODMAN, engine: { podman: okFact<PodmanConfig>({ rootless: true, rootlessFrom: "podman system service (pid 812) runs as uid 1001 (/proc/812/status)", service: { pid: 812, uid: 1001 }, files: [], settings: {} }, "test") } }) },
  { name: "userns = \"host\" fails", status: "fail", subjects: all({ "containers.conf userns": "fail" }), message: '"host"',
    snapshot: on({ ...hardened, userns: { value: "host", file: F } }) },
  { name: "seccomp_profile = \"unconfined\" fails, naming the file", status: "fail", subjects: all({ "containers.conf seccomp_profile": "fail" }),
    message: `unconfined" (${F})`, snapshot: on({ ...hardened, seccomp_profile: { value: "unconfined", file: F } }) },
  { name: "a dangerous default capability fails, in any spelling", status: "fail", subjects: all({ "containers.conf default_capabilities": "fail" }),
    message: "grants every container SYS_ADMIN, NET_ADMIN", snapshot: on({ ...hardened, default_capabilities: { value: ["chown", "CAP_SYS_ADMIN", "net_admin"], file: F } }) },
  { name: "an unreadable containers.conf is an error, never a pass", status: "error", message: "EACCES",
    snapshot: snapshot({ version: PODMAN, engine: { podman: errFact(`${F} could not be read: EACCES`, F) } }) },
  { name: "not applicable on Docker", status: "skip", message: "not applicable on Docker", snapshot: snapshot() },
]);
