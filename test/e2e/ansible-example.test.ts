// examples/ansible/playbook.yml: ansible-playbook --syntax-check accepts it, and it runs as written against two
// inventory hosts on this machine (connection local; dockaudit already installed; the daemon replaced by a saved
// snapshot): each host's report.json is fetched to reports/<inventory_hostname>/ and the control play builds the
// fleet view from them with dockaudit fleet --reports.
import { expect } from "chai";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FleetReport } from "../../src/fleet/types.js";
import { PROJECT_ROOT } from "../../src/version.js";
import { BIN } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";
import { missingTool } from "../support/required.js";

const PLAYBOOK = join(PROJECT_ROOT, "examples", "ansible", "playbook.yml");

function ansiblePlaybook(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("ansible-playbook", args, { env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, out: `${stdout}\n${stderr}` });
    });
  });
}

describe("examples: Ansible playbook", function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-ansible-"));
  const env = { ...process.env, ANSIBLE_HOME: join(dir, "ansible"), ANSIBLE_LOCAL_TEMP: join(dir, "tmp"), ANSIBLE_NOCOLOR: "1", ANSIBLE_RETRY_FILES_ENABLED: "0", ANSIBLE_PYTHON_INTERPRETER: "auto_silent" };

  before(function () {
    if (spawnSync("ansible-playbook", ["--version"]).status !== 0) missingTool(this, "ansible-playbook", "ansible-core");
  });

  it("passes ansible-playbook --syntax-check with the example inventory", async () => {
    const r = await ansiblePlaybook(["--syntax-check", "-i", join(PROJECT_ROOT, "examples", "ansible", "inventory.example.ini"), PLAYBOOK], env);
    expect(r.code, r.out).to.equal(0);
  });

  it("audits every inventory host, fetches each report.json to reports/<host>/ and builds the fleet view", async () => {
    const snap = join(dir, "snapshot.json");
    writeFileSync(snap, JSON.stringify(snapshot({ containers: [container("web"), container("monitor", { HostConfig: { PidMode: "host" } })] })));
    writeFileSync(join(dir, "inventory.ini"), "[docker_hosts]\nnode-a ansible_connection=local\nnode-b ansible_connection=local\n");
    const vars = {
      ansible_become: false,
      ansible_python_interpreter: process.env.ANSIBLE_TEST_PYTHON ?? "/usr/bin/python3",
      dockaudit_install: "none",
      dockaudit_path: BIN,
      dockaudit_local: BIN,
      dockaudit_remote_dir: `${dir}/remote/{{ inventory_hostname }}`,
      dockaudit_audit_args: ["--no-config", "--snapshot", snap],
      dockaudit_reports_dir: join(dir, "reports"),
      dockaudit_fleet_dir: join(dir, "fleet"),
    };
    const r = await ansiblePlaybook(["-i", join(dir, "inventory.ini"), "-e", JSON.stringify(vars), PLAYBOOK], env);
    expect(r.code, r.out).to.equal(0);
    for (const h of ["node-a", "node-b"]) {
      const report = JSON.parse(readFileSync(join(dir, "reports", h, "report.json"), "utf8")) as { results: { key: string; status: string }[] };
      expect(report.results.find((c) => c.key === "container-host-pid-namespace")?.status).to.equal("fail");
    }
    // The fleet play ran `dockaudit fleet --reports` and its files are there; a failing gate (exit 1) is no task failure.
    expect(existsSync(join(dir, "fleet", "fleet.html"))).to.equal(true);
    const fleet = JSON.parse(readFileSync(join(dir, "fleet", "fleet.json"), "utf8")) as FleetReport;
    expect(fleet.hosts).to.have.length(2);
    expect(fleet.hosts.every((h) => h.audited)).to.equal(true);
    expect(fleet.checks.find((c) => c.key === "container-host-pid-namespace")!.failed).to.have.length(2);
    expect(r.out).to.match(/node-a: dockaudit: gate failed/);
  });
});
