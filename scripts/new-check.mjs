#!/usr/bin/env node
// Scaffolds a check: its module, its test table and its entry in the section's index, so that it compiles and its
// generated test runs at once; then the author replaces the placeholder rule and the two cases with the real ones.
//
//   npm run new-check -- --section container-runtime --key container-no-foo --title "Containers do not foo"
//                        [--cis 5.33] [--own X.9] [--severity low|medium|high|critical] [--root DIR]
//
// --cis gives the CIS id (the same in 1.6.0 and 1.8.0 unless --cis-1.6.0 says otherwise); --own an own check's
// "X.n" id; one of the two is required. --root writes into another checkout (the tests scaffold into a copy).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SECTIONS = {
  host: "host", daemon: "daemon", "daemon-files": "daemon-files", images: "images",
  "container-runtime": "container-runtime", operations: "operations", swarm: "swarm", dockaudit: "dockaudit",
};
const SEVERITIES = ["low", "medium", "high", "critical"];

export class ScaffoldError extends Error {}

function camel(key) {
  return key.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** The three files' new contents (module, test, index), or a ScaffoldError saying what is wrong. */
export function scaffold(root, o) {
  if (!o.section || !(o.section in SECTIONS)) throw new ScaffoldError(`--section must be one of ${Object.keys(SECTIONS).join(", ")}`);
  if (!o.key || !/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(o.key)) throw new ScaffoldError("--key must be kebab-case with at least two words (e.g. container-no-foo)");
  if (!o.title || /[\n"`\\]/.test(o.title)) throw new ScaffoldError("--title is required, one line, without quotes or backslashes");
  if (!o.cis === !o.own) throw new ScaffoldError("give exactly one of --cis ID or --own X.n");
  if (o.cis && !/^\d+(\.\d+)+$/.test(o.cis)) throw new ScaffoldError("--cis must look like 5.33");
  if (o.own && !/^X\.\d+$/.test(o.own)) throw new ScaffoldError("--own must look like X.9");
  const severity = o.severity ?? "medium";
  if (!SEVERITIES.includes(severity)) throw new ScaffoldError(`--severity must be one of ${SEVERITIES.join(", ")}`);

  const moduleRel = join("checks", o.section, `${o.key}.ts`);
  const testRel = join("test", "checks", o.section, `${o.key}.test.ts`);
  const indexRel = join("checks", o.section, "index.ts");
  for (const f of [moduleRel, testRel]) if (existsSync(join(root, f))) throw new ScaffoldError(`${f} already exists`);
  const taken = keysAndIds(root);
  if (taken.has(`key ${o.key}`)) throw new ScaffoldError(`a check with key ${o.key} already exists`);
  const ids = o.own ? [["own", o.own]] : [["1.8.0", o.cis], ["1.6.0", o["cis-1.6.0"] ?? o.cis]];
  for (const [v, id] of ids) if (taken.has(`id ${v} ${id}`)) throw new ScaffoldError(`a check with id ${id} already exists${v === "own" ? "" : ` in CIS ${v}`}`);
  const index = readFileSync(join(root, indexRel), "utf8");
  const name = camel(o.key);
  if (new RegExp(`\\b${name}\\b`).test(index)) throw new ScaffoldError(`${indexRel} already has ${name}`);

  const idField = o.cis ? `cis: { "1.6.0": "${o["cis-1.6.0"] ?? o.cis}", "1.8.0": "${o.cis}" },` : `ownId: "${o.own}",`;
  const module = `import { defineCheck, fail, pass, perContainer } from "../../src/engine/define.js";

// Scaffolded by npm run new-check. Replace the placeholder rule below (it fails privileged containers) with the
// real one, write the rationale and remediation in your own words, and keep the test table in step.
export default defineCheck({
  key: "${o.key}",
  ${idField}
  title: "${o.title}",
  section: "${o.section}", level: 1, automated: true, severity: "${severity}",
  rationale: "TODO: why this matters, in a sentence or two.",
  remediation: "TODO: what to change, with the flag or key to use.",
  needs: ["engine.containers"],
  evaluate: perContainer((c) =>
    c.HostConfig.Privileged === true
      ? fail("placeholder: runs privileged", { Privileged: true })
      : pass("placeholder: is not privileged", { Privileged: false })),
});
`;
  const test = `import check from "../../../checks/${o.section}/${o.key}.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

// Scaffolded by npm run new-check: one case per situation, named after it; at least one pass and one fail.
checkTable(check, [
  { name: "a container that complies passes", status: "pass", snapshot: snapshot({ containers: [container("web")] }) },
  { name: "a container that does not comply fails, and only that one", status: "fail", subjects: { web: "pass", bad: "fail" },
    snapshot: snapshot({ containers: [container("web"), container("bad", { HostConfig: { Privileged: true } })] }) },
  { name: "no running container is not applicable", status: "skip", snapshot: snapshot() },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);
`;
  return { moduleRel, module, testRel, test, indexRel, index: addToIndex(index, name, o.key, indexRel) };
}

/** Every key and id the catalog's modules declare ("key K", "id I"), read from their sources. */
function keysAndIds(root) {
  const out = new Set();
  for (const section of Object.keys(SECTIONS)) {
    const dir = join(root, "checks", section);
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".ts")) continue;
      const text = readFileSync(join(dir, f), "utf8");
      for (const m of text.matchAll(/\bkey: "([^"]+)"/g)) out.add(`key ${m[1]}`);
      for (const m of text.matchAll(/ownId: "([^"]+)"/g)) out.add(`id own ${m[1]}`);
      for (const m of text.matchAll(/"(1\.[68]\.0)": "([^"]+)"/g)) out.add(`id ${m[1]} ${m[2]}`);
    }
  }
  return out;
}

/** Inserts the import and the array entry, keeping both sorted by key as every index is. */
function addToIndex(index, name, key, indexRel) {
  const lines = index.split("\n");
  const importLine = `import ${name} from "./${key}.js";`;
  const imports = lines.map((l, i) => [l, i]).filter(([l]) => /^import \w+ from "\.\/[a-z0-9-]+\.js";$/.test(l));
  if (imports.length === 0) throw new ScaffoldError(`${indexRel}: no check imports found`);
  const after = imports.filter(([l]) => /"\.\/([a-z0-9-]+)\.js"/.exec(l)[1] < key);
  const at = after.length > 0 ? after[after.length - 1][1] + 1 : imports[0][1];
  lines.splice(at, 0, importLine);
  let text = lines.join("\n");
  const m = /(export const \w+: (?:readonly )?Check\[\] = \[)([\s\S]*?)(\];)/.exec(text);
  if (!m) throw new ScaffoldError(`${indexRel}: no exported Check[] array found`);
  const names = m[2].split(",").map((s) => s.trim()).filter(Boolean);
  // The array follows the imports' order (sorted by key): place the new name where its import went.
  const order = [...text.matchAll(/^import (\w+) from "\.\/[a-z0-9-]+\.js";$/gm)].map((x) => x[1]);
  const sorted = [...names, name].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const multiline = m[2].includes("\n");
  const body = multiline ? `\n${sorted.map((n) => `  ${n},`).join("\n")}\n` : sorted.join(", ");
  text = text.slice(0, m.index) + m[1] + body + m[3] + text.slice(m.index + m[0].length);
  return text;
}

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new ScaffoldError(`unexpected argument ${JSON.stringify(a)}`);
    const eq = a.indexOf("=");
    if (eq > 0) o[a.slice(2, eq)] = a.slice(eq + 1);
    else { o[a.slice(2)] = argv[i + 1]; i++; }
  }
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const root = resolve(o.root ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
    const s = scaffold(root, o);
    mkdirSync(dirname(join(root, s.testRel)), { recursive: true });
    writeFileSync(join(root, s.moduleRel), s.module, { flag: "wx" });
    writeFileSync(join(root, s.testRel), s.test, { flag: "wx" });
    writeFileSync(join(root, s.indexRel), s.index);
    console.log(`new-check: wrote ${s.moduleRel}, ${s.testRel}; added ${o.key} to ${s.indexRel}`);
    console.log("next: npm run build && npx mocha dist/" + s.testRel.replace(/\.ts$/, ".js") + ", then node scripts/readme-checks.mjs");
  } catch (e) {
    if (!(e instanceof ScaffoldError)) throw e;
    console.error(`new-check: ${e.message}`);
    process.exit(2);
  }
}
