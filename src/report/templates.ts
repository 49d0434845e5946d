// Handlebars templates from the repository's reports/ directory, compiled once per process. Files named
// `_name.hbs` are partials (`{{> name}}`), the others are templates. HTML templates use Handlebars' own escaping;
// helpers return plain strings, so they are escaped like any other value. XML templates are compiled without
// Handlebars' HTML escaping (which would write `=` as `&#x3D;`) and every string in their data is instead passed
// through `escapeXml` before rendering, so no value can reach the output unescaped either way.
import type Handlebars from "handlebars";
import { join } from "node:path";
import { assetNames, assetText, PROJECT_ROOT } from "../assets.js";
import { loadHandlebars } from "./libs.js";
import { escapeXml } from "./xml.js";

export const TEMPLATE_DIR = join(PROJECT_ROOT, "reports");

type Render = (data: unknown) => string;

let env: typeof Handlebars | undefined;
const compiled = new Map<string, Render>();

function environment(): typeof Handlebars {
  if (env) return env;
  const hb = loadHandlebars().create();
  for (const file of assetNames("reports")) {
    if (file.startsWith("_") && file.endsWith(".hbs")) {
      hb.registerPartial(file.slice(1, -4), assetText(`reports/${file}`));
    }
  }
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("join", (items: unknown, sep: unknown) => (Array.isArray(items) ? items.map(String).join(typeof sep === "string" ? sep : ", ") : ""));
  // Data for a page's script, inside <script type="application/json">: raw text there is not entity-decoded, so HTML
  // escaping would corrupt it; instead every character that could end the element or open markup is a JSON escape.
  hb.registerHelper("scriptJson", (value: unknown) => new hb.SafeString(scriptJson(value)));
  env = hb;
  return hb;
}

/** JSON safe inside a <script> element: `<`, `>`, `&` and the JavaScript line separators written as escapes. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Every string in `data`, at any depth, escaped for XML (and stripped of what XML 1.0 forbids). */
export function deepEscapeXml(data: unknown): unknown {
  if (typeof data === "string") return escapeXml(data);
  if (Array.isArray(data)) return data.map(deepEscapeXml);
  if (data !== null && typeof data === "object") {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, deepEscapeXml(v)]));
  }
  return data;
}

/** The compiled template `reports/<name>.hbs`; `xml` for XML output (see the note at the top). */
export function template(name: string, opts: { xml?: boolean } = {}): Render {
  const cacheKey = `${opts.xml ? "xml" : "html"}:${name}`;
  let t = compiled.get(cacheKey);
  if (!t) {
    const source = assetText(`reports/${name}.hbs`);
    const fn = environment().compile(source, { strict: false, preventIndent: true, noEscape: Boolean(opts.xml) });
    t = opts.xml ? (data: unknown) => fn(deepEscapeXml(data)) : (data: unknown) => fn(data);
    compiled.set(cacheKey, t);
  }
  return t;
}
