// Where docker.service and docker.socket (and their drop-ins) live. systemd itself is asked when it runs on the
// audited machine; otherwise the standard unit directories are searched in systemd's own precedence order, since
// peers that try two directories and a `find` miss /usr/lib/systemd/system and every drop-in (reference Q10).
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { errFact, okFact, type Fact, type UnitFiles } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";

export interface CommandResult {
  ok: boolean;
  stdout: string;
  /** Why the command failed: "ENOENT", "exit code 1: <first stderr line>", "timed out". */
  error?: string;
}

export type CommandRunner = (file: string, args: string[]) => Promise<CommandResult>;

/** Whether `file` is an executable on PATH: a missing tool (auditctl on most hosts) needs no process at all. */
function onPath(file: string): boolean {
  return (process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(":").some((dir) => {
    try {
      accessSync(path.join(dir || ".", file), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Runs a read-only command with a timeout; never throws. */
export const runCommand: CommandRunner = async (file, args) => {
  if (!file.includes("/") && !onPath(file)) return { ok: false, stdout: "", error: "ENOENT" };
  // Loaded on first use: execa costs ~150 ms of start-up, and most runs need no external command.
  const { execa } = await import("execa");
  const r = await execa(file, args, { reject: false, timeout: 10_000, stdin: "ignore", env: { LC_ALL: "C" } });
  const stdout = typeof r.stdout === "string" ? r.stdout : "";
  if (!r.failed) return { ok: true, stdout };
  const stderr = typeof r.stderr === "string" ? (r.stderr.trim().split("\n")[0] ?? "") : "";
  const why = r.timedOut ? "timed out" : r.code ? r.code : `exit code ${r.exitCode}${stderr ? `: ${stderr}` : ""}`;
  return { ok: false, stdout, error: why };
};

/** systemd's system unit directories, highest precedence first (systemd.unit(5)). */
export const UNIT_DIRS = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

export const UNITS = ["docker.service", "docker.socket"] as const;

interface ShowBlock {
  FragmentPath?: string;
  DropInPaths?: string;
}

/** `systemctl show -p A,B u1 u2` prints one block of KEY=VALUE lines per unit, separated by a blank line. */
export function parseSystemctlShow(text: string): ShowBlock[] {
  const blocks: ShowBlock[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      if (cur) blocks.push(cur);
      cur = null;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    cur ??= {};
    cur[line.slice(0, eq)] = line.slice(eq + 1);
  }
  if (cur) blocks.push(cur);
  return blocks;
}

export interface UnitOptions {
  run?: CommandRunner;
}

export async function collectUnits(fs: HostFs, opts: UnitOptions = {}): Promise<Fact<UnitFiles>> {
  let note = "";
  if (fs.root === "/" && (await fs.exists("/run/systemd/system"))) {
    const r = await (opts.run ?? runCommand)("systemctl", ["show", "-p", "FragmentPath,DropInPaths", ...UNITS]);
    if (r.ok) {
      const blocks = parseSystemctlShow(r.stdout);
      const [svc, sock] = blocks;
      if (svc && sock && blocks.length === UNITS.length) {
        const dropIns = [...splitPaths(svc.DropInPaths), ...splitPaths(sock.DropInPaths)];
        return okFact({ service: fragment(svc), socket: fragment(sock), dropIns, method: "systemctl show" }, "systemctl show -p FragmentPath,DropInPaths docker.service docker.socket");
      }
      note = `systemctl show gave ${blocks.length} blocks for ${UNITS.length} units; `;
    } else {
      note = `systemctl show failed (${r.error}); `;
    }
  }
  return searchUnitDirs(fs, note);
}

function fragment(b: ShowBlock): string | null {
  // A masked unit's fragment is /dev/null: there is no unit file to judge.
  const p = b.FragmentPath?.trim();
  return p && p !== "/dev/null" ? p : null;
}

function splitPaths(v: string | undefined): string[] {
  return (v ?? "").split(/\s+/).filter((p) => p.startsWith("/"));
}

async function searchUnitDirs(fs: HostFs, note: string): Promise<Fact<UnitFiles>> {
  const source = `${note}standard unit directories under ${fs.root} (${UNIT_DIRS.join(", ")})`;
  const service = await searchUnit(fs, "docker.service", source);
  if (!service.ok) return service;
  const socket = await searchUnit(fs, "docker.socket", source);
  if (!socket.ok) return socket;
  return okFact({ service: service.value.path, socket: socket.value.path, dropIns: [...service.value.dropIns, ...socket.value.dropIns], method: "standard unit directories" }, source);
}

/** One unit's file (null when there is none, or it is masked) and its drop-ins, from the standard directories. */
async function searchUnit(fs: HostFs, unit: string, source: string): Promise<Fact<{ path: string | null; dropIns: string[] }>> {
  let found: string | null = null;
  const dropIns: string[] = [];
  for (const dir of UNIT_DIRS) {
    const p = path.posix.join(dir, unit);
    const st = await fs.stat(p);
    if (!st.ok) return errFact(`cannot look for ${unit}: ${st.error.message}`, source);
    if (!st.value.exists) continue;
    if ("linkTarget" in st.value && st.value.linkTarget === "/dev/null") break;
    found = p;
    break;
  }
  // Drop-ins of every directory apply, whichever directory holds the unit itself.
  const seen = new Set<string>();
  for (const dir of UNIT_DIRS) {
    const d = path.posix.join(dir, `${unit}.d`);
    const list = await fs.readDir(d);
    if (!list.ok) {
      if (list.error.code === "ENOENT" || list.error.code === "ENOTDIR") continue;
      return errFact(`cannot list ${d}: ${list.error.message}`, source);
    }
    for (const name of list.value) {
      if (!name.endsWith(".conf") || seen.has(name)) continue;
      seen.add(name);
      dropIns.push(path.posix.join(d, name));
    }
  }
  return okFact({ path: found, dropIns }, source);
}

/**
 * The unix socket paths a socket unit listens on (`ListenStream=/path`), drop-ins applied in order; an empty
 * `ListenStream=` resets the list, as systemd does.
 */
export async function listenStreamPaths(fs: HostFs, files: string[]): Promise<{ paths: string[]; errors: string[] }> {
  let paths: string[] = [];
  const errors: string[] = [];
  for (const f of files) {
    const r = await fs.readText(f);
    if (!r.ok) {
      errors.push(r.error.message);
      continue;
    }
    for (const raw of r.value.split("\n")) {
      const [, listen] = /^\s*ListenStream\s*=\s*(.*?)\s*$/.exec(raw) ?? [];
      if (listen === undefined) continue;
      if (listen === "") paths = [];
      else if (listen.startsWith("/")) paths.push(listen);
    }
  }
  return { paths, errors };
}
