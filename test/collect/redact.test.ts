import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  isSecretName, isMarker, marker, redactArgs, redactDeep, redactLabels, redactSnapshot, redactText, RULES, sanitizeContainer, sanitizeEnv, sanitizeImage,
  sanitizeInfo, sanitizeNetwork, secretShape,
} from "../../src/secrets/redact.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { KEY_PAIR_FIRST, PASSWORD_WORDS, SECRET_WORDS } from "../../src/snapshot/secret-words.js";
import { secretNameMatch } from "../../checks/dockaudit/secret-names.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { container, image, snapshot } from "../support/fixtures.js";

// Planted values: each must be absent from anything that leaves the sanitisers.
const AWS = "AKIAIOSFODNN7EXAMPLE";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlLXBsYW50ZWQ";
const GH = "ghp_plantedPLANTEDplanted0123456789abcd";
const SLACK = "xoxb-1234-planted-slack";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEplantedKEYbody\n-----END RSA PRIVATE KEY-----";
const PLAIN = "hunter2-planted";
const reason = (id: string) => RULES.find((r) => r.id === id)!.reason;
const mk = (id: string) => marker(reason(id));

type Where = "args" | "text" | "labels" | "deep";
interface Planted { where: Where; input: unknown; secret: string; expected?: unknown }

/** One or more planted secrets per rule; each must vanish and leave that rule's marker. */
const PLANTED: Record<string, Planted[]> = {
  "private-key": [{ where: "text", input: `key: ${PEM}`, secret: "MIIEplanted" }],
  "aws-access-key-id": [{ where: "labels", input: { note: AWS }, secret: AWS, expected: { note: mk("aws-access-key-id") } }],
  "jwt": [{ where: "text", input: `curl -d ${JWT} x`, secret: JWT }],
  "github-token": [{ where: "text", input: `git clone https://x-access:${GH}@github.com/a/b`, secret: GH }],
  "gitlab-token": [{ where: "args", input: ["glab", "glpat-plantedPLANTED1234"], secret: "glpat-plantedPLANTED1234" }],
  "slack-token": [{ where: "labels", input: { hook: SLACK }, secret: SLACK }],
  "npm-token": [{ where: "text", input: "echo //registry.npmjs.org/:_authToken=npm_plantedPLANTEDplanted0123456789abcde > .npmrc", secret: "npm_plantedPLANTEDplanted0123456789abcde" }],
  "google-api-key": [{ where: "args", input: ["app", "AIzaSyPlantedPlantedPlantedPlanted12345"], secret: "AIzaSyPlantedPlantedPlantedPlanted12345" }],
  "stripe-key": [{ where: "labels", input: { billing: "sk_live_plantedPLANTED0123" }, secret: "sk_live_plantedPLANTED0123" }],
  "url-credentials": [
    { where: "args", input: ["psql", `postgres://u:p@ss${PLAIN}@db/app`], secret: "ss" + PLAIN, expected: ["psql", `postgres://${mk("url-credentials")}@db/app`] },
    { where: "text", input: `wget https://bob:pa/ss${PLAIN}@h/x`, secret: PLAIN, expected: `wget https://${mk("url-credentials")}@h/x` },
  ],
  "authorization-header": [
    { where: "args", input: ["curl", "-H", `Authorization: Bearer ${PLAIN}`], secret: PLAIN, expected: ["curl", "-H", `Authorization: Bearer ${mk("authorization-header")}`] },
    { where: "labels", input: { "traefik.http.middlewares.a.headers.customrequestheaders.Authorization": `Basic ${PLAIN}` }, secret: PLAIN },
  ],
  "user-password": [
    { where: "args", input: ["curl", "-u", `user:${PLAIN}`, "http://x"], secret: PLAIN, expected: ["curl", "-u", `user:${mk("user-password")}`, "http://x"] },
    { where: "text", input: `curl --user=bob:${PLAIN} http://x; curl -fsu bob:${PLAIN} http://y`, secret: PLAIN },
    { where: "args", input: ["curl", "-sSu", `bob:${PLAIN}`], secret: PLAIN, expected: ["curl", "-sSu", `bob:${mk("user-password")}`] },
  ],
  "password-option": [
    { where: "args", input: ["mysql", "-uroot", `-p${PLAIN}`, "db"], secret: PLAIN, expected: ["mysql", "-uroot", `-p${mk("password-option")}`, "db"] },
    { where: "text", input: `mysqldump -p${PLAIN} db; sshpass -p ${PLAIN} ssh h; docker login -p ${PLAIN} r`, secret: PLAIN },
    { where: "text", input: `redis-cli -h cache -a ${PLAIN} ping`, secret: PLAIN, expected: `redis-cli -h cache -a ${mk("password-option")} ping` },
    { where: "args", input: ["/usr/bin/redis-cli", "-a", PLAIN], secret: PLAIN, expected: ["/usr/bin/redis-cli", "-a", mk("password-option")] },
    { where: "text", input: `mongo -u admin -p ${PLAIN} admin`, secret: PLAIN, expected: `mongo -u admin -p ${mk("password-option")} admin` },
    { where: "args", input: ["mongosh", "-u", "admin", "-p", PLAIN], secret: PLAIN, expected: ["mongosh", "-u", "admin", "-p", mk("password-option")] },
    { where: "text", input: `sqlcmd -S db -U sa -P ${PLAIN} -Q x`, secret: PLAIN, expected: `sqlcmd -S db -U sa -P ${mk("password-option")} -Q x` },
    { where: "args", input: ["unzip", `-P${PLAIN}`, "a.zip"], secret: PLAIN, expected: ["unzip", `-P${mk("password-option")}`, "a.zip"] },
    { where: "text", input: `app -p${PLAIN} --verbose`, secret: PLAIN, expected: `app -p${mk("password-option")} --verbose` },
    { where: "args", input: ["7z", "x", `-p${PLAIN}`, "a.7z"], secret: PLAIN, expected: ["7z", "x", `-p${mk("password-option")}`, "a.7z"] },
    { where: "labels", input: { backup: `mysqldump -uroot -p${PLAIN} --all-databases` }, secret: PLAIN, expected: { backup: `mysqldump -uroot -p${mk("password-option")} --all-databases` } },
    { where: "deep", input: { labels: [`backup=mysql -p${PLAIN}`] }, secret: PLAIN, expected: { labels: [`backup=mysql -p${mk("password-option")}`] } },
    { where: "text", input: `docker run -p${PLAIN} x`, secret: PLAIN, expected: `docker run -p${mk("password-option")} x` },
  ],
  "env-instruction": [
    { where: "text", input: `/bin/sh -c #(nop)  ENV DB_PASSWORD=${PLAIN}`, secret: PLAIN, expected: `/bin/sh -c #(nop)  ENV DB_PASSWORD=${mk("env-instruction")}` },
    { where: "text", input: `ENV DB_PASSWORD=${PLAIN} COLOR="blue ${PLAIN}" EMPTY=`, secret: PLAIN,
      expected: `ENV DB_PASSWORD=${mk("env-instruction")} COLOR=${mk("env-instruction")} EMPTY=` },
    { where: "text", input: `/bin/sh -c #(nop)  ENV DB_PASSWORD ${PLAIN} and more`, secret: PLAIN, expected: `/bin/sh -c #(nop)  ENV DB_PASSWORD ${mk("env-instruction")}` },
    { where: "text", input: `ENV PLAIN_NAME ${PLAIN}`, secret: PLAIN, expected: `ENV PLAIN_NAME ${mk("env-instruction")}` },
    { where: "text", input: `ENV A=x\\ ${PLAIN} B='${PLAIN} y'`, secret: PLAIN, expected: `ENV A=${mk("env-instruction")} B=${mk("env-instruction")}` },
  ],
  "password-name": [
    { where: "args", input: ["app", "--db-pass", PLAIN, `--password=${PLAIN}`, `--pwd=${PLAIN}`], secret: PLAIN,
      expected: ["app", "--db-pass", mk("password-name"), `--password=${mk("password-name")}`, `--pwd=${mk("password-name")}`] },
    { where: "text", input: `ARG DB_PASS=${PLAIN}`, secret: PLAIN, expected: `ARG DB_PASS=${mk("password-name")}` },
    { where: "text", input: `app --pw ${PLAIN} --db-pw=${PLAIN}`, secret: PLAIN, expected: `app --pw ${mk("password-name")} --db-pw=${mk("password-name")}` },
    { where: "deep", input: { runtimes: { secure: { path: "/usr/local/bin/runsc", runtimeArgs: ["--db-pass", PLAIN, "--debug"] } } }, secret: PLAIN,
      expected: { runtimes: { secure: { path: "/usr/local/bin/runsc", runtimeArgs: ["--db-pass", mk("password-name"), "--debug"] } } } },
    { where: "deep", input: { x: { nested: [["--api-password", PLAIN]] } }, secret: PLAIN, expected: { x: { nested: [["--api-password", mk("password-name")]] } } },
    { where: "labels", input: { "db.pass": PLAIN }, secret: PLAIN, expected: { "db.pass": mk("password-name") } },
    { where: "text", input: `RUN echo '{"password": "${PLAIN}"}' > /cfg`, secret: PLAIN, expected: `RUN echo '{"password": "${mk("password-name")}"}' > /cfg` },
  ],
  "token-name": [
    { where: "text", input: `/bin/sh -c #(nop)  CMD ["app" "--token" "${PLAIN}"]`, secret: PLAIN, expected: `/bin/sh -c #(nop)  CMD ["app" "--token" "${mk("token-name")}"]` },
    { where: "text", input: `CMD ["app","--token","${PLAIN}"]`, secret: PLAIN, expected: `CMD ["app","--token","${mk("token-name")}"]` },
    { where: "labels", input: { "splunk-token": PLAIN, "com.example.auth_token": PLAIN }, secret: PLAIN },
    { where: "text", input: `https://api/x?access_token=${PLAIN}&page=2`, secret: PLAIN, expected: `https://api/x?access_token=${mk("token-name")}&page=2` },
  ],
  "secret-name": [{ where: "deep", input: { x: { "client-secret": PLAIN } }, secret: PLAIN }],
  "auth-name": [
    { where: "text", input: `|1 NPM_AUTH=${PLAIN} /bin/sh -c npm ci`, secret: PLAIN, expected: `|1 NPM_AUTH=${mk("auth-name")} /bin/sh -c npm ci` },
    { where: "labels", input: { "loki-basic-auth": `u:${PLAIN}`, "traefik.http.middlewares.a.basicauth.users": `admin:$apr1$${PLAIN}` }, secret: PLAIN },
  ],
  "key-name": [
    { where: "args", input: ["aws", "--access-key", PLAIN, "--private-key", PLAIN], secret: PLAIN,
      expected: ["aws", "--access-key", mk("key-name"), "--private-key", mk("key-name")] },
  ],
  "key-credential": [
    { where: "labels", input: { "com.example.key": "Zk9vYmFyYmF6MTIzNDU2Nzg5planted" }, secret: "Zk9vYmFyYmF6MTIzNDU2Nzg5planted" },
  ],
};

function apply(p: Planted): unknown {
  switch (p.where) {
    case "args": return redactArgs(p.input as string[]);
    case "text": return redactText(p.input as string);
    case "labels": return redactLabels(p.input as Record<string, string>);
    case "deep": return redactDeep(p.input);
  }
}

describe("redaction rules", () => {
  it("every rule in the table has a planted secret below, and every reason is a marker", () => {
    expect(RULES.map((r) => r.id).filter((id) => !PLANTED[id])).to.deep.equal([]);
    for (const r of RULES) expect(isMarker(marker(r.reason)), r.id).to.equal(true);
    expect(isMarker("<redacted: hunter2>")).to.equal(false);
  });

  it("docs/secrets.md lists every rule with its marker", () => {
    const section = readFileSync(join(PROJECT_ROOT, "docs", "secrets.md"), "utf8");
    for (const r of RULES) expect(section, r.id).to.include(`| \`${r.id}\` | ${r.kind} |`).and.include(`\`${marker(r.reason)}\``);
  });

  for (const r of RULES) {
    it(`${r.id}: the planted value is replaced by "${marker(r.reason)}", and redacting again changes nothing`, () => {
      for (const p of PLANTED[r.id] ?? []) {
        const out = apply(p);
        const text = JSON.stringify(out);
        expect(text, JSON.stringify(p.input)).not.to.include(p.secret);
        expect(text, JSON.stringify(p.input)).to.include(marker(r.reason));
        if (p.expected !== undefined) expect(out).to.deep.equal(p.expected);
        expect(apply({ ...p, input: out }), "idempotent").to.deep.equal(out);
      }
    });
  }

  it("one word list: every secret word and key pair is a secret name to redaction and to the environment check alike", () => {
    const names = [...PASSWORD_WORDS, ...SECRET_WORDS, "token", "auth_token", ...KEY_PAIR_FIRST.flatMap((w) => [`${w}_key`, `${w}key`])].map((w) => `DB_${w.toUpperCase()}`);
    expect(names.filter((n) => !isSecretName(n)), "not redacted").to.deep.equal([]);
    expect(names.filter((n) => secretNameMatch(n) === undefined), "not reported").to.deep.equal([]);
    expect(redactArgs(["app", "--pw", PLAIN])).to.deep.equal(["app", "--pw", mk("password-name")]);
    expect(secretNameMatch("DB_PW")).to.equal("PW");
  });

  it("recognises credential shapes", () => {
    expect(secretShape(AWS)).to.equal("aws-access-key-id");
    expect(secretShape("ASIAIOSFODNN7EXAMPLE")).to.equal("aws-access-key-id");
    expect(secretShape(PEM)).to.equal("private-key");
    expect(secretShape(JWT)).to.equal("jwt");
    expect(secretShape(GH)).to.equal("github-token");
    expect(secretShape(SLACK)).to.equal("slack-token");
    expect(secretShape("/usr/local/bin:/usr/bin")).to.equal(undefined);
    expect(secretShape("AKIA-not-a-key")).to.equal(undefined);
  });

  it("keeps environment names only, noting which values looked like credentials", () => {
    const env = sanitizeEnv([`DB_PASSWORD=${PLAIN}`, `AWS_ACCESS_KEY_ID=${AWS}`, `TOKEN=${JWT}`, "PATH=/usr/bin", "BARE", "EMPTY="]);
    expect(env.EnvNames).to.deep.equal(["DB_PASSWORD", "AWS_ACCESS_KEY_ID", "TOKEN", "PATH", "BARE", "EMPTY"]);
    expect(env.EnvSecretShapes).to.deep.equal([{ name: "AWS_ACCESS_KEY_ID", kind: "aws-access-key-id" }, { name: "TOKEN", kind: "jwt" }]);
    expect(JSON.stringify(env)).not.to.include("/usr/bin");
  });

  it("redacts inside shell-form commands: several forms in one string", () => {
    const out = redactText(`/bin/sh -c export API_KEY=${PLAIN} && run --secret ${PLAIN} --url https://bob:${PLAIN}@db/x -H 'X-Auth-Token: ${PLAIN}'`);
    expect(out).to.equal(`/bin/sh -c export API_KEY=${mk("key-name")} && run --secret ${mk("secret-name")} --url https://${mk("url-credentials")}@db/x -H 'X-Auth-Token: ${mk("token-name")}'`);
    expect(redactText(`PASSWORD="a b ${PLAIN}" next`)).to.equal(`PASSWORD="${mk("password-name")}" next`);
    expect(redactArgs(["dockerd", `--log-opt=loki-basic-auth=u:${PLAIN}`])).to.deep.equal(["dockerd", `--log-opt=loki-basic-auth=${mk("auth-name")}`]);
  });

  it("leaves harmless values alone: paths of key and password files, uid:gid, -p elsewhere, plain words under *key*", () => {
    const keep = [
      ["nginx", "-g", "daemon off;"],
      ["dockerd", "--tlskey", "/etc/docker/key.pem", "--tlskey=/etc/docker/key.pem", "--authorization-plugin=authz", "--log-opt", "max-size=10m"],
      ["app", "--password-file", "/run/secrets/db", "--key-file=./id_rsa", "--private-key", "/run/secrets/key.pem"],
      ["app", "--password-stdin", "-u", "bob"],
      ["gosu", "-u", "1000:1000", "mkdir", "-p", "/x", "-p8080"],
      ["npm", "view", "http://localhost:4873/@scope/pkg"],
      ["sort", "--key", "2"],
      ["docker", "run", "-p8080:80", "-p", "127.0.0.1::53/udp", "-p[::1]:8443:443", "-P", "nginx"],
      ["find", "/", "-perm", "644", "-path", "/x", "-prune", "-print"],
      ["dockerd", "-p/run/docker.pid", "-H", "fd://"],
      ["mysql", "-p", "shop"],
      ["cp", "-pR", "/a", "/b"],
      ["grep", "-P", "^a+$", "f"],
      ["redis-server", "-a", "x"],
    ];
    for (const a of keep) expect(redactArgs(a)).to.deep.equal(a);
    for (const t of keep.map((a) => a.join(" "))) expect(redactText(t), t).to.equal(t);
    expect(redactText("env FOO=bar app; ls -a /x; perl -pi -e s/a/b/ f")).to.equal("env FOO=bar app; ls -a /x; perl -pi -e s/a/b/ f");
    expect(redactText("/bin/sh -c apt-get update && apt-get install -y curl")).to.equal("/bin/sh -c apt-get update && apt-get install -y curl");
    expect(redactLabels({ "com.example.key": "blue", author: "bob", "com.docker.compose.project": "shop" }))
      .to.deep.equal({ "com.example.key": "blue", author: "bob", "com.docker.compose.project": "shop" });
  });

  it("redacts daemon.json documents deeply, every value under a secret-named key, keys kept", () => {
    const doc = {
      "log-opts": { "splunk-token": PLAIN, "max-size": "10m" }, labels: [`db_password=${PLAIN}`, "env=prod"],
      "registry-mirrors": [`https://u:${PLAIN}@mirror`], x: { nested: PEM }, credentials: { user: "u", pass: PLAIN, pin: 1234, on: true },
      tlskey: "/etc/docker/key.pem", "authorization-plugins": ["authz"],
    };
    const out = redactDeep(doc) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.to.include("planted");
    expect(out).to.deep.include({ labels: [`db_password=${mk("password-name")}`, "env=prod"], tlskey: "/etc/docker/key.pem", "authorization-plugins": ["authz"] });
    expect(out.credentials).to.deep.equal({ user: mk("secret-name"), pass: mk("secret-name"), pin: mk("secret-name"), on: true });
    expect(redactDeep(out)).to.deep.equal(out);
  });
});

describe("sanitising Engine API documents", () => {
  const rawContainer = () => ({
    Id: "c1", Name: "/app", Image: "sha256:1", Path: "app", Args: ["--db-pass", PLAIN],
    State: { Status: "running", Running: true, Health: { Status: "healthy", Log: [{ Start: "s", End: "e", ExitCode: 0, Output: `token=${PLAIN}` }] } },
    Config: {
      Env: [`DB_PASSWORD=${PLAIN}`, `AWS_ACCESS_KEY_ID=${AWS}`, `GH=${GH}`, `SLACK=${SLACK}`, `KEY=${PEM}`, "PATH=/usr/bin"],
      Cmd: ["app", "--token", PLAIN], Entrypoint: ["/entry.sh", `SECRET=${PLAIN}`],
      Labels: { "app.secret": PLAIN, team: "blue", jwt: JWT },
      Healthcheck: { Test: ["CMD", "curl", `https://u:${PLAIN}@localhost/health`] },
    },
    HostConfig: {
      Privileged: false, Binds: ["/run/secrets:/run/secrets:ro"],
      LogConfig: { Type: "splunk", Config: { "splunk-token": PLAIN, "splunk-url": "https://splunk" } },
      Mounts: [{ Type: "volume", Target: "/data", VolumeOptions: { DriverConfig: { Name: "local", Options: { o: `username=u,password=${PLAIN}`, type: "cifs" } } } }],
    },
    Mounts: [], NetworkSettings: {},
  });

  it("keeps no planted value anywhere in a container document", () => {
    const out = sanitizeContainer(rawContainer());
    const text = JSON.stringify(out);
    for (const v of [PLAIN, AWS, JWT, GH, SLACK, "MIIEplanted"]) expect(text, v).not.to.include(v);
    const cfg = out.Config as Record<string, unknown>;
    expect(cfg.Env).to.equal(undefined);
    expect(cfg.EnvNames).to.deep.equal(["DB_PASSWORD", "AWS_ACCESS_KEY_ID", "GH", "SLACK", "KEY", "PATH"]);
    expect((cfg.EnvSecretShapes as { kind: string }[]).map((s) => s.kind)).to.deep.equal(["aws-access-key-id", "github-token", "slack-token", "private-key"]);
    expect((cfg.Labels as Record<string, string>).team).to.equal("blue");
    expect(out.Path).to.equal("app");
    expect(out.Args).to.deep.equal(["--db-pass", mk("password-name")]);
    expect(sanitizeContainer(out), "idempotent").to.deep.equal(out);
    const split = sanitizeContainer({ ...rawContainer(), Config: { Entrypoint: ["mysql"], Cmd: ["-uroot", `-p${PLAIN}`] } });
    expect((split.Config as Record<string, unknown>).Cmd, "the program in Entrypoint governs -p in Cmd").to.deep.equal(["-uroot", `-p${mk("password-option")}`]);
  });

  it("leaves what the checks read intact (binds, privileged, log driver, health check presence and status)", () => {
    const out = sanitizeContainer(rawContainer()) as { HostConfig: Record<string, unknown>; Config: { Healthcheck: { Test: string[] } }; State: Record<string, unknown> };
    expect(out.HostConfig.Binds).to.deep.equal(["/run/secrets:/run/secrets:ro"]);
    expect(out.HostConfig.Privileged).to.equal(false);
    expect(out.HostConfig.LogConfig).to.deep.equal({ Type: "splunk", Config: { "splunk-token": mk("token-name"), "splunk-url": "https://splunk" } });
    expect(out.Config.Healthcheck.Test).to.have.length(3);
    expect(out.State.Health).to.deep.equal({ Status: "healthy", Log: [{ Start: "s", End: "e", ExitCode: 0 }] });
  });

  it("drops an image's env values and its legacy ContainerConfig", () => {
    const out = sanitizeImage({ Id: "sha256:1", Config: { Env: [`PASSWORD=${PLAIN}`], User: "1000", Labels: { maintainer: "me", token: PLAIN }, OnBuild: [`ENV COLOR=${PLAIN}`] }, ContainerConfig: { Env: [`PASSWORD=${PLAIN}`], Cmd: ["/bin/sh", "-c", `#(nop) ENV PASSWORD=${PLAIN}`] } });
    expect((out.Config as { OnBuild: string[] }).OnBuild).to.deep.equal([`ENV COLOR=${mk("env-instruction")}`]);
    expect(JSON.stringify(out)).not.to.include(PLAIN);
    expect(out.ContainerConfig).to.equal(undefined);
    expect(out.Config).to.deep.include({ User: "1000", EnvNames: ["PASSWORD"] });
  });

  it("redacts network labels and options, daemon labels and proxy credentials in /info", () => {
    const net = sanitizeNetwork({ Name: "n", Options: { "com.docker.network.bridge.enable_icc": "false" }, Labels: { secret: PLAIN } });
    expect(net.Options).to.deep.equal({ "com.docker.network.bridge.enable_icc": "false" });
    expect(JSON.stringify(net)).not.to.include(PLAIN);
    const info = sanitizeInfo({ Labels: [`vault_token=${PLAIN}`, "zone=a"], HttpProxy: `http://u:${PLAIN}@proxy:3128`, RegistryConfig: { Mirrors: [`https://u:${PLAIN}@m/`] }, Plugins: { Authorization: ["authz"] } });
    expect(JSON.stringify(info)).not.to.include(PLAIN);
    expect(info.Labels).to.deep.equal([`vault_token=${mk("token-name")}`, "zone=a"]);
    expect(info.Plugins).to.deep.equal({ Authorization: ["authz"] });
  });
});

describe("a snapshot read from disk is redacted again", () => {
  it("removes secret values a foreign snapshot holds, and leaves one this build wrote unchanged", () => {
    const s = snapshot({
      containers: [container("web", { Args: [`--password=${PLAIN}`], Config: { Labels: { "db.pass": PLAIN }, Cmd: ["run", "--token", PLAIN] } })],
      images: [image("app:1", { Config: { Labels: { token: PLAIN } } })],
      info: { Labels: [`vault_token=${PLAIN}`] },
      settings: { "log-opts": { "splunk-token": PLAIN } },
    });
    s.daemon.configFile = { ok: true, value: { path: "/etc/docker/daemon.json", present: true, content: { "log-opts": { "splunk-token": PLAIN } } }, source: "f" };
    s.daemon.process = { ok: true, value: { pid: 1, exe: "/usr/bin/dockerd", argv: ["dockerd", "--log-opt", `splunk-token=${PLAIN}`], matchedBy: "x", rootless: false }, source: "p" };
    s.engine.imageHistory = { ok: true, value: { "sha256:1": { ok: true, value: [{ CreatedBy: `ARG DB_PASS=${PLAIN}` }], source: "h" } }, source: "h" };
    const cleaned = redactSnapshot(JSON.parse(JSON.stringify(s)) as Snapshot);
    expect(JSON.stringify(cleaned)).not.to.include(PLAIN);
    expect(cleaned.engine.containers.ok && cleaned.engine.containers.value[0]!.Config.EnvNames).to.deep.equal(s.engine.containers.ok && s.engine.containers.value[0]!.Config.EnvNames);
    const again = redactSnapshot(JSON.parse(JSON.stringify(cleaned)) as Snapshot);
    expect(again).to.deep.equal(cleaned);
    const clean = snapshot({ containers: [container("web")], settings: { icc: false } });
    expect(redactSnapshot(JSON.parse(JSON.stringify(clean)) as Snapshot)).to.deep.equal(clean);
  });
});
