import { expect } from "chai";
import check from "../../../checks/container-runtime/no-new-privileges.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";
import { runtime } from "../../support/kernel.js";

// An engine before 24.0: /info does not list no-new-privileges, so only the configuration or the kernel can tell.
const OLD = { Version: "20.10.24" };
const opts = (SecurityOpt: string[] | null, settings: Record<string, unknown> = {}) =>
  snapshot({ settings, version: OLD, containers: [container("web", { HostConfig: { SecurityOpt } })] });
const web = container("web");
const optIn = container("optin", { HostConfig: { SecurityOpt: ["no-new-privileges"] } });
const daemonStartedAt = (startedAt: string) => okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd"], matchedBy: "test", rootless: false, startedAt }, "/proc/100/cmdline");
const changedConfig = okFact({ path: "/etc/docker/daemon.json", present: true, content: { "no-new-privileges": true }, modifiedAt: "2026-01-12T00:00:00.000Z" }, "/etc/docker/daemon.json");
const nnpInfo = { SecurityOptions: ["name=seccomp,profile=builtin", "name=no-new-privileges"] };

checkTable(check, [
  { name: "the bare option passes", status: "pass", snapshot: opts(["no-new-privileges"]) },
  { name: "no-new-privileges=true passes", status: "pass", snapshot: opts(["no-new-privileges=true"]) },
  { name: "the legacy no-new-privileges:true form passes", status: "pass", snapshot: opts(["no-new-privileges:true"]) },
  { name: "no option and no daemon default fails", status: "fail", message: "daemon does not set it", snapshot: opts(null) },
  { name: "no-new-privileges=false is not the option being set (substring trap)", status: "fail", message: "turns it off", snapshot: opts(["no-new-privileges=false"]) },
  { name: "no-new-privileges:false fails", status: "fail", snapshot: opts(["no-new-privileges:false"]) },
  { name: "the daemon default from daemon.json covers containers without an option", status: "pass", message: "inherits",
    snapshot: opts(null, { "no-new-privileges": true }) },
  { name: "the daemon default from the command line (a string) covers them too", status: "pass",
    snapshot: snapshot({ settings: { "no-new-privileges": "true" }, version: OLD, containers: [container("web")] }) },
  { name: "an engine from 24.0 that does not list it in /info has it off, whatever daemon.json says", status: "fail", message: "GET /info",
    snapshot: snapshot({ settings: { "no-new-privileges": true }, containers: [container("web")] }) },
  { name: "the daemon default seen in docker info covers them", status: "pass", message: "GET /info",
    snapshot: snapshot({ info: nnpInfo, containers: [container("web")] }) },
  { name: "a container overriding the daemon default with =false fails", status: "fail", subjects: { web: "pass", escape: "fail" },
    snapshot: snapshot({ settings: { "no-new-privileges": true }, info: nnpInfo,
      containers: [container("web"), container("escape", { HostConfig: { SecurityOpt: ["no-new-privileges=false"] } })] }) },
  { name: "the last option given wins, as in dockerd", status: "pass", snapshot: opts(["no-new-privileges=false", "no-new-privileges=true"]) },
  { name: "without any daemon facts a container with no option cannot be judged, and the error says why", status: "error",
    message: "the daemon's default could not be read: unknown daemon process: cannot prove which process serves unix:///var/run/docker.sock: /proc/9/fd unreadable (needs root or CAP_SYS_PTRACE)",
    snapshot: snapshot({ daemon: { effective: errFact("unknown daemon process: cannot prove which process serves unix:///var/run/docker.sock: /proc/9/fd unreadable (needs root or CAP_SYS_PTRACE)", "/proc/PID/fd") }, engine: { info: errFact("EACCES", "GET /info") },
      containers: [container("web")] }) },
  { name: "an explicit option is still judged when the daemon facts are unreadable", status: "pass",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") }, engine: { info: errFact("EACCES", "GET /info") },
      containers: [container("web", { HostConfig: { SecurityOpt: ["no-new-privileges"] } })] }) },
  { name: "an unreadable daemon configuration on an engine before 24.0 is an error, not a failure (as 2.15 says)", status: "error",
    snapshot: snapshot({ version: OLD, daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") }, containers: [web] }) },
  // The kernel decides.
  { name: "kernel: NoNewPrivs 0 fails although daemon.json (changed after dockerd started) says true", status: "fail",
    message: /kernel shows NoNewPrivs: 0.*configuration disagrees/,
    snapshot: snapshot({ settings: { "no-new-privileges": true }, version: OLD, containers: [web], host: { runtime: runtime([[web, { noNewPrivs: false }]]) } }),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "kernel", kernel: { NoNewPrivs: 0, pid: 4242, read: "/proc/4242/status" } }) },
  { name: "kernel: NoNewPrivs 1 passes although no option and no daemon default say so (a container created under an older default)", status: "pass",
    message: /kernel enforces no_new_privs.*configuration disagrees/,
    snapshot: snapshot({ version: OLD, containers: [web], host: { runtime: runtime([[web, { noNewPrivs: true }]]) } }),
    check: (f) => expect(f[0]!.evidence!["source"]).to.equal("kernel") },
  { name: "kernel: NoNewPrivs 1 passes even when the daemon configuration is unreadable", status: "pass",
    snapshot: snapshot({ version: OLD, daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") }, containers: [web], host: { runtime: runtime([[web, { noNewPrivs: true }]]) } }) },
  { name: "kernel: a container whose init could not be read is judged on inspect, saying why", status: "fail", subjects: { web: "fail", optin: "pass" },
    snapshot: snapshot({ version: OLD, containers: [web, optIn], host: { runtime: runtime([[web, "process 4242 is gone (it exited during the audit)"], [optIn, "EACCES"]]) } }),
    check: (f) => {
      expect(f[1]!.evidence).to.deep.include({ source: "inspect", kernel: { unavailable: "EACCES" } });
      expect(f[0]!.evidence!["source"]).to.equal("daemon.json");
    } },
  { name: "kernel: NoNewPrivs 1 on an init whose container turns it off stands failed unless dockerd itself has it (docker exec lacks it)", status: "fail",
    message: /turns it off .*docker exec.*NoNewPrivs: 1/, snapshot: snapshot({ version: OLD, containers: [container("web", { HostConfig: { SecurityOpt: ["no-new-privileges=false"] } })],
      host: { runtime: runtime([[container("web", { HostConfig: { SecurityOpt: ["no-new-privileges=false"] } }), { noNewPrivs: true }]]) } }),
    check: (f) => expect(f[0]!.evidence!["source"]).to.equal("inspect") },
  { name: "kernel: ... and passes when dockerd runs with no_new_privs, so everything it starts has it", status: "pass",
    snapshot: snapshot({ version: OLD, containers: [container("web", { HostConfig: { SecurityOpt: ["no-new-privileges=false"] } })],
      host: { runtime: runtime([[container("web", { HostConfig: { SecurityOpt: ["no-new-privileges=false"] } }), { noNewPrivs: true }]], { noNewPrivs: true }) } }) },
  { name: "no kernel view: a daemon.json changed after dockerd started cannot prove the default", status: "error", message: "may not be in effect",
    snapshot: snapshot({ settings: { "no-new-privileges": true }, version: OLD, containers: [container("web", { Created: "2026-01-13T00:00:00Z" })],
      daemon: { process: daemonStartedAt("2026-01-11T00:00:00.000Z"), configFile: changedConfig } }) },
  { name: "no kernel view: a container created before the running dockerd started may keep an older default", status: "error", message: "created before the running dockerd started",
    snapshot: snapshot({ settings: { "no-new-privileges": true }, version: OLD, containers: [container("web", { Created: "2026-01-10T00:00:00Z" })],
      daemon: { process: daemonStartedAt("2026-01-11T00:00:00.000Z") } }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
