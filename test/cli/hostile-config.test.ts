// Issue 9.7: a YAML alias bomb, an oversized file, a FIFO or a device as the configuration is exit 2 with the file and
// a position, at once (before, an alias bomb was exit 3 "collection failed" without a position).
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, MAX_CONFIG_BYTES } from "../../src/cli/config.js";
import { runCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dockaudit-hostile-config-"));

/** Nine levels of ten aliases each: 10^9 strings once expanded. */
const BOMB = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefghi".split("").map((c, i) => {
  const prev = "abcdefghi"[i]!;
  return `${c}: &${c} [${Array(10).fill(`*${prev}`).join(", ")}]`;
})].join("\n") + "\n";

async function loadError(file: string): Promise<{ message: string; ms: number }> {
  const t = Date.now();
  try {
    await loadConfig(file);
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return { message: (e as Error).message, ms: Date.now() - t };
  }
  throw new Error(`${file} was accepted`);
}

describe("hostile input: configuration file (issue 9.7)", function () {
  // A guard against a hang, not a speed measurement: each case takes milliseconds.
  this.timeout(10_000);

  it("an alias bomb is a ConfigError naming the file, line and column of the first alias of aliases", async () => {
    const file = join(dir, "bomb.yaml");
    writeFileSync(file, BOMB);
    const { message, ms } = await loadError(file);
    expect(message).to.equal(`${file}:3:8: aliases here expand too far (a YAML alias bomb?); a configuration needs no nested aliases`);
    console.log(`      (refused in ${ms} ms)`);
  });

  it("a file over the size limit is refused before it is read", async () => {
    const file = join(dir, "big.yaml");
    writeFileSync(file, "");
    truncateSync(file, 64 * 1024 * 1024);
    const { message, ms } = await loadError(file);
    expect(message).to.equal(`${file}:1:1: the configuration is 64 MiB, more than the 1 MiB dockaudit reads`);
    expect(MAX_CONFIG_BYTES).to.equal(1024 * 1024);
    console.log(`      (refused in ${ms} ms)`);
  });

  it("a FIFO or a device is refused without blocking", async () => {
    const fifo = join(dir, "cfg.fifo");
    execFileSync("mkfifo", [fifo]);
    expect((await loadError(fifo)).message).to.equal(`${fifo}:1:1: the configuration is a FIFO, not a regular file`);
    expect((await loadError("/dev/zero")).message).to.equal("/dev/zero:1:1: the configuration is a character device, not a regular file");
  });

  it("ordinary anchors and aliases still work", async () => {
    const file = join(dir, "anchors.yaml");
    writeFileSync(file, "containers:\n  include: &web [web-*]\n  exclude: [db]\nwaivers: []\ntrustedUsers: *web\n");
    const loaded = await loadConfig(file);
    expect(loaded!.config.trustedUsers).to.deep.equal(["web-*"]);
  });

  it("through the CLI: exit 2 with the position on stderr", async () => {
    const file = join(dir, "bomb-cli.yaml");
    writeFileSync(file, BOMB);
    const r = await runCli(["audit", "--config", file, "--snapshot", join(dir, "none.json")]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`dockaudit: ${file}:3:8: aliases here expand too far (a YAML alias bomb?); a configuration needs no nested aliases\n`);
  });
});
