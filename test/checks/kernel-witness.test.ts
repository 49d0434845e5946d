// The kernel as witness for 5.4, X.4, 5.22, 4.1, 5.16 and 5.2: the init's /proc/PID/status against inspect. The kernel
// decides what is enforced; a configured failure still stands where docker exec would get the configured state.
import { expect } from "chai";
import capabilities from "../../checks/container-runtime/capabilities-restricted.js";
import hostPid from "../../checks/container-runtime/host-pid-namespace.js";
import apparmor from "../../checks/container-runtime/apparmor-profile.js";
import seccomp from "../../checks/container-runtime/seccomp-profile.js";
import dangerous from "../../checks/dockaudit/dangerous-capabilities.js";
import user from "../../checks/images/container-user.js";
import type { Finding } from "../../src/engine/types.js";
import type { ContainerInspect, ProcessSecurity } from "../../src/snapshot/types.js";
import { checkTable } from "../support/check-tester.js";
import { container, snapshot } from "../support/fixtures.js";
import { runtime } from "../support/kernel.js";

const DEFAULT = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP"];
const withKernel = (c: ContainerInspect, k: Partial<ProcessSecurity> | string, daemon: Partial<ProcessSecurity> = {}) =>
  snapshot({ containers: [c], host: { runtime: runtime([[c, k]], daemon) } });
const PODMAN = { Version: "4.3.1", Components: [{ Name: "Podman Engine", Version: "4.3.1" }] };
const onPodman = (c: ContainerInspect, k: Partial<ProcessSecurity>) => snapshot({ version: PODMAN, containers: [c], host: { runtime: runtime([[c, k]]) } });
const source = (s: string) => (f: Finding[]) => expect(f[0]!.evidence!["source"]).to.equal(s);
const plain = container("web");
const sysAdmin = container("web", { HostConfig: { CapAdd: ["SYS_ADMIN"] } });

checkTable(capabilities, [
  { name: "kernel: a bounding set beyond the default fails although inspect adds nothing", status: "fail",
    message: /kernel shows capabilities beyond Docker's default set .*: NET_ADMIN; inspect disagrees/,
    snapshot: withKernel(plain, { capBnd: [...DEFAULT, "NET_ADMIN"] }), check: source("kernel") },
  { name: "kernel and inspect agree on a default set: pass by the kernel", status: "pass", snapshot: withKernel(plain, {}), check: source("kernel") },
  { name: "inspect adds SYS_ADMIN, the init dropped it: the configured failure stands (docker exec gets it)", status: "fail",
    message: /adds capabilities beyond .*SYS_ADMIN \(processes started with docker exec get the configured capabilities\), although the kernel shows no capability/,
    snapshot: withKernel(sysAdmin, {}), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "inspect", inspect: "fail: adds capabilities beyond Docker's default set: SYS_ADMIN" }) },
  { name: "kernel unreadable: inspect decides and says why", status: "pass", snapshot: withKernel(plain, "process 4242 is gone (it exited during the audit)"),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "inspect", kernel: { unavailable: "process 4242 is gone (it exited during the audit)" } }) },
]);

checkTable(dangerous, [
  { name: "kernel: SYS_ADMIN in the bounding set fails although inspect adds nothing", status: "fail", message: "kernel shows dangerous capabilities",
    snapshot: withKernel(plain, { capBnd: [...DEFAULT, "SYS_ADMIN"] }), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "kernel", dangerous: ["SYS_ADMIN"] }) },
  { name: "kernel: no dangerous capability passes", status: "pass", snapshot: withKernel(plain, {}), check: source("kernel") },
]);

checkTable(seccomp, [
  { name: "kernel: Seccomp 0 fails although inspect says the default profile applies", status: "fail",
    message: /kernel shows no seccomp filter on its init \(pid 4242, Seccomp: 0\); inspect disagrees/, snapshot: withKernel(plain, { seccomp: "disabled" }), check: source("kernel") },
  { name: "kernel: a filter while dockerd has none passes", status: "pass", message: "dockerd has none of its own", snapshot: withKernel(plain, { seccomp: "filter" }), check: source("kernel") },
  { name: "kernel on Podman: the service's process is the one named (not dockerd)", status: "pass", message: "the Podman service has none of its own",
    snapshot: onPodman(plain, { seccomp: "filter" }), check: source("kernel") },
  { name: "kernel: more filters than dockerd's own passes", status: "pass", message: "filter of its own",
    snapshot: withKernel(plain, { seccomp: "filter", seccompFilters: 2 }, { seccomp: "filter", seccompFilters: 1 }), check: source("kernel") },
  { name: "kernel: only dockerd's inherited filter proves nothing; inspect (unconfined) decides", status: "fail", message: "seccomp=unconfined",
    snapshot: withKernel(container("web", { HostConfig: { SecurityOpt: ["seccomp=unconfined"] } }), { seccomp: "filter", seccompFilters: 1 }, { seccomp: "filter", seccompFilters: 1 }),
    check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "inspect", kernel: { unavailable: "its init's seccomp filter (pid 4242) may be only the one inherited from dockerd, which runs under a filter itself" } }) },
  { name: "inspect unconfined, a filter on the init of its own: the configured failure stands", status: "fail", message: "may be the process's own",
    snapshot: withKernel(container("web", { HostConfig: { SecurityOpt: ["seccomp=unconfined"] } }), { seccomp: "filter" }), check: source("inspect") },
]);

checkTable(user, [
  { name: "kernel: the init runs as uid 0 although the image names a user", status: "fail", message: /kernel shows its init running as root .*inspect disagrees/,
    snapshot: withKernel(container("web", { Config: { User: "app" } }), {}), check: source("kernel") },
  { name: "kernel: userns-remapped root (host uid 100000) is root inside the container", status: "fail", message: "effective uid 0 (host uid 100000)",
    snapshot: withKernel(plain, { uid: { real: 100000, effective: 100000 }, nsUid: { real: 0, effective: 0 } }), check: source("kernel") },
  { name: "kernel: uid 1000 agreeing with inspect passes", status: "pass", message: "running as uid 1000",
    snapshot: withKernel(container("web", { Config: { User: "1000" } }), { uid: { real: 1000, effective: 1000 } }), check: source("kernel") },
  { name: "configured root, the init dropped to uid 1000: the failure stands (docker exec runs as root)", status: "fail", message: "docker exec runs as the configured user",
    snapshot: withKernel(plain, { uid: { real: 1000, effective: 1000 } }), check: source("inspect") },
]);

checkTable(hostPid, [
  { name: "kernel: the init in dockerd's (the host's) PID namespace fails although inspect says private", status: "fail",
    message: /kernel shows its init \(pid 4242\) in the host's PID namespace \(pid:\[4026532100\], dockerd's\); inspect disagrees/,
    snapshot: withKernel(plain, { pidNamespace: 4026532100 }), check: source("kernel") },
  { name: "kernel: a PID namespace other than dockerd's agrees with inspect and passes", status: "pass", message: "not the host's",
    snapshot: withKernel(plain, {}), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "kernel", PidMode: null }) },
  { name: "kernel: --pid=container:X where X uses --pid=host: both agree it is the host's", status: "fail", message: "through container beef",
    snapshot: snapshot({
      containers: [container("web", { HostConfig: { PidMode: "container:beef" } }), container("beef", { State: { Pid: 4300 }, HostConfig: { PidMode: "host" } })],
      host: { runtime: runtime([[container("web"), { pidNamespace: 4026532100 }], [container("beef", { State: { Pid: 4300 } }), { pidNamespace: 4026532100 }]]) },
    }), check: (f) => expect(f.map((x) => x.evidence!["source"])).to.deep.equal(["kernel", "kernel"]) },
  { name: "kernel on Podman: the init in the service's PID namespace fails, naming the Podman service", status: "fail",
    message: "(pid:[4026532100], the Podman service's)", snapshot: onPodman(plain, { pidNamespace: 4026532100 }), check: source("kernel") },
  { name: "kernel: the namespace link unread leaves inspect to decide", status: "pass",
    snapshot: withKernel(plain, { pidNamespace: null }), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "inspect", kernel: { unavailable: "/proc/4242/ns/pid could not be read" } }) },
]);

checkTable(apparmor, [
  { name: "kernel: docker-default enforced passes", status: "pass", message: 'enforces the AppArmor profile "docker-default"',
    snapshot: withKernel(plain, { apparmor: "docker-default (enforce)" }), check: source("kernel") },
  { name: "kernel: the profile in complain mode fails although inspect names docker-default (complain only logs)", status: "fail",
    message: /AppArmor profile "docker-default" in complain mode, which does not enforce it .*; inspect disagrees/,
    snapshot: withKernel(plain, { apparmor: "docker-default (complain)" }), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "kernel", inspect: 'pass: runs under the AppArmor profile "docker-default"' }) },
  { name: "kernel: an unconfined init fails although inspect names docker-default", status: "fail", message: "unconfined by AppArmor",
    snapshot: withKernel(plain, { apparmor: "unconfined" }), check: source("kernel") },
  { name: "configured unconfined, the init under a profile: the configured failure stands (docker exec gets it)", status: "fail", message: "docker exec get the configured profile",
    snapshot: withKernel(container("web", { HostConfig: { SecurityOpt: ["apparmor=unconfined"] }, AppArmorProfile: "unconfined" }), { apparmor: "docker-default (enforce)" }), check: source("inspect") },
  { name: "no label read: inspect decides and says why", status: "pass",
    snapshot: withKernel(plain, {}), check: (f) => expect(f[0]!.evidence).to.deep.include({ source: "inspect", kernel: { unavailable: "the AppArmor label of its init (pid 4242) was not read" } }) },
]);
