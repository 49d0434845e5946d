// Where JSON.parse stopped, as a line and column, for one-line messages of the form file:line:col. Never the
// parser's own excerpt of the text: a hostile or secret-holding file is named by position only. One place for the
// snapshot loader, report and fleet files (engine/diff.ts) and evidence manifests.

/** Line and column of a JSON.parse error position, for messages of the form file:line:col. */
export function jsonErrorPosition(text: string, err: Error): { line: number; column: number } | null {
  const m = /position (\d+)/.exec(err.message) ?? /at (?:line (\d+) column (\d+))/.exec(err.message);
  if (!m) return null;
  if (m[2] !== undefined) return { line: Number(m[1]), column: Number(m[2]) };
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  return { line: before.split("\n").length, column: pos - before.lastIndexOf("\n") };
}
