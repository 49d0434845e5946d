import { expect } from "chai";
import check from "../../../checks/container-runtime/sensitive-host-mounts.js";
import type { MountPoint } from "../../../src/snapshot/types.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const bind = (Source: string, Destination: string, RW = true): MountPoint => ({ Type: "bind", Source, Destination, RW, Mode: RW ? "" : "ro", Propagation: "rprivate" });
const volume = (name: string, Destination: string): MountPoint => ({ Type: "volume", Name: name, Source: `/var/lib/docker/volumes/${name}/_data`, Destination, Driver: "local", RW: true, Propagation: "" });
const withMounts = (...Mounts: MountPoint[]) => snapshot({ containers: [container("app", { Mounts })] });

checkTable(check, [
  { name: "no mounts passes", status: "pass", snapshot: snapshot({ containers: [container("app")] }) },
  { name: "an ordinary project directory passes", status: "pass", snapshot: withMounts(bind("/home/dev/project", "/src")) },
  { name: "named volumes under /var/lib/docker/volumes are not host system directories", status: "pass",
    snapshot: withMounts(volume("pgdata", "/var/lib/postgresql/data"), volume("lib", "/lib")) },
  { name: "a container-side destination of /etc is not a host mount", status: "pass", snapshot: withMounts(bind("/srv/config", "/etc/app")) },
  { name: "a name that merely starts like a system directory (/etcetera) passes", status: "pass", snapshot: withMounts(bind("/etcetera", "/data")) },
  { name: "a writable /etc fails", status: "fail", message: "/etc (writable)", snapshot: withMounts(bind("/etc", "/host-etc")) },
  { name: "a read-only mount still fails, and says read-only", status: "fail", message: "/boot (read-only)", snapshot: withMounts(bind("/boot", "/b", false)) },
  { name: "a file below a system directory (/etc/shadow) fails", status: "fail", message: "/etc/shadow", snapshot: withMounts(bind("/etc/shadow", "/shadow", false)) },
  { name: "the host root fails", status: "fail", message: "/ (writable)", snapshot: withMounts(bind("/", "/host")) },
  { name: "a trailing slash does not hide /proc", status: "fail", snapshot: withMounts(bind("/proc/", "/hostproc")) },
  { name: "root's home fails", status: "fail", snapshot: withMounts(bind("/root/.ssh", "/ssh", false)) },
  { name: "the daemon's data root fails, and so does a directory that holds it", status: "fail",
    snapshot: withMounts(bind("/var/lib/docker/containers", "/logs", false), bind("/var", "/hostvar")),
    check: (f) => expect((f[0]!.evidence?.["sensitiveMounts"] as unknown[]).length).to.equal(2) },
  { name: "a custom data root from docker info is honoured", status: "fail", message: "/data/docker",
    snapshot: snapshot({ info: { DockerRootDir: "/data/docker" }, containers: [container("app", { Mounts: [bind("/data/docker", "/d")] })] }) },
  { name: "a read-only /etc/localtime and /etc/timezone (sharing the host's time zone) pass", status: "pass", message: "only harmless files read-only: /etc/localtime, /etc/timezone",
    snapshot: withMounts(bind("/etc/localtime", "/etc/localtime", false), bind("/etc/timezone", "/etc/timezone", false)),
    check: (f) => expect(f[0]!.evidence?.["harmlessReadOnlyFiles"]).to.deep.equal(["/etc/localtime", "/etc/timezone"]) },
  { name: "a read-only zone file passes", status: "pass", snapshot: withMounts(bind("/usr/share/zoneinfo/Europe/Paris", "/etc/localtime", false)) },
  { name: "the whole zoneinfo directory is still a directory of /usr: fail", status: "fail", snapshot: withMounts(bind("/usr/share/zoneinfo", "/usr/share/zoneinfo", false)) },
  { name: "a writable /etc/localtime fails: the container could change the host's time zone", status: "fail", message: "/etc/localtime (writable)",
    snapshot: withMounts(bind("/etc/localtime", "/etc/localtime", true)) },
  { name: "a read-only /etc/localtime does not hide a sensitive file beside it", status: "fail", message: "/etc/ssh/ssh_host_ed25519_key (read-only)",
    snapshot: withMounts(bind("/etc/localtime", "/etc/localtime", false), bind("/etc/ssh/ssh_host_ed25519_key", "/k", false)),
    check: (f) => expect((f[0]!.evidence?.["sensitiveMounts"] as unknown[]).length).to.equal(1) },
  { name: "a look-alike path (/etc/localtime/../shadow) is normalised first and fails", status: "fail", message: "/etc/localtime/../shadow",
    snapshot: withMounts(bind("/etc/localtime/../shadow", "/s", false)) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
