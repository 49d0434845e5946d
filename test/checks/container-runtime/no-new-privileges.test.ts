import check from "../../../checks/container-runtime/no-new-privileges.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const opts = (SecurityOpt: string[] | null, settings: Record<string, unknown> = {}) =>
  snapshot({ settings, containers: [container("web", { HostConfig: { SecurityOpt } })] });
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
    snapshot: snapshot({ settings: { "no-new-privileges": "true" }, containers: [container("web")] }) },
  { name: "the daemon default seen in docker info covers them", status: "pass", message: "GET /info",
    snapshot: snapshot({ info: nnpInfo, containers: [container("web")] }) },
  { name: "a container overriding the daemon default with =false fails", status: "fail", subjects: { web: "pass", escape: "fail" },
    snapshot: snapshot({ settings: { "no-new-privileges": true }, info: nnpInfo,
      containers: [container("web"), container("escape", { HostConfig: { SecurityOpt: ["no-new-privileges=false"] } })] }) },
  { name: "the last option given wins, as in dockerd", status: "pass", snapshot: opts(["no-new-privileges=false", "no-new-privileges=true"]) },
  { name: "without any daemon facts a container with no option cannot be judged", status: "error",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") }, engine: { info: errFact("EACCES", "GET /info") },
      containers: [container("web")] }) },
  { name: "an explicit option is still judged when the daemon facts are unreadable", status: "pass",
    snapshot: snapshot({ daemon: { effective: errFact("EACCES", "/etc/docker/daemon.json") }, engine: { info: errFact("EACCES", "GET /info") },
      containers: [container("web", { HostConfig: { SecurityOpt: ["no-new-privileges"] } })] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
