import check from "../../../checks/container-runtime/docker-socket-mount.js";
import type { MountPoint } from "../../../src/snapshot/types.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, okFact, snapshot } from "../../support/fixtures.js";

const bind = (Source: string, Destination = Source): MountPoint => ({ Type: "bind", Source, Destination, RW: true, Propagation: "rprivate" });
const withMounts = (...Mounts: MountPoint[]) => snapshot({ containers: [container("agent", { Mounts })] });

checkTable(check, [
  { name: "no mounts passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "unrelated bind mounts pass", status: "pass", snapshot: withMounts(bind("/srv/data", "/data"), bind("/var/run/app", "/run/app")) },
  { name: "/var/run/docker.sock fails", status: "fail", message: "/var/run/docker.sock", subjects: { web: "pass", agent: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("agent", { Mounts: [bind("/var/run/docker.sock")] })] }) },
  { name: "/run/docker.sock fails", status: "fail", snapshot: withMounts(bind("/run/docker.sock", "/var/run/docker.sock")) },
  { name: "the socket's directory /var/run fails", status: "fail", snapshot: withMounts(bind("/var/run", "/hostrun")) },
  { name: "the whole /run fails", status: "fail", snapshot: withMounts(bind("/run/", "/hostrun")) },
  { name: "a socket from the daemon's hosts setting is found", status: "fail", message: "/srv/docker/api.sock",
    snapshot: snapshot({ settings: { hosts: ["unix:///srv/docker/api.sock", "tcp://127.0.0.1:2376"] }, containers: [container("agent", { Mounts: [bind("/srv/docker/api.sock", "/var/run/docker.sock")] })] }) },
  { name: "a socket given with -H on the command line is found", status: "fail",
    snapshot: snapshot({ daemon: { flags: okFact({ host: ["unix:///opt/dockerd/d.sock"] }, "/proc/100/cmdline") }, containers: [container("agent", { Mounts: [bind("/opt/dockerd", "/d")] })] }) },
  { name: "a rootless daemon's socket (the audited endpoint) is found", status: "fail",
    snapshot: { ...withMounts(bind("/run/user/1000/docker.sock")), collection: { root: "/", dockerHost: "unix:///run/user/1000/docker.sock", allContainers: false } } },
  { name: "any file named docker.sock counts", status: "fail", snapshot: withMounts(bind("/home/u/.docker/run/docker.sock", "/var/run/docker.sock")) },
  { name: "a named volume is never the socket", status: "pass",
    snapshot: withMounts({ Type: "volume", Name: "run", Source: "/var/lib/docker/volumes/run/_data", Destination: "/var/run", RW: true }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
