// No module under src/ or checks/ sits in an import cycle (type-only imports count: they tie modules together just
// the same, and a cycle today is a load-order bug tomorrow). The graph is computed from the sources: every static
// import, export-from and dynamic import() of a relative path.
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

function tsFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The modules (repository paths of .ts files) that `file` imports. */
export function importsOf(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2] ?? "");
  return specs.filter((s) => s.startsWith(".")).map((s) => normalize(join(dirname(file), s)).replace(/\.js$/, ".ts")).filter((p) => existsSync(join(PROJECT_ROOT, p)));
}

/** Strongly connected components of more than one module (Tarjan), or a module importing itself. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("architecture: import cycles", () => {
  it("finds a cycle when there is one (the detector works)", () => {
    const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]], ["e", ["e"]]]);
    expect(cycles(g)).to.deep.equal([["a", "b", "c"], ["e"]]);
  });

  it("no module under src/ or checks/ is in an import cycle", () => {
    const graph = new Map([...tsFiles("src"), ...tsFiles("checks")].map((f) => [f, importsOf(f)] as const));
    expect(graph.size).to.be.above(100);
    expect([...graph.values()].some((deps) => deps.length > 0)).to.equal(true);
    expect(cycles(graph)).to.deep.equal([]);
  });
});
