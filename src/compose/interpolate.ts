// Compose interpolation, as compose-go's template package does it: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement}, nested in defaults, and $$ for a literal $.
// Pure. The caller records which variables were used, so their values can be kept out of every output.

export class InterpolationError extends Error {
  constructor(message: string, readonly variable?: string) {
    super(message);
  }
}

export type Lookup = (name: string) => string | undefined;

export interface Substitution {
  name: string;
  value: string;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** The string with every variable substituted; `used` receives each substitution made (name and value). */
export function interpolate(text: string, lookup: Lookup, used: Substitution[] = []): string {
  if (!text.includes("$")) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch !== "$") { out += ch; i++; continue; }
    const next = text[i + 1];
    if (next === "$") { out += "$"; i += 2; continue; }
    if (next === "{") {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new InterpolationError("invalid interpolation format: a \"${\" is never closed");
      out += braced(text.slice(i + 2, end), lookup, used);
      i = end + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (m) {
      out += value(m[0], lookup, used) ?? "";
      i += 1 + m[0].length;
      continue;
    }
    // A lone "$" (end of string, before a space or a digit) stays as it is, as in compose-go.
    out += "$";
    i++;
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === "$" && text[j + 1] === "$") { j++; continue; }
    if (text[j] === "$" && text[j + 1] === "{") { depth++; j++; continue; }
    if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function value(name: string, lookup: Lookup, used: Substitution[]): string | undefined {
  const v = lookup(name);
  if (v !== undefined) used.push({ name, value: v });
  return v;
}

function braced(inner: string, lookup: Lookup, used: Substitution[]): string {
  const m = NAME.exec(inner);
  if (!m) throw new InterpolationError(`invalid interpolation format: "\${${inner.slice(0, 40)}}" does not start with a variable name`);
  const name = m[0];
  const rest = inner.slice(name.length);
  if (rest === "") return value(name, lookup, used) ?? "";
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest);
  if (!op) throw new InterpolationError(`invalid interpolation format: "\${${name}${rest.slice(0, 20)}}" has an unknown operator`, name);
  const arg = rest.slice(op[0].length);
  const v = lookup(name);
  const nonEmpty = v !== undefined && v !== "";
  const take = (x: string) => { used.push({ name, value: x }); return x; };
  switch (op[0]) {
    case ":-": return v !== undefined && nonEmpty ? take(v) : interpolate(arg, lookup, used);
    case "-": return v !== undefined ? take(v) : interpolate(arg, lookup, used);
    case ":?":
    case "?": {
      if (v !== undefined && (op[0] === "?" || nonEmpty)) return take(v);
      const msg = interpolate(arg, lookup, []);
      throw new InterpolationError(`required variable ${name} is missing a value${msg ? `: ${msg}` : ""}`, name);
    }
    case ":+": return nonEmpty ? interpolate(arg, lookup, used) : "";
    default: return v !== undefined ? interpolate(arg, lookup, used) : "";
  }
}

/** A .env file as Compose reads it: KEY=VALUE lines, `export ` prefixes, # comments, single and double quotes. */
export function parseDotEnv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!m) { if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(line)) out.set(line, ""); continue; }
    let v = m[2] ?? "";
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2)) v = v.slice(1, -1).replace(/\\n/g, "\n").replace(/\\"/g, '"');
    else if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, "");
    out.set(m[1] ?? "", v);
  }
  return out;
}
