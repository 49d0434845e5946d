// A saved snapshot with a wrong-typed field, through the real CLI: `audit --snapshot` and `verify` exit 2 naming
// the file and the JSON path, instead of evaluating it (PidMode: ["host"] used to pass 5.16).
import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";
import { container, snapshot } from "../support/fixtures.js";

describe("cli: saved snapshots are validated", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "dockaudit-snapschema-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const good = snapshot({ containers: [container("web"), container("mon", { HostConfig: { PidMode: "host" } })] });
  const wrong = JSON.parse(JSON.stringify(good));
  wrong.engine.containers.value[1].HostConfig.PidMode = ["host"];

  it("audit --snapshot of a wrong-typed field is exit 2, naming the file and the JSON path; nothing is written", async () => {
    const file = join(dir, "wrong.json");
    writeFileSync(file, JSON.stringify(wrong));
    const out = join(dir, "report.json");
    const r = await runCli(["audit", "--no-config", "--snapshot", file, "--check", "5.16", "-f", "json", "-o", out]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr.trim()).to.match(new RegExp(`^dockaudit: ${file.replace(/[.]/g, "\\.")}: engine\\.containers\\.value\\[1\\]\\.HostConfig\\.PidMode: must be string \\(found an array\\)`));
    expect(r.stdout).to.equal("");
    expect(() => readFileSync(out)).to.throw();
  });

  it("the same snapshot with the right type is evaluated (5.16 fails on the host PID namespace)", async () => {
    const file = join(dir, "good.json");
    writeFileSync(file, JSON.stringify(good));
    const r = await runCli(["audit", "--no-config", "--snapshot", file, "--check", "5.16", "-f", "json"]);
    expect(r.code, r.stderr).to.equal(1);
    expect(JSON.parse(r.stdout).results[0].status).to.equal("fail");
  });

  it("verify of a bundle whose snapshot.json has a wrong-typed field (digest updated) is exit 2, naming it", async () => {
    const src = join(dir, "input.json");
    writeFileSync(src, JSON.stringify(good));
    const ev = join(dir, "ev");
    const a = await runCli(["audit", "--no-config", "--snapshot", src, "--evidence", ev, "-f", "json"]);
    expect(a.code, a.stderr).to.equal(1);
    const snapPath = join(ev, "snapshot.json");
    const text = readFileSync(snapPath, "utf8").replace('"Memory": 0', '"Memory": "0"');
    writeFileSync(snapPath, text);
    const manifest = JSON.parse(readFileSync(join(ev, "manifest.json"), "utf8"));
    manifest.files["snapshot.json"] = { sha256: createHash("sha256").update(text).digest("hex"), bytes: Buffer.byteLength(text) };
    writeFileSync(join(ev, "manifest.json"), JSON.stringify(manifest, null, 2));
    const r = await runCli(["verify", ev]);
    expect(r.code, r.stdout + r.stderr).to.equal(2);
    expect(r.stderr).to.contain(`${snapPath}: engine.containers.value[0].HostConfig.Memory: must be number (found a string)`);
  });
});
