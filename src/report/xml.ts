// Text hygiene for markup reporters. Host-supplied strings (container names, labels, messages quoting command
// output) can hold ANSI colour codes and control characters; XML 1.0 forbids most C0 controls even as character
// references, so they are removed before escaping rather than escaped.

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \) and two-character ESC sequences.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// Everything XML 1.0 does not allow (C0 except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF), plus DEL and C1
// controls, which are legal but render as garbage in every consumer.
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

// Any character either pattern could remove (ESC included): most text has none, and one test is cheaper than two
// replacements, which matters on reports of thousands of containers.
const SUSPECT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]/;

/** Removes ANSI escape sequences and every character XML 1.0 forbids; keeps tab, newline and carriage return. */
export function xmlSafe(s: string): string {
  return SUSPECT.test(s) ? stripAnsi(s).replace(FORBIDDEN, "") : s;
}

/** As `xmlSafe`, and folds line breaks and tabs into single spaces, for attributes and one-line messages. */
export function oneLine(s: string): string {
  return xmlSafe(s).replace(/\s*[\r\n\t]+\s*/g, " ").trim();
}

/** The entity for each character the pattern below escapes. */
function entity(c: string): string {
  switch (c) {
    case "&": return "&amp;";
    case "<": return "&lt;";
    case ">": return "&gt;";
    default: return "&quot;";
  }
}

/**
 * Escapes for element content and double-quoted attribute values alike (after making the text XML-safe).
 * Templates quote attributes with `"` only, so `'` is left as it is.
 */
export function escapeXml(s: string): string {
  return xmlSafe(s).replace(/[&<>"]/g, entity);
}

/** Cuts text longer than `max` characters and says so visibly, with the number of characters left out. */
export function cap(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]/.test(s[cut - 1] ?? "")) cut--;
  const marker = `\n… [truncated by dockaudit: ${s.length - cut} more characters; see the JSON or HTML report]`;
  return s.slice(0, cut) + marker;
}

/** Cuts a one-line text to `max` characters with an ellipsis. */
export function capLine(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(s[cut - 1] ?? "")) cut--;
  return s.slice(0, cut) + "…";
}

/** A one-line rendering of an evidence value: strings as they are, everything else as compact JSON. */
export function evidenceValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "undefined";
  return JSON.stringify(v) ?? String(v);
}
