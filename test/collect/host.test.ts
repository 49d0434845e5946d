import { expect } from "chai";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectHost, parseKernelConfigSeccomp, parseMounts } from "../../src/collect/host/host.js";
import { HostFs, parseGroup, parsePasswd } from "../../src/collect/transports/host-fs.js";
import { buildRoot, type Tree } from "./fake-root.js";
import { describeAsRoot } from "../support/required.js";

const HARDENED: Tree = {
  "/proc/sys/kernel/hostname": "node-7\n",
  "/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n",
  "/proc/mounts": "/dev/vda1 / ext4 rw,relatime 0 0\n/dev/vdb1 /var/lib/docker xfs rw,nodev 0 0\n/dev/vdc1 /mnt/with\\040space ext4 ro 0 0\n",
  // /proc/self is a relative link, as on a real procfs; it must resolve inside the root.
  "/proc/self": { link: "4242" },
  "/proc/4242/status": "Name:\tnode\nSeccomp:\t0\nSeccomp_filters:\t0\n",
  "/proc/sys/kernel/seccomp/actions_avail": "kill_process kill_thread trap errno user_notif trace log allow\n",
  "/boot/config-6.1.0-18-amd64": "CONFIG_SECCOMP_FILTER=y\nCONFIG_SECCOMP=y\n",
  "/sys/module/apparmor/parameters/enabled": "Y\n",
  "/sys/fs/selinux/enforce": "1",
};

async function hostOf(tree: Tree) {
  const t = buildRoot(tree);
  try {
    return await collectHost(new HostFs(t.root));
  } finally {
    t.cleanup();
  }
}

describe("host facts collector", () => {
  it("reads hostname, kernel release, mounts, seccomp, AppArmor and SELinux from the root", async () => {
    const h = await hostOf(HARDENED);
    expect(h.hostname).to.deep.equal({ ok: true, value: "node-7", source: "/proc/sys/kernel/hostname" });
    expect(h.kernelRelease.ok && h.kernelRelease.value).to.equal("6.1.0-18-amd64");
    expect(h.mounts.ok && h.mounts.value[1]).to.deep.equal({ device: "/dev/vdb1", mountPoint: "/var/lib/docker", fsType: "xfs", options: ["rw", "nodev"] });
    expect(h.mounts.ok && h.mounts.value[2]!.mountPoint).to.equal("/mnt/with space");
    expect(h.seccomp.ok && h.seccomp.value).to.deep.equal({
      procStatus: true, kernelConfig: "y", actionsAvail: ["kill_process", "kill_thread", "trap", "errno", "user_notif", "trace", "log", "allow"],
    });
    expect(h.apparmor.ok && h.apparmor.value).to.deep.equal({ enabled: true });
    expect(h.selinux.ok && h.selinux.value).to.deep.equal({ enabled: true, enforcing: true });
  });

  it("under --root reads the mounts of the host's PID 1, not its own (the auditor may be in a container)", async () => {
    const h = await hostOf({ ...HARDENED, "/proc/1/mounts": "/dev/vda1 / ext4 rw 0 0\n", "/proc/mounts": "overlay / overlay rw 0 0\n" });
    expect(h.mounts).to.deep.equal({ ok: true, value: [{ device: "/dev/vda1", mountPoint: "/", fsType: "ext4", options: ["rw"] }], source: "/proc/1/mounts" });
  });

  it("reads absent support files as 'not there', not as errors", async () => {
    const h = await hostOf({ "/etc/hostname": "plain\n", "/proc/sys/kernel/osrelease": "5.4.0\n", "/proc/mounts": "", "/proc/self/status": "Name:\tx\n" });
    expect(h.hostname).to.deep.equal({ ok: true, value: "plain", source: "/etc/hostname" });
    expect(h.seccomp.ok && h.seccomp.value).to.deep.equal({ procStatus: false, kernelConfig: null, actionsAvail: null });
    expect(h.apparmor.ok && h.apparmor.value).to.deep.equal({ enabled: false });
    expect(h.selinux.ok && h.selinux.value).to.deep.equal({ enabled: false, enforcing: false });
  });

  it("tells permissive SELinux and disabled AppArmor apart from enforcing/enabled", async () => {
    const h = await hostOf({ ...HARDENED, "/sys/fs/selinux/enforce": "0\n", "/sys/module/apparmor/parameters/enabled": "N\n" });
    expect(h.selinux.ok && h.selinux.value).to.deep.equal({ enabled: true, enforcing: false });
    expect(h.apparmor.ok && h.apparmor.value).to.deep.equal({ enabled: false });
  });

  it("makes an unreadable file an error fact with errno and path", async () => {
    const h = await hostOf({ "/sys/fs/selinux/enforce/x": "", "/proc/mounts/x": "" });
    expect(h.selinux).to.deep.equal({ ok: false, error: "/sys/fs/selinux/enforce is a directory, not a regular file", source: "/sys/fs/selinux/enforce" });
    expect(h.mounts.ok).to.equal(false);
    expect(h.kernelRelease).to.deep.equal({ ok: false, error: "ENOENT: no such file or directory, /proc/sys/kernel/osrelease", source: "/proc/sys/kernel/osrelease" });
  });

  it("reads CONFIG_SECCOMP unset as n", () => {
    expect(parseKernelConfigSeccomp("# CONFIG_SECCOMP is not set\n")).to.equal("n");
    expect(parseKernelConfigSeccomp("CONFIG_SECCOMP=y\n")).to.equal("y");
    expect(parseMounts("a b c d,e 0 0\n")).to.deep.equal([{ device: "a", mountPoint: "b", fsType: "c", options: ["d", "e"] }]);
  });
});

describeAsRoot("rooted host reader", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "dockaudit-fs-"));
    mkdirSync(join(root, "etc/docker"), { recursive: true });
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\ndocker:x:999:alice,bob\n");
    writeFileSync(join(root, "etc/docker/daemon.json"), "{}");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("stats with mode & 0o7777, owners named from the root's passwd and group", async () => {
    const f = join(root, "etc/docker/daemon.json");
    chownSync(f, 1000, 999);
    chmodSync(f, 0o4640);
    const r = await new HostFs(root).stat("/etc/docker/daemon.json");
    expect(r.ok && r.value).to.deep.include({ path: "/etc/docker/daemon.json", exists: true, type: "file", mode: 0o4640, uid: 1000, gid: 999, user: "alice", group: "docker" });
  });

  it("resolves absolute symlinks inside the root, never on the auditing machine", async () => {
    symlinkSync("/etc/docker", join(root, "etc/docker-link"));
    symlinkSync("/etc/passwd", join(root, "etc/passwd-link"));
    const fs = new HostFs(root);
    const text = await fs.readText("/etc/passwd-link");
    expect(text.ok && text.value).to.include("alice");
    const dir = await fs.readDir("/etc/docker-link");
    expect(dir.ok && dir.value).to.deep.equal(["daemon.json"]);
    const st = await fs.stat("/etc/docker-link");
    expect(st.ok && st.value).to.deep.include({ type: "symlink", linkTarget: "/etc/docker" });
    expect(st.ok && "target" in st.value && st.value.target?.ok && st.value.target.value.type).to.equal("directory");
    expect(await fs.realpath("/etc/docker-link/daemon.json")).to.deep.equal({ ok: true, value: "/etc/docker/daemon.json" });
  });

  it("answers a missing path with exists:false and reports errors with errno and path", async () => {
    const fs = new HostFs(root);
    expect(await fs.stat("/etc/nope")).to.deep.equal({ ok: true, value: { path: "/etc/nope", exists: false } });
    expect(await fs.readText("/etc/nope")).to.deep.equal({ ok: false, error: { code: "ENOENT", path: "/etc/nope", message: "ENOENT: no such file or directory, /etc/nope" } });
    symlinkSync("loop-b", join(root, "etc/loop-a"));
    symlinkSync("loop-a", join(root, "etc/loop-b"));
    const loop = await fs.readText("/etc/loop-a");
    expect(!loop.ok && loop.error.code).to.equal("ELOOP");
    expect(await fs.exists("/etc/docker")).to.equal(true);
  });

  it("parses passwd and group files, skipping comments and NIS lines", () => {
    expect(parsePasswd("# c\n+::::::\nalice:x:1000:1000:A:/home/alice:/bin/sh\nbad:line\n")).to.deep.equal([{ name: "alice", uid: 1000, gid: 1000, home: "/home/alice", shell: "/bin/sh" }]);
    expect(parseGroup("docker:x:999:alice, bob\nempty:x:5:\n")).to.deep.equal([{ name: "docker", gid: 999, members: ["alice", "bob"] }, { name: "empty", gid: 5, members: [] }]);
  });
});
