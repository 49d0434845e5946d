import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listChecks } from "../../src/cli/main.js";
import { PROJECT_ROOT } from "../../src/version.js";

describe("README", () => {
  it("lists exactly the catalog (regenerate with: npm run build && node scripts/readme-checks.mjs)", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    const m = /<!-- CHECKS:BEGIN[^>]*-->\n([\s\S]*?)<!-- CHECKS:END -->/.exec(readme);
    expect(m, "CHECKS markers").to.not.equal(null);
    expect(m![1]).to.equal(listChecks("1.8.0", "markdown"));
  });
});
