// Issue 19.4 on a real rootless dockerd (system engine): once the daemon runs, its user replaces their daemon.json
// with a symlink to a file only root may read (dockerd reads its config at start, so it keeps running). A root audit
// must not read that file for them: the configuration is `error` naming the path it resolves to and why, and the
// file's content is in no report, snapshot or evidence file. The root-only file lives in this test's temp
// directory; the user, daemon and link are the harness's and go with it in `after`.
import { expect } from "chai";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { daemonRequired } from "../support/dockerd.js";
import { filesUnder } from "../support/planted.js";
import { runCli } from "../support/cli.js";
import { startRootlessDaemon, type RootlessDaemon } from "../support/rootless.js";

const SECRET = "Pl4ntRootOnlyDaemonJsonZq93x";

describe("real daemon: a rootless dockerd's daemon.json symlinked to a root-only file (issue 19.4)", function () {
  this.timeout(300_000);
  let d: RootlessDaemon | undefined;
  let dir = "";
  let secret = "";

  before(async function () {
    try {
      d = await startRootlessDaemon({ daemonJson: { "log-level": "info" } });
    } catch (err) {
      if (daemonRequired()) throw err;
      console.warn(`      skipped, no rootless dockerd: ${(err as Error).message.split("\n")[0]}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), "dockaudit-rootonly-"));
    chmodSync(dir, 0o700);
    secret = join(dir, "secret.json");
    writeFileSync(secret, JSON.stringify({ "log-level": "debug", labels: [`token=${SECRET}`] }) + "\n", { mode: 0o600 });
    const config = join(d.home, ".config", "docker", "daemon.json");
    unlinkSync(config);
    symlinkSync(secret, config);
  });

  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("audit, collect and evidence as root: the configuration is error naming where it leads, the content nowhere", async () => {
    const out = join(dir, "out");
    const r = await runCli(["audit", "--no-config", "--docker-host", d!.host, "-f", "json", "--evidence", join(out, "evidence")], { env: { PATH: process.env.PATH, HOME: "/root" } });
    expect([0, 1], r.stderr).to.include(r.code);
    const config = join(d!.home, ".config", "docker", "daemon.json");
    const why = `${config} resolves to ${secret}, which uid ${d!.uid}, the daemon's user, cannot read`;
    expect(r.stdout).to.contain(why);
    const c = await runCli(["collect", "--docker-host", d!.host, "-o", join(out, "snap.json")], { env: { PATH: process.env.PATH, HOME: "/root" } });
    expect(c.code, c.stderr).to.equal(0);
    const snap = JSON.parse(readFileSync(join(out, "snap.json"), "utf8")) as { daemon: { process: { ok: boolean; value?: { rootless: boolean } }; configFile: { ok: boolean; error?: string } } };
    expect(snap.daemon.process.ok && snap.daemon.process.value?.rootless).to.equal(true);
    expect(snap.daemon.configFile.ok).to.equal(false);
    expect(snap.daemon.configFile.error).to.contain(why);
    for (const [where, text] of [["stdout", r.stdout], ["stderr", r.stderr], ...filesUnder(out).map((f) => [f, readFileSync(f, "latin1")])]) {
      expect(text, where).not.to.contain(SECRET);
    }
  });
});
