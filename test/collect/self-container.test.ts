// Recognising the container dockaudit itself runs in, from its own mount table or cgroup.
import { expect } from "chai";
import { mountinfoContainerIds, recogniseSelf } from "../../src/collect/host/self-container.js";
import { container } from "../support/fixtures.js";

const ID = "f".repeat(12) + "0123456789abcdef".repeat(3) + "0".repeat(4);
const OTHER = "e".repeat(64);

const mountinfo = (id: string, dataRoot = "/var/lib/docker") => [
  "612 520 0:58 / / ro,relatime master:300 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X",
  `640 612 8:1 ${dataRoot}/containers/${id}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/sda1 rw`,
  `641 612 8:1 ${dataRoot}/containers/${id}/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw`,
  `642 612 8:1 ${dataRoot}/containers/${id}/hosts /etc/hosts rw,relatime - ext4 /dev/sda1 rw`,
  "643 612 0:22 / /host ro,relatime - ext4 /dev/sda1 rw",
].join("\n");

describe("collect: the auditor's own container", () => {
  it("reads the container id from the sources of /etc/hostname, /etc/hosts and /etc/resolv.conf (Docker and Podman)", () => {
    expect(mountinfoContainerIds(mountinfo(ID)).map((m) => m.id)).to.deep.equal([ID, ID, ID]);
    expect(mountinfoContainerIds(mountinfo(ID, "/tmp/dockaudit-x\\040y/data"))[1]!.line).to.equal(`/etc/hostname from /tmp/dockaudit-x y/data/containers/${ID}/hostname`);
    const podman = `700 600 0:40 /containers/storage/overlay-containers/${ID}/userdata/hostname /etc/hostname rw - tmpfs tmpfs rw`;
    expect(mountinfoContainerIds(podman).map((m) => m.id)).to.deep.equal([ID]);
  });

  it("ignores 64-hex paths mounted anywhere else (a volume named like a container id is not the auditor)", () => {
    const text = `650 612 8:1 /var/lib/docker/containers/${ID}/hostname /data/hostname rw - ext4 /dev/sda1 rw\n` +
      `651 612 8:1 /var/lib/docker/volumes/${ID}/_data /etc/hosts rw - ext4 /dev/sda1 rw`;
    expect(mountinfoContainerIds(text)).to.deep.equal([]);
  });

  it("names the collected container that matches, with the mount it was recognised by", () => {
    const me = container("dockaudit", { Id: ID });
    const self = recogniseSelf([container("web"), me], { mountinfo: mountinfo(ID), cgroup: "0::/\n" });
    expect(self).to.deep.equal({ id: ID, name: "dockaudit", source: `/proc/self/mountinfo: /etc/resolv.conf from /var/lib/docker/containers/${ID}/resolv.conf` });
  });

  it("falls back to a cgroup v1 path naming the container", () => {
    const self = recogniseSelf([container("dockaudit", { Id: ID })], { mountinfo: "", cgroup: `12:pids:/docker/${ID}\n11:memory:/docker/${ID}\n` });
    expect(self?.id).to.equal(ID);
    expect(self?.source).to.equal(`/proc/self/cgroup names ${ID}`);
  });

  it("is nobody when the id is not one of the audited daemon's containers, or when run on the host", () => {
    expect(recogniseSelf([container("web")], { mountinfo: mountinfo(OTHER), cgroup: `3:cpu:/docker/${OTHER}` })).to.equal(undefined);
    expect(recogniseSelf([container("web")], { mountinfo: "22 1 8:1 / / rw - ext4 /dev/sda1 rw", cgroup: "0::/user.slice" })).to.equal(undefined);
  });
});
