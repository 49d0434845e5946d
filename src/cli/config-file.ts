// Parsing and validating dockaudit.yaml: YAML with positions, checked against schemas/config.schema.json. Kept apart
// from config.ts so that yaml and ajv (~200 ms of start-up) load only when a configuration file exists.

import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { assetText } from "../assets.js";
import { ConfigError, type ConfigFile, type LoadedConfig } from "./config-types.js";

type Path = (string | number)[];

const CONFIG_SCHEMA = "schemas/config.schema.json";

const validators = new Map<string, ReturnType<Ajv2020["compile"]>>();
function validate(data: unknown, schemaAsset: string): ErrorObject[] {
  let validator = validators.get(schemaAsset);
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validator = ajv.compile(JSON.parse(assetText(schemaAsset)));
    validators.set(schemaAsset, validator);
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

/** The node at a path, and the key node that names it (when it sits in a mapping). */
function locate(doc: Document, path: Path): { node: Node | null; key: Node | null } {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) return { node, key };
      key = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === "number") {
      key = null;
      node = node.items[seg] as Node | null;
    } else break;
  }
  return { node, key };
}

function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Levenshtein distance, case-insensitive, one row at a time. */
function editDistance(a: string, b: string): number {
  // Distances from a's first i characters to each prefix of b; for i = 0 a prefix's distance is its length.
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = i - 1;
    let left = i;
    const row = [left];
    for (const [j, up] of above.slice(1).entries()) {
      left = Math.min(up + 1, left + 1, diagonal + (a.charAt(i - 1).toLowerCase() === b.charAt(j).toLowerCase() ? 0 : 1));
      diagonal = up;
      row.push(left);
    }
    above = row;
  }
  return above.at(-1) ?? b.length;
}

function knownKeys(schemaAt: string, schemaAsset: string): string[] {
  const schema = JSON.parse(assetText(schemaAsset)) as Record<string, unknown>;
  let node: unknown = schema;
  for (const seg of schemaAt.split("/").filter((x) => x && x !== "#")) node = (node as Record<string, unknown>)?.[decodeURIComponent(seg)];
  const props = (node as { properties?: Record<string, unknown> })?.properties;
  return props ? Object.keys(props) : [];
}

/** Where else in the configuration a key of this name is a setting (failOn at the top belongs under gates). */
function belongsUnder(key: string, at: Path, schemaAsset: string): string | undefined {
  const schema = JSON.parse(assetText(schemaAsset)) as Record<string, unknown>;
  const here = at.filter((p) => typeof p === "string").join(".");
  const found: string[] = [];
  const visit = (node: unknown, path: string[]) => {
    const props = (node as { properties?: Record<string, unknown> } | null)?.properties;
    if (!props || path.length > 3) return;
    for (const [k, child] of Object.entries(props)) {
      if (k.toLowerCase() === key.toLowerCase() && path.join(".") !== here) found.push([...path, k].join("."));
      visit(child, [...path, k]);
    }
  };
  visit(schema, []);
  return found[0];
}

function describe(err: ErrorObject, text: string, doc: Document, schemaAsset: string, what: string): { path: Path; atKey: boolean; message: string } {
  const path: Path = err.instancePath.split("/").slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")));
  const name = dotted(path) || `the ${what}`;
  switch (err.keyword) {
    case "additionalProperties": {
      const extra = String(err.params.additionalProperty);
      const near = knownKeys(err.schemaPath.replace(/\/additionalProperties$/, ""), schemaAsset).find((k) => editDistance(k, extra) <= 2);
      const home = near ? undefined : belongsUnder(extra, path, schemaAsset);
      const hint = near ? ` (did you mean "${near}"?)` : !home ? "" : home.includes(".") ? ` (it belongs under "${home.split(".").slice(0, -1).join(".")}": ${home})` : ` (it belongs at the top level, not under "${dotted(path)}")`;
      return { path: [...path, extra], atKey: true, message: `unknown key "${extra}"${hint}` };
    }
    case "required":
      return { path, atKey: false, message: `${name} lacks the required key "${String(err.params.missingProperty)}"` };
    case "enum":
      return { path, atKey: false, message: `"${name}" must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    case "format":
      return { path, atKey: false, message: `"${name}" must be a date written YYYY-MM-DD` };
    case "type": {
      if (path.length === 0) return { path, atKey: false, message: `the ${what} must be a mapping of settings (key: value)` };
      const { node } = locate(doc, path);
      const written = node?.range ? text.slice(node.range[0], node.range[1]).trim() : "";
      const quote = err.params.type === "string" && isScalar(node) && typeof node.value === "number" ? ` (quote it: "${written}")` : "";
      return { path, atKey: false, message: `"${name}" must be ${err.params.type === "array" ? "a list" : err.params.type === "object" ? "a mapping" : `a ${String(err.params.type)}`}${quote}` };
    }
    default:
      return { path, atKey: false, message: `"${name}" ${err.message ?? "is not valid"}` };
  }
}

/** yaml's own guard against alias bombs (its default, stated): expanding further is refused. */
const MAX_ALIAS_COUNT = 100;

/** The first alias whose anchored node itself holds aliases: where an alias bomb starts multiplying. */
function aliasOfAliases(doc: Document): Node | null {
  let found: Node | null = null;
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      let nested = false;
      if (target && isCollection(target)) visit(target, { Alias() { nested = true; return visit.BREAK; } });
      if (nested) { found = alias as unknown as Node; return visit.BREAK; }
      return undefined;
    },
  });
  return found;
}

export function parseConfig(text: string, file: string): LoadedConfig {
  const { data, where } = parseYamlAgainst(text, file, CONFIG_SCHEMA, "configuration");
  return { file, config: data as ConfigFile, where };
}

/**
 * A YAML document checked against one of dockaudit's schemas (an asset path); every error is a ConfigError of one
 * line, "file:line:col: what". `what` names the document in messages ("configuration", "attestation file").
 */
export function parseYamlAgainst(text: string, file: string, schemaAsset: string, what: string): { data: unknown; where: (path: Path) => string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  const syntax = doc.errors[0];
  if (syntax) throw new ConfigError(`${at(syntax.pos[0])}: ${syntax.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim()}`);
  const where = (path: Path) => {
    const { node, key } = locate(doc, path);
    const n = key ?? node;
    return n?.range ? at(n.range[0]) : `${file}:1:1`;
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (e) {
    // yaml refuses an alias bomb (aliases of aliases expanding to millions of nodes) before expanding it; say where.
    const alias = aliasOfAliases(doc);
    if (e instanceof ReferenceError || alias) {
      throw new ConfigError(`${alias?.range ? at(alias.range[0]) : `${file}:1:1`}: aliases here expand too far (a YAML alias bomb?); a ${what} needs no nested aliases`);
    }
    throw e;
  }
  const errors = validate(data, schemaAsset);
  const first = errors[0];
  if (first) {
    const d = describe(first, text, doc, schemaAsset, what);
    const { node, key } = locate(doc, d.path);
    const n = d.atKey ? (key ?? node) : (node ?? key);
    throw new ConfigError(`${n?.range ? at(n.range[0]) : `${file}:1:1`}: ${d.message}`);
  }
  return { data, where };
}

