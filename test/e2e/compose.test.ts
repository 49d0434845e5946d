// Ground truth for `audit --compose`: every Compose fixture (test/fixtures/compose/*) is deployed with real Docker
// Compose v2 (Debian trixie's 2.26.1, scripts/install-compose.sh) onto one throwaway daemon per engine, the created
// and running containers are audited as a live audit does (--all), each fixture is audited in Compose mode against
// the same daemon (--docker-host), and every container check's verdict must equal the Compose-mode verdict of the
// corresponding service, check by check. The only checks where equality cannot hold are listed in NOT_EQUAL, with why.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { runCli } from "../support/cli.js";
import { describeEngines, importBusyboxImage, importHardenedBusyboxImage, sharedMountSource, startDaemonOrSkip, daemonRequired, type ThrowawayDaemon } from "../support/dockerd.js";
import { readReport } from "../support/results.js";
import { reportSchemaErrors } from "../support/report-schema.js";
import type { AuditReport, Status } from "../../src/engine/types.js";
import { PROJECT_ROOT } from "../../src/version.js";

const run = promisify(execFile);
const FIXTURES = join(PROJECT_ROOT, "test", "fixtures", "compose");
const COMPOSE = process.env.DOCKAUDIT_COMPOSE ?? "/opt/docker-compose-trixie/usr/libexec/docker/cli-plugins/docker-compose";
const PLANTED = "compose-planted-7a1e";

/**
 * Checks whose Compose-mode verdict cannot equal the live one, and why. Everything else must be equal.
 * - 5.7 and X.3 list a running container's processes: a service has none before it runs (Compose mode: skip).
 */
const NOT_EQUAL: Record<string, string> = {
  "container-no-sshd": "needs a running container's processes",
  "da-remote-shell-daemon": "needs a running container's processes",
};

interface Fixture {
  dir: string;
  project: string;
  files: string[];
  start: boolean;
  env: Record<string, string>;
  profiles: string[];
}

function fixtures(): Fixture[] {
  return readdirSync(FIXTURES).sort().map((name) => {
    const meta = JSON.parse(readFileSync(join(FIXTURES, name, "fixture.json"), "utf8")) as Partial<Fixture>;
    return { dir: join(FIXTURES, name), project: `dacp${name.slice(0, 2)}`, files: meta.files ?? ["compose.yml"], start: meta.start ?? true, env: meta.env ?? {}, profiles: meta.profiles ?? [] };
  });
}

/** In batches of `n` at a time. */
async function inBatches<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(fn))));
  return out;
}

describeEngines("real daemon: Compose-mode verdicts equal the verdicts on what Docker Compose creates", "all", function (engine) {
  this.timeout(600_000);
  let d: ThrowawayDaemon | undefined;
  let live: AuditReport;
  const composeReports = new Map<string, { report: AuditReport; stdout: string; code: number; stderr: string }>();
  const all = fixtures();
  let shared = "";
  const envOf = (f: Fixture) => {
    const env: NodeJS.ProcessEnv = { ...d?.env };
    delete env["DOCKER_HOST"];
    for (const [k, v] of Object.entries(f.env)) env[k] = v.replace("@SOCKET@", d?.socket ?? "").replace("@SHARED@", shared);
    return env;
  };

  before(async function () {
    if (!existsSync(COMPOSE)) {
      if (daemonRequired()) throw new Error(`Docker Compose v2 is not installed at ${COMPOSE} (scripts/install-compose.sh)`);
      this.skip();
    }
    d = await startDaemonOrSkip(this, { engine, name: "compose", daemonJson: { iptables: false } });
    await importBusyboxImage(d);
    await importHardenedBusyboxImage(d);
    shared = sharedMountSource(d);
    await inBatches(all, 4, async (f) => {
      const args = ["-p", f.project, ...f.files.flatMap((x) => ["-f", x]), ...f.profiles.flatMap((p) => ["--profile", p]), "up", ...(f.start ? ["-d"] : ["--no-start"])];
      try {
        await run(COMPOSE, args, { cwd: f.dir, env: { ...envOf(f), DOCKER_HOST: d?.host }, timeout: 120_000 });
      } catch (e) {
        throw new Error(`docker compose ${args.join(" ")} in ${f.dir} failed: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
      }
    });
    const r = await runCli(["audit", "--no-config", "--docker-host", d.host, "--all", "--timeout", "60", "-f", "json"], { env: d.env });
    expect(r.stderr).to.not.match(/dockaudit: (?!gate failed)/);
    live = readReport(r.stdout);
    // Two at a time: each reads the whole daemon as a live audit does, on a machine shared with other suites.
    await inBatches(all, 2, async (f) => {
      const args = ["audit", "--no-config", ...f.files.flatMap((x) => ["--compose", x]), "--project-name", f.project, ...f.profiles.flatMap((p) => ["--profile", p]), "--docker-host", d?.host ?? "", "--timeout", "60", "-f", "json"];
      const c = await runCli(args, { env: envOf(f), cwd: f.dir });
      if (c.code !== 0 && c.code !== 1) throw new Error(`dockaudit ${args.join(" ")} in ${f.dir} exited ${c.code}: ${c.stderr}`);
      composeReports.set(f.project, { report: readReport(c.stdout), stdout: c.stdout, code: c.code, stderr: c.stderr });
    });
  });

  after(async function () {
    this.timeout(300_000);
    if (d && existsSync(COMPOSE)) {
      await inBatches(all, 4, (f) => run(COMPOSE, ["-p", f.project, ...f.files.flatMap((x) => ["-f", x]), ...f.profiles.flatMap((p) => ["--profile", p]), "down", "-v", "--remove-orphans"], { cwd: f.dir, env: { ...envOf(f), DOCKER_HOST: d?.host }, timeout: 120_000 }).catch(() => undefined));
    }
    await d?.stop();
  });

  it("has at least 20 fixtures, each audited in Compose mode without an error line and with a report that follows the schema", () => {
    expect(all.length).to.be.at.least(20);
    for (const f of all) {
      const c = composeReports.get(f.project);
      expect(c, f.project).to.not.equal(undefined);
      expect(c?.stderr, f.project).to.not.match(/dockaudit: (?!gate failed)/);
      expect(reportSchemaErrors(JSON.parse(c?.stdout ?? "{}")), f.project).to.equal("");
    }
  });

  it("every container check's verdict equals the Compose-mode verdict of its service, check by check", () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const f of all) {
      const report = composeReports.get(f.project)?.report;
      for (const r of report?.results ?? []) {
        if (NOT_EQUAL[r.key]) continue;
        const liveResult = live.results.find((x) => x.key === r.key);
        for (const finding of r.findings.filter((x) => x.subject.kind === "service")) {
          const container = `${f.project}-${finding.subject.name}-1`;
          const got = liveResult?.findings.find((x) => x.subject.kind === "container" && x.subject.name === container);
          compared++;
          if (got?.status !== finding.status) {
            mismatches.push(`${r.id} ${r.key} ${f.project}/${finding.subject.name}: live ${got?.status ?? "absent"} (${got?.message ?? ""}) vs compose ${finding.status} (${finding.message})`);
          }
        }
      }
    }
    expect(mismatches).to.deep.equal([]);
    expect(compared).to.be.above(500);
  });

  it("the fixtures together give every automated section 5 check at least one passing and one failing service", () => {
    const seen = new Map<string, Set<Status>>();
    for (const c of composeReports.values()) {
      for (const r of c.report.results) {
        if (r.section !== "5") continue;
        for (const f of r.findings.filter((x) => x.subject.kind === "service")) seen.set(r.id, (seen.get(r.id) ?? new Set()).add(f.status));
      }
    }
    // 5.1, 5.23 and 5.24 are about the daemon, not a service; 5.2 and 5.3 skip where the host has no AppArmor or
    // SELinux; 5.7 needs processes; the unscored manual ones (5.9, 5.18, 5.19, 5.28, 5.30) are pass or manual.
    const twoSided = ["5.4", "5.5", "5.6", "5.8", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "5.16", "5.17", "5.20", "5.21", "5.22", "5.25", "5.26", "5.27", "5.29", "5.31", "5.32"];
    const missing = twoSided.filter((id) => !(seen.get(id)?.has("pass") && seen.get(id)?.has("fail")));
    expect(missing).to.deep.equal([]);
    const manualOrPass = ["5.9", "5.18", "5.19", "5.30"];
    expect(manualOrPass.filter((id) => !(seen.get(id)?.has("pass") && seen.get(id)?.has("manual")))).to.deep.equal([]);
  });

  it("merges, interpolation, extends and profiles give what Compose created", () => {
    const names = live.results[0] ? live.selection.containers : [];
    expect(names).to.include.members(["dacp16-web-1", "dacp16-db-1", "dacp18-child-1", "dacp18-remote-1", "dacp19-debug-1", "dacp19-always-1", "dacp17-interp-1"]);
    expect(names).to.not.include("dacp19-never-1");
    const p19 = composeReports.get("dacp19")?.report;
    expect(p19?.compose?.inactive).to.deep.equal(["never"]);
  });

  it("no planted secret (environment, .env, secrets: file) reaches the Compose reports", () => {
    for (const c of composeReports.values()) expect(c.stdout).to.not.contain(PLANTED);
  });
});
