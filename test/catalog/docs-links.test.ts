// Every relative link in the README, CONTRIBUTING.md and docs/ names a file of the repository, and every #anchor a
// heading of its target, as GitHub renders them: a newcomer following the documentation never lands nowhere.
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { PROJECT_ROOT } from "../../src/version.js";

function markdownFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith(".md") ? [p] : [];
  });
  return ["README.md", "CONTRIBUTING.md", ...walk("docs"), ...walk("examples")].filter((f) => existsSync(join(PROJECT_ROOT, f)));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!.replace(/`|\*\*?|__?/g, "").toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
}

describe("documentation links", () => {
  for (const file of markdownFiles()) {
    it(`${file}: every relative link and anchor resolves`, () => {
      const text = readFileSync(join(PROJECT_ROOT, file), "utf8");
      const broken: string[] = [];
      for (const link of links(text)) {
        const [path, anchor] = link.split("#", 2) as [string, string | undefined];
        const target = path === "" ? join(PROJECT_ROOT, file) : join(PROJECT_ROOT, dirname(file), decodeURI(path));
        if (!existsSync(target)) { broken.push(`${link}: no such file ${relative(PROJECT_ROOT, target)}`); continue; }
        if (anchor === undefined || !statSync(target).isFile()) continue;
        if (!anchors(readFileSync(target, "utf8")).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
      }
      expect(broken).to.deep.equal([]);
    });
  }
});
