// Issue 19.4: a root audit reads a rootless daemon's files only where the daemon's own user could. A --root tree with
// real owners and modes (this test runs as root to chown them; skipped otherwise) stands in for the host: a rootless
// dockerd (uid 1000) whose daemon.json is a symlink to a root-only file, and a Podman service likewise.
import { expect } from "chai";
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCredentials, permits, readableBy } from "../../src/collect/host/access.js";
import { collectDaemonConfig } from "../../src/collect/daemon/daemon-config.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { collectPodmanConfig } from "../../src/collect/podman/podman-config.js";
import { addToRoot, buildRoot, procTree, type FakeProcess } from "./fake-root.js";

const SECRET = "s3cr3t-root-only-4b7f2c";
const ALICE = { uid: 1000, gid: 1000, groups: [1000, 27] };

describe("privilege boundary: reading on behalf of a rootless daemon (issue 19.4)", () => {
  let root: string;
  let cleanup: () => void;

  before(function () {
    if (process.geteuid?.() !== 0) this.skip();
    ({ root, cleanup } = buildRoot({ "/etc/passwd": "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n" }));
    const at = (p: string) => join(root, p);
    mkdirSync(at("root"), { mode: 0o700 });
    chmodSync(at("root"), 0o700);
    writeFileSync(at("root/secret.json"), `{"debug": true, "labels": ["${SECRET}"]}\n`, { mode: 0o600 });
    mkdirSync(at("home/alice/.config/docker"), { recursive: true });
    mkdirSync(at("home/alice/.config/containers"), { recursive: true });
    chownSync(at("home/alice"), 1000, 1000);
    chmodSync(at("home/alice"), 0o750);
    // alice's own links: absolute (resolved inside --root) and relative, to the root-only file.
    symlinkSync("/root/secret.json", at("home/alice/.config/docker/daemon.json"));
    symlinkSync("../../../../root/secret.json", at("home/alice/.config/containers/containers.conf"));
    // A file alice can read through her group (docker, gid 27), and one mode 0640 of root's group she is not in.
    mkdirSync(at("srv"), { mode: 0o755 });
    writeFileSync(at("srv/group-ok.json"), "{}\n", { mode: 0o640 });
    chownSync(at("srv/group-ok.json"), 0, 27);
    writeFileSync(at("srv/group-no.json"), "{}\n", { mode: 0o640 });
    chmodSync(at("srv/group-ok.json"), 0o640);
    chmodSync(at("srv/group-no.json"), 0o640);
  });
  after(() => cleanup?.());

  it("parses fsuid, fsgid and supplementary groups from /proc/PID/status", () => {
    expect(parseCredentials("Uid:\t1000\t1000\t1000\t1001\nGid:\t100\t100\t100\t101\nGroups:\t27 100 \n")).to.deep.equal({ uid: 1001, gid: 101, groups: [27, 100] });
    expect(parseCredentials("Name:\tx\n")).to.equal(undefined);
  });

  it("permits: owner, group (primary or supplementary) and other bits, root always", () => {
    expect(permits({ uid: 1000, gid: 0, mode: 0o400 }, ALICE, 4)).to.equal(true);
    expect(permits({ uid: 0, gid: 27, mode: 0o040 }, ALICE, 4)).to.equal(true);
    expect(permits({ uid: 0, gid: 0, mode: 0o640 }, ALICE, 4)).to.equal(false);
    expect(permits({ uid: 0, gid: 0, mode: 0o700 }, ALICE, 1)).to.equal(false);
    expect(permits({ uid: 0, gid: 0, mode: 0o000 }, { uid: 0, gid: 0, groups: [] }, 4)).to.equal(true);
  });

  it("the walk names the resolved path and why alice cannot read it; her group opens what it should", async () => {
    const fs = new HostFs(root);
    const denied = await readableBy(fs, "/home/alice/.config/docker/daemon.json", ALICE);
    expect(denied).to.deep.equal({
      ok: false,
      code: "EACCES",
      why: "/home/alice/.config/docker/daemon.json resolves to /root/secret.json, which uid 1000, the daemon's user, cannot read (/root: mode 0700, owner uid 0, gid 0: no search permission)",
    });
    expect(await readableBy(fs, "/srv/group-ok.json", ALICE)).to.deep.equal({ ok: true, resolved: "/srv/group-ok.json" });
    const no = await readableBy(fs, "/srv/group-no.json", ALICE);
    expect(!no.ok && no.why).to.equal("/srv/group-no.json cannot be read by uid 1000, the daemon's user (/srv/group-no.json: mode 0640, owner uid 0, gid 0: no read permission)");
    // Missing files are the daemon's ENOENT, not a refusal.
    expect((await readableBy(fs, "/home/alice/.config/nothing.json", ALICE)).ok).to.equal(true);
    // Another user cannot even enter alice's home (0750).
    const bob = await readableBy(fs, "/home/alice/.config/docker/daemon.json", { uid: 1001, gid: 1001, groups: [] });
    expect(!bob.ok && bob.why).to.contain("/home/alice: mode 0750, owner uid 1000, gid 1000: no search permission");
  });

  it("a rootless dockerd's daemon.json symlinked to a root-only file is an error naming where it leads; the content is not read", async () => {
    const rootless: FakeProcess = { pid: 500, argv: ["dockerd", "--rootless"], exe: "/usr/bin/dockerd", uid: 1000, gid: 1000, ppid: 1, environ: { HOME: "/home/alice", XDG_RUNTIME_DIR: "/run/user/1000" }, unix: { "/run/user/1000/docker.sock": 7001 }, sockets: [7001] };
    addToRoot(root, { ...procTree([rootless]), "/run/user/1000/docker.sock": "" });
    // A non-root dockerd is taken only when it owns the socket it serves (issue 19.2): alice's socket is hers.
    chownSync(join(root, "run/user/1000/docker.sock"), 1000, 1000);
    const d = await collectDaemonConfig(new HostFs(root), "unix:///run/user/1000/docker.sock");
    expect(d.process.ok && d.process.value).to.include({ pid: 500, rootless: true });
    expect(d.configFile.ok).to.equal(false);
    expect(!d.configFile.ok && d.configFile.error).to.equal("/home/alice/.config/docker/daemon.json resolves to /root/secret.json, which uid 1000, the daemon's user, cannot read (/root: mode 0700, owner uid 0, gid 0: no search permission)");
    expect(JSON.stringify(d)).not.to.contain(SECRET);
    expect(d.effective.ok).to.equal(false);
  });

  it("the same for a rootless Podman service's containers.conf (a relative link)", async () => {
    const service = { pid: 600, uid: 1000, env: { HOME: "/home/alice" } };
    addToRoot(root, procTree([{ pid: 600, argv: ["podman", "system", "service"], uid: 1000, gid: 1000 }]));
    const f = await collectPodmanConfig(new HostFs(root), "unix:///run/user/1000/podman/podman.sock", true, service);
    expect(!f.ok && f.error).to.contain("/home/alice/.config/containers/containers.conf resolves to /root/secret.json, which uid 1000, the daemon's user, cannot read");
    expect(JSON.stringify(f)).not.to.contain(SECRET);
  });

  it("a root dockerd's daemon.json is read as before, even through a link into /root", async () => {
    const r = buildRoot({ "/etc/docker/daemon.json": { link: "/root/d.json" }, "/root/d.json": '{"debug": true}\n' });
    try {
      addToRoot(r.root, procTree([{ pid: 77, argv: ["dockerd"], exe: "/usr/bin/dockerd", uid: 0, gid: 0, unix: { "/run/docker.sock": 5 }, sockets: [5] }]));
      chmodSync(join(r.root, "root"), 0o700);
      const d = await collectDaemonConfig(new HostFs(r.root), "unix:///run/docker.sock");
      expect(d.configFile.ok && d.configFile.value.content).to.deep.equal({ debug: true });
    } finally {
      r.cleanup();
    }
  });
});
