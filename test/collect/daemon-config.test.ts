import { expect } from "chai";
import { chownSync, statSync } from "node:fs";
import { join } from "node:path";
import { collectDaemonConfig, DAEMON_WITNESS, findDockerdProcesses, mergeUnreadable } from "../../src/collect/daemon/daemon-config.js";
import { HostFs, localOps, type FsOps } from "../../src/collect/transports/host-fs.js";
import { matchOptions } from "../../src/collect/index.js";
import { describeAsRoot } from "../support/required.js";
import type { DaemonFacts } from "../../src/snapshot/types.js";
import { buildRoot, netTcp, procTree, type FakeProcess, type Tree } from "./fake-root.js";

// A host running several daemons and some decoys.
const SYSTEM: FakeProcess = {
  pid: 100, argv: ["/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"], exe: "/usr/bin/dockerd",
  // systemd socket activation: the listening socket is systemd's, handed to dockerd as an fd.
  unix: { "/run/docker.sock": 5000 }, sockets: [5000],
};
const CUSTOM: FakeProcess = {
  pid: 200, argv: ["dockerd", "-H", "unix:///srv/custom/docker.sock", "--config-file", "/srv/custom/daemon.json", "--log-opt", "splunk-token=planted-argv-token"],
  exe: "/usr/bin/dockerd", unix: { "/srv/custom/docker.sock": 6000 }, sockets: [6000],
};
const EDITOR: FakeProcess = { pid: 300, argv: ["vim", "/usr/bin/dockerd"], exe: "/usr/bin/vim" };
const ROOTLESS_SH: FakeProcess = { pid: 400, argv: ["/bin/sh", "/usr/bin/dockerd-rootless.sh"], exe: "/usr/bin/dash", uid: 1000 };
const ROOTLESSKIT: FakeProcess = { pid: 450, argv: ["rootlesskit", "--net=slirp4netns", "/usr/bin/dockerd-rootless.sh"], exe: "/usr/bin/rootlesskit", uid: 1000, ppid: 400 };
const ROOTLESS: FakeProcess = {
  pid: 500, argv: ["dockerd"], exe: "/usr/bin/dockerd", uid: 1000, gid: 1001, ppid: 450,
  environ: { HOME: "/home/alice", XDG_RUNTIME_DIR: "/run/user/1000", AWS_SECRET_ACCESS_KEY: "never-read" },
  unix: { "/run/user/1000/docker.sock": 7000 }, sockets: [7000],
};

const FILES: Tree = {
  "/etc/docker/daemon.json": '{"icc": false, "log-level": "info"}',
  "/srv/custom/daemon.json": '{\n  "userns-remap": "default",\n  "log-opts": {"max-size": "10m", "splunk-token": "planted-file-token"}\n}\n',
  "/home/alice/.config/docker/daemon.json": '{"experimental": true}',
  "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
  "/run/user/1000/docker.sock": "",
};

async function collect(procs: FakeProcess[], dockerHost: string, extra: Tree = {}): Promise<DaemonFacts> {
  const t = buildRoot({ ...procTree(procs), ...FILES, ...extra });
  // alice's rootless socket is hers: a non-root dockerd is taken only when it owns the socket it serves.
  chownSync(join(t.root, "run/user/1000/docker.sock"), 1000, 1000);
  try {
    return await collectDaemonConfig(new HostFs(t.root), dockerHost);
  } finally {
    t.cleanup();
  }
}

const ALL = [SYSTEM, CUSTOM, EDITOR, ROOTLESS_SH, ROOTLESSKIT, ROOTLESS];

describeAsRoot("daemon process and configuration collector", () => {
  it("counts as dockerd only processes whose argv[0] or exe is dockerd (not an editor, not dockerd-rootless.sh)", async () => {
    const t = buildRoot(procTree(ALL));
    try {
      const r = await findDockerdProcesses(new HostFs(t.root));
      expect(r.ok && r.value.map((c) => c.pid)).to.deep.equal([100, 200, 500]);
    } finally {
      t.cleanup();
    }
  });

  it("ties the default socket to the socket-activated dockerd (-H fd://) by inode, /var/run being /run", async () => {
    const d = await collect(ALL, "unix:///var/run/docker.sock");
    expect(d.process.ok && d.process.value.pid).to.equal(100);
    expect(d.process.ok && d.process.value.matchedBy).to.equal("socket: unix socket /run/docker.sock (socket inode 5000) is open in pid 100; /proc/100/exe is /usr/bin/dockerd; it runs as root; other processes calling themselves dockerd: 200, 500");
    expect(d.process.ok && d.process.value.rootless).to.equal(false);
    const { modifiedAt, ...file } = d.configFile.ok ? d.configFile.value : { modifiedAt: undefined };
    expect(file).to.deep.equal({ path: "/etc/docker/daemon.json", present: true, content: { icc: false, "log-level": "info" } });
    expect(Date.parse(modifiedAt ?? "")).to.be.closeTo(Date.now(), 600_000);
    expect(d.effective.ok && d.effective.value.icc).to.deep.equal({ value: false, origin: { from: "config-file", name: "icc", where: "/etc/docker/daemon.json" } });
    expect(d.effective.ok && d.effective.value.hosts).to.deep.equal({ value: ["fd://"], origin: { from: "flag", name: "-H", where: "pid 100 argv" } });
  });

  it("finds the dockerd of a custom -H socket and reads its --config-file", async () => {
    const d = await collect(ALL, "unix:///srv/custom/docker.sock");
    expect(d.process.ok && d.process.value.pid).to.equal(200);
    expect(d.flags.ok && d.flags.value["config-file"]).to.deep.equal(["/srv/custom/daemon.json"]);
    expect(d.configFile.ok && d.configFile.value.path).to.equal("/srv/custom/daemon.json");
    expect(d.effective.ok && d.effective.value["userns-remap"]?.origin).to.deep.equal({ from: "config-file", name: "userns-remap", where: "/srv/custom/daemon.json" });
  });

  it("redacts secret-looking values in argv and daemon.json", async () => {
    const d = await collect(ALL, "unix:///srv/custom/docker.sock");
    const text = JSON.stringify(d);
    expect(text).not.to.include("planted-argv-token");
    expect(text).not.to.include("planted-file-token");
    expect(d.process.ok && d.process.value.argv).to.include("splunk-token=<redacted: looks like a token>");
    expect(d.configFile.ok && d.configFile.value.content["log-opts"]).to.deep.equal({ "max-size": "10m", "splunk-token": "<redacted: looks like a token>" });
  });

  it("recognises a rootless dockerd (uid 1000 under rootlesskit) and reads the user's daemon.json", async () => {
    const d = await collect(ALL, "unix:///run/user/1000/docker.sock");
    expect(d.process.ok && d.process.value).to.include({ pid: 500, rootless: true });
    expect(d.configFile.ok && d.configFile.value.path).to.equal("/home/alice/.config/docker/daemon.json");
    expect(d.effective.ok && d.effective.value.experimental?.value).to.equal(true);
    expect(JSON.stringify(d)).not.to.include("never-read");
  });

  it("finds the rootlesskit a rootless dockerd runs under and the network process it started", async () => {
    // As on a real host: rootlesskit (450) → its child in the namespaces (460, exe rootlesskit, argv /proc/self/exe)
    // → dockerd; slirp4netns is rootlesskit's child.
    const child: FakeProcess = { pid: 460, argv: ["/proc/self/exe", "--net=slirp4netns"], exe: "/usr/bin/rootlesskit", uid: 1000, ppid: 450 };
    const slirp: FakeProcess = { pid: 470, argv: ["slirp4netns", "--mtu", "65520", "460", "tap0"], exe: "/usr/bin/slirp4netns", uid: 1000, ppid: 450 };
    const d = await collect([ROOTLESS_SH, ROOTLESSKIT, child, slirp, { ...ROOTLESS, ppid: 460 }], "unix:///run/user/1000/docker.sock");
    expect(d.process.ok && d.process.value.rootlessKit).to.deep.equal({ pid: 450, net: "slirp4netns", networkProcess: { pid: 470, name: "slirp4netns" } });
    expect(d.process.ok && d.process.value.uid).to.equal(1000);
    // and its group, which 3.23 compares its own containerd socket's group with
    expect(d.process.ok && d.process.value.gid).to.equal(1001);
    // directly under rootlesskit (older layouts), with pasta
    const pasta: FakeProcess = { pid: 480, argv: ["pasta", "--config-net"], exe: "/usr/bin/pasta", uid: 1000, ppid: 450 };
    const kit = { ...ROOTLESSKIT, argv: ["rootlesskit", "--net", "pasta", "dockerd-rootless.sh"] };
    const d2 = await collect([ROOTLESS_SH, kit, pasta, ROOTLESS], "unix:///run/user/1000/docker.sock");
    expect(d2.process.ok && d2.process.value.rootlessKit).to.deep.equal({ pid: 450, net: "pasta", networkProcess: { pid: 480, name: "pasta" } });
    // a rootful dockerd has none
    const d3 = await collect(ALL, "unix:///var/run/docker.sock");
    expect(d3.process.ok && d3.process.value.rootlessKit).to.equal(undefined);
  });

  it("honours XDG_CONFIG_HOME for a rootless dockerd", async () => {
    const p = { ...ROOTLESS, environ: { ...ROOTLESS.environ, XDG_CONFIG_HOME: "/home/alice/cfg" } };
    const d = await collect([p], "unix:///run/user/1000/docker.sock", { "/home/alice/cfg/docker/daemon.json": '{"debug": true}' });
    expect(d.configFile.ok && d.configFile.value.path).to.equal("/home/alice/cfg/docker/daemon.json");
  });

  it("takes no daemon when the fd table that would prove it cannot be read, and says so (never the -H values)", async () => {
    const procs = [{ ...SYSTEM, noFd: true }, { ...CUSTOM, noFd: true }];
    const d = await collect(procs, "unix:///srv/custom/docker.sock");
    expect(d.process.ok).to.equal(false);
    expect(!d.process.ok && d.process.error).to.equal("cannot prove which process serves unix:///srv/custom/docker.sock: /proc/200/fd unreadable (ENOENT)");
    expect(!d.flags.ok && d.flags.error).to.match(/^unknown daemon process: cannot prove/);
    expect(d.process.source).to.equal(DAEMON_WITNESS);
  });

  it("takes neither dockerd's default socket nor the only dockerd running as proof", async () => {
    const plain: FakeProcess = { pid: 600, argv: ["/usr/bin/dockerd"], exe: "/usr/bin/dockerd", noFd: true };
    const d = await collect([plain, { ...CUSTOM, noFd: true }], "unix:///run/docker.sock");
    expect(d.process.ok).to.equal(false);
    const only: FakeProcess = { pid: 700, argv: ["/usr/bin/dockerd", "-H", "fd://"], exe: "/usr/bin/dockerd", noFd: true };
    const d2 = await collect([only, EDITOR], "unix:///var/run/docker.sock");
    expect(d2.process.ok).to.equal(false);
    expect(!d2.process.ok && d2.process.error).to.equal("unix:///var/run/docker.sock is not served by any dockerd process on this host (dockerd pids: 700)");
  });

  it("follows a symlinked socket path to the path dockerd bound", async () => {
    const d = await collect(ALL, "unix:///var/run/docker-link.sock", { "/var/run/docker-link.sock": { link: "/srv/custom/docker.sock" }, "/srv/custom/docker.sock": "" });
    expect(d.process.ok && d.process.value.pid).to.equal(200);
  });

  it("matches a tcp endpoint by a listening socket on the wildcard address", async () => {
    const tcp: FakeProcess = {
      pid: 800, argv: ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tlsverify"], exe: "/usr/bin/dockerd",
      tcp: netTcp([{ addr: "00000000", port: 2376, inode: 8000 }, { addr: "0100007F", port: 2375, inode: 8001, state: "01" }]), sockets: [8000],
    };
    const d = await collect([SYSTEM, tcp], "tcp://127.0.0.1:2376");
    expect(d.process.ok && d.process.value.pid).to.equal(800);
    expect(d.process.ok && d.process.value.matchedBy).to.match(/^socket: tcp listener 0\.0\.0\.0:2376 \(socket inode 8000\) is open in pid 800; \/proc\/800\/exe is \/usr\/bin\/dockerd; it runs as root/);
    expect(d.effective.ok && d.effective.value.tlsverify?.value).to.equal(true);
  });

  it("matches an IPv6 loopback listener from /proc/net/tcp6", async () => {
    const tcp: FakeProcess = {
      pid: 810, argv: ["dockerd", "-H", "tcp://[::1]:2375"], exe: "/usr/bin/dockerd",
      tcp6: netTcp([{ addr: "00000000000000000000000001000000", port: 2375, inode: 8100 }]), sockets: [8100],
    };
    const d = await collect([SYSTEM, tcp], "tcp://[::1]:2375");
    expect(d.process.ok && d.process.value.pid).to.equal(810);
  });

  it("does not pin a remote tcp endpoint on a local dockerd", async () => {
    const d = await collect([{ ...SYSTEM, noFd: true }], "tcp://10.1.2.3:2376");
    expect(d.process.ok).to.equal(false);
  });

  it("reports no dockerd process when there is none", async () => {
    const d = await collect([EDITOR], "unix:///var/run/docker.sock");
    expect(!d.process.ok && d.process.error).to.match(/^no dockerd process found/);
    expect(d.configFile.ok).to.equal(false);
  });

  it("keeps an absent daemon.json as present:false with the flags still effective", async () => {
    const t = buildRoot(procTree([{ ...SYSTEM, argv: [...SYSTEM.argv, "--icc=false"] }]));
    try {
      const d = await collectDaemonConfig(new HostFs(t.root), "unix:///var/run/docker.sock");
      expect(d.configFile).to.deep.equal({ ok: true, value: { path: "/etc/docker/daemon.json", present: false, content: {} }, source: "/etc/docker/daemon.json" });
      expect(d.effective.ok && d.effective.value.icc?.value).to.equal(false);
    } finally {
      t.cleanup();
    }
  });

  it("reports a malformed daemon.json by file:line:column and makes the effective settings an error", async () => {
    const d = await collect([SYSTEM], "unix:///var/run/docker.sock", { "/etc/docker/daemon.json": '{\n  "icc": false,\n  "live-restore": tru\n}\n' });
    expect(d.process.ok).to.equal(true);
    expect(d.configFile).to.deep.equal({ ok: false, error: "/etc/docker/daemon.json:3:19: not valid JSON (unexpected character \"t\")", source: "/etc/docker/daemon.json" });
    expect(!d.effective.ok && d.effective.error).to.include("/etc/docker/daemon.json:3:19");
  });

  it("reports an unreadable daemon.json with its errno", async () => {
    const t = buildRoot({ ...procTree([SYSTEM]), "/etc/docker/daemon.json": { dir: true } });
    try {
      const d = await collectDaemonConfig(new HostFs(t.root), "unix:///var/run/docker.sock");
      expect(!d.configFile.ok && d.configFile.error).to.equal("/etc/docker/daemon.json is a directory, not a regular file");
      expect(d.effective.ok).to.equal(false);
    } finally {
      t.cleanup();
    }
  });

  it("takes the TLS files' directory from DOCKER_CERT_PATH in dockerd's environment, keeps no other value, and records when dockerd started", async () => {
    const tls: FakeProcess = {
      ...SYSTEM, argv: ["/opt/docker/dockerd", "--tlsverify", "-H", "fd://", "--tlscert=/etc/own/cert.pem"],
      environ: { DOCKER_CERT_PATH: "/srv/certs", DOCKER_TLS_VERIFY: "1", HOME: "/root", AWS_SECRET_ACCESS_KEY: "never-read" },
    };
    const boot = 1_767_000_000;
    const d = await collect([tls], "unix:///var/run/docker.sock", {
      "/proc/stat": `cpu  1 2 3\nbtime ${boot}\nprocesses 9\n`,
      // comm with a space and a parenthesis; starttime (field 22) = 12345 ticks
      "/proc/100/stat": `100 (dockerd (x)) S 1 100 100 0 -1 4194560 1 0 0 0 1 1 0 0 20 0 9 0 12345 100000 100 18446744073709551615\n`,
    });
    expect(d.process.ok && d.process.value.startedAt).to.equal(new Date(boot * 1000 + 123_450).toISOString());
    expect(d.process.ok && d.process.value.environment).to.deep.equal({ DOCKER_CERT_PATH: "/srv/certs", names: ["DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"] });
    const eff = d.effective.ok ? d.effective.value : {};
    expect(eff["tlscacert"]).to.deep.equal({ value: "/srv/certs/ca.pem", origin: { from: "environment", name: "DOCKER_CERT_PATH", where: "pid 100 environ" } });
    expect(eff["tlskey"]?.value).to.equal("/srv/certs/key.pem");
    expect(eff["tlscert"]?.origin.from, "a flag naming the file wins").to.equal("flag");
    expect(JSON.stringify(d)).not.to.contain("never-read");
    expect(JSON.stringify(d)).not.to.match(/"HOME"|\/root"/);
  });

  it("uses DOCKER_CONFIG when DOCKER_CERT_PATH is unset, and neither without TLS", async () => {
    const withConfig: FakeProcess = { ...SYSTEM, argv: ["dockerd", "--tls", "-H", "fd://"], environ: { DOCKER_CONFIG: "/etc/dcfg" } };
    const d = await collect([withConfig], "unix:///var/run/docker.sock", { "/etc/docker/daemon.json": "{}" });
    expect(d.effective.ok && d.effective.value["tlscert"]?.value).to.equal("/etc/dcfg/cert.pem");
    const plain: FakeProcess = { ...SYSTEM, environ: { DOCKER_CERT_PATH: "/srv/certs" } };
    const p = await collect([plain], "unix:///var/run/docker.sock", { "/etc/docker/daemon.json": "{}" });
    expect(p.effective.ok && p.effective.value["tlscacert"]).to.equal(undefined);
  });
});

/** A HostFs over a fixture root that records every path read and answers EACCES where a non-root auditor would. */
function watchedFs(root: string, denied: (p: string) => boolean): { fs: HostFs; read: string[] } {
  const read: string[] = [];
  const eacces = (p: string) => Object.assign(new Error(`EACCES: permission denied, ${p}`), { code: "EACCES" });
  const ops: FsOps = {
    ...localOps,
    readText: async (p, maxBytes) => {
      read.push(p.slice(root.length));
      if (denied(p.slice(root.length))) throw eacces(p);
      return localOps.readText(p, maxBytes);
    },
    readdir: async (p) => {
      if (denied(p.slice(root.length))) throw eacces(p);
      return localOps.readdir(p);
    },
    readlink: async (p) => {
      if (denied(p.slice(root.length))) throw eacces(p);
      return localOps.readlink(p);
    },
  };
  return { fs: new HostFs(root, ops), read };
}

describeAsRoot("daemon matching: only what the kernel proves", () => {
  // A user's process calling itself dockerd, with forged flags and a --config-file that is a FIFO on a real host.
  const IMPOSTOR: FakeProcess = {
    pid: 900, argv: ["dockerd", "--tlsverify", "--icc=false", "-H", "unix:///var/run/docker.sock", "--config-file", "/tmp/evil/fifo"],
    exe: "/home/mallory/dockerd", uid: 1234,
  };

  it("takes the socket-activated dockerd through the fd systemd passed it, never the impostor, and opens no impostor file", async () => {
    const t = buildRoot({ ...procTree([IMPOSTOR, SYSTEM]), ...FILES, "/tmp/evil/fifo": '{"icc": false}' });
    try {
      const { fs, read } = watchedFs(t.root, () => false);
      const d = await collectDaemonConfig(fs, "unix:///var/run/docker.sock");
      expect(d.process.ok && d.process.value.pid).to.equal(100);
      expect(d.effective.ok && d.effective.value.tlsverify).to.equal(undefined);
      expect(read).to.not.include("/tmp/evil/fifo");
      expect(read).to.include("/etc/docker/daemon.json");
    } finally {
      t.cleanup();
    }
  });

  it("without ptrace access to the real daemon, takes no daemon: error naming the unreadable fd table and the capability", async () => {
    const t = buildRoot({ ...procTree([IMPOSTOR, SYSTEM]), ...FILES, "/tmp/evil/fifo": "{}" });
    try {
      // A non-root auditor: root's /proc/100/{fd,exe,environ,cwd} are closed to it; the impostor's are not.
      const { fs, read } = watchedFs(t.root, (p) => /^\/proc\/100\/(fd|exe|environ|cwd)/.test(p));
      const d = await collectDaemonConfig(fs, "unix:///var/run/docker.sock");
      expect(!d.process.ok && d.process.error).to.equal("cannot prove which process serves unix:///var/run/docker.sock: /proc/100/fd unreadable (needs root or CAP_SYS_PTRACE)");
      expect(d.flags.ok || d.configFile.ok || d.effective.ok).to.equal(false);
      expect(read.filter((p) => !p.startsWith("/proc/"))).to.deep.equal([]);
    } finally {
      t.cleanup();
    }
  });

  it("names every daemon whose fd table it could not read in one clause", () => {
    expect(mergeUnreadable(["/proc/7/fd unreadable (needs root or CAP_SYS_PTRACE)", "EACCES: permission denied, /proc/8/net/unix", "/proc/9/fd unreadable (needs root or CAP_SYS_PTRACE)"])).to.deep.equal([
      "/proc/PID/fd unreadable for pids 7, 9 (needs root or CAP_SYS_PTRACE)", "EACCES: permission denied, /proc/8/net/unix",
    ]);
  });

  it("does not take a process holding the socket whose executable is not dockerd", async () => {
    const proxy: FakeProcess = { ...SYSTEM, exe: "/usr/bin/socat" };
    const d = await collect([proxy], "unix:///var/run/docker.sock");
    expect(!d.process.ok && d.process.error).to.equal(
      "unix:///var/run/docker.sock is not served by any dockerd process on this host (dockerd pids: 100); unix socket /run/docker.sock (socket inode 5000) is open in pid 100, but its executable is /usr/bin/socat, not a dockerd",
    );
  });

  it("does not take a non-root dockerd holding a socket it does not own", async () => {
    const d = await collect([{ ...SYSTEM, uid: 1000 }], "unix:///var/run/docker.sock", { "/run/docker.sock": "" });
    expect(!d.process.ok && d.process.error).to.match(/open in pid 100, but it runs as uid 1000, neither root nor the socket's owner \(uid 0\)$/);
  });

  it("takes a tcp listener's owner from the table's uid column", async () => {
    const tcp: FakeProcess = { pid: 820, argv: ["dockerd"], exe: "/usr/bin/dockerd", uid: 1000, tcp: netTcp([{ addr: "0100007F", port: 2375, inode: 8200 }]), sockets: [8200] };
    const d = await collect([tcp], "tcp://127.0.0.1:2375");
    expect(!d.process.ok && d.process.error).to.match(/runs as uid 1000, neither root nor the socket's owner \(uid 0\)$/);
  });

  it("container mode: a host dockerd is taken only when it listens on the very file mounted at the endpoint", async () => {
    const t = buildRoot({ ...procTree(ALL), ...FILES, "/run/docker.sock": "", "/srv/custom/docker.sock": "", "/var": { dir: true } });
    try {
      const fs = new HostFs(t.root);
      const id = (p: string) => {
        const st = statSync(join(t.root, p));
        return { path: "/var/run/docker.sock", dev: st.dev, ino: st.ino, uid: st.uid };
      };
      // The host's /run/docker.sock mounted at /var/run/docker.sock: the system dockerd.
      const same = await collectDaemonConfig(fs, "unix:///var/run/docker.sock", { endpointFile: id("/run/docker.sock") });
      expect(same.process.ok && same.process.value.pid).to.equal(100);
      expect(same.process.ok && same.process.value.matchedBy).to.match(/^socket: unix socket \/run\/docker\.sock \(the file mounted at \/var\/run\/docker\.sock: device \d+, inode \d+\)/);
      // Another daemon's socket mounted at /var/run/docker.sock: that daemon, never the host's system dockerd by path.
      const other = await collectDaemonConfig(fs, "unix:///var/run/docker.sock", { endpointFile: id("/srv/custom/docker.sock") });
      expect(other.process.ok && other.process.value.pid).to.equal(200);
      // A socket no host dockerd listens on (e.g. a daemon in another mount namespace): none.
      const none = await collectDaemonConfig(fs, "unix:///var/run/docker.sock", { endpointFile: id("/etc/passwd") });
      expect(!none.process.ok && none.process.error).to.match(/is not served by any dockerd process on this host \(dockerd pids: 100, 200, 500\) \(no dockerd's network namespace has a listening socket bound at the file mounted at \/var\/run\/docker\.sock\)$/);
      expect(none.configFile.ok).to.equal(false);
    } finally {
      t.cleanup();
    }
  });

  it("container mode is a local audit under another root: the endpoint's own file identifies the socket", () => {
    const t = buildRoot({ "/etc/passwd": "" });
    try {
      const local = join(t.root, "etc/passwd");
      const st = statSync(local);
      expect(matchOptions(new HostFs(t.root), undefined, local)).to.deep.equal({ endpointFile: { path: local, dev: st.dev, ino: st.ino, uid: st.uid } });
      // On the host itself and over SSH the endpoint's path is the audited host's path.
      expect(matchOptions(new HostFs("/"), undefined, local)).to.deep.equal({});
      expect(matchOptions(new HostFs(t.root), { label: "ssh://h" }, local)).to.deep.equal({});
      // A socket that is not there matches no host process at all.
      expect(matchOptions(new HostFs(t.root), undefined, join(t.root, "nope.sock")).endpointFile).to.include({ dev: -1, ino: -1 });
    } finally {
      t.cleanup();
    }
  });
});
