// The one error a Compose project can be refused with: exit 2 (a usage error), one line naming the file, line and
// column, never quoting a value that may be secret.
import { UsageError } from "../engine/select.js";

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export class ComposeError extends UsageError {
  constructor(message: string, readonly at?: SourcePos) {
    super(at ? `${at.file}:${at.line}:${at.column}: ${message}` : message);
  }
}

/** Printable, bounded text from a Compose file (a key, an error text the author wrote): no control characters. */
export function printable(s: string, max = 120): string {
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
