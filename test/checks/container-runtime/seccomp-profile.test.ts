import check from "../../../checks/container-runtime/seccomp-profile.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const opts = (...SecurityOpt: string[]) => snapshot({ containers: [container("web", { HostConfig: { SecurityOpt } })] });

checkTable(check, [
  { name: "the daemon's default profile (no option) passes", status: "pass", message: "builtin", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "a custom profile passes", status: "pass", message: "custom", snapshot: opts('seccomp={"defaultAction":"SCMP_ACT_ERRNO"}') },
  { name: "seccomp=unconfined fails", status: "fail", message: "seccomp=unconfined", snapshot: opts("seccomp=unconfined") },
  { name: "the legacy seccomp:unconfined form fails too", status: "fail", message: "seccomp:unconfined", snapshot: opts("seccomp:unconfined") },
  { name: "a privileged container has seccomp off", status: "fail", message: "privileged",
    snapshot: snapshot({ containers: [container("priv", { HostConfig: { Privileged: true } })] }) },
  { name: "a daemon whose default profile is unconfined leaves containers unfiltered", status: "fail", message: "unconfined",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor", "name=seccomp,profile=unconfined"] }, containers: [container("web")] }) },
  { name: "a daemon without seccomp support leaves containers unfiltered", status: "fail", message: "does not support seccomp",
    snapshot: snapshot({ info: { SecurityOptions: ["name=apparmor"] }, containers: [container("web")] }) },
  { name: "a daemon that reports no security options cannot be judged", status: "error",
    snapshot: snapshot({ info: { SecurityOptions: undefined }, containers: [container("web")] }) },
  { name: "info unreadable is an error for a container that relies on the daemon default", status: "error", message: "EACCES",
    snapshot: snapshot({ engine: { info: errFact("EACCES", "GET /info") }, containers: [container("web")] }) },
  { name: "info unreadable still lets an explicit opt-out be judged", status: "fail", subjects: { web: "error", loose: "fail" },
    snapshot: snapshot({ engine: { info: errFact("EACCES", "GET /info") },
      containers: [container("web"), container("loose", { HostConfig: { SecurityOpt: ["seccomp=unconfined"] } })] }) },
]);
