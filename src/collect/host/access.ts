// The privilege boundary of a root audit (issue 19.4): a file read on behalf of a daemon that runs as another user
// (a rootless dockerd's daemon.json, a rootless Podman's containers.conf) is read only if that user could read it
// themselves. Otherwise a symlink planted by that user (daemon.json → /root/secret) would have root read what the
// user cannot, and its content would land in the snapshot and the evidence bundle.
//
// The walk follows the path as the kernel would, component by component (symlinks resolved, inside --root), and
// asks of every directory on the way whether the user may search it (x) and of the final file whether they may
// read it (r), from the permission bits and the owner and group of each, against the user's uid, gid and
// supplementary groups from /proc/PID/status. It ignores ACLs and capabilities (a file readable only through an
// ACL is refused: an `error`, never a verdict on another user's file). docs/hostile-hosts.md states the limits.
import path from "node:path";
import type { HostFs, FsResult, HostStat } from "../transports/host-fs.js";

/** Whose permissions count: the filesystem uid and gid and the supplementary groups of a process. */
export interface Credentials {
  uid: number;
  gid: number;
  groups: number[];
}

/** fsuid, fsgid (the fourth fields of Uid:/Gid:, what the kernel checks file access with) and Groups: of /proc/PID/status. */
export function parseCredentials(status: string): Credentials | undefined {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(status)?.[1]?.trim().split(/\s+/).filter(Boolean).map(Number);
  const uids = field("Uid");
  const gids = field("Gid");
  const groups = field("Groups") ?? [];
  const uid = uids?.[3] ?? uids?.[0];
  // Without a Gid: line no group is known: only the owner and "other" bits can grant (never more than the truth).
  const gid = gids?.[3] ?? gids?.[0] ?? -1;
  if (uid === undefined || !Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { uid, gid, groups: groups.filter((g) => Number.isInteger(g)) };
}

/** Whether `cred` has `want` (4 read, 1 search) on a file of this owner, group and mode (root: always). */
export function permits(st: Pick<HostStat, "uid" | "gid" | "mode">, cred: Credentials, want: 4 | 1): boolean {
  if (cred.uid === 0) return true;
  const bits = st.uid === cred.uid ? (st.mode >> 6) & 7 : st.gid === cred.gid || cred.groups.includes(st.gid) ? (st.mode >> 3) & 7 : st.mode & 7;
  return (bits & want) !== 0;
}

function modeText(st: Pick<HostStat, "uid" | "gid" | "mode">): string {
  return `mode ${(st.mode & 0o7777).toString(8).padStart(4, "0")}, owner uid ${st.uid}, gid ${st.gid}`;
}

export type Access = { ok: true; resolved: string } | { ok: false; code: string; why: string };

/**
 * Whether the user of `cred` can read the file at `p` (an audited path), and the path it resolves to. A path that
 * does not exist is `ok` (reading it gives ENOENT, as it would for the user). `why` is one line naming the path.
 */
export async function readableBy(fs: HostFs, p: string, cred: Credentials): Promise<Access> {
  const audited = path.posix.resolve("/", p);
  const who = `uid ${cred.uid}`;
  const denied = (resolved: string, detail: string): Access => ({
    ok: false,
    code: "EACCES",
    why: resolved === audited ? `${audited} cannot be read by ${who}, the daemon's user (${detail})` : `${audited} resolves to ${resolved}, which ${who}, the daemon's user, cannot read (${detail})`,
  });
  const parts = audited.split("/").filter(Boolean);
  let done: string[] = [];
  let hops = 0;
  const root = await fs.stat("/");
  if (root.ok && root.value.exists && "mode" in root.value && !permits(root.value as HostStat, cred, 1)) return denied(audited, `/: ${modeText(root.value as HostStat)}: no search permission`);
  for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
    if (part === ".") continue;
    if (part === "..") {
      done.pop();
      continue;
    }
    const here = "/" + [...done, part].join("/");
    const st: FsResult<HostStat | { exists: false }> = (await fs.stat(here)) as FsResult<HostStat | { exists: false }>;
    if (!st.ok) return { ok: false, code: st.error.code, why: st.error.message };
    if (!st.value.exists) return { ok: true, resolved: "/" + [...done, part, ...parts].join("/") };
    const s = st.value as HostStat;
    if (s.type === "symlink") {
      if (++hops > 40) return { ok: false, code: "ELOOP", why: `${audited}: too many levels of symbolic links` };
      const target = s.linkTarget ?? "";
      if (target.startsWith("/")) done = [];
      parts.unshift(...target.split("/").filter(Boolean));
      continue;
    }
    if (parts.length === 0) {
      const resolved = here;
      if (s.type === "directory") return { ok: true, resolved };
      if (!permits(s, cred, 4)) return denied(resolved, `${resolved}: ${modeText(s)}: no read permission`);
      return { ok: true, resolved };
    }
    if (s.type !== "directory") return { ok: true, resolved: "/" + [...done, part, ...parts].join("/") };
    if (!permits(s, cred, 1)) return denied("/" + [...done, part, ...parts].join("/"), `${here}: ${modeText(s)}: no search permission`);
    done.push(part);
  }
  return { ok: true, resolved: "/" + done.join("/") };
}

/**
 * fs.readText of `p` on behalf of the user of `cred`: refused (code EACCES, one line naming the path it resolves
 * to and why) when that user could not read it, so its content is never read. Without `cred`: a plain read.
 */
export async function readTextAs(fs: HostFs, p: string, cred: Credentials | undefined): Promise<FsResult<string>> {
  if (cred && cred.uid !== 0) {
    const a = await readableBy(fs, p, cred);
    if (!a.ok) return { ok: false, error: { code: a.code, path: path.posix.resolve("/", p), message: a.why } };
  }
  return fs.readText(p);
}

/** The credentials of process `pid`, or why they cannot be known (its status file unreadable). */
export async function processCredentials(fs: HostFs, pid: number): Promise<{ ok: true; value: Credentials } | { ok: false; error: string }> {
  const st = await fs.readText(`/proc/${pid}/status`);
  if (!st.ok) return { ok: false, error: st.error.message };
  const cred = parseCredentials(st.value);
  return cred ? { ok: true, value: cred } : { ok: false, error: `/proc/${pid}/status has no Uid: line` };
}
