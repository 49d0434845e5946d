// Data flows one way: collect → snapshot → checks/engine → reporters. These rules keep it so without a reviewer
// having to remember them.
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

function tsFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), "utf8");
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

const IO = /^(node:)?(fs|fs\/promises|child_process|net|http|https|os|dgram|dns)$|^(dockerode|execa)$/;

describe("architecture", () => {
  it("checks/ does no I/O: no fs, network, process or Docker client imports", () => {
    const bad = tsFiles("checks").flatMap((f) => imports(f).filter((i) => IO.test(i)).map((i) => `${f}: ${i}`));
    expect(bad).to.deep.equal([]);
  });
  it("the engine does no I/O and never reaches into collectors or reporters", () => {
    const bad = tsFiles("src/engine").flatMap((f) => imports(f).filter((i) => IO.test(i) || /\/(collect|report|cli)\//.test(i)).map((i) => `${f}: ${i}`));
    expect(bad).to.deep.equal([]);
  });
  it("collectors never import the engine, the catalog or reporters", () => {
    const bad = tsFiles("src/collect").flatMap((f) => imports(f).filter((i) => /\/(engine|report|cli)\/|checks\//.test(i)).map((i) => `${f}: ${i}`));
    expect(bad).to.deep.equal([]);
  });
  it("reporters never import checks/ or do I/O beyond reading their templates", () => {
    const bad = tsFiles("src/report").flatMap((f) => imports(f).filter((i) => /checks\//.test(i) || /^(dockerode|execa)$|child_process|^(node:)?(net|https?)$/.test(i)).map((i) => `${f}: ${relative(".", i)}`));
    expect(bad).to.deep.equal([]);
  });
});
