// Podman's own configuration where a CIS intent has an equivalent: the [containers] table of containers.conf
// (default_capabilities, no_new_privileges, seccomp_profile, userns). Podman reads, each overriding the one before:
// /usr/share/containers/containers.conf, /etc/containers/containers.conf, /etc/containers/containers.conf.d/*.conf,
// and for a rootless service $HOME/.config/containers/containers.conf(.d); $CONTAINERS_CONF in the service's
// environment replaces them all. Only those four keys are kept; nothing else of the files is read into the snapshot.
import path from "node:path";
import type { Fact, PodmanConfig, PodmanSetting } from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";
import { processCredentials, readTextAs, type Credentials } from "../host/access.js";
import { mapLimit } from "../map-limit.js";
import { normaliseUnixPath, parseCmdline, parseProcNetUnix, parseProcStatus, pickEnviron, socketInode } from "../daemon/proc.js";

export const PODMAN_KEYS = ["default_capabilities", "no_new_privileges", "seccomp_profile", "userns"] as const;
type Key = (typeof PODMAN_KEYS)[number];
const isKey = (k: string): k is Key => (PODMAN_KEYS as readonly string[]).includes(k);

/** One TOML value of the kinds containers.conf uses for these keys: a string, a boolean or an array of strings. */
function tomlValue(text: string): { ok: true; value: string | boolean | string[] } | { ok: false } {
  const t = text.trim();
  if (t === "true" || t === "false") return { ok: true, value: t === "true" };
  const [, doubleQuoted, singleQuoted] = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(t) ?? [];
  if (doubleQuoted !== undefined) return { ok: true, value: doubleQuoted.replace(/\\(.)/g, "$1") };
  if (singleQuoted !== undefined) return { ok: true, value: singleQuoted };
  if (t.startsWith("[") && t.endsWith("]")) {
    const items = t.slice(1, -1).split(",").map((x) => x.trim()).filter((x) => x !== "");
    const out: string[] = [];
    for (const item of items) {
      const v = tomlValue(item);
      if (!v.ok || typeof v.value !== "string") return { ok: false };
      out.push(v.value);
    }
    return { ok: true, value: out };
  }
  return { ok: false };
}

/**
 * The four keys from the [containers] table of a containers.conf text. Comments, other tables and other keys are
 * skipped; a value of these keys that is not understood is reported, never guessed.
 */
export function parseContainersConf(text: string): { settings: Partial<Record<Key, string | boolean | string[]>>; problems: string[] } {
  const settings: Partial<Record<Key, string | boolean | string[]>> = {};
  const problems: string[] = [];
  let table = "";
  // One iterator over the lines: a multi-line array takes its continuation lines from it.
  const lines = text.split("\n").entries();
  for (const [i, rawLine] of lines) {
    const line = rawLine.replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const [header, name] = /^\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/.exec(line) ?? [];
    if (header !== undefined && name !== undefined) {
      table = name;
      continue;
    }
    if (table !== "containers") continue;
    const [, key, value] = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line) ?? [];
    if (key === undefined || value === undefined || !isKey(key)) continue;
    let raw = value;
    let lastLine = i;
    // A multi-line array runs to its closing bracket; comments inside it are dropped.
    if (raw.trimStart().startsWith("[")) {
      while (!/\]\s*(#.*)?$/.test(raw.replace(/#[^"']*$/, ""))) {
        const more = lines.next();
        if (more.done) break;
        const [at, continued] = more.value;
        lastLine = at;
        raw += " " + continued.replace(/#.*$/, "").trim();
      }
    }
    raw = raw.replace(/\s+#[^"']*$/, "").trim().replace(/,\s*\]$/, "]");
    const v = tomlValue(raw);
    if (v.ok) settings[key] = v.value;
    else problems.push(`${key} on line ${lastLine + 1} has a value that is not understood`);
  }
  return { settings, problems };
}

/**
 * What a `podman … system service …` argv serves: a unix:// socket's path, or "activated" when it names no URI (the
 * socket comes from systemd's socket activation, LISTEN_FDS); undefined for any other command or a tcp:// service.
 */
function serviceSocket(argv: string[]): string | { activated: true } | undefined {
  const i = argv.indexOf("service");
  if (i < 1 || argv[i - 1] !== "system") return undefined;
  const uri = argv.slice(i + 1).find((a) => /^[a-z]+:\/\//.test(a));
  if (uri === undefined) return { activated: true };
  return uri.startsWith("unix://") ? uri.slice("unix://".length) : undefined;
}

/** Whether `pid` holds the listening unix socket bound at `socket` (a socket-activated service got it as an fd). */
async function holdsSocket(fs: HostFs, pid: string, socket: string): Promise<boolean> {
  const table = await fs.readText(`/proc/${pid}/net/unix`);
  if (!table.ok) return false;
  const inodes = new Set(parseProcNetUnix(table.value).filter((l) => normaliseUnixPath(l.path) === normaliseUnixPath(socket)).map((l) => l.inode));
  if (inodes.size === 0) return false;
  const fds = await fs.readDir(`/proc/${pid}/fd`);
  if (!fds.ok) return false;
  // A service's listening socket is among its first fds (LISTEN_FDS start at 3): a few readlinks, not hundreds.
  for (const fd of fds.value.sort((a, b) => Number(a) - Number(b)).slice(0, 64)) {
    const l = await fs.readlink(`/proc/${pid}/fd/${fd}`);
    const inode = l.ok ? socketInode(l.value) : undefined;
    if (inode !== undefined && inodes.has(inode)) return true;
  }
  return false;
}

/** A `podman system service` process: its pid, the uid it runs as (undefined when unreadable), CONTAINERS_CONF/HOME. */
export interface PodmanServiceProcess { pid: number; uid?: number; env: Record<string, string> }

/**
 * The `podman … system service … unix://<socket>` process serving `socket`, or a socket-activated
 * `podman system service` (no URI) holding that socket among its fds.
 */
export async function findPodmanService(fs: HostFs, socket: string): Promise<PodmanServiceProcess | undefined> {
  const dir = await fs.readDir("/proc");
  if (!dir.ok) return undefined;
  const found = await mapLimit(dir.value.filter((e) => /^\d+$/.test(e)), 64, async (pid): Promise<PodmanServiceProcess | undefined> => {
    const comm = await fs.readText(`/proc/${pid}/comm`);
    if (!comm.ok || comm.value.trim() !== "podman") return undefined;
    const cmd = await fs.readText(`/proc/${pid}/cmdline`);
    const serves = cmd.ok ? serviceSocket(parseCmdline(cmd.value)) : undefined;
    if (serves === undefined) return undefined;
    if (typeof serves === "string" ? normaliseUnixPath(serves) !== normaliseUnixPath(socket) : !(await holdsSocket(fs, pid, socket))) return undefined;
    const [environ, status] = await Promise.all([fs.readText(`/proc/${pid}/environ`), fs.readText(`/proc/${pid}/status`)]);
    const uid = status.ok ? parseProcStatus(status.value).uid : undefined;
    return { pid: Number(pid), ...(uid !== undefined && Number.isInteger(uid) ? { uid } : {}), env: environ.ok ? pickEnviron(environ.value, ["CONTAINERS_CONF", "HOME"]) : {} };
  });
  return found.find((f) => f !== undefined);
}

/**
 * Whether the service runs rootless, and what says so: the kernel (the service's uid) where its process was found,
 * else its /info. Podman 4.3.1's compatible /info has no name=rootless even when it runs rootless, so without the
 * process a rootless service is not recognised as one.
 */
export function podmanRootless(infoRootless: boolean, service: PodmanServiceProcess | undefined): { rootless: boolean; from: string } {
  if (service?.uid !== undefined) {
    return { rootless: service.uid !== 0, from: `podman system service (pid ${service.pid}) runs as uid ${service.uid} (/proc/${service.pid}/status)` };
  }
  const process = service ? `the uid of podman system service (pid ${service.pid}) could not be read` : "its podman system service process was not found";
  return infoRootless
    ? { rootless: true, from: `GET /info SecurityOptions name=rootless (${process})` }
    : { rootless: false, from: `GET /info has no name=rootless in SecurityOptions and ${process}` };
}

/** The containers.conf files Podman reads, in order (later ones override earlier ones). */
async function configFiles(fs: HostFs, home: string | undefined): Promise<string[]> {
  const files = ["/usr/share/containers/containers.conf", "/etc/containers/containers.conf"];
  const dropIns = async (d: string) => {
    const r = await fs.readDir(d);
    return r.ok ? r.value.filter((f) => f.endsWith(".conf")).sort().map((f) => path.posix.join(d, f)) : [];
  };
  files.push(...(await dropIns("/etc/containers/containers.conf.d")));
  if (home) {
    files.push(path.posix.join(home, ".config", "containers", "containers.conf"));
    files.push(...(await dropIns(path.posix.join(home, ".config", "containers", "containers.conf.d"))));
  }
  return files;
}

/**
 * containers.conf as the Podman service behind `dockerHost` reads it, and whether that service runs rootless (the
 * kernel's word on its process, else `infoRootless`, name=rootless in its /info).
 * An unreadable file gives an error fact (a setting in it could change every verdict); an absent one is skipped.
 */
export async function collectPodmanConfig(
  fs: HostFs,
  dockerHost: string,
  infoRootless: boolean,
  /** The service process when the caller already looked for it (null: looked, not found). */
  found?: PodmanServiceProcess | null,
): Promise<Fact<PodmanConfig>> {
  const socket = dockerHost.startsWith("unix://") ? path.posix.resolve("/", dockerHost.slice("unix://".length)) : undefined;
  const service = found === null ? undefined : (found ?? (socket ? await findPodmanService(fs, socket) : undefined));
  const { rootless, from: rootlessFrom } = podmanRootless(infoRootless, service);
  let files: string[];
  let how: string;
  if (service?.env.CONTAINERS_CONF) {
    files = [service.env.CONTAINERS_CONF];
    how = `CONTAINERS_CONF of podman system service (pid ${service.pid})`;
  } else {
    let home = rootless ? service?.env.HOME : undefined;
    const uid = service?.uid ?? (socket ? /^\/run\/user\/(\d+)\//.exec(socket)?.[1] : undefined);
    if (rootless && !home && uid !== undefined) {
      const pw = await fs.passwd();
      home = pw.ok ? pw.value.find((e) => e.uid === Number(uid))?.home : undefined;
    }
    if (rootless && !home) return errFact("the rootless Podman service's home directory (and so its containers.conf) is unknown", dockerHost);
    files = await configFiles(fs, home);
    how = service ? `podman system service (pid ${service.pid}) without CONTAINERS_CONF` : "Podman's default search path";
  }
  // A rootless service's files are read only where its user could read them (access.ts): a symlink of that
  // user's to a root-only file is an error, its content never read.
  let readAs: Credentials | undefined;
  if (service?.uid !== undefined && service.uid !== 0) {
    const cred = await processCredentials(fs, service.pid);
    if (!cred.ok) return errFact(`cannot tell what uid ${service.uid} (podman pid ${service.pid}) may read: ${cred.error}`, dockerHost);
    readAs = cred.value;
  }
  const settings: Partial<Record<Key, PodmanSetting>> = {};
  const read: string[] = [];
  for (const file of files) {
    const r = await readTextAs(fs, file, readAs);
    if (!r.ok) {
      if (r.error.code === "ENOENT") continue;
      return errFact(`${file} could not be read: ${r.error.message}`, file);
    }
    read.push(file);
    const parsed = parseContainersConf(r.value);
    if (parsed.problems.length > 0) return errFact(`${file}: ${parsed.problems.join("; ")}`, file);
    for (const [k, v] of Object.entries(parsed.settings)) settings[k as Key] = { value: v as PodmanSetting["value"], file };
  }
  const serviceFact = service ? { service: { pid: service.pid, uid: service.uid ?? null } } : {};
  return okFact({ rootless, rootlessFrom, ...serviceFact, files: read, settings }, `${how}: ${files.join(", ")}`);
}
