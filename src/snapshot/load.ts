// Reading a saved snapshot for offline evaluation. A file that is not a dockaudit snapshot of a version this build
// understands is a usage error, reported with the file and the reason.
import { readFile } from "node:fs/promises";
import { redactSnapshot } from "../collect/redact.js";
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from "./types.js";

export class SnapshotFileError extends Error {}

/** Line and column of a JSON.parse error position, for messages of the form file:line:col. */
export function jsonErrorPosition(text: string, err: Error): { line: number; column: number } | null {
  const m = /position (\d+)/.exec(err.message) ?? /at (?:line (\d+) column (\d+))/.exec(err.message);
  if (!m) return null;
  if (m[2] !== undefined) return { line: Number(m[1]), column: Number(m[2]) };
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function parseSnapshot(text: string, file: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const p = jsonErrorPosition(text, e as Error);
    throw new SnapshotFileError(`${file}${p ? `:${p.line}:${p.column}` : ""}: not valid JSON (${(e as Error).message})`);
  }
  const s = data as Partial<Snapshot>;
  if (!s || typeof s !== "object" || s.tool?.name !== "dockaudit" || s.schemaVersion === undefined) {
    throw new SnapshotFileError(`${file}: not a dockaudit snapshot (no "schemaVersion" and "tool.name": "dockaudit")`);
  }
  if (s.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotFileError(`${file}: snapshot schema version ${String(s.schemaVersion)} is not supported (this build reads version ${SNAPSHOT_SCHEMA_VERSION})`);
  }
  for (const k of ["collection", "host", "daemon", "engine"] as const) {
    if (!s[k] || typeof s[k] !== "object") throw new SnapshotFileError(`${file}: snapshot has no "${k}" section`);
  }
  // Defence in depth: a snapshot written elsewhere may hold values this build's collectors would have redacted.
  return redactSnapshot(s as Snapshot);
}

export async function loadSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new SnapshotFileError(`${file}: cannot read snapshot (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseSnapshot(text, file);
}
