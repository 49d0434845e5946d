// Files dockaudit ships beside its code: report templates (reports/), JSON schemas (schemas/), data tables (data/)
// and package.json. From a checkout or the npm package they are read from disk under the project root; in the single
// executable (scripts/release.mjs) every file of those directories is embedded as a Node SEA asset, keyed by its
// path relative to the project root, with the asset "assets.json" listing the keys.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root on disk (this file is dist/src/assets.js once built). Unused inside the single executable. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface SeaModule { isSea(): boolean; getAsset(key: string, encoding: string): string }

// node:sea exists from Node 20.12 (and process.getBuiltinModule from 20.16); an older Node is never the executable.
const sea = process.getBuiltinModule?.("node:sea") as SeaModule | undefined;
const embedded = sea?.isSea() ? sea : undefined;

let index: string[] | undefined;

/** True inside the single executable. */
export function isSingleExecutable(): boolean {
  return embedded !== undefined;
}

/** A shipped file's text, by its path relative to the project root ("schemas/config.schema.json"). */
export function assetText(path: string): string {
  if (embedded) return embedded.getAsset(path, "utf8");
  return readFileSync(join(PROJECT_ROOT, path), "utf8");
}

/** The names of the shipped files directly in `dir` ("reports"), sorted. */
export function assetNames(dir: string): string[] {
  if (!embedded) return readdirSync(join(PROJECT_ROOT, dir)).sort();
  index ??= JSON.parse(embedded.getAsset("assets.json", "utf8")) as string[];
  const prefix = `${dir}/`;
  return index.filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes("/")).map((k) => k.slice(prefix.length)).sort();
}
