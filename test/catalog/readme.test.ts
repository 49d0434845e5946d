import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listChecks } from "../../src/cli/main.js";
import { checkSummaryMarkdown } from "../../src/report/check-list.js";
import { PROJECT_ROOT } from "../../src/version.js";

function generated(file: string): string {
  const text = readFileSync(join(PROJECT_ROOT, file), "utf8");
  const m = /<!-- CHECKS:BEGIN[^>]*-->\n([\s\S]*?)<!-- CHECKS:END -->/.exec(text);
  expect(m, `CHECKS markers in ${file}`).to.not.equal(null);
  return m![1]!;
}

describe("catalog documentation (regenerate with: npm run build && node scripts/readme-checks.mjs)", () => {
  it("docs/checks.md lists exactly the catalog", () => {
    expect(generated("docs/checks.md")).to.equal(listChecks("1.8.0", "markdown"));
  });
  it("the README's per-section summary lists exactly the catalog's ids", () => {
    expect(generated("README.md")).to.equal(checkSummaryMarkdown(JSON.parse(listChecks("1.8.0", "json")), "1.8.0"));
  });
  it("the README stays a page a newcomer reads: at most 300 lines", () => {
    expect(readFileSync(join(PROJECT_ROOT, "README.md"), "utf8").split("\n").length).to.be.at.most(300);
  });
});
