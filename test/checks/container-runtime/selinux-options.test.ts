import check from "../../../checks/container-runtime/selinux-options.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";

const selinux = { selinux: okFact({ enabled: true, enforcing: true }, "/sys/fs/selinux/enforce") };
const daemonLabels = { SecurityOptions: ["name=seccomp,profile=builtin", "name=selinux"] };

checkTable(check, [
  { name: "a host without SELinux is skipped, not failed", status: "skip", message: "SELinux is not enabled on this host",
    snapshot: snapshot({ containers: [container("web")] }) },
  { name: "a daemon with selinux-enabled labels its containers", status: "pass", message: "selinux-enabled",
    snapshot: snapshot({ host: selinux, info: daemonLabels, containers: [container("web")] }) },
  { name: "an explicit label option passes", status: "pass", message: "label=type:svirt_apache_t",
    snapshot: snapshot({ host: selinux, containers: [container("web", { HostConfig: { SecurityOpt: ["label=type:svirt_apache_t"] } })] }) },
  { name: "the process label in inspect shows labelling took effect", status: "pass", message: "container_t",
    snapshot: snapshot({ host: selinux, containers: [container("web", { ProcessLabel: "system_u:system_r:container_t:s0:c1,c2" })] }) },
  { name: "no label option and no daemon labelling fails", status: "fail", message: "selinux-enabled is off",
    snapshot: snapshot({ host: selinux, containers: [container("web")] }) },
  { name: "seccomp=unconfined is not an SELinux option", status: "fail",
    snapshot: snapshot({ host: selinux, containers: [container("web", { HostConfig: { SecurityOpt: ["seccomp=unconfined"] } })] }) },
  { name: "label=disable fails even when the daemon labels", status: "fail", message: "label=disable",
    snapshot: snapshot({ host: selinux, info: daemonLabels, containers: [container("web", { HostConfig: { SecurityOpt: ["label=disable"] } })] }) },
  { name: "the legacy label:disable form fails too", status: "fail",
    snapshot: snapshot({ host: selinux, info: daemonLabels, containers: [container("web", { HostConfig: { SecurityOpt: ["label:disable"] } })] }) },
  { name: "dockerd drops the label of --pid=host containers", status: "fail", message: "--pid=host",
    snapshot: snapshot({ host: selinux, info: daemonLabels, containers: [container("web", { HostConfig: { PidMode: "host" } })] }) },
  { name: "a privileged container runs unlabelled", status: "fail", message: "--privileged",
    snapshot: snapshot({ host: selinux, info: daemonLabels, containers: [container("web", { HostConfig: { Privileged: true } })] }) },
  { name: "daemon info unreadable: an unlabelled container cannot be judged, label=disable still fails", status: "fail",
    subjects: { web: "error", off: "fail" },
    snapshot: snapshot({ host: selinux, engine: { info: errFact("EACCES", "GET /info") },
      containers: [container("web"), container("off", { HostConfig: { SecurityOpt: ["label=disable"] } })] }) },
  { name: "SELinux state unreadable is an error", status: "error",
    snapshot: snapshot({ host: { selinux: errFact("EACCES", "/sys/fs/selinux/enforce") }, containers: [container("web")] }) },
]);
