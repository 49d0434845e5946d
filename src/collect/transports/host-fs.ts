// The one reader of the audited host's files, rooted at `--root DIR`. Paths given to it are paths on the audited
// host ("/etc/docker/daemon.json"); under a root other than "/" symlinks are resolved inside that root, so an
// absolute link target never escapes to the auditing machine's own files. Failures come back as values.
// The calls are synchronous underneath: the files are small (/proc, /etc) and fs.promises costs several thread-pool
// round trips per read, which made a /proc scan of a few hundred processes 5-10 times slower (measured).
import fsSync from "node:fs";
import path from "node:path";
import type { FileStat } from "../../snapshot/types.js";
import { HostReadError, isKernelFile, readBound, readRegularSync, refusedKernelFile } from "./host-read.js";

export interface FsError {
  /** errno code, e.g. "ENOENT", "EACCES", "ELOOP". */
  code: string;
  /** The audited path (not prefixed by the root). */
  path: string;
  /** One line: "EACCES: permission denied, /etc/docker/daemon.json". */
  message: string;
}

export type FsResult<T> = { ok: true; value: T } | { ok: false; error: FsError };

export type FileType = NonNullable<FileStat["type"]>;

/** lstat of the path itself, plus (for a symlink) the stat of what it points to. */
export interface HostStat extends FileStat {
  exists: true;
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  /** For a symlink: its target as written. */
  linkTarget?: string;
  /** For a symlink: the followed target's stat, or why it could not be followed (dangling link: ENOENT). */
  target?: FsResult<Omit<HostStat, "target" | "linkTarget">>;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const DESCRIPTIONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
  EINVAL: "invalid argument",
  EIO: "input/output error",
  ESRCH: "no such process",
};

export function fsError(err: unknown, auditedPath: string): FsError {
  // A refused read (not a regular file, over its bound, out of time) says so in its own words.
  if (err instanceof HostReadError) return { code: err.code, path: auditedPath, message: `${auditedPath} ${err.reason}` };
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === "string" ? e.code : "EUNKNOWN";
  const fromNode = typeof e?.message === "string" ? /^[A-Z]+: ([^,]+),/.exec(e.message)?.[1] : undefined;
  const desc = DESCRIPTIONS[code] ?? fromNode ?? (typeof e?.message === "string" ? e.message : String(err));
  return { code, path: auditedPath, message: `${code}: ${desc}, ${auditedPath}` };
}

function fail<T>(code: string, auditedPath: string): FsResult<T> {
  return { ok: false, error: { code, path: auditedPath, message: `${code}: ${DESCRIPTIONS[code] ?? code}, ${auditedPath}` } };
}

function fileType(s: FsStats): FileType {
  if (s.isSymbolicLink()) return "symlink";
  if (s.isFile()) return "file";
  if (s.isDirectory()) return "directory";
  if (s.isSocket()) return "socket";
  return "other";
}

const MAX_LINKS = 40;

/** What HostFs needs of a filesystem: the local one, or a remote host's over SFTP. Paths are absolute. */
export interface FsStats {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  isSymbolicLink(): boolean;
  isFile(): boolean;
  isDirectory(): boolean;
  isSocket(): boolean;
}

export interface FsOps {
  lstat(p: string): Promise<FsStats>;
  stat(p: string): Promise<FsStats>;
  /**
   * The text of the regular file at `p`, at most `maxBytes` bytes: anything else (FIFO, device, socket, directory,
   * over-size) is refused with a HostReadError, never waited on (see host-read.ts).
   */
  /** `audited`: the path as the audited host names it (under --root, `p` is that path inside the root). */
  readText(p: string, maxBytes: number, audited?: string): Promise<string>;
  readdir(p: string): Promise<string[]>;
  readlink(p: string): Promise<string>;
  realpath(p: string): Promise<string>;
}

/** This machine's filesystem, through synchronous calls (see the note at the top: much faster here than fs.promises). */
export const localOps: FsOps = {
  lstat: async (p) => fsSync.lstatSync(p),
  stat: async (p) => fsSync.statSync(p),
  // Errors and the kernel-file rules go by the audited path: under --root /host, /host/proc/1/mountinfo is the
  // host's /proc/1/mountinfo (a kernel file), while /etc/docker/daemon.json leading into /host/proc stays refused.
  readText: async (p, maxBytes, audited = p) => readRegularSync(p, audited, maxBytes),
  readdir: async (p) => fsSync.readdirSync(p),
  readlink: async (p) => fsSync.readlinkSync(p),
  realpath: async (p) => fsSync.realpathSync(p),
};

/** The safe read of host-read.ts on the real root (kernel files need no stat before opening: see isKernelFile). */
const readHostFile = (p: string) => readRegularSync(p, p, readBound(p), !isKernelFile(p));
const readLink = (p: string) => fsSync.readlinkSync(p);

/** /proc/PID files read by more than one collector (see HostFs.once). */
const PROC_SHARED = /^\/proc\/\d+\/(?:cmdline|cgroup|status|comm|exe|ns\/pid)$/;

export class HostFs {
  readonly root: string;
  private readonly native: boolean;
  /** The root "/" read through this machine's own calls (see `directly`). */
  private readonly direct: boolean;
  private passwdCache?: Promise<FsResult<PasswdEntry[]>>;
  private groupCache?: Promise<FsResult<GroupEntry[]>>;

  /**
   * `ops` reads the files (this machine's by default); `where` names the host in messages when it is not this one
   * (e.g. "ssh://root@db-1").
   */
  constructor(root = "/", private readonly ops: FsOps = localOps, readonly where = "") {
    this.root = path.resolve(root);
    this.native = this.root === "/";
    this.direct = this.native && ops === localOps;
  }

  /** Absolute audited path → path on this machine, with the final component unresolved (for lstat/readlink). */
  private async locate(p: string, followLast: boolean): Promise<FsResult<string>> {
    const audited = path.posix.resolve("/", p);
    if (this.native) return { ok: true, value: audited };
    const parts = audited.split("/").filter(Boolean);
    let resolved: string[] = [];
    let hops = 0;
    for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
      if (part === ".") continue;
      if (part === "..") {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, part];
      if (parts.length === 0 && !followLast) {
        resolved = candidate;
        break;
      }
      let st: FsStats;
      try {
        st = await this.ops.lstat(path.join(this.root, ...candidate));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") {
          resolved = [...candidate, ...parts];
          break;
        }
        return { ok: false, error: fsError(err, audited) };
      }
      if (!st.isSymbolicLink()) {
        resolved = candidate;
        continue;
      }
      if (++hops > MAX_LINKS) return fail("ELOOP", audited);
      const target = await this.ops.readlink(path.join(this.root, ...candidate));
      if (target.startsWith("/")) resolved = [];
      parts.unshift(...target.split("/").filter(Boolean));
    }
    return { ok: true, value: path.join(this.root, ...resolved) };
  }

  private async run<T>(p: string, followLast: boolean, op: (real: string) => Promise<T>): Promise<FsResult<T>> {
    const audited = path.posix.resolve("/", p);
    let loc: FsResult<string>;
    try {
      loc = await this.locate(audited, followLast);
    } catch (err) {
      return { ok: false, error: fsError(err, audited) };
    }
    if (!loc.ok) return loc;
    try {
      return { ok: true, value: await op(loc.value) };
    } catch (err) {
      return { ok: false, error: fsError(err, audited) };
    }
  }

  readText(p: string): Promise<FsResult<string>> {
    const refused = refusedKernelFile(path.posix.resolve("/", p));
    if (refused) return Promise.resolve({ ok: false, error: fsError(refused, refused.path) });
    if (this.direct) return this.once("text", p, () => this.directly(p, readHostFile));
    const audited = path.posix.resolve("/", p);
    const bound = readBound(audited);
    return this.once("text", p, () => this.run(p, true, (real) => this.ops.readText(real, bound, audited)));
  }

  /**
   * The root "/" read through this machine's own calls: nothing to resolve inside a root, so a file is one
   * synchronous call (an audit reads ~1,700 /proc files; the general path's promise hops cost ~40% on top, measured).
   */
  private directly(p: string, op: (real: string) => string): Promise<FsResult<string>> {
    const audited = path.posix.resolve("/", p);
    try {
      return Promise.resolve({ ok: true, value: op(audited) });
    } catch (err) {
      return Promise.resolve({ ok: false, error: fsError(err, audited) });
    }
  }

  /**
   * The per-process files several collectors read (the dockerd, containerd and Podman scans each read every
   * process's cmdline and exe; container processes and the kernel's view of the inits read cgroup, status and
   * ns/pid) are read once per HostFs, that is once per collection, so every collector sees the same instant of a
   * process and a /proc scan costs one read per file, locally or over SFTP (four requests each). A failure is
   * shared too, as the same error.
   */
  private readonly procOnce = new Map<string, Promise<FsResult<string>>>();
  private once(kind: "text" | "link", p: string, read: () => Promise<FsResult<string>>): Promise<FsResult<string>> {
    if (!PROC_SHARED.test(p)) return read();
    const key = `${kind}:${p}`;
    const hit = this.procOnce.get(key);
    if (hit) return hit;
    const r = read();
    this.procOnce.set(key, r);
    return r;
  }

  /** Entry names, sorted. */
  readDir(p: string): Promise<FsResult<string[]>> {
    return this.run(p, true, async (real) => (await this.ops.readdir(real)).sort());
  }

  /** The audited path with every symlink resolved (inside the root), e.g. "/var/run/docker.sock" → "/run/docker.sock". */
  async realpath(p: string): Promise<FsResult<string>> {
    const audited = path.posix.resolve("/", p);
    if (this.native) {
      try {
        return { ok: true, value: await this.ops.realpath(audited) };
      } catch (err) {
        return { ok: false, error: fsError(err, audited) };
      }
    }
    let loc: FsResult<string>;
    try {
      loc = await this.locate(audited, true);
    } catch (err) {
      return { ok: false, error: fsError(err, audited) };
    }
    if (!loc.ok) return loc;
    try {
      await this.ops.lstat(loc.value);
    } catch (err) {
      return { ok: false, error: fsError(err, audited) };
    }
    return { ok: true, value: "/" + path.relative(this.root, loc.value) };
  }

  readlink(p: string): Promise<FsResult<string>> {
    if (this.direct) return this.once("link", p, () => this.directly(p, readLink));
    return this.once("link", p, () => this.run(p, false, (real) => this.ops.readlink(real)));
  }

  async exists(p: string): Promise<boolean> {
    const r = await this.run(p, false, (real) => this.ops.lstat(real));
    return r.ok;
  }

  /**
   * lstat of the path; for a symlink also the followed target. A path that does not exist is a normal answer
   * (`{exists:false}`), not an error; other failures (EACCES on a parent, ELOOP) are errors.
   */
  async stat(p: string): Promise<FsResult<HostStat | FileStat>> {
    const audited = path.posix.resolve("/", p);
    const l = await this.run(audited, false, (real) => this.ops.lstat(real));
    if (!l.ok) {
      if (l.error.code === "ENOENT" || l.error.code === "ENOTDIR") return { ok: true, value: { path: audited, exists: false } };
      return l;
    }
    const base = await this.describe(audited, l.value);
    if (base.type !== "symlink") return { ok: true, value: base };
    const link = await this.readlink(audited);
    const t = await this.run(audited, true, (real) => this.ops.stat(real));
    const out: HostStat = { ...base, target: t.ok ? { ok: true, value: await this.describe(audited, t.value) } : t };
    if (link.ok) out.linkTarget = link.value;
    return { ok: true, value: out };
  }

  private async describe(audited: string, s: FsStats): Promise<HostStat> {
    const out: HostStat = {
      path: audited,
      exists: true,
      type: fileType(s),
      mode: s.mode & 0o7777,
      uid: s.uid,
      gid: s.gid,
      size: s.size,
      mtimeMs: s.mtimeMs,
    };
    const [user, group] = await Promise.all([this.userName(s.uid), this.groupName(s.gid)]);
    if (user !== undefined) out.user = user;
    if (group !== undefined) out.group = group;
    return out;
  }

  /** The audited host's /etc/passwd (read once). */
  passwd(): Promise<FsResult<PasswdEntry[]>> {
    this.passwdCache ??= this.readText("/etc/passwd").then((r) => (r.ok ? { ok: true as const, value: parsePasswd(r.value) } : r));
    return this.passwdCache;
  }

  /** The audited host's /etc/group (read once). */
  groups(): Promise<FsResult<GroupEntry[]>> {
    this.groupCache ??= this.readText("/etc/group").then((r) => (r.ok ? { ok: true as const, value: parseGroup(r.value) } : r));
    return this.groupCache;
  }

  async userName(uid: number): Promise<string | undefined> {
    const r = await this.passwd();
    return r.ok ? r.value.find((e) => e.uid === uid)?.name : undefined;
  }

  async groupName(gid: number): Promise<string | undefined> {
    const r = await this.groups();
    return r.ok ? r.value.find((e) => e.gid === gid)?.name : undefined;
  }
}

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) continue;
    // name:password:uid:gid:gecos:home:shell
    const [name, , uidText, gidText, , home, shell] = line.split(":");
    if (name === undefined || uidText === undefined || gidText === undefined || home === undefined || shell === undefined) continue;
    const uid = Number(uidText);
    const gid = Number(gidText);
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || uidText === "" || gidText === "") continue;
    out.push({ name, uid, gid, home, shell });
  }
  return out;
}

export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) continue;
    // name:password:gid:members
    const [name, , gidText, members] = line.split(":");
    if (name === undefined || gidText === undefined || members === undefined) continue;
    const gid = Number(gidText);
    if (gidText === "" || !Number.isInteger(gid)) continue;
    out.push({ name, gid, members: members.split(",").map((m) => m.trim()).filter(Boolean) });
  }
  return out;
}
