// Issue 19.4: a dockaudit.yaml another user could have written does not steer an audit. Picked up from the working
// directory or named with --config alike, it must be owned by the invoking user or root and writable by neither
// its group nor others; otherwise exit 2 with one line naming the file and why, before anything is collected or
// written. The CLI runs as root here (as the audits the issue describes) and once as an ordinary user.
import { expect } from "chai";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { untrustedOwner } from "../../src/files/safe-read.js";
import { runCli } from "../support/cli.js";

const NOBODY = 65534;

describe("cli: a dockaudit.yaml another user could have written is refused (issue 19.4)", function () {
  this.timeout(30_000);
  let dir: string;
  // The report a hostile config asks for: it must never be written.
  const target = () => join(dir, "overwritten.json");
  // Skips every check and redirects the report: what the file written by nobody did.
  const hostile = () => `skipChecks: ["1.1.1"]\noutput:\n  format: json\n  output: ${target()}\n`;
  // Nothing listens here: a config that is accepted leads to exit 3 (daemon unreachable), one refused to exit 2.
  const host = () => `unix://${join(dir, "no-daemon.sock")}`;

  before(function () {
    if (process.geteuid?.() !== 0) this.skip();
    dir = mkdtempSync(join(tmpdir(), "dockaudit-cfg-owner-"));
    chmodSync(dir, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function plant(name: string, mode: number, uid: number): string {
    const file = join(dir, name);
    writeFileSync(file, hostile());
    chmodSync(file, mode);
    chownSync(file, uid, uid);
    return file;
  }

  it("refuses ./dockaudit.yaml owned by nobody, in the working directory, with exit 2 and one line", async () => {
    const sub = mkdtempSync(join(dir, "cwd-"));
    chmodSync(sub, 0o755);
    writeFileSync(join(sub, "dockaudit.yaml"), hostile());
    chownSync(join(sub, "dockaudit.yaml"), NOBODY, NOBODY);
    const r = await runCli(["audit", "--docker-host", host(), "--timeout", "2"], { cwd: sub });
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr.trim().split("\n")).to.have.length(1);
    expect(r.stderr).to.contain(`dockaudit.yaml:1:1: the configuration is owned by uid ${NOBODY}, neither you (uid 0) nor root: refusing it`);
    expect(readdirSync(dir)).not.to.include("overwritten.json");
  });

  it("refuses a root-owned file that its group or others can write, and --config FILE the same way", async () => {
    for (const [mode, who] of [[0o666, "its group and others"], [0o646, "others"], [0o664, "its group"]] as const) {
      const file = plant(`w${mode.toString(8)}.yaml`, mode, 0);
      const r = await runCli(["audit", "--config", file, "--docker-host", host(), "--timeout", "2"]);
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(`${file}:1:1: the configuration is writable by ${who} (mode 0${mode.toString(8)}; chmod go-w): refusing it`);
    }
    const foreign = plant("foreign.yaml", 0o644, NOBODY);
    const r = await runCli(["audit", "--config", foreign, "--docker-host", host(), "--timeout", "2"]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain("is owned by uid 65534, neither you (uid 0) nor root");
    expect(readdirSync(dir)).not.to.include("overwritten.json");
  });

  it("accepts a root-owned 0644 file (the audit goes on: exit 3, no daemon here)", async () => {
    const file = plant("root.yaml", 0o644, 0);
    const r = await runCli(["audit", "--config", file, "--docker-host", host(), "--timeout", "2"]);
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stderr).not.to.contain("refusing it");
  });

  it("an ordinary user may use their own file, and a root-owned one, but not another user's", async () => {
    const own = plant("own.yaml", 0o644, NOBODY);
    const mine = await runCli(["audit", "--config", own, "--docker-host", host(), "--timeout", "2"], { uid: NOBODY });
    expect(mine.code, mine.stderr).to.equal(3);
    const root = plant("root2.yaml", 0o644, 0);
    const fromRoot = await runCli(["audit", "--config", root, "--docker-host", host(), "--timeout", "2"], { uid: NOBODY });
    expect(fromRoot.code, fromRoot.stderr).to.equal(3);
    const other = plant("other.yaml", 0o644, 1234);
    const theirs = await runCli(["audit", "--config", other, "--docker-host", host(), "--timeout", "2"], { uid: NOBODY });
    expect(theirs.code, theirs.stderr).to.equal(2);
    expect(theirs.stderr).to.contain(`is owned by uid 1234, neither you (uid ${NOBODY}) nor root`);
  });

  it("untrustedOwner: the rule itself", () => {
    expect(untrustedOwner({ uid: 0, mode: 0o100644 }, 0)).to.equal(null);
    expect(untrustedOwner({ uid: 1000, mode: 0o100600 }, 1000)).to.equal(null);
    expect(untrustedOwner({ uid: 0, mode: 0o100644 }, 1000)).to.equal(null);
    expect(untrustedOwner({ uid: 1000, mode: 0o100644 }, 0)).to.contain("owned by uid 1000");
    expect(untrustedOwner({ uid: 0, mode: 0o100664 }, 0)).to.contain("writable by its group");
  });
});
