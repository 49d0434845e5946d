// The audit rules in force: the kernel's list from `auditctl -l` when it can be asked (auditing this machine, as
// root, with auditctl installed), otherwise the rules auditd loads at boot: /etc/audit/audit.rules and every
// /etc/audit/rules.d/*.rules (augenrules' input, which peers ignore). Only file rules are kept: `-w PATH` watches
// and `-a … -F path=/-F dir=` syscall rules, normalised so that checks can match a path exactly.
import path from "node:path";
import { errFact, okFact, type AuditRule, type Fact } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";
import { runCommand, type CommandRunner } from "./units.js";

export const RULES_FILE = "/etc/audit/audit.rules";
export const RULES_DIR = "/etc/audit/rules.d";

/** Splits a rule line into words, honouring double quotes (auditctl accepts quoted paths). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const [, quoted, bare] of line.matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = quoted ?? bare;
    if (word !== undefined) out.push(word);
  }
  return out;
}

function normalise(p: string): string {
  return path.posix.normalize(p).replace(/(.)\/+$/, "$1");
}

/**
 * File rules from audit rules text (a rules file or `auditctl -l` output), in order. `-D` drops the rules read
 * before it in the same text and `-W PATH` removes an earlier watch, as auditctl would when loading the file.
 */
export function parseAuditRules(text: string, source: string): AuditRule[] {
  let rules: AuditRule[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const w = words(line);
    if (w[0] === "-D") {
      rules = [];
      continue;
    }
    if (w[0] === "-W" && w[1]) {
      const gone = normalise(w[1]);
      rules = rules.filter((r) => !(r.kind === "watch" && r.path === gone));
      continue;
    }
    const rule = parseRule(w, line, source);
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseRule(w: string[], raw: string, source: string): AuditRule | undefined {
  let watch: string | undefined;
  let syscallRule = false;
  let action: "always" | "never" | undefined;
  let perms: string | undefined;
  let key: string | undefined;
  let pathField: string | undefined;
  let dirField: string | undefined;
  for (let i = 0; i < w.length; i++) {
    const t = w[i];
    const next = w[i + 1];
    if (t === "-w" && next) {
      watch = next;
      i++;
    } else if ((t === "-a" || t === "-A") && next) {
      syscallRule = true;
      const parts = next.split(",");
      if (parts.includes("never")) action = "never";
      else if (parts.includes("always")) action = "always";
      // Only the exit (and deprecated entry) lists see file access; task/user/exclude rules never cover a file.
      if (!parts.includes("exit") && !parts.includes("entry")) return undefined;
      i++;
    } else if (t === "-p" && next) {
      perms = next;
      i++;
    } else if (t === "-k" && next) {
      key = next;
      i++;
    } else if (t === "-F" && next) {
      const m = /^([a-z_]+)=(.*)$/.exec(next);
      if (m) {
        if (m[1] === "path") pathField = m[2];
        else if (m[1] === "dir") dirField = m[2];
        else if (m[1] === "perm") perms = m[2];
        else if (m[1] === "key") key = m[2];
      }
      i++;
    }
  }
  const base = { raw, source, ...(perms !== undefined ? { permissions: perms } : {}), ...(key !== undefined ? { key } : {}) };
  if (watch !== undefined && !syscallRule) return { path: normalise(watch), kind: "watch", ...base };
  if (!syscallRule || action === undefined) return undefined;
  if (dirField !== undefined) return { path: normalise(dirField), kind: "dir", action, ...base };
  if (pathField !== undefined) return { path: normalise(pathField), kind: "path", action, ...base };
  return undefined;
}

export interface AuditRuleOptions {
  run?: CommandRunner;
}

export async function collectAuditRules(fs: HostFs, opts: AuditRuleOptions = {}): Promise<Fact<AuditRule[]>> {
  let why = `--root is ${fs.root}, so auditctl (which reports this machine's kernel) was not asked`;
  if (fs.root === "/") {
    const r = await (opts.run ?? runCommand)("auditctl", ["-l"]);
    if (r.ok) return okFact(r.stdout.trim() === "No rules" ? [] : parseAuditRules(r.stdout, "auditctl -l"), "auditctl -l");
    why = `auditctl -l failed (${r.error})`;
  }
  const rules: AuditRule[] = [];
  const read: string[] = [];
  const main = await fs.readText(RULES_FILE);
  if (main.ok) {
    rules.push(...parseAuditRules(main.value, RULES_FILE));
    read.push(RULES_FILE);
  } else if (main.error.code !== "ENOENT" && main.error.code !== "ENOTDIR") {
    return errFact(`${why}; ${main.error.message}`, RULES_FILE);
  }
  const list = await fs.readDir(RULES_DIR);
  if (!list.ok && list.error.code !== "ENOENT" && list.error.code !== "ENOTDIR") return errFact(`${why}; ${list.error.message}`, RULES_DIR);
  for (const name of list.ok ? list.value : []) {
    if (!name.endsWith(".rules")) continue;
    const p = path.posix.join(RULES_DIR, name);
    const t = await fs.readText(p);
    if (!t.ok) return errFact(`${why}; ${t.error.message}`, p);
    rules.push(...parseAuditRules(t.value, p));
    read.push(p);
  }
  const where = fs.root === "/" ? "" : ` under ${fs.root}`;
  const source = read.length > 0
    ? `${why}; rules files${where}: ${read.join(", ")} (the rules auditd loads at boot, which may differ from those loaded now)`
    : `${why}; no ${RULES_FILE} or ${RULES_DIR}/*.rules${where}: no audit rules are configured`;
  return okFact(rules, source);
}
