// Shared judging of host files for sections 1 and 3: one finding per file of a role the collector recorded
// (docker.service and its drop-ins, every registry certificate, every socket in use...), owners compared by number,
// modes compared as bit masks. A file that is not there is `skip`; one that could not be examined is `error`.
import { daemonSetting, error, type Evidence, fail, type FileRole, type FileStat, pass, type Verdict } from "../../src/check-api.js";
import { type PerFileOptions, perFile } from "../shared.js";
export { type RoleRead, roleFiles, type PerFileOptions, perFile } from "../shared.js";

export function octal(mode: number): string {
  return "0" + (mode & 0o7777).toString(8).padStart(3, "0");
}

export function owner(f: FileStat): string {
  return `${f.user ?? f.uid}:${f.group ?? f.gid} (uid ${f.uid}, gid ${f.gid})`;
}

const BITS: [number, string][] = [
  [0o4000, "setuid"], [0o2000, "setgid"], [0o1000, "sticky"],
  [0o400, "owner read"], [0o200, "owner write"], [0o100, "owner execute"],
  [0o040, "group read"], [0o020, "group write"], [0o010, "group execute"],
  [0o004, "other read"], [0o002, "other write"], [0o001, "other execute"],
];

/**
 * Permission bits set in `mode` beyond those `allowed` grants, as CIS means "or more restrictive": read, write and
 * execute for owner, group and others, and setuid/setgid (which hand out the owner's or group's privileges). The
 * sticky bit is not counted: it grants nobody anything (on a file or socket Linux ignores it; on a directory it only
 * stops users deleting others' entries), and dockerd sets it on its runtime files, e.g. a rootless daemon's socket
 * is 01660.
 */
export function excessBits(mode: number, allowed: number): number {
  return mode & 0o6777 & ~allowed;
}

export function describeBits(bits: number): string {
  return BITS.filter(([b]) => (bits & b) !== 0).map(([, n]) => n).join(", ");
}

function statEvidence(f: FileStat): Evidence {
  return {
    path: f.path, ...(f.realPath ? { realPath: f.realPath } : {}), type: f.type ?? null,
    owner: `${f.user ?? f.uid}:${f.group ?? f.gid}`, uid: f.uid ?? null, gid: f.gid ?? null,
    mode: f.mode === undefined ? null : octal(f.mode),
  };
}

/** "644 or more restrictive": passes when the mode grants nothing beyond `allowed` (0600 passes 644, 0622 fails). */
export function judgeMode(f: FileStat, allowed: number): Verdict {
  if (f.mode === undefined) return error(`${f.path}: its mode was not recorded`, statEvidence(f));
  const extra = excessBits(f.mode, allowed);
  const evidence = { ...statEvidence(f), allowed: octal(allowed) };
  const sticky = (f.mode & 0o1000) !== 0 ? " (the sticky bit grants no access)" : "";
  return extra === 0
    ? pass(`${f.path} has mode ${octal(f.mode)}, within ${octal(allowed)}${sticky}`, evidence)
    : fail(`${f.path} has mode ${octal(f.mode)}, more permissive than ${octal(allowed)} (${describeBits(extra)})`, { ...evidence, excess: octal(extra) });
}

/** root:root, by number: a renamed account or a group named "root" with another gid does not pass. */
export function judgeRootOwned(f: FileStat): Verdict {
  if (f.uid === undefined || f.gid === undefined) return error(`${f.path}: its owner was not recorded`, statEvidence(f));
  return f.uid === 0 && f.gid === 0
    ? pass(`${f.path} is owned by root:root`, statEvidence(f))
    : fail(`${f.path} is owned by ${owner(f)}, not root:root`, statEvidence(f));
}

export function modeCheck(role: FileRole, noun: string, allowed: number) {
  return perFile(role, { noun, ...pathEvidence(role) }, (f) => judgeMode(f, allowed));
}

export function rootOwnedCheck(role: FileRole, noun: string) {
  return perFile(role, { noun, ...pathEvidence(role) }, (f) => judgeRootOwned(f));
}

const TLS_KEYS: Partial<Record<FileRole, string>> = { "tls-ca": "tlscacert", "tls-cert": "tlscert", "tls-key": "tlskey" };

/**
 * For the daemon's TLS files (3.9-3.14): which witness named the file judged, as `source` (flag, daemon.json, or
 * dockerd's environment when the path comes from its DOCKER_CERT_PATH), and the setting it came from, as `pathFrom`.
 * Without the setting, dockerd's default directory (~/.docker of its user) applies because TLS is on.
 */
function pathEvidence(role: FileRole): Pick<PerFileOptions, "evidence"> {
  const key = TLS_KEYS[role];
  if (!key) return {};
  return {
    evidence: (ctx) => {
      if (!ctx.snapshot.daemon.effective.ok) return {};
      const set = daemonSetting(ctx, key);
      if (set) return { source: set.source, pathFrom: `${key}: ${set.origin}` };
      const tls = daemonSetting(ctx, "tlsverify") ?? daemonSetting(ctx, "tls");
      return tls ? { source: tls.source, pathFrom: `${key} not set: dockerd's default ~/.docker of its user (TLS on by ${tls.origin})` } : {};
    },
  };
}
