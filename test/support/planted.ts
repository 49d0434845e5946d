// Planted secrets for the hostile-input suites: one distinct value per form, so a leak names the form it came
// from, and a search of every file a run wrote.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** A distinct, credential-looking value (letters and digits, 20+ characters) for the form `tag`. */
export function plant(tag: string): string {
  return `Pl4nt${tag.replace(/[^A-Za-z0-9]/g, "")}Zq93x`;
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** "where: form" for every planted value found in the given texts (file name or stream → content). */
export function leaks(texts: Record<string, string>, planted: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [form, value] of Object.entries(planted)) if (text.includes(value)) found.push(`${where}: ${form}`);
  }
  return found;
}

export function readAll(files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, readFileSync(f, "utf8")]));
}
