// `npm run new-check` scaffolds a check that compiles and whose generated table runs and passes, in a copy of this
// checkout (the catalog test included: the new check is in the index, has a test file and unique ids).
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

const SCRIPT = join(PROJECT_ROOT, "scripts", "new-check.mjs");

describe("npm run new-check", function () {
  this.timeout(180_000);
  let copy: string;

  before(() => {
    copy = mkdtempSync(join(tmpdir(), "dockaudit-new-check-"));
    for (const d of ["src", "checks", "test", "bench", "scripts", "schemas", "reports", "data"]) cpSync(join(PROJECT_ROOT, d), join(copy, d), { recursive: true });
    for (const f of ["package.json", "tsconfig.json"]) cpSync(join(PROJECT_ROOT, f), join(copy, f));
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(copy, "node_modules"));
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  it("refuses a bad key, a missing id and an existing check, with exit 2 and one line", () => {
    for (const args of [
      ["--section", "container-runtime", "--key", "Bad_Key", "--title", "x", "--own", "X.99"],
      ["--section", "container-runtime", "--key", "container-no-foo", "--title", "x"],
      ["--section", "container-runtime", "--key", "container-privileged", "--title", "x", "--own", "X.99"],
      ["--section", "container-runtime", "--key", "container-no-bar", "--title", "x", "--cis", "5.4"],
      ["--section", "nowhere", "--key", "container-no-foo", "--title", "x", "--own", "X.99"],
    ]) {
      const r = spawnSync(process.execPath, [SCRIPT, ...args, "--root", copy], { encoding: "utf8" });
      expect(r.status, args.join(" ")).to.equal(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).to.have.length(1).and.satisfy((l: string[]) => l[0]!.startsWith("new-check: "));
    }
  });

  it("scaffolds a module, a table and a sorted index entry that compile, and whose table passes", () => {
    execFileSync(process.execPath, [SCRIPT, "--section", "container-runtime", "--key", "container-no-foo", "--title", "Containers do not foo",
      "--own", "X.99", "--severity", "high", "--root", copy], { encoding: "utf8" });
    const index = readFileSync(join(copy, "checks", "container-runtime", "index.ts"), "utf8");
    const imports = [...index.matchAll(/^import (\w+) from "\.\/([a-z0-9-]+)\.js";$/gm)].map((m) => m[2]!);
    expect(imports).to.include("container-no-foo");
    expect(imports, "imports stay sorted by key").to.deep.equal([...imports].sort());
    execFileSync(process.execPath, [join(copy, "node_modules", "typescript", "bin", "tsc"), "-p", copy], { encoding: "utf8" });
    const mocha = join(copy, "node_modules", "mocha", "bin", "mocha.js");
    const out = execFileSync(process.execPath, [mocha, "--no-config", "dist/test/checks/container-runtime/container-no-foo.test.js", "dist/test/catalog/catalog.test.js"],
      { cwd: copy, encoding: "utf8" });
    expect(out).to.match(/check container-no-foo/).and.match(/\d+ passing/).and.not.match(/failing/);
  });
});
