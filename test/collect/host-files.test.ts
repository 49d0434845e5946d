import { expect } from "chai";
import { collectDockerGroup, collectHostFiles, dataRootOf, resolvePath, statFile } from "../../src/collect/host/host-files.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import type { DockerInfo, Fact, FileStat, UnitFiles } from "../../src/snapshot/types.js";
import { buildTree, daemonFacts, type DaemonSpec, type TreeSpec } from "../checks/daemon-files/support.js";
import { errFact, okFact } from "../support/fixtures.js";
import { describeAsRoot } from "../support/required.js";

const NO_UNITS: Fact<UnitFiles> = okFact({ service: null, socket: null, dropIns: [], method: "test" }, "test");

async function collect(spec: TreeSpec, daemon: DaemonSpec = {}, units = NO_UNITS, info?: Fact<DockerInfo>) {
  const t = await buildTree(spec);
  try {
    return await collectHostFiles(new HostFs(t.root), {
      daemon: daemonFacts(daemon),
      info: info ?? okFact({ DockerRootDir: daemon.dockerRootDir ?? "/var/lib/docker" }, "GET /info"),
      dockerHost: daemon.dockerHost ?? "unix:///var/run/docker.sock",
      units,
    });
  } finally {
    await t.close();
  }
}

const paths = (f: Fact<FileStat[]> | undefined) => (f?.ok ? f.value.map((x) => x.path) : f?.error);

describeAsRoot("host files collector", () => {
  it("records real owner, group (named from the tree's /etc/passwd and /etc/group) and mode", async () => {
    const files = await collect({ "/etc/docker": { type: "dir", mode: 0o750, uid: 1000, gid: 999 } });
    expect(files["etc-docker"]).to.deep.include({ ok: true });
    const f = files["etc-docker"]!.ok ? files["etc-docker"]!.value[0]! : undefined;
    expect(f).to.deep.include({ path: "/etc/docker", exists: true, type: "directory", mode: 0o750, uid: 1000, gid: 999, user: "alice", group: "docker" });
  });

  it("keeps setuid, setgid and sticky bits in the mode", async () => {
    const files = await collect({ "/etc/default/docker": { mode: 0o4644 } });
    expect(files["etc-default-docker"]!.ok && files["etc-default-docker"]!.value[0]!.mode).to.equal(0o4644);
  });

  it("records a missing file as not existing, with no error", async () => {
    const files = await collect({});
    expect(files["etc-sysconfig-docker"]!.ok && files["etc-sysconfig-docker"]!.value).to.deep.equal([{ path: "/etc/sysconfig/docker", exists: false }]);
  });

  it("follows symlinks inside the tree and records where they lead", async () => {
    const t = await buildTree({ "/data/docker.json": { mode: 0o600 }, "/etc/docker/daemon.json": { type: "link", target: "/data/docker.json" } });
    try {
      const fs = new HostFs(t.root);
      expect(await statFile(fs, "/etc/docker/daemon.json")).to.deep.include({ exists: true, type: "file", mode: 0o600, realPath: "/data/docker.json" });
      expect(await resolvePath(fs, "/var/run/docker.sock")).to.equal("/run/docker.sock");
    } finally {
      await t.close();
    }
  });

  it("takes the data-root from /info, else the configured data-root, else dockerd's default", () => {
    const daemon = daemonFacts({ settings: { "data-root": "/srv/docker" } });
    expect(dataRootOf({ daemon, info: okFact({ DockerRootDir: "/var/lib/docker/165536.165536" }, "i") })).to.deep.include({ path: "/var/lib/docker/165536.165536" });
    expect(dataRootOf({ daemon, info: errFact("timeout", "GET /info") })).to.deep.include({ path: "/srv/docker", from: "effective data-root" });
    expect(dataRootOf({ daemon: daemonFacts(), info: errFact("timeout", "GET /info") })).to.deep.include({ path: "/var/lib/docker" });
    const unknown = { ...daemonFacts(), effective: errFact<never>("EACCES", "/proc/100/cmdline") };
    expect(dataRootOf({ daemon: unknown, info: errFact("timeout", "GET /info") }).ok).to.equal(false);
  });

  it("records /var/lib/docker separately only when the data-root is elsewhere", async () => {
    const moved = await collect({ "/srv/docker": { type: "dir" }, "/var/lib/docker": { type: "dir" } }, { dockerRootDir: "/srv/docker" });
    expect(paths(moved["data-root"])).to.deep.equal(["/srv/docker"]);
    expect(paths(moved["default-data-root"])).to.deep.equal(["/var/lib/docker"]);
    const remapped = await collect({}, { dockerRootDir: "/var/lib/docker/165536.165536" });
    expect(paths(remapped["default-data-root"])).to.deep.equal([]);
  });

  it("takes dockerd from the running process and finds containerd and runc beside it and in the usual directories, once each", async () => {
    const files = await collect({
      "/opt/docker/dockerd": { mode: 0o755 }, "/opt/docker/containerd": { mode: 0o755 },
      "/usr/bin/containerd": { mode: 0o755 }, "/usr/bin/runc": { mode: 0o755 }, "/bin": { type: "link", target: "usr/bin" },
    }, { exe: "/opt/docker/dockerd" });
    expect(paths(files["dockerd"])).to.deep.equal(["/opt/docker/dockerd"]);
    expect(paths(files["containerd"])).to.deep.equal(["/opt/docker/containerd", "/usr/bin/containerd"]);
    expect(paths(files["runc"])).to.deep.equal(["/usr/bin/runc"]);
    expect(files["containerd-shim-runc-v1"]!.ok && files["containerd-shim-runc-v1"]!.value).to.deep.equal([{ path: "/usr/bin/containerd-shim-runc-v1", exists: false }]);
  });

  it("judges the binaries that run: the daemon's containerd and its shims from /proc/PID/exe, runc from the reported runtimes, not other copies", async () => {
    const proc = (pid: number, exe: string, ppid: number, argv: string[]) => ({
      [`/proc/${pid}/exe`]: { type: "link" as const, target: exe },
      [`/proc/${pid}/status`]: { content: `Name:\tx\nPPid:\t${ppid}\n` },
      [`/proc/${pid}/cmdline`]: { content: argv.join("\0") + "\0" },
    });
    const files = await collect({
      "/opt/d/dockerd": { mode: 0o755 }, "/opt/d/containerd": { mode: 0o755 }, "/opt/d/containerd-shim-runc-v2": { mode: 0o755 },
      "/opt/rt/runc": { mode: 0o755 }, "/usr/bin/containerd": { mode: 0o755 }, "/usr/bin/containerd-shim": { mode: 0o755 },
      "/usr/bin/containerd-shim-runc-v2": { mode: 0o755 }, "/usr/bin/runc": { mode: 0o755 },
      "/run/docker/containerd/containerd.sock": { type: "socket" },
      ...proc(100, "/opt/d/dockerd", 1, ["/opt/d/dockerd"]),
      ...proc(110, "/opt/d/containerd", 100, ["containerd", "--config", "/var/run/docker/containerd/containerd.toml"]),
      ...proc(120, "/opt/d/containerd-shim-runc-v2", 1, ["/opt/d/containerd-shim-runc-v2", "-namespace", "moby", "-id", "x", "-address", "/var/run/docker/containerd/containerd.sock"]),
      // another daemon's containerd and shim: not ours
      ...proc(130, "/usr/bin/containerd", 900, ["containerd"]),
      ...proc(140, "/usr/bin/containerd-shim-runc-v2", 1, ["containerd-shim-runc-v2", "-address", "/run/other/containerd.sock"]),
    }, { exe: "/opt/d/dockerd" }, NO_UNITS, okFact({ DockerRootDir: "/var/lib/docker", Runtimes: { runc: { path: "runc" }, "io.containerd.runc.v2": { path: "runc" }, custom: { path: "/opt/rt/runc" } } }, "GET /info"));
    expect(paths(files["containerd"])).to.deep.equal(["/opt/d/containerd"]);
    expect(files["containerd"]!.source).to.match(/running: \/proc\/110\/exe → \/opt\/d\/containerd \(started by dockerd \(pid 100\)\)/);
    expect(paths(files["containerd-shim-runc-v2"])).to.deep.equal(["/opt/d/containerd-shim-runc-v2"]);
    expect(paths(files["containerd-shim"]), "a shim kind the daemon's containerd does not run is not in use").to.deep.equal([]);
    expect(paths(files["runc"])).to.deep.equal(["/opt/rt/runc", "/usr/bin/runc"]);
    expect(files["runc"]!.source).to.match(/GET \/info Runtimes: \/opt\/rt\/runc; "runc" from GET \/info Runtimes resolved as on PATH/);
  });

  it("cannot locate dockerd without the process or a binary: an error fact, not a guess", async () => {
    const t = await buildTree({});
    try {
      const daemon = { ...daemonFacts(), process: errFact<never>("no dockerd process serves the socket", "/proc") };
      const files = await collectHostFiles(new HostFs(t.root), { daemon, info: okFact({}, "i"), dockerHost: "unix:///var/run/docker.sock", units: NO_UNITS });
      expect(files["dockerd"]!.ok).to.equal(false);
    } finally {
      await t.close();
    }
  });

  it("lists every file below /etc/docker/certs.d, keys and client certificates included", async () => {
    const files = await collect({
      "/etc/docker/certs.d/a:5000/ca.crt": {}, "/etc/docker/certs.d/a:5000/client.cert": {}, "/etc/docker/certs.d/a:5000/client.key": { mode: 0o400 },
      "/etc/docker/certs.d/b/ca.crt": {},
    });
    expect(paths(files["registry-certs"])).to.deep.equal([
      "/etc/docker/certs.d/a:5000/ca.crt", "/etc/docker/certs.d/a:5000/client.cert", "/etc/docker/certs.d/a:5000/client.key", "/etc/docker/certs.d/b/ca.crt",
    ]);
  });

  it("finds the TLS files the daemon is configured with, and dockerd's defaults when only tlsverify is set", async () => {
    const set = await collect({}, { settings: { tlsverify: true, tlscacert: "/etc/docker/tls/ca.pem", tlscert: "/etc/docker/tls/cert.pem", tlskey: '"/etc/docker/tls/key.pem"' } });
    expect([paths(set["tls-ca"]), paths(set["tls-cert"]), paths(set["tls-key"])]).to.deep.equal([["/etc/docker/tls/ca.pem"], ["/etc/docker/tls/cert.pem"], ["/etc/docker/tls/key.pem"]]);
    const defaults = await collect({}, { settings: { tlsverify: true } });
    expect(paths(defaults["tls-key"])).to.deep.equal(["/root/.docker/key.pem"]);
    const rootless = await collect({}, { rootless: true, dockerHost: "unix:///run/user/1000/docker.sock", settings: { tls: true } });
    expect(paths(rootless["tls-ca"])).to.deep.equal(["/home/alice/.docker/ca.pem"]);
    const none = await collect({});
    expect(paths(none["tls-ca"])).to.deep.equal([]);
  });

  it("finds the Docker sockets in use: -H listeners, the socket unit for fd://, and the endpoint, one per real file", async () => {
    const units = okFact<UnitFiles>({ service: null, socket: "/lib/systemd/system/docker.socket", dropIns: [], method: "test" }, "test");
    const files = await collect({
      "/lib/systemd/system/docker.socket": { content: "[Socket]\nListenStream=/run/docker.sock\n" },
      "/run/docker.sock": { type: "socket", mode: 0o660, gid: 999 },
    }, { settings: { hosts: ["fd://", "unix:///srv/api.sock", "tcp://0.0.0.0:2376"] } }, units);
    expect(paths(files["docker-socket"])).to.deep.equal(["/run/docker.sock", "/srv/api.sock"]);
    const plain = await collect({ "/run/docker.sock": { type: "socket" } });
    expect(paths(plain["docker-socket"])).to.deep.equal(["/var/run/docker.sock"]);
  });

  it("finds the containerd socket the daemon reports, else --containerd, else the default, plus dockerd's own under its exec-root", async () => {
    const custom = await collect({ "/run/x/containerd.sock": { type: "socket" } }, { settings: { containerd: "/run/x/containerd.sock" } });
    expect(paths(custom["containerd-socket"])).to.deep.equal(["/run/x/containerd.sock"]);
    const managed = await collect({ "/run/docker/containerd/containerd.sock": { type: "socket" } });
    expect(paths(managed["containerd-socket"])).to.deep.equal(["/run/containerd/containerd.sock", "/var/run/docker/containerd/containerd.sock"]);
    const ownExecRoot = await collect({ "/srv/exec/containerd/containerd.sock": { type: "socket" } }, { settings: { "exec-root": "/srv/exec" } });
    expect(paths(ownExecRoot["containerd-socket"])).to.deep.equal(["/run/containerd/containerd.sock", "/srv/exec/containerd/containerd.sock"]);
    const reported = await collect({ "/run/k/containerd.sock": { type: "socket" } }, {}, NO_UNITS,
      okFact({ DockerRootDir: "/var/lib/docker", Containerd: { Address: "/run/k/containerd.sock" } }, "GET /info"));
    expect(paths(reported["containerd-socket"])).to.deep.equal(["/run/k/containerd.sock"]);
    // A rootless dockerd runs its own containerd under $XDG_RUNTIME_DIR/docker; the system's is none of its business.
    const rootless = await collect({ "/run/user/1000/docker/containerd/containerd.sock": { type: "socket" }, "/run/containerd/containerd.sock": { type: "socket" } },
      { rootless: true, dockerHost: "unix:///run/user/1000/docker.sock" });
    expect(paths(rootless["containerd-socket"])).to.deep.equal(["/run/user/1000/docker/containerd/containerd.sock"]);
  });

  it("takes the unit files and their drop-ins from the units fact, service and socket apart", async () => {
    const units = okFact<UnitFiles>({
      service: "/lib/systemd/system/docker.service", socket: "/lib/systemd/system/docker.socket",
      dropIns: ["/etc/systemd/system/docker.service.d/a.conf", "/etc/systemd/system/docker.socket.d/b.conf"], method: "test",
    }, "test");
    const files = await collect({}, {}, units);
    expect(paths(files["docker-service"])).to.deep.equal(["/lib/systemd/system/docker.service", "/etc/systemd/system/docker.service.d/a.conf"]);
    expect(paths(files["docker-socket-unit"])).to.deep.equal(["/lib/systemd/system/docker.socket", "/etc/systemd/system/docker.socket.d/b.conf"]);
    const broken = await collect({}, {}, errFact("cannot list /etc/systemd/system/docker.service.d: EACCES", "units"));
    expect(broken["docker-service"]!.ok).to.equal(false);
  });
});

describeAsRoot("docker group collector", () => {
  const group = async (spec: TreeSpec) => {
    const t = await buildTree(spec);
    try {
      return await collectDockerGroup(new HostFs(t.root));
    } finally {
      await t.close();
    }
  };
  it("lists /etc/group members and users whose primary group is docker", async () => {
    expect(await group({})).to.deep.include({ ok: true, value: { exists: true, gid: 999, members: ["alice", "bob"] } });
  });
  it("matches the group name exactly: dockerroot is not docker (Q13)", async () => {
    const g = await group({ "/etc/group": { content: "dockerroot:x:990:mallory\n" } });
    expect(g.ok && g.value).to.deep.equal({ exists: false, members: [] });
  });
  it("an unreadable /etc/group is an error fact", async () => {
    const g = await group({ "/etc/group": { type: "dir" } });
    expect(g.ok).to.equal(false);
  });
});
