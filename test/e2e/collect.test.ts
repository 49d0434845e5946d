import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectSnapshot, DaemonUnreachableError } from "../../src/collect/index.js";
import { parseSnapshot } from "../../src/snapshot/load.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { BUSYBOX_IMAGE, freeSubnet, importBusyboxImage, initSwarm, describeEngines, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";

const PLANTED = "hunter2-planted";
const PLANTED_LABEL = "label-secret-planted";
const PLANTED_AWS = "AKIAIOSFODNN7PLANTED";

describeEngines("real daemon: collect", "all", function (engine) {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;
  let snap: Snapshot;
  let ms = 0;

  before(async function () {
    d = await startDaemonOrSkip(this, {
      engine, name: "collect",
      daemonJson: { icc: false, "log-level": "info", "default-ulimits": { nofile: { Name: "nofile", Soft: 1024, Hard: 2048 } }, "log-opts": { "max-size": "10m" } },
    });
    await importBusyboxImage(d);
    await d.docker(["run", "-d", "--name", "collect-env", "-e", `DB_PASSWORD=${PLANTED}`, "-e", `AWS_ACCESS_KEY_ID=${PLANTED_AWS}`,
      "--label", `api_token=${PLANTED_LABEL}`, "--label", "team=blue", BUSYBOX_IMAGE, "sh", "-c", "exec sleep 3600", `--password=${PLANTED}`]);
    await d.docker(["create", "--name", "collect-stopped", BUSYBOX_IMAGE]);
    await d.docker(["network", "create", "--subnet", freeSubnet(), "collect-net"]);
    const t0 = performance.now();
    snap = await collectSnapshot({ root: "/", dockerHost: d.host, toolVersion: "0.0.0-test" });
    ms = performance.now() - t0;
  });

  after(async () => {
    await d?.stop();
  });

  it("saved and loaded again, the collected snapshot passes the snapshot schema (audit --snapshot reads it)", () => {
    expect(() => parseSnapshot(JSON.stringify(snap, null, 2), "collected.json")).to.not.throw();
  });

  it("ties the audited socket to the harness's dockerd pid by its socket inode", () => {
    const p = snap.daemon.process;
    expect(p.ok, JSON.stringify(p)).to.equal(true);
    if (!p.ok) return;
    expect(p.value.pid).to.equal(d!.pid);
    expect(p.value.matchedBy).to.match(/^socket: unix socket .*docker\.sock \(socket inode \d+\) is open in pid \d+; \/proc\/\d+\/exe is \S+dockerd; it runs as root/);
    expect(p.value.rootless).to.equal(false);
    expect(snap.collection.dockerHost).to.equal(d!.host);
  });

  it("reads the --config-file in its non-default place and carries its values with their origin", () => {
    const cf = snap.daemon.configFile;
    expect(cf.ok && cf.value.path).to.equal(d!.configFile);
    expect(cf.ok && cf.value.present).to.equal(true);
    const eff = snap.daemon.effective;
    expect(eff.ok, JSON.stringify(eff)).to.equal(true);
    if (!eff.ok) return;
    expect(eff.value.icc).to.deep.equal({ value: false, origin: { from: "config-file", name: "icc", where: d!.configFile } });
    expect(eff.value["default-ulimits"]?.value).to.deep.equal({ nofile: { Name: "nofile", Soft: 1024, Hard: 2048 } });
    expect(eff.value["data-root"]?.origin).to.deep.equal({ from: "flag", name: "--data-root", where: `pid ${d!.pid} argv` });
    expect(eff.value.hosts?.value).to.deep.equal([d!.host]);
    expect(eff.value["config-file"]).to.equal(undefined);
  });

  it("collects every container (running and stopped), the networks with options, and the images", () => {
    const cs = snap.engine.containers;
    expect(cs.ok).to.equal(true);
    const names = cs.ok ? cs.value.map((c) => c.Name) : [];
    expect(names).to.include.members(["/collect-env", "/collect-stopped"]);
    expect(snap.collection.allContainers).to.equal(true);
    const env = cs.ok ? cs.value.find((c) => c.Name === "/collect-env")! : undefined;
    expect(env?.Config.EnvNames).to.include.members(["DB_PASSWORD", "AWS_ACCESS_KEY_ID"]);
    expect(env?.Config.EnvSecretShapes).to.deep.equal([{ name: "AWS_ACCESS_KEY_ID", kind: "aws-access-key-id" }]);
    expect(env?.Config.Labels?.team).to.equal("blue");

    const nets = snap.engine.networks;
    expect(nets.ok).to.equal(true);
    const bridge = nets.ok ? nets.value.find((n) => n.Name === "bridge") : undefined;
    expect(bridge?.Options?.["com.docker.network.bridge.enable_icc"]).to.equal("false");
    expect(nets.ok && nets.value.map((n) => n.Name)).to.include("collect-net");

    const imgs = snap.engine.images;
    expect(imgs.ok && imgs.value.some((i) => i.RepoTags?.includes(BUSYBOX_IMAGE))).to.equal(true);
    expect(snap.engine.info.ok && snap.engine.info.value.ServerVersion).to.be.a("string");
    expect(snap.engine.version.ok && snap.engine.version.value.ApiVersion).to.be.a("string");
  });

  it("lists running containers' processes by executable name only, and history of images in use", () => {
    const procs = snap.engine.processes;
    expect(procs?.ok).to.equal(true);
    const cs = snap.engine.containers.ok ? snap.engine.containers.value : [];
    const running = cs.find((c) => c.Name === "/collect-env")!;
    const stopped = cs.find((c) => c.Name === "/collect-stopped")!;
    const top = procs?.ok ? procs.value[running.Id] : undefined;
    expect(top?.ok, JSON.stringify(top)).to.equal(true);
    expect(top?.ok && top.value.map((p) => p.command)).to.include("sleep");
    expect(procs?.ok && procs.value[stopped.Id]).to.equal(undefined);
    const hist = snap.engine.imageHistory;
    expect(hist?.ok && hist.value[running.Image]?.ok).to.equal(true);
  });

  it("reports swarm as inactive rather than missing", () => {
    const s = snap.engine.swarm;
    expect(s?.ok && s.value.localNodeState).to.equal("inactive");
  });

  it("keeps no planted secret anywhere in the snapshot", () => {
    const text = JSON.stringify(snap);
    expect(text).not.to.include(PLANTED);
    expect(text).not.to.include(PLANTED_LABEL);
    expect(text).not.to.include(PLANTED_AWS);
  });

  it("collects well under a second on a small daemon", () => {
    console.log(`      collection took ${ms.toFixed(0)} ms`);
    expect(ms).to.be.below(1000);
  });

  it("throws DaemonUnreachableError with one clear line for a socket nobody serves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-nosock-"));
    try {
      const host = `unix://${dir}/docker.sock`;
      let caught: unknown;
      try {
        await collectSnapshot({ root: "/", dockerHost: host, toolVersion: "0.0.0-test" });
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(DaemonUnreachableError);
      // What to do, not only the errno (issue 25): the path tried and the two ways to name another endpoint.
      expect((caught as Error).message).to.equal(`cannot reach the Docker daemon at ${host}: no socket at ${dir}/docker.sock (is the daemon running?); name the daemon's endpoint with --docker-host or DOCKER_HOST (e.g. unix:///run/user/1000/docker.sock for rootless Docker)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeEngines("real daemon: collect over tcp with TLS, in swarm mode", "all", function (engine) {
  this.timeout(180_000);
  let d: ThrowawayDaemon | undefined;
  let snap: Snapshot;
  let unlockKey = "";
  const SECRET_VALUE = "swarm-secret-planted";

  before(async function () {
    d = await startDaemonOrSkip(this, { engine, name: "collect-tls", tcpTls: true, daemonJson: { "live-restore": false } });
    await initSwarm(d);
    await d.docker(["secret", "create", "collect-secret", "-"], { input: SECRET_VALUE });
    await d.docker(["swarm", "update", "--autolock=true"]);
    unlockKey = (await d.docker(["swarm", "unlock-key", "-q"])).trim();
    const saved = { DOCKER_TLS_VERIFY: process.env.DOCKER_TLS_VERIFY, DOCKER_CERT_PATH: process.env.DOCKER_CERT_PATH, DOCKER_HOST: process.env.DOCKER_HOST };
    Object.assign(process.env, { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: d.tls!.clientCertDir, DOCKER_HOST: d.tls!.host });
    try {
      snap = await collectSnapshot({ root: "/", toolVersion: "0.0.0-test" });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  after(async () => {
    await d?.stop();
  });

  it("reaches the daemon through DOCKER_HOST with the client certificates of DOCKER_CERT_PATH", () => {
    expect(snap.collection.dockerHost).to.equal(d!.tls!.host);
    expect(snap.engine.info.ok).to.equal(true);
  });

  it("ties the tcp endpoint to the harness's dockerd by its listening socket, and sees TLS from daemon.json", () => {
    const p = snap.daemon.process;
    expect(p.ok && p.value.pid).to.equal(d!.pid);
    expect(p.ok && p.value.matchedBy).to.match(new RegExp(`^socket: tcp listener 127\\.0\\.0\\.1:${d!.tls!.port} \\(socket inode \\d+\\) is open in pid ${d!.pid}; /proc/${d!.pid}/exe is \\S+dockerd`));
    expect(snap.daemon.effective.ok && snap.daemon.effective.value.tlsverify).to.deep.equal({ value: true, origin: { from: "config-file", name: "tlsverify", where: d!.configFile } });
  });

  it("collects swarm nodes, whether an unlock key is set and how many secrets exist, never the key or a secret", () => {
    const s = snap.engine.swarm;
    expect(s?.ok, JSON.stringify(s)).to.equal(true);
    if (!s?.ok) return;
    expect(s.value.localNodeState).to.equal("active");
    expect(s.value.nodes.ok && (s.value.nodes.value as { Role: string; Leader: boolean }[])[0]).to.include({ Role: "manager", Leader: true });
    expect(s.value.unlockKeySet).to.deep.include({ ok: true, value: true });
    expect(s.value.secrets).to.deep.include({ ok: true, value: 1 });
    expect(unlockKey).to.match(/^SWMKEY-/);
    const text = JSON.stringify(snap);
    expect(text).not.to.include(unlockKey);
    expect(text).not.to.include(unlockKey.replace(/^SWMKEY-1-/, ""));
    expect(text).not.to.include(SECRET_VALUE);
  });
});
