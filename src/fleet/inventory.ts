// The fleet inventory (YAML): the hosts `dockaudit fleet --inventory FILE` audits. Validated like the config file:
// every error is one line naming file:line:col and the key (exit 2), the file is size-capped and YAML aliases are
// never expanded (the nodes are read as written, an alias is an error), so a crafted inventory can neither hang nor exhaust the auditor.
//
//   defaults:                 # optional, applied to every host
//     labels: { env: prod }
//   hosts:
//     - name: web-1           # unique; names the host's report directory
//       ssh: ssh://root@web-1  # audit over SSH (nothing installed there); docker_host is then a socket on web-1
//       ssh_key: ~/.ssh/audit  # optional; default ssh-agent, ~/.ssh/config, ~/.ssh/id_*
//       docker_host: unix:///run/web-1/docker.sock   # or tcp://…; default: $DOCKER_HOST, else the local socket
//       root: /                # where this machine sees that host's filesystem (default "/")
//       labels: { role: web }
import { HostReadError, readRegularSync } from "../collect/transports/host-read.js";
import { homedir } from "node:os";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { endpointSafeToShow, urlHasPassword } from "../secrets/redact.js";
import { UsageError } from "../engine/select.js";

export const MAX_INVENTORY_BYTES = 1024 * 1024;
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export interface InventoryHost {
  name: string;
  /** ssh://[user@]host[:port] */
  ssh?: string;
  sshKey?: string;
  dockerHost?: string;
  root?: string;
  labels: Record<string, string>;
}

export class InventoryError extends UsageError {}

const HOST_KEYS: Record<string, "string" | "labels"> = { name: "string", ssh: "string", ssh_key: "string", docker_host: "string", root: "string", labels: "labels" };
const DEFAULT_KEYS: Record<string, "string" | "labels"> = { ssh_key: "string", docker_host: "string", root: "string", labels: "labels" };

export function parseInventory(text: string, file: string): InventoryHost[] {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch {
    throw new InventoryError(`${file}:1:1: not a valid inventory (YAML could not be parsed)`);
  }
  const at = (n: Node | null | undefined) => {
    const p = lines.linePos(n?.range?.[0] ?? 0);
    return `${file}:${p.line}:${p.col}`;
  };
  const syntax = doc.errors[0];
  if (syntax) {
    const p = lines.linePos(syntax.pos[0]);
    throw new InventoryError(`${file}:${p.line}:${p.col}: ${syntax.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim()}`);
  }
  const root = doc.contents as Node | null;
  if (!isMap(root)) throw new InventoryError(`${at(root)}: the inventory must be a mapping with a "hosts" list`);

  const scalarString = (n: unknown, where: string): string => {
    if (!isScalar(n) || typeof n.value !== "string" || n.value === "") throw new InventoryError(`${at(n as Node)}: "${where}" must be a non-empty string`);
    return n.value;
  };
  const readFields = (m: Node | null, allowed: Record<string, "string" | "labels">, where: string) => {
    if (!isMap(m)) throw new InventoryError(`${at(m)}: "${where}" must be a mapping`);
    const out: { strings: Record<string, string>; labels?: Record<string, string> } = { strings: {} };
    for (const pair of m.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : "";
      const kind = allowed[k];
      if (!kind) throw new InventoryError(`${at(pair.key as Node)}: unknown key "${k}" in ${where} (known: ${Object.keys(allowed).join(", ")})`);
      if (kind === "string") {
        out.strings[k] = scalarString(pair.value, `${where}.${k}`);
        // An endpoint takes no password (key or TLS certificate authentication): refused, and never shown.
        if ((k === "ssh" || k === "docker_host") && urlHasPassword(out.strings[k])) {
          throw new InventoryError(`${at(pair.value as Node)}: ${where}.${k} holds a password (${endpointSafeToShow(out.strings[k])}): not supported, authentication is by ${k === "ssh" ? "key" : "TLS client certificate"}; remove it`);
        }
      }
      else {
        const lm = pair.value as Node | null;
        if (!isMap(lm)) throw new InventoryError(`${at(lm ?? (pair.key as Node))}: "${where}.labels" must be a mapping of strings`);
        const labels: Record<string, string> = Object.create(null) as Record<string, string>;
        for (const lp of lm.items) {
          if (!isPair(lp) || !isScalar(lp.key)) continue;
          const lk = String(lp.key.value);
          if (!isScalar(lp.value) || lp.value.value === null || typeof lp.value.value === "object") throw new InventoryError(`${at(lp.value as Node)}: label "${lk}" must be a string`);
          labels[lk] = String(lp.value.value);
        }
        out.labels = { ...labels };
      }
    }
    return out;
  };

  let defaults: ReturnType<typeof readFields> = { strings: {} };
  let hostsNode: Node | null = null;
  for (const pair of root.items) {
    if (!isPair(pair)) continue;
    const k = isScalar(pair.key) ? String(pair.key.value) : "";
    if (k === "defaults") defaults = readFields(pair.value as Node | null, DEFAULT_KEYS, "defaults");
    else if (k === "hosts") hostsNode = pair.value as Node | null;
    else throw new InventoryError(`${at(pair.key as Node)}: unknown key "${k}" (known: hosts, defaults)`);
  }
  if (!isSeq(hostsNode) || hostsNode.items.length === 0) throw new InventoryError(`${at(hostsNode ?? root)}: "hosts" must be a non-empty list`);
  const seen = new Set<string>();
  return hostsNode.items.map((item, i) => {
    const f = readFields(item as Node | null, HOST_KEYS, `hosts[${i}]`);
    const name = f.strings.name;
    if (!name) throw new InventoryError(`${at(item as Node)}: hosts[${i}] lacks the required key "name"`);
    if (!HOST_NAME.test(name)) throw new InventoryError(`${at(item as Node)}: hosts[${i}].name must be letters, digits, ".", "_" or "-" (it names the host's report directory)`);
    if (seen.has(name)) throw new InventoryError(`${at(item as Node)}: host "${name}" is listed twice`);
    seen.add(name);
    const dockerHost = f.strings.docker_host ?? defaults.strings.docker_host;
    const rootDir = f.strings.root ?? defaults.strings.root;
    const ssh = f.strings.ssh;
    if (ssh !== undefined && !/^ssh:\/\/\S+$/.test(ssh)) throw new InventoryError(`${at(item as Node)}: hosts[${i}].ssh must be ssh://[user@]host[:port]`);
    if (ssh !== undefined && rootDir !== undefined) throw new InventoryError(`${at(item as Node)}: hosts[${i}] has both ssh and root: over SSH the remote host's own / is read`);
    const sshKey = f.strings.ssh_key ?? defaults.strings.ssh_key;
    return {
      name,
      ...(ssh ? { ssh } : {}),
      ...(ssh && sshKey ? { sshKey: sshKey.replace(/^~(?=\/)/, homedir()) } : {}),
      ...(dockerHost ? { dockerHost } : {}),
      ...(rootDir ? { root: rootDir } : {}),
      labels: { ...(defaults.labels ?? {}), ...(f.labels ?? {}) },
    };
  });
}

export function loadInventory(file: string): InventoryHost[] {
  let text: string;
  // A regular file only (a FIFO would block, /dev/zero never end), at most MAX_INVENTORY_BYTES, checked on the
  // open descriptor (src/collect/host-read.ts).
  try { text = readRegularSync(file, file, MAX_INVENTORY_BYTES); } catch (e) {
    if (e instanceof HostReadError) {
      throw new InventoryError(e.code === "EFBIG" ? `${file}:1:1: the inventory is larger than ${MAX_INVENTORY_BYTES} bytes` : `${file}: cannot read the inventory (${e.reason})`);
    }
    throw new InventoryError(`${file}: cannot read the inventory (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseInventory(text, file);
}
