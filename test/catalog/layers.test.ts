// Import direction is enforced by ESLint (eslint.config.js, no-restricted-imports per layer): these prove the rules
// fire on code that breaks them, and pass the code that keeps them.
import { expect } from "chai";
import { ESLint } from "eslint";
import { PROJECT_ROOT } from "../../src/version.js";

async function restricted(code: string, filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });
  const [r] = await eslint.lintText(code, { filePath: `${PROJECT_ROOT}/${filePath}` });
  return (r?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("architecture: layers enforced by ESLint", function () {
  this.timeout(60_000);

  it("a check imports only the check API from src/, never another section's lib.ts, and does no I/O", async () => {
    const bad = await restricted('import { pass } from "../../src/engine/define.js";\nimport { engineMajor } from "../daemon/lib.js";\nimport { readFileSync } from "node:fs";\nexport const x = [pass, engineMajor, readFileSync];\n', "checks/images/example.ts");
    expect(bad).to.have.length(3);
    expect(bad.join("\n")).to.match(/only src\/check-api\.ts/).and.match(/another section's lib\.ts/).and.match(/no I\/O/);
    expect(await restricted('import { pass } from "../../src/check-api.js";\nimport { perImageInUse } from "../shared.js";\nimport { historyOf } from "./lib.js";\nexport const x = [pass, perImageInUse, historyOf];\n', "checks/images/example.ts")).to.deep.equal([]);
  });

  it("the engine, collectors, reporters and evidence keep their direction", async () => {
    expect(await restricted('import { x } from "../collect/index.js";\nexport const y = x;\n', "src/engine/example.ts")).to.have.length(1);
    expect(await restricted('import { x } from "../engine/run.js";\nexport const y = x;\n', "src/collect/example.ts")).to.have.length(1);
    expect(await restricted('import { x } from "../cli/main.js";\nexport const y = x;\n', "src/evidence/example.ts")).to.have.length(1);
    expect(await restricted('import { execa } from "execa";\nexport const y = execa;\n', "src/report/example.ts")).to.have.length(1);
  });
});
