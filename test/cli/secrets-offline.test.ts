// Hostile input through the real CLI, without a daemon: a snapshot written by something else that still holds secret
// values in every place the issue lists. None of them may reach any file a run writes (every format, the
// --output-dir reports, the evidence bundle) nor stdout/stderr: the snapshot is redacted again when it is read.
import { formatNames } from "../../src/report/index.js";
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, effective, image, okFact, snapshot } from "../support/fixtures.js";
import { filesUnder, leaks, plant, readAll } from "../support/planted.js";
import { formatArgs } from "../support/format-args.js";

const PLANTED = [
  "dbpass", "password", "mysql", "pwd", "userpw", "bearer", "access", "private", "url", "health", "shell", "entry",
  "lbldbpass", "lblbasic", "lbltoken", "lblsecret", "lblpassword", "lblkey", "logtoken", "lokiauth",
  "argflag", "lokiflag", "jsontoken", "jsonnested", "arg", "npm", "imgcmd", "infolabel", "mirror", "cli",
  // Issue 19 item 7: runtimeArgs, image ENV, short password options in labels and command lines.
  "runtimeargs", "infortargs", "effrtargs", "envhist", "envhistspace", "envhistmulti", "redis", "pw", "mongo", "mongosh", "upperp",
  "attachedp", "lblmysql", "infomysql", "jsonlblmysql",
] as const;
// Keyed by the names above, so a misspelt name is a compile error rather than an undefined value.
const S = Object.fromEntries(PLANTED.map((k) => [k, plant(k)])) as Record<(typeof PLANTED)[number], string>;

function hostile() {
  const s = snapshot({
    containers: [
      container("app", {
        Path: "mysql",
        Args: ["-uroot", `-p${S.mysql}`, "--db-pass", S.dbpass, `--password=${S.password}`, `--pwd=${S.pwd}`, "-u", `user:${S.userpw}`,
          "-H", `Authorization: Bearer ${S.bearer}`, "--access-key", S.access, "--private-key", S.private, `postgres://u:p@ss${S.url}@db/app`],
        Config: {
          Entrypoint: ["mysql"],
          Cmd: ["-uroot", `-p${S.mysql}`, "--db-pass", S.dbpass, `--password=${S.password}`],
          Labels: {
            "db.pass": S.lbldbpass, "traefik.http.middlewares.auth.basicauth.users": `admin:$apr1$${S.lblbasic}`, "com.example.api_token": S.lbltoken,
            "com.example.secret": S.lblsecret, "app.password": S.lblpassword, "com.example.key": S.lblkey, team: "blue",
          },
          Healthcheck: { Test: ["CMD-SHELL", `curl -fsu monitor:${S.health} http://localhost/health`] },
        },
        HostConfig: { LogConfig: { Type: "splunk", Config: { "splunk-token": S.logtoken, "loki-basic-auth": `u:${S.lokiauth}`, "splunk-url": "https://splunk:8088" } } },
      }),
      container("shell", { Config: { Entrypoint: ["/bin/sh", "-c", `run --secret ${S.shell} && curl https://bob:${S.entry}@h/x`], Labels: {} } }),
      container("forms", {
        Path: "redis-cli", Args: ["-a", S.redis, "ping"],
        Config: {
          Entrypoint: ["/bin/sh", "-c", `app --pw ${S.pw}; mongo -u a -p ${S.mongo} db; sqlcmd -U sa -P ${S.upperp}; backup -p${S.attachedp}`],
          Cmd: ["mongosh", "-p", S.mongosh],
          Labels: { backup: `mysqldump -uroot -p${S.lblmysql} --all-databases` },
        },
      }),
    ],
    images: [image("app:1", { Config: { Labels: { "com.example.api-token": S.lbltoken } } })],
    info: {
      Labels: [`vault_token=${S.infolabel}`, "zone=a", `backup=mysql -p${S.infomysql}`], RegistryConfig: { Mirrors: [`https://mirror:${S.mirror}@127.0.0.1:5000/`] },
      Runtimes: { runc: { path: "runc" }, secure: { path: "/usr/local/bin/runsc", runtimeArgs: ["--db-pass", S.infortargs] } },
    } as never,
    settings: {
      "log-opts": { "splunk-token": S.jsontoken }, "registry-mirrors": [`https://mirror:${S.mirror}@127.0.0.1:5000/`],
      runtimes: { secure: { path: "/usr/local/bin/runsc", runtimeArgs: ["--db-pass", S.effrtargs] } },
    },
  });
  s.daemon.process = okFact({ pid: 100, exe: "/usr/bin/dockerd", argv: ["/usr/bin/dockerd", "--log-opt", `splunk-token=${S.argflag}`, `--log-opt=loki-basic-auth=u:${S.lokiflag}`], matchedBy: "test", rootless: false }, "/proc/100/cmdline");
  s.daemon.flags = okFact({ "log-opt": [`splunk-token=${S.argflag}`, `loki-basic-auth=u:${S.lokiflag}`] }, "/proc/100/cmdline");
  s.daemon.configFile = okFact({ path: "/etc/docker/daemon.json", present: true, content: {
    "log-opts": { "splunk-token": S.jsontoken }, "x-credentials": { nested: { value: S.jsonnested } },
    runtimes: { secure: { path: "/usr/local/bin/runsc", runtimeArgs: ["--db-pass", S.runtimeargs, "--debug"] } }, labels: [`backup=mysql -p${S.jsonlblmysql}`],
  } }, "/etc/docker/daemon.json");
  s.daemon.effective = effective({ "log-opts": { "splunk-token": S.jsontoken }, "log-opt": [`splunk-token=${S.argflag}`], runtimes: { secure: { path: "/usr/local/bin/runsc", runtimeArgs: ["--db-pass", S.effrtargs] } } });
  const imgId = s.engine.images.ok ? s.engine.images.value[0]!.Id : "sha256:x";
  s.engine.imageHistory = okFact({ [imgId]: okFact([
    { Id: imgId, CreatedBy: `|2 DB_PASS=${S.arg} NPM_AUTH=${S.npm} /bin/sh -c npm ci`, EmptyLayer: false },
    { Id: "<missing>", CreatedBy: `/bin/sh -c #(nop)  CMD ["app" "--token" "${S.imgcmd}"]`, EmptyLayer: true },
    { Id: "<missing>", CreatedBy: `/bin/sh -c #(nop)  ARG DB_PASS=${S.arg}`, EmptyLayer: true },
    { Id: "<missing>", CreatedBy: `/bin/sh -c #(nop)  ENV DB_PASSWORD=${S.envhist}`, EmptyLayer: true },
    { Id: "<missing>", CreatedBy: `/bin/sh -c #(nop)  ENV PLAIN_NAME ${S.envhistspace}`, EmptyLayer: true },
    { Id: "<missing>", CreatedBy: `ENV COLOR=blue GREETING="hello ${S.envhistmulti}" # buildkit`, EmptyLayer: true },
  ], "GET /images/x/history") }, "GET /images/{id}/history");
  return s;
}

describe("cli: planted secrets in a saved snapshot reach no output", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-secrets-"));
  const snapFile = join(dir, "hostile-snapshot.json");
  const out = join(dir, "out");
  const streams: Record<string, string> = {};

  before(async () => {
    writeFileSync(snapFile, JSON.stringify(hostile()));
    const base = ["audit", "--snapshot", snapFile, "--all", "--no-config"];
    const runs: [string, string[]][] = [
      // Every format the CLI knows, so a new one is searched too.
      ...formatNames().filter((f) => f !== "table").map((f): [string, string[]] => [f, [...base, "-f", f, ...formatArgs(f), "-o", join(out, `report.${f}`)]]),
      ["table", [...base, "-f", "table"]],
      ["bundle", [...base, "-f", "json", "--output-dir", join(out, "dir"), "--evidence", join(out, "evidence"), "--label", `api_token=${S.cli}`]],
    ];
    for (const [name, argv] of runs) {
      const r = await runCli(argv);
      expect(r.code, `${name}: ${r.stderr}`).to.be.oneOf([0, 1]);
      streams[`${name} stdout`] = r.stdout;
      streams[`${name} stderr`] = r.stderr;
    }
    const v = await runCli(["verify", join(out, "evidence")]);
    streams["verify stdout"] = v.stdout;
    streams["verify stderr"] = v.stderr;
    expect(v.code, v.stdout).to.equal(0);
  });

  it("the hostile snapshot really holds every planted value (the test plants what it searches for)", () => {
    expect(leaks({ snapshot: JSON.stringify(hostile()) }, S).length).to.equal(Object.keys(S).length - 1); // all but the command-line one
  });

  it("no file written (every format, --output-dir, evidence bundle) holds a planted value", () => {
    const files = filesUnder(out);
    expect(files.map((f) => f.slice(out.length + 1)).sort()).to.deep.equal([
      "dir/report.hdf.json", "dir/report.html", "dir/report.json", "dir/report.xml",
      "evidence/manifest.json", "evidence/report.hdf.json", "evidence/report.html", "evidence/report.json", "evidence/report.xml", "evidence/snapshot.json",
      ...formatNames().filter((f) => f !== "table").map((f) => `report.${f}`),
    ].sort());
    expect(leaks(readAll(files), S)).to.deep.equal([]);
  });

  it("nothing printed (table, warnings, verify) holds a planted value", () => {
    expect(streams["table stdout"]).to.include("dockaudit");
    expect(leaks(streams, S)).to.deep.equal([]);
  });

  it("the bundle's snapshot keeps each key and says why its value went", () => {
    const text = readAll([join(out, "evidence", "snapshot.json")])[join(out, "evidence", "snapshot.json")]!;
    expect(text).to.include('"db.pass": "<redacted: looks like a password>"');
    expect(text).to.include('"splunk-token": "<redacted: looks like a token>"');
    expect(text).to.include("postgres://<redacted: credentials in a URL>@db/app");
    expect(text).to.include("Authorization: Bearer <redacted: looks like an authorization header>");
    expect(text).to.include("-p<redacted: looks like a password>");
    expect(text).to.include('"team": "blue"');
    expect(text).to.include("ENV DB_PASSWORD=<redacted: environment value>");
    expect(text).to.include("ENV PLAIN_NAME <redacted: environment value>");
    expect(text).to.include('ENV COLOR=<redacted: environment value> GREETING=<redacted: environment value>');
    const snap = JSON.parse(text) as { daemon: { configFile: { value: { content: { runtimes: { secure: { runtimeArgs: string[] } } } } } }; engine: { containers: { value: { Name: string; Path: string; Args: string[] }[] } } };
    expect(snap.daemon.configFile.value.content.runtimes.secure.runtimeArgs).to.deep.equal(["--db-pass", "<redacted: looks like a password>", "--debug"]);
    const forms = snap.engine.containers.value.find((c) => c.Name === "/forms");
    expect(forms && [forms.Path, ...forms.Args]).to.deep.equal(["redis-cli", "-a", "<redacted: looks like a password>", "ping"]);
  });
});
