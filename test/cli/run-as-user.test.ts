// The CLI run as another user works from a checkout that user cannot reach (a clone inside a private directory):
// the rootless suites depend on it. Needs root (to switch users and bind-mount).
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../../src/version.js";
import { runCli } from "../support/cli.js";
import { toolsRequired } from "../support/required.js";

describe("runCli as another user", () => {
  it("prints the version as nobody (uid 65534), wherever the checkout lives", async function () {
    if (process.getuid?.() !== 0) {
      if (toolsRequired()) throw new Error("this test needs root");
      this.skip();
    }
    const r = await runCli(["--version"], { uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: "/tmp" } });
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(0);
    expect(r.stdout.trim()).to.match(/^\d+\.\d+\.\d+/);
    // Whether the checkout is reachable or not decides which path ran; both must work. Say which one did.
    const direct = spawnSync("test", ["-r", `${PROJECT_ROOT}/bin/dockaudit`], { uid: 65534, gid: 65534 }).status === 0;
    console.log(`      (checkout ${direct ? "reachable: ran in place" : "private: ran through a read-only bind mount"})`);
  });
});
