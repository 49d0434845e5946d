// Issue 19 item 6: a password in an endpoint (`ssh://user:PASS@host`, `tcp://user:PASS@host`, any URL userinfo) is
// never printed or stored. `--host`, `--docker-host`, $DOCKER_HOST and inventory endpoints with a password are
// refused (exit 2) with a line that shows the endpoint without it; and whatever reaches the fleet view (targets,
// reasons, labels) is shown through endpointSafeToShow, in fleet.json, fleet.html, fleet.xml, fleet.prom and the table.
import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderFleetTable, runFleet, type AuditHost } from "../../src/cli/fleet.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { endpointSafeToShow, urlHasPassword } from "../../src/secrets/redact.js";
import { parseSshTarget } from "../../src/collect/transports/ssh.js";
import { resolveDockerEndpoint } from "../../src/collect/engine-api/engine-api.js";
import { buildFleet } from "../../src/fleet/build.js";
import { parseInventory } from "../../src/fleet/inventory.js";
import { renderFleetHtml, renderFleetJson, renderFleetJunit, renderFleetPrometheus } from "../../src/fleet/render.js";
import { runCli } from "../support/cli.js";
import { hostReport } from "../fleet/reports.js";
import { filesUnder, leaks, plant, readAll } from "../support/planted.js";

const PLANTED = ["sshhost", "dockerhost", "envhost", "positional", "invssh", "invdocker", "invdefault", "reason", "label", "target", "note", "slash"] as const;
const S = Object.fromEntries(PLANTED.map((k) => [k, plant(k)])) as Record<(typeof PLANTED)[number], string>;

describe("endpoints with credentials", function () {
  this.timeout(60_000);

  it("endpointSafeToShow hides the password of every URL userinfo, keeps the user name, and is idempotent", () => {
    const cases: [string, string][] = [
      [`ssh://audit:${S.sshhost}@web-1:2222`, "ssh://audit:<redacted: credentials in a URL>@web-1:2222"],
      [`tcp://u:${S.dockerhost}@10.0.0.1:2376`, "tcp://u:<redacted: credentials in a URL>@10.0.0.1:2376"],
      [`cannot reach https://x:${S.reason}@proxy:3128 and ssh://y:${S.note}@h`, "cannot reach https://x:<redacted: credentials in a URL>@proxy:3128 and ssh://y:<redacted: credentials in a URL>@h"],
      [`tcp://u:p@ss/w${S.slash}@host:2376`, "tcp://u:<redacted: credentials in a URL>@host:2376"],
      ["ssh://root@web-1", "ssh://root@web-1"],
      ["unix:///var/run/docker.sock", "unix:///var/run/docker.sock"],
    ];
    for (const [raw, shown] of cases) {
      expect(endpointSafeToShow(raw), raw).to.equal(shown);
      expect(endpointSafeToShow(shown), "idempotent").to.equal(shown);
      expect(urlHasPassword(raw), raw).to.equal(raw !== shown);
      expect(urlHasPassword(shown), "a marker is no password").to.equal(false);
    }
  });

  it("the parsers refuse a password with a message that does not hold it", () => {
    for (const [fn, raw, secret] of [
      [() => parseSshTarget(`ssh://u:${S.sshhost}@h`), "ssh", S.sshhost],
      [() => resolveDockerEndpoint(`tcp://u:${S.dockerhost}@127.0.0.1:2375`, {}), "tcp", S.dockerhost],
      [() => resolveDockerEndpoint(undefined, { DOCKER_HOST: `tcp://u:${S.envhost}@127.0.0.1:2375` }), "env", S.envhost],
      [() => parseInventory(`hosts:\n  - name: a\n    ssh: ssh://u:${S.invssh}@h\n`, "inv.yaml"), "inventory", S.invssh],
    ] as const) {
      let message = "";
      try { fn(); } catch (e) { message = (e as Error).message; }
      expect(message, raw).to.match(/password/);
      expect(message, raw).not.to.include(secret);
    }
    expect(() => parseInventory(`hosts:\n  - name: a\n    ssh: ssh://u:${S.invssh}@h\n`, "inv.yaml")).to.throw("inv.yaml:3:10: hosts[0].ssh holds a password (ssh://u:<redacted: credentials in a URL>@h)");
    expect(parseSshTarget("ssh://audit@h:2222")).to.deep.equal({ user: "audit", host: "h", port: 2222 });
  });

  it("the CLI: --host, --docker-host, $DOCKER_HOST and a stray positional endpoint are exit 2, the password in no printed line", async () => {
    const runs = {
      host: await runCli(["audit", "--no-config", "--host", `ssh://audit:${S.sshhost}@127.0.0.1:1`]),
      collect: await runCli(["collect", "--host", `ssh://audit:${S.sshhost}@127.0.0.1:1`]),
      dockerHost: await runCli(["audit", "--no-config", "--docker-host", `tcp://u:${S.dockerhost}@127.0.0.1:1`]),
      env: await runCli(["audit", "--no-config"], { env: { ...process.env, DOCKER_HOST: `tcp://u:${S.envhost}@127.0.0.1:1` } }),
      positional: await runCli(["audit", "--no-config", `ssh://u:${S.positional}@h`]),
    };
    const printed: Record<string, string> = {};
    for (const [name, r] of Object.entries(runs)) {
      expect(r.code, `${name}: ${r.stderr}`).to.equal(EXIT.usage);
      printed[`${name} stdout`] = r.stdout;
      printed[`${name} stderr`] = r.stderr;
    }
    expect(leaks(printed, S)).to.deep.equal([]);
    expect(runs.host.stderr).to.equal('dockaudit: unsupported host "ssh://audit:<redacted: credentials in a URL>@127.0.0.1:1": a password in the URL is not supported (authentication is by key: ssh-agent, --ssh-key, ~/.ssh/config); remove it\n');
    expect(runs.dockerHost.stderr).to.include("tcp://u:<redacted: credentials in a URL>@127.0.0.1:1").and.include("not supported");
    expect(runs.env.stderr).to.include("not supported");
  });

  it("fleet --inventory with a password in ssh:, docker_host: or defaults.docker_host: exit 2, nothing written, nothing printed holds it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-endpoint-creds-"));
    const inventories = {
      ssh: `hosts:\n  - name: a\n    docker_host: unix:///nowhere.sock\n  - name: b\n    ssh: ssh://audit:${S.invssh}@127.0.0.1:1\n`,
      docker: `hosts:\n  - name: a\n    docker_host: tcp://audit:${S.invdocker}@127.0.0.1:1\n`,
      defaults: `defaults:\n  docker_host: tcp://audit:${S.invdefault}@127.0.0.1:1\nhosts:\n  - name: a\n`,
    };
    const printed: Record<string, string> = {};
    for (const [name, text] of Object.entries(inventories)) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, text);
      const out = join(dir, `out-${name}`);
      const r = await runCli(["fleet", "--inventory", file, "--output-dir", out]);
      expect(r.code, `${name}: ${r.stderr}`).to.equal(EXIT.usage);
      expect(r.stderr, name).to.match(/holds a password \(.*<redacted: credentials in a URL>@127\.0\.0\.1:1\): not supported/);
      expect(existsSync(out) ? readdirSync(out) : [], name).to.deep.equal([]);
      printed[`${name} stdout`] = r.stdout;
      printed[`${name} stderr`] = r.stderr;
    }
    expect(leaks(printed, S)).to.deep.equal([]);
  });

  it("fleet view: a password in a host's error, label or target reaches no fleet file nor the table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-endpoint-creds-"));
    const inv = join(dir, "inv.yaml");
    writeFileSync(inv, `hosts:\n  - name: good\n    labels: { dsn: "postgres://app:${S.label}@db/shop" }\n  - name: bad\n    docker_host: unix:///bad.sock\n`);
    // An error message that quotes an endpoint with a password (a proxy, a registry): shown without it.
    const audit: AuditHost = async (h) => {
      if (h.name === "bad") throw new Error(`cannot reach the daemon through https://proxy:${S.reason}@10.0.0.1:3128`);
      return hostReport(h.name, {});
    };
    const out = join(dir, "out");
    const code = await runFleet({ inventory: inv, outputDir: out, format: "table", output: join(dir, "printed.txt"), concurrency: 2, hostTimeout: 5, gate: {} }, audit, () => new Date("2026-01-16T00:00:00Z"));
    expect(code).to.equal(EXIT.notAudited);
    const files = filesUnder(out).filter((f) => /fleet\.(json|html|xml|prom)$/.test(f));
    expect(files.map((f) => f.slice(out.length + 1)).sort()).to.deep.equal(["fleet.html", "fleet.json", "fleet.prom", "fleet.xml"]);
    const all = readAll([...files, join(dir, "printed.txt")]);
    expect(leaks(all, S)).to.deep.equal([]);
    expect(all[join(out, "fleet.json")]).to.include("https://proxy:<redacted: credentials in a URL>@10.0.0.1:3128");
    expect(all[join(dir, "printed.txt")]).to.include("NOT AUDITED  cannot reach the daemon through https://proxy:<redacted: credentials in a URL>@10.0.0.1:3128");

    // The same for outcomes from elsewhere (a target holding a password, a note): every renderer, defence in depth.
    const fleet = buildFleet([
      { name: "t", source: "ssh", target: `ssh://audit:${S.target}@web-1 tcp://u:${S.target}@h:2376`, error: `refused by ssh://audit:${S.target}@web-1` },
      { name: "n", source: "docker-host", target: "unix:///run/docker.sock", report: hostReport("n", {}), note: `via tcp://u:${S.note}@h`, labels: { url: `ssh://a:${S.label}@b` } },
    ], { generatedAt: new Date("2026-01-16T00:00:00Z") });
    const rendered = { json: renderFleetJson(fleet), html: renderFleetHtml(fleet), junit: renderFleetJunit(fleet), prom: renderFleetPrometheus(fleet), table: renderFleetTable(fleet) };
    expect(leaks(rendered, S)).to.deep.equal([]);
    expect(rendered.json).to.include("ssh://audit:<redacted: credentials in a URL>@web-1");
  });
});
