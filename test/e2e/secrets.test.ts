// Real daemons carrying every planted secret form of issue 9.1: containers created (not started) with secrets in
// their command, entrypoint, health check, labels, log options and environment; an image whose history holds ARG
// values; daemon labels in daemon.json (dockerd refuses registry mirrors with credentials); log options in daemon.json and on dockerd's command
// line. `collect -o`, `audit` in all six formats and an evidence bundle are written, and every file and every
// printed line is searched for every planted value.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { BUSYBOX_IMAGE, buildImage, importBusyboxImage, startDaemonOrSkip, type ThrowawayDaemon } from "../support/dockerd.js";
import { filesUnder, leaks, plant, readAll } from "../support/planted.js";

const PLANTED = [
  "mysql", "dbpass", "password", "pwd", "userpw", "bearer", "access", "private", "url", "entry", "health", "shell", "shellurl",
  "lbldbpass", "lblbasic", "lbltoken", "lblsecret", "lblpassword", "lblkey", "logtoken", "env",
  "arg", "npm", "imglabel", "imgcmd", "infolabel", "infotoken", "jsontoken", "flagtoken", "flaglabel",
  // Issue 19 item 7.
  "runtimeargs", "lblmysql", "lblredis", "importenv", "importenvspace", "buildenv", "buildenvspace", "redis", "redisexec", "pw", "mongo",
  "mongosh", "upperp", "attachedp", "ctrmysql",
] as const;
// Keyed by the names above, so a misspelt name is a compile error rather than an undefined value.
const S = Object.fromEntries(PLANTED.map((k) => [k, plant(k)])) as Record<(typeof PLANTED)[number], string>;

const SPLUNK = ["--log-driver", "splunk", "--log-opt", "splunk-url=https://127.0.0.1:9", "--log-opt", "splunk-insecureskipverify=true"];

/** Runs every output of dockaudit against `d` into `out`; returns what was printed, by run. */
async function runAll(d: ThrowawayDaemon, out: string): Promise<Record<string, string>> {
  const printed: Record<string, string> = {};
  const live = ["--docker-host", d.host, "--all", "--no-config"];
  const record = (name: string, r: { code: number; stdout: string; stderr: string }, codes = [0, 1]) => {
    expect(r.code, `${name}: ${r.stderr}`).to.be.oneOf(codes);
    printed[`${name} stdout`] = r.stdout;
    printed[`${name} stderr`] = r.stderr;
  };
  record("collect", await runCli(["collect", "--docker-host", d.host, "-o", join(out, "snapshot.json")]), [0]);
  record("audit live", await runCli(["audit", ...live, "-f", "sarif", "-o", join(out, "live.sarif"), "--output-dir", join(out, "dir"),
    "--evidence", join(out, "evidence")]));
  const saved = ["audit", "--snapshot", join(out, "snapshot.json"), "--all", "--no-config"];
  for (const f of ["html", "json", "junit", "prometheus"]) record(`audit ${f}`, await runCli([...saved, "-f", f, "-o", join(out, `report.${f}`)]));
  record("audit table", await runCli(["audit", ...live, "-f", "table"]));
  record("verify", await runCli(["verify", join(out, "evidence")]), [0]);
  return printed;
}

describe("real daemon: planted secrets reach no output", function () {
  this.timeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-secrets-e2e-"));
  const daemons: ThrowawayDaemon[] = [];

  after(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("containers, an image and daemon.json labels: no planted value in any file or printed line", async function () {
    const d = await startDaemonOrSkip(this, {
      name: "secrets",
      daemonJson: { labels: [`db.pass=${S.infolabel}`, `vault_token=${S.infotoken}`, "zone=a"] },
    });
    daemons.push(d);
    await importBusyboxImage(d);
    await buildImage(d, "secrets/app:1", [
      `FROM ${BUSYBOX_IMAGE}`,
      `ARG DB_PASS=${S.arg}`,
      `ARG NPM_AUTH=${S.npm}`,
      "RUN true",
      `LABEL com.example.api-token=${S.imglabel}`,
      `CMD ["app", "--token", "${S.imgcmd}"]`,
    ].join("\n"));
    await d.docker(["create", "--name", "argv", "--entrypoint", "mysql", "-e", `DB_PASSWORD=${S.env}`,
      "--label", `db.pass=${S.lbldbpass}`, "--label", `traefik.http.middlewares.auth.basicauth.users=admin:$apr1$${S.lblbasic}`,
      "--label", `com.example.api_token=${S.lbltoken}`, "--label", `com.example.secret=${S.lblsecret}`, "--label", `app.password=${S.lblpassword}`,
      "--label", `com.example.key=${S.lblkey}`, "--label", "team=blue",
      "--health-cmd", `curl -fsu monitor:${S.health} http://localhost/health`,
      ...SPLUNK, "--log-opt", `splunk-token=${S.logtoken}`,
      BUSYBOX_IMAGE, "-uroot", `-p${S.mysql}`, "--db-pass", S.dbpass, `--password=${S.password}`, `--pwd=${S.pwd}`, "-u", `user:${S.userpw}`,
      "-H", `Authorization: Bearer ${S.bearer}`, "--access-key", S.access, "--private-key", S.private, `postgres://u:p@ss${S.url}@db/app`]);
    await d.docker(["create", "--name", "shell", BUSYBOX_IMAGE, "sh", "-c", `run --secret ${S.shell} && wget https://bob:${S.shellurl}@127.0.0.1/x`]);
    await d.docker(["create", "--name", "entry", "--entrypoint", "/bin/sh", BUSYBOX_IMAGE, "-c", `API_KEY=${S.entry} exec app`]);
    await d.docker(["create", "--name", "built", "secrets/app:1"]);
    // The daemon really holds what the test searches for.
    const inspect = await d.docker(["inspect", "argv", "shell", "entry", "built", "secrets/app:1"]);
    const history = await d.docker(["history", "--no-trunc", "secrets/app:1"]);
    const info = await d.docker(["info", "--format", "{{json .Labels}}"]);
    const firstForms = PLANTED.slice(0, PLANTED.indexOf("runtimeargs")) as readonly string[];
    const notPlanted = Object.entries(S).filter(([k, v]) => firstForms.includes(k) && !["jsontoken", "flagtoken", "flaglabel"].includes(k) && !(inspect + history + info).includes(v)).map(([k]) => k);
    expect(notPlanted, "forms the daemon does not hold").to.deep.equal([]);

    const out = join(dir, "a");
    const printed = await runAll(d, out);
    const files = filesUnder(out);
    expect(files.length).to.be.at.least(12);
    expect(leaks({ ...readAll(files), ...printed }, S)).to.deep.equal([]);
    const snap = readAll([join(out, "snapshot.json")])[join(out, "snapshot.json")]!;
    expect(snap).to.include('"db.pass": "<redacted: looks like a password>"');
    expect(snap).to.include("|2 DB_PASS=<redacted: looks like a password> NPM_AUTH=<redacted: looks like credentials>");
    expect(snap).to.include("db.pass=<redacted: looks like a password>");
    expect(snap).to.include('"team": "blue"');
  });

  it("issue 19: runtimeArgs, daemon labels with -p/-a, image ENV (import --change and build), short password options in commands: in no file or printed line", async function () {
    const d = await startDaemonOrSkip(this, {
      name: "secrets-19",
      daemonJson: {
        labels: [`backup=mysql -uroot -p${S.lblmysql} shop`, `cache=redis-cli -a ${S.lblredis} ping`, "zone=a"],
        runtimes: { secure: { path: "runc", runtimeArgs: ["--db-pass", S.runtimeargs] } },
      },
    });
    daemons.push(d);
    await importBusyboxImage(d);
    await importBusyboxImage(d, "secrets/import:1", [`ENV DB_PASSWORD=${S.importenv}`, `ENV PLAIN_NAME ${S.importenvspace}`]);
    await buildImage(d, "secrets/env:1", [`FROM ${BUSYBOX_IMAGE}`, `ENV DB_PASSWORD=${S.buildenv}`, `ENV PLAIN_NAME ${S.buildenvspace}`, "RUN true"].join("\n"));
    await d.docker(["create", "--name", "forms", "--label", `backup=mysqldump -uroot -p${S.ctrmysql} --all-databases`, BUSYBOX_IMAGE, "sh", "-c",
      `redis-cli -a ${S.redis} ping; app --pw ${S.pw}; mongo -u a -p ${S.mongo} db; sqlcmd -U sa -P ${S.upperp}; backup -p${S.attachedp}`]);
    await d.docker(["create", "--name", "redis", "--entrypoint", "redis-cli", BUSYBOX_IMAGE, "-a", S.redisexec, "ping"]);
    await d.docker(["create", "--name", "mongosh", "secrets/import:1", "mongosh", "-p", S.mongosh]);
    await d.docker(["create", "--name", "built", "secrets/env:1"]);
    const inspect = await d.docker(["inspect", "forms", "redis", "mongosh", "built", "secrets/import:1", "secrets/env:1"]);
    const history = await d.docker(["history", "--no-trunc", "secrets/env:1"]) + await d.docker(["history", "--no-trunc", "secrets/import:1"]);
    const info = await d.docker(["info", "--format", "{{json .Labels}} {{json .Runtimes}}"]);
    const held = inspect + history + info;
    const mine = PLANTED.slice(PLANTED.indexOf("runtimeargs"));
    expect(mine.filter((k) => !held.includes(S[k])), "forms the daemon does not hold").to.deep.equal([]);
    // What /history shows (measured on Docker 20.10): a built image's ENV as `/bin/sh -c #(nop)  ENV NAME=value`, the
    // legacy `ENV NAME value` rewritten to that form too; an imported image one entry with an empty CreatedBy and the
    // comment "Imported from -": `docker import --change 'ENV …'` values sit in Config.Env alone (names kept only).
    expect(history).to.include(`#(nop)  ENV DB_PASSWORD=${S.buildenv}`).and.include(`#(nop)  ENV PLAIN_NAME=${S.buildenvspace}`).and.include("Imported from -");
    expect(history).not.to.include(S.importenv);

    const out = join(dir, "issue19");
    const printed = await runAll(d, out);
    expect(leaks({ ...readAll(filesUnder(out)), ...printed }, S)).to.deep.equal([]);
    const snap = readAll([join(out, "snapshot.json")])[join(out, "snapshot.json")]!;
    expect(snap).to.include("ENV DB_PASSWORD=<redacted: environment value>");
    // Docker 20.10's classic builder records the legacy `ENV NAME value` as `ENV NAME=value` in history.
    expect(snap).to.include("ENV PLAIN_NAME=<redacted: environment value>");
    expect(snap).to.include("backup=mysql -uroot -p<redacted: looks like a password> shop");
    expect(snap).to.include('"DB_PASSWORD"');
  });

  it("log options in daemon.json and on dockerd's command line (--log-opt, --label): no planted value in any file or printed line", async function () {
    // One after the other: two dockerds creating their iptables chains at once can collide.
    const fromJson = await startDaemonOrSkip(this, { name: "secrets-json", daemonJson: { "log-driver": "splunk", "log-opts": { "splunk-token": S.jsontoken, "splunk-url": "https://127.0.0.1:9" } } });
    daemons.push(fromJson);
    const fromFlags = await startDaemonOrSkip(this, { name: "secrets-flags", extraArgs: [...SPLUNK, "--log-opt", `splunk-token=${S.flagtoken}`, "--label", `api_token=${S.flaglabel}`] });
    daemons.push(fromFlags);
    for (const [name, d] of [["json", fromJson], ["flags", fromFlags]] as const) {
      const out = join(dir, name);
      const printed = await runAll(d, out);
      expect(leaks({ ...readAll(filesUnder(out)), ...printed }, S), name).to.deep.equal([]);
      const snap = readAll([join(out, "snapshot.json")])[join(out, "snapshot.json")]!;
      expect(snap, name).to.include(name === "json" ? '"splunk-token": "<redacted: looks like a token>"' : '"splunk-token=<redacted: looks like a token>"');
    }
  });
});
