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
    const notPlanted = Object.entries(S).filter(([k, v]) => !["jsontoken", "flagtoken", "flaglabel"].includes(k) && !(inspect + history + info).includes(v)).map(([k]) => k);
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
