import { expect } from "chai";
import check from "../../../checks/host/separate-partition.js";
import type { MountEntry } from "../../../src/snapshot/types.js";
import { checkTable, runCase } from "../../support/check-tester.js";
import { errFact, okFact, snapshot } from "../../support/fixtures.js";
import { describeAsRoot } from "../../support/required.js";
import { buildTree, collectTree, missing, stat, withFiles } from "../daemon-files/support.js";

const mount = (mountPoint: string, device: string, fsType = "ext4"): MountEntry => ({ device, mountPoint, fsType, options: ["rw"] });
const ROOT = mount("/", "/dev/vda1");
const dir = (p: string) => stat(p, { type: "directory", mode: 0o710 });
const at = (files: Record<string, ReturnType<typeof stat>[]>, mounts: MountEntry[]) =>
  withFiles(files, { host: { mounts: okFact(mounts, "/proc/mounts") } });

checkTable(check, [
  { name: "/var/lib/docker on its own partition passes", status: "pass", message: "/dev/vdb1",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT, mount("/var/lib/docker", "/dev/vdb1", "xfs")]) },
  { name: "a data-root below a separate /var passes: it need not be a mount point itself", status: "pass",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT, mount("/var", "/dev/mapper/vg-var")]) },
  { name: "the data-root on the root filesystem fails", status: "fail", message: "root filesystem",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT]) },
  { name: "a userns-remapped data-root under a separate /var/lib/docker passes (Q12)", status: "pass",
    subjects: { "/var/lib/docker/165536.165536": "pass" },
    snapshot: at({ "data-root": [dir("/var/lib/docker/165536.165536")], "default-data-root": [] }, [ROOT, mount("/var/lib/docker", "/dev/vdb1")]) },
  { name: "a custom data-root on its own volume passes; an unused /var/lib/docker is mentioned, not judged", status: "pass",
    subjects: { "/data/docker": "pass" }, message: "/var/lib/docker also exists but is not this daemon's data-root",
    snapshot: at({ "data-root": [dir("/data/docker")], "default-data-root": [dir("/var/lib/docker")] }, [ROOT, mount("/data", "/dev/vdc1")]) },
  { name: "a separate /var/lib/docker does not help a custom data-root on the root filesystem", status: "fail",
    subjects: { "/srv/docker": "fail" },
    snapshot: at({ "data-root": [dir("/srv/docker")], "default-data-root": [dir("/var/lib/docker")] }, [ROOT, mount("/var/lib/docker", "/dev/vdb1")]) },
  { name: "a bind mount of a root filesystem directory is not a separate partition", status: "fail", message: "root filesystem's device",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT, mount("/var/lib/docker", "/dev/vda1")]) },
  { name: "a data-root that is itself the bind mount point is named once, not as \"/x is under /x\"", status: "fail",
    message: "/var/lib/docker is a mount point, but of the root filesystem's device /dev/vda1",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT, mount("/var/lib/docker", "/dev/vda1")]) },
  { name: "a data-root below a bind mount names the mount point it is under", status: "fail",
    message: "/var/lib/docker is under the mount point /var, but of the root filesystem's device /dev/vda1",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT, mount("/var", "/dev/vda1")]) },
  { name: "/var/lib/dockershim being a mount point does not count for /var/lib/docker", status: "fail",
    snapshot: at({ "data-root": [dir("/var/lib/docker")], "default-data-root": [] }, [ROOT, mount("/var/lib/dockershim", "/dev/vdb1")]) },
  { name: "the data-root reached through a symlink is judged where it really is", status: "pass",
    snapshot: at({ "data-root": [stat("/var/lib/docker", { type: "directory", realPath: "/data/docker" })], "default-data-root": [] }, [ROOT, mount("/data", "/dev/vdc1")]) },
  { name: "a data-root not visible under --root is still judged by the mount table", status: "fail",
    snapshot: at({ "data-root": [missing("/var/lib/docker")], "default-data-root": [] }, [ROOT]) },
  { name: "mounts unreadable is an error", status: "error",
    snapshot: withFiles({ "data-root": [dir("/var/lib/docker")] }, { host: { mounts: errFact("EACCES", "/proc/mounts") } }) },
  { name: "data-root unknown is an error", status: "error", message: "data-root is unknown",
    snapshot: withFiles({ "data-root": errFact("the daemon's data-root is unknown: GET /info failed", "t") }) },
  { name: "host files not collected at all: error", status: "error", snapshot: snapshot() },
]);

describeAsRoot("check host-separate-partition on a real tree", () => {
  it("takes the data-root the daemon reports and the mount table it is given", async () => {
    const t = await buildTree({ "/srv/docker": { type: "dir", mode: 0o710 }, "/var/lib/docker": { type: "dir" } });
    try {
      const s = await collectTree(t.root, { dockerRootDir: "/srv/docker" });
      s.host.mounts = okFact([ROOT, mount("/srv", "/dev/vdb1")], "/proc/mounts");
      const got = Object.fromEntries(runCase(check, { name: "", snapshot: s, status: "pass" }).map((f) => [f.subject.name, f.status]));
      expect(got).to.deep.equal({ "/srv/docker": "pass" });
    } finally {
      await t.close();
    }
  });
});
