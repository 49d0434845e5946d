import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parseNsLink, parseNsPid, planMapping, processesFromProc } from "../../src/collect/host/container-procs.js";
import { collectEngine, DaemonUnreachableError, InvalidDockerHostError, parseTop, resolveDockerEndpoint } from "../../src/collect/engine-api/engine-api.js";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { endpointServes, parseEndpoint, parseProcNetTcp, parseProcNetUnix } from "../../src/collect/daemon/proc.js";
import { buildRoot, netTcp, netUnix, procTree } from "./fake-root.js";

describe("Docker endpoint resolution", () => {
  it("prefers --docker-host over DOCKER_HOST over the default socket", () => {
    expect(resolveDockerEndpoint("unix:///a.sock", { DOCKER_HOST: "unix:///b.sock" }).url).to.equal("unix:///a.sock");
    expect(resolveDockerEndpoint(undefined, { DOCKER_HOST: "unix:///b.sock" })).to.deep.equal({ url: "unix:///b.sock", socketPath: "/b.sock" });
    expect(resolveDockerEndpoint(undefined, {})).to.deep.equal({ url: "unix:///var/run/docker.sock", socketPath: "/var/run/docker.sock" });
  });

  it("reads tcp endpoints, with TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH", () => {
    expect(resolveDockerEndpoint("tcp://10.0.0.5:2375", {})).to.deep.equal({ url: "tcp://10.0.0.5:2375", host: "10.0.0.5", port: 2375 });
    expect(resolveDockerEndpoint("tcp://10.0.0.5", {}).port).to.equal(2375);
    expect(resolveDockerEndpoint("docker.example:2375", {}).url).to.equal("tcp://docker.example:2375");
    expect(resolveDockerEndpoint("tcp://[::1]:2376", { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" })).to.deep.equal({
      url: "tcp://[::1]:2376", host: "::1", port: 2376, tls: { certPath: "/certs", verify: true },
    });
    expect(resolveDockerEndpoint("tcp://h", { DOCKER_TLS_VERIFY: "1" })).to.deep.include({ port: 2376, tls: { certPath: join(homedir(), ".docker"), verify: true } });
    expect(resolveDockerEndpoint("unix:///x.sock", { DOCKER_TLS_VERIFY: "1" }).tls).to.equal(undefined);
  });

  it("refuses what it cannot connect to as bad usage", () => {
    for (const bad of ["ssh://me@host", "npipe:////./pipe/docker_engine", "unix://relative.sock", "tcp://"]) {
      expect(() => resolveDockerEndpoint(bad, {}), bad).to.throw(InvalidDockerHostError);
    }
  });

  it("throws DaemonUnreachableError, one line naming the endpoint, when nothing listens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-nosock-"));
    try {
      const ep = resolveDockerEndpoint(`unix://${dir}/docker.sock`, {});
      let caught: unknown;
      await collectEngine(ep).catch((e) => (caught = e));
      expect(caught).to.be.instanceOf(DaemonUnreachableError);
      // The newcomer's first error says what to do: the path tried and the two ways to name another endpoint.
      expect((caught as Error).message).to.equal(`cannot reach the Docker daemon at unix://${dir}/docker.sock: no socket at ${dir}/docker.sock (is the daemon running?); name the daemon's endpoint with --docker-host or DOCKER_HOST (e.g. unix:///run/user/1000/docker.sock for rootless Docker)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names missing TLS client certificates as the reason the daemon cannot be reached", async () => {
    const ep = resolveDockerEndpoint("tcp://127.0.0.1:1", { DOCKER_CERT_PATH: "/nonexistent-certs" });
    let caught: unknown;
    await collectEngine(ep).catch((e) => (caught = e));
    expect(caught).to.be.instanceOf(DaemonUnreachableError);
    expect((caught as Error).message).to.match(/^cannot reach the Docker daemon at tcp:\/\/127\.0\.0\.1:1: cannot read TLS client certificates: ENOENT/);
  });
});

describe("container processes", () => {
  it("keeps pid, user and the executable's name, never the arguments", () => {
    const top = { Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], Processes: [["root", "10", "1", "0", "10:00", "?", "00:00:00", "/usr/sbin/sshd -D --password hunter2"]] };
    expect(parseTop(top, true)).to.deep.equal([{ pid: "10", user: "root", command: "sshd" }]);
    expect(parseTop({ Titles: ["PID", "USER", "COMMAND"], Processes: [["11", "app", "node"]] }, false)).to.deep.equal([{ pid: "11", user: "app", command: "node" }]);
  });

  it("refuses a process list whose command column it cannot find (Podman's answer to ps(1) options), never names it \"\"", () => {
    const podman = { Titles: ["PID   USER     COMMAND"], Processes: [["1 0        sshd"], ["8 0        sleep"]] };
    expect(() => parseTop(podman, false)).to.throw(/no command column/);
    expect(parseTop({ Titles: ["PID   USER     COMMAND"], Processes: [] }, false)).to.deep.equal([]);
  });

  it("reads them from /proc by the cgroup naming the container", async () => {
    const id = "a".repeat(64);
    const other = "b".repeat(64);
    const t = buildRoot({
      ...procTree([
        { pid: 50, argv: ["dockerd"], exe: "/usr/bin/dockerd" },
        { pid: 61, argv: ["sleep", "3600", "--token=x"], comm: "sleep", cgroup: `0::/system.slice/docker-${id}.scope\n` },
        { pid: 62, argv: ["sshd"], comm: "sshd", uid: 1000, cgroup: `0::/system.slice/docker-${id}.scope\n` },
        { pid: 63, argv: ["nginx"], comm: "nginx", cgroup: `12:pids:/docker/${other}\n` },
        { pid: 70, argv: ["bash"], comm: "bash", cgroup: "0::/user.slice\n" },
      ]),
      "/etc/passwd": "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
    });
    try {
      const r = await processesFromProc(new HostFs(t.root), 50, [{ Id: id, State: { Pid: 61 } }, { Id: other, State: { Pid: 99 } }]);
      expect(Object.keys(r.byId)).to.deep.equal([id]);
      expect(r.byId[id]!.ok && r.byId[id]!.value).to.deep.equal([{ pid: "61", command: "sleep", user: "root" }, { pid: "62", command: "sshd", user: "alice" }]);
    } finally {
      t.cleanup();
    }
  });

  it("reads them by the PID namespace of each container's init when no cgroup names the container (rootless, cgroup v1)", async () => {
    const own = "c".repeat(64);
    const hostPid = "d".repeat(64);
    const sharedA = "e".repeat(64);
    const sharedB = "f".repeat(64);
    const t = buildRoot({
      ...procTree([
        { pid: 50, argv: ["dockerd"], exe: "/usr/bin/dockerd", pidns: 1000 },
        // own namespace; no cgroup names it (rootless containers on cgroup v1 get none)
        { pid: 61, argv: ["sleep"], comm: "sleep", pidns: 2001, uid: 1000, cgroup: "12:pids:/user.slice\n" },
        { pid: 64, argv: ["sshd"], comm: "sshd", pidns: 2001, uid: 1000, cgroup: "12:pids:/user.slice\n" },
        // --pid=host: its init is in dockerd's namespace, so only the cgroup can tell its processes from the host's
        { pid: 71, argv: ["sleep"], comm: "sleep", pidns: 1000, cgroup: `12:pids:/docker/${hostPid}\n` },
        { pid: 72, argv: ["bash"], comm: "bash", pidns: 1000, cgroup: "12:pids:/user.slice\n" },
        // two containers in one namespace (--pid=container:...): each by its cgroup
        { pid: 81, argv: ["sleep"], comm: "sleep", pidns: 3001, cgroup: `12:pids:/docker/${sharedA}\n` },
        { pid: 82, argv: ["nginx"], comm: "nginx", pidns: 3001, cgroup: `12:pids:/docker/${sharedB}\n` },
      ]),
      "/etc/passwd": "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
    });
    try {
      const running = [{ Id: own, State: { Pid: 61 } }, { Id: hostPid, State: { Pid: 71 } }, { Id: sharedA, State: { Pid: 81 } }, { Id: sharedB, State: { Pid: 82 } }];
      const r = await processesFromProc(new HostFs(t.root), 50, running);
      expect(r.byId[own]!.ok && r.byId[own]!.value).to.deep.equal([{ pid: "61", command: "sleep", user: "alice" }, { pid: "64", command: "sshd", user: "alice" }]);
      expect(r.byId[own]!.source).to.equal("/proc/*/ns/pid = pid:[2001], the PID namespace of its init (pid 61)");
      expect(r.byId[hostPid]!.ok && r.byId[hostPid]!.value).to.deep.equal([{ pid: "71", command: "sleep", user: "root" }]);
      expect(r.byId[hostPid]!.source).to.match(/cgroup naming d{12}$/);
      expect(r.byId[sharedA]!.ok && r.byId[sharedA]!.value.map((p) => p.pid)).to.deep.equal(["81"]);
      expect(r.byId[sharedB]!.ok && r.byId[sharedB]!.value.map((p) => p.pid)).to.deep.equal(["82"]);
    } finally {
      t.cleanup();
    }
  });

  it("plans a namespace only for a container that has one to itself", () => {
    const running = [{ Id: "a", State: {} }, { Id: "b", State: {} }, { Id: "c", State: {} }, { Id: "d", State: {} }];
    const plan = planMapping(running, new Map([["a", "pid:[2]"], ["b", "pid:[1]"], ["c", "pid:[3]"], ["d", "pid:[3]"]]), "pid:[1]");
    expect([...plan.byNs]).to.deep.equal([["pid:[2]", "a"]]);
    expect([...plan.byCgroup]).to.deep.equal(["b", "c", "d"]);
    // dockerd's own namespace unknown: nothing can be told apart from the host's, so every container goes by cgroup
    expect(planMapping(running, new Map([["a", "pid:[2]"]]), undefined).byNs.size).to.equal(0);
    expect(parseNsLink("pid:[4026531836]")).to.equal("pid:[4026531836]");
    expect(parseNsLink("/etc/passwd")).to.equal(undefined);
  });

  it("leaves them to the API when dockerd runs in a nested PID namespace", async () => {
    expect(parseNsPid("NSpid:\t812\t1\n")).to.deep.equal([812, 1]);
    const t = buildRoot({ "/proc/50/status": "Name:\tdockerd\nNSpid:\t50\t1\n" });
    try {
      const r = await processesFromProc(new HostFs(t.root), 50, [{ Id: "a".repeat(64), State: { Pid: 61 } }]);
      expect(r.byId).to.deep.equal({});
      expect(r.reason).to.match(/nested PID namespace/);
    } finally {
      t.cleanup();
    }
  });
});

describe("/proc socket tables and endpoints", () => {
  it("lists listening path-bound unix sockets only", () => {
    expect(parseProcNetUnix(netUnix({ "/run/docker.sock": 12, "/tmp/my docker.sock": 13 }))).to.deep.equal([
      { inode: 12, path: "/run/docker.sock" }, { inode: 13, path: "/tmp/my docker.sock" },
    ]);
  });

  it("decodes IPv4, IPv6 and v4-mapped listeners", () => {
    expect(parseProcNetTcp(netTcp([{ addr: "0100007F", port: 2376, inode: 1 }, { addr: "0100007F", port: 80, inode: 2, state: "01" }]))).to.deep.equal([{ inode: 1, address: "127.0.0.1", port: 2376, uid: 0 }]);
    expect(parseProcNetTcp(netTcp([{ addr: "0000000000000000FFFF00000100007F", port: 2375, inode: 3 }]))).to.deep.equal([{ inode: 3, address: "127.0.0.1", port: 2375, uid: 0 }]);
    expect(parseProcNetTcp(netTcp([{ addr: "00000000000000000000000000000000", port: 2375, inode: 4 }]))[0]!.address).to.equal("0000:0000:0000:0000:0000:0000:0000:0000");
  });

  it("matches -H values to the audited endpoint", () => {
    const audited = parseEndpoint("unix:///var/run/docker.sock");
    expect(endpointServes(parseEndpoint("unix:///run/docker.sock"), audited)).to.equal(true);
    expect(endpointServes(parseEndpoint("fd://"), audited)).to.equal(false);
    expect(endpointServes(parseEndpoint("tcp://0.0.0.0:2376"), parseEndpoint("tcp://127.0.0.1:2376"))).to.equal(true);
    expect(endpointServes(parseEndpoint("tcp://127.0.0.1:2376"), parseEndpoint("tcp://10.0.0.1:2376"))).to.equal(false);
    expect(endpointServes(parseEndpoint("127.0.0.1:2375"), parseEndpoint("tcp://127.0.0.1:2375"))).to.equal(true);
  });
});
