import check from "../../../checks/container-runtime/apparmor-profile.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";

const noAppArmor = { apparmor: okFact({ enabled: false }, "/sys/module/apparmor/parameters/enabled") };

checkTable(check, [
  { name: "the docker-default profile passes", status: "pass", message: "docker-default", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "a custom profile passes", status: "pass",
    snapshot: snapshot({ containers: [container("web", { AppArmorProfile: "my-profile", HostConfig: { SecurityOpt: ["apparmor=my-profile"] } })] }) },
  { name: "apparmor=unconfined fails, and only that container", status: "fail", message: "unconfined",
    subjects: { web: "pass", loose: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("loose", { AppArmorProfile: "unconfined", HostConfig: { SecurityOpt: ["apparmor=unconfined"] } })] }) },
  { name: "an empty profile fails", status: "fail", message: "no AppArmor profile",
    snapshot: snapshot({ containers: [container("web", { AppArmorProfile: "" })] }) },
  { name: "a privileged container is unconfined whatever its profile field says", status: "fail", message: "privileged",
    snapshot: snapshot({ containers: [container("priv", { HostConfig: { Privileged: true } })] }) },
  { name: "a host without AppArmor (e.g. SELinux distributions) is skipped, not failed", status: "skip", message: "AppArmor is not enabled on this host",
    snapshot: snapshot({ host: noAppArmor, containers: [container("web", { AppArmorProfile: "" })] }) },
  { name: "AppArmor state unreadable is an error", status: "error",
    snapshot: snapshot({ host: { apparmor: errFact("EACCES", "/sys/module/apparmor/parameters/enabled") }, containers: [container("web")] }) },
]);
