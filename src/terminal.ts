// Text for a terminal. Whatever comes from the host, a snapshot, a config file or a bundle can carry escape
// sequences (retitle the window, move the cursor, rewrite earlier lines, OSC 52 writes the clipboard), carriage
// returns that overwrite a verdict, or bidirectional overrides that reorder what is shown. None of it may reach a
// terminal: every such string passes through `forTerminal` (or `lineForTerminal`) first.

// CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings (up to BEL or ST), then any other ESC sequence.
const SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]?|\x1b[ -/]*[0-~]?/g;
// C0 controls but tab and newline, DEL, C1 controls, bidirectional embeddings/overrides/isolates, lone surrogates.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes escape sequences and control characters; keeps tab and newline (for multi-line text). */
export function forTerminal(s: unknown): string {
  return String(s).replace(SEQUENCES, "").replace(CONTROLS, "");
}

/** As `forTerminal`, and folds newlines and tabs into spaces: one value can never start a line of its own. */
export function lineForTerminal(s: unknown): string {
  return forTerminal(s).replace(/[\t\n]+/g, " ");
}

/** `lineForTerminal`, cut to `max` characters with an ellipsis (names from a hostile file can be megabytes). */
export function shortForTerminal(s: unknown, max = 200): string {
  const t = lineForTerminal(s);
  if (t.length <= max) return t;
  const cut = /[\ud800-\udbff]/.test(t[max - 2] ?? "") ? max - 2 : max - 1;
  return `${t.slice(0, cut)}…`;
}
