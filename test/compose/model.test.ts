// The model: a Compose snippet → the inspect fields of the container Docker Compose 2.26 creates from it (the
// ground truth for the same mapping is test/e2e/compose.test.ts, against real Compose on real daemons).
import { expect } from "chai";
import { loadProject } from "../../src/compose/load.js";
import { findImage, parsePorts, parseBytes, serviceContainer, splitCommand, type TargetFacts } from "../../src/compose/model.js";
import type { ContainerInspect, ImageInspect } from "../../src/snapshot/types.js";

function model(serviceYaml: string, target: TargetFacts = {}, extra = ""): ContainerInspect {
  const text = `services:\n  svc:\n    image: busybox\n${serviceYaml.split("\n").filter(Boolean).map((l) => `    ${l}`).join("\n")}\n${extra}`;
  const p = loadProject({ files: [{ name: "compose.yml", path: "/p/app/compose.yml", text }], environment: {}, profiles: [], cwd: "/p", read: () => { throw new Error("is missing"); } });
  const s = p.services.find((x) => x.name === "svc");
  if (!s) throw new Error("no service");
  return serviceContainer(s, p, target);
}

const get = (o: unknown, path: string): unknown => path.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined), o);

describe("compose: model of a service (snippet → inspect fields)", () => {
  const table: [string, string, unknown][] = [
    ["privileged: true", "HostConfig.Privileged", true],
    ["privileged: \"true\"", "HostConfig.Privileged", true],
    ["read_only: true", "HostConfig.ReadonlyRootfs", true],
    ["user: \"1000:1000\"", "Config.User", "1000:1000"],
    ["pid: host", "HostConfig.PidMode", "host"],
    ["ipc: host", "HostConfig.IpcMode", "host"],
    ["", "HostConfig.IpcMode", "private"],
    ["uts: host", "HostConfig.UTSMode", "host"],
    ["userns_mode: host", "HostConfig.UsernsMode", "host"],
    ["network_mode: host", "HostConfig.NetworkMode", "host"],
    ["", "HostConfig.NetworkMode", "app_default"],
    ["cap_add: [SYS_ADMIN]", "HostConfig.CapAdd", ["SYS_ADMIN"]],
    ["cap_drop: [ALL]", "HostConfig.CapDrop", ["ALL"]],
    ["security_opt: [\"no-new-privileges:true\"]", "HostConfig.SecurityOpt", ["no-new-privileges:true"]],
    ["cgroup_parent: mine", "HostConfig.CgroupParent", "mine"],
    ["pids_limit: 100", "HostConfig.PidsLimit", 100],
    ["", "HostConfig.PidsLimit", null],
    ["mem_limit: 64m", "HostConfig.Memory", 64 * 1024 * 1024],
    ["deploy: {resources: {limits: {memory: 32M, cpus: '0.5', pids: 7}}}", "HostConfig.Memory", 32 * 1024 * 1024],
    ["deploy: {resources: {limits: {memory: 32M, cpus: '0.5', pids: 7}}}", "HostConfig.NanoCpus", 500_000_000],
    ["deploy: {resources: {limits: {memory: 32M, cpus: '0.5', pids: 7}}}", "HostConfig.PidsLimit", 7],
    ["mem_limit: 64m\ndeploy: {resources: {limits: {memory: 32M}}}", "HostConfig.Memory", 32 * 1024 * 1024],
    ["cpus: 1.5", "HostConfig.NanoCpus", 1_500_000_000],
    ["cpu_shares: 512", "HostConfig.CpuShares", 512],
    ["cpuset: \"0-1\"", "HostConfig.CpusetCpus", "0-1"],
    ["restart: always", "HostConfig.RestartPolicy", { Name: "always", MaximumRetryCount: 0 }],
    ["restart: \"on-failure:3\"", "HostConfig.RestartPolicy", { Name: "on-failure", MaximumRetryCount: 3 }],
    ["", "HostConfig.RestartPolicy", { Name: "no", MaximumRetryCount: 0 }],
    ["deploy: {restart_policy: {condition: on-failure, max_attempts: 2}}", "HostConfig.RestartPolicy", { Name: "on-failure", MaximumRetryCount: 2 }],
    ["ulimits: {nproc: 512, nofile: {soft: 1024, hard: 2048}}", "HostConfig.Ulimits", [{ Name: "nofile", Soft: 1024, Hard: 2048 }, { Name: "nproc", Soft: 512, Hard: 512 }]],
    ["devices: [\"/dev/null:/dev/xnull\", \"/dev/zero\"]", "HostConfig.Devices", [{ PathOnHost: "/dev/null", PathInContainer: "/dev/xnull", CgroupPermissions: "rwm" }, { PathOnHost: "/dev/zero", PathInContainer: "/dev/zero", CgroupPermissions: "rwm" }]],
    ["tmpfs: [\"/run:size=1m\"]", "HostConfig.Tmpfs", { "/run": "size=1m" }],
    ["healthcheck: {test: [CMD, /bin/true], interval: 5s, retries: 3}", "Config.Healthcheck", { Test: ["CMD", "/bin/true"], Interval: 5e9, Retries: 3 }],
    ["healthcheck: {test: \"curl -f localhost\"}", "Config.Healthcheck.Test", ["CMD-SHELL", "curl -f localhost"]],
    ["healthcheck: {disable: true}", "Config.Healthcheck", { Test: ["NONE"] }],
    ["ports: [\"80:80\", \"127.0.0.1:8080:8080/udp\"]", "HostConfig.PortBindings", { "80/tcp": [{ HostIp: "", HostPort: "80" }], "8080/udp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] }],
    ["ports: [{target: 80, published: \"8080\", host_ip: \"::1\"}]", "HostConfig.PortBindings", { "80/tcp": [{ HostIp: "::1", HostPort: "8080" }] }],
    ["ports: [\"9000\"]", "HostConfig.PortBindings", { "9000/tcp": [{ HostIp: "", HostPort: "" }] }],
    ["network_mode: host\nports: [\"80:80\"]", "HostConfig.PortBindings", {}],
  ];
  for (const [snippet, field, want] of table) {
    it(`${snippet.replace(/\n/g, "; ") || "(nothing)"} → ${field}`, () => expect(get(model(snippet), field)).to.deep.equal(want));
  }

  it("volumes, short and long: binds resolved against the project directory, volumes named after the project, propagation", () => {
    const c = model("volumes:\n  - ./data:/data:ro\n  - /srv:/srv:rshared\n  - cache:/cache\n  - /anon\n  - {type: bind, source: /etc, target: /e, bind: {propagation: shared}}\n  - {type: tmpfs, target: /t}", {}, "volumes:\n  cache:\n");
    expect(c.Mounts.map((m) => [m.Type, m.Source, m.Destination, m.RW, m.Propagation])).to.deep.equal([
      ["bind", "/p/app/data", "/data", false, "rprivate"],
      ["bind", "/srv", "/srv", true, "rshared"],
      ["volume", "/var/lib/docker/volumes/app_cache/_data", "/cache", true, ""],
      ["volume", "", "/anon", true, ""],
      ["bind", "/etc", "/e", true, "shared"],
      ["tmpfs", "", "/t", true, ""],
    ]);
  });

  it("file secrets are bind-mounted read-only under /run/secrets (their contents never read)", () => {
    const c = model("secrets: [db, {source: api, target: /etc/api}]", {}, "secrets:\n  db: {file: ./db.txt}\n  api: {file: /abs/api}\n");
    expect(c.Mounts.map((m) => [m.Source, m.Destination, m.RW])).to.deep.equal([["/p/app/db.txt", "/run/secrets/db", false], ["/abs/api", "/etc/api", false]]);
  });

  it("environment values never enter the model: names kept, secret shapes noted", () => {
    const c = model("environment:\n  DB_PASSWORD: hunter2hunter2\n  GH: ghp_abcdefghijklmnopqrstuvwxyz0123\n  PLAIN: x");
    expect(c.Config.EnvNames.sort()).to.deep.equal(["DB_PASSWORD", "GH", "PLAIN"]);
    expect(JSON.stringify(c)).to.not.contain("hunter2").and.to.not.contain("ghp_abc");
    expect(c.Config.EnvSecretShapes.map((s) => s.name)).to.include("GH");
  });

  it("networks: the first by priority then name is the network mode; all are attached under their real names", () => {
    const c = model("networks: {b: {priority: 1}, a: {}}", {}, "networks:\n  a: {}\n  b: {name: real-b}\n");
    expect(c.HostConfig.NetworkMode).to.equal("real-b");
    expect(Object.keys(c.NetworkSettings.Networks ?? {}).sort()).to.deep.equal(["app_a", "real-b"]);
    expect(model("network_mode: bridge").NetworkSettings.Networks).to.have.key("bridge");
  });

  it("with the image on the target daemon: its id, and the image's user, health check and environment names merged", () => {
    const img: ImageInspect = { Id: "sha256:abc", RepoTags: ["busybox:latest"], Config: { User: "1000", Healthcheck: { Test: ["CMD", "true"] }, Env: ["PATH=/bin"] } as ImageInspect["Config"] };
    const c = model("", { images: [img], apparmor: true });
    expect(c.Image).to.equal("sha256:abc");
    expect(c.Config.User).to.equal("1000");
    expect(c.Config.Healthcheck?.Test).to.deep.equal(["CMD", "true"]);
    expect(c.Config.EnvNames).to.include("PATH");
    expect(c.AppArmorProfile).to.equal("docker-default");
    expect(model("privileged: true", { apparmor: true }).AppArmorProfile).to.equal("unconfined");
    expect(model("security_opt: [\"apparmor:mine\"]", { apparmor: true }).AppArmorProfile).to.equal("mine");
    expect(model("", {}).Image).to.equal("busybox");
  });

  it("names: <project>-<service>-1, or container_name; service: namespaces join that container", () => {
    expect(model("").Name).to.equal("/app-svc-1");
    expect(model("container_name: mine").Name).to.equal("/mine");
  });

  it("helpers: sizes, commands, port ranges, image references", () => {
    expect([parseBytes("1g"), parseBytes("512k"), parseBytes(100), parseBytes("1.5m")]).to.deep.equal([1024 ** 3, 512 * 1024, 100, 1.5 * 1024 * 1024]);
    expect(splitCommand("sh -c 'echo a b'")).to.deep.equal(["sh", "-c", "echo a b"]);
    expect(parsePorts(["8000-8001:80-81"]).map((p) => `${p.published}->${p.target}`)).to.deep.equal(["8000->80", "8001->81"]);
    expect(parsePorts(["[::1]:53:53/udp"])).to.deep.equal([{ target: "53", published: "53", hostIp: "::1", protocol: "udp" }]);
    const imgs: ImageInspect[] = [{ Id: "sha256:1", RepoTags: ["nginx:latest"] }, { Id: "sha256:2", RepoTags: ["reg.example/app:1"] }];
    expect(findImage("docker.io/library/nginx", imgs)?.Id).to.equal("sha256:1");
    expect(findImage("reg.example/app:1", imgs)?.Id).to.equal("sha256:2");
    expect(findImage("reg.example/app:2", imgs)).to.equal(undefined);
  });
});
