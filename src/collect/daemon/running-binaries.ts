// The executables that actually run the audited daemon's containers: the containerd it talks to and the shims of
// that containerd, read from /proc/PID/exe, plus the runtimes the daemon reports (GET /info Runtimes). Sections 1.1.14
// to 1.1.18 judge these, not whatever copies happen to sit in /usr/bin. Only argv flags naming a socket are used.
import path from "node:path";
import type { HostFs } from "../transports/host-fs.js";
import { mapLimit } from "../map-limit.js";
import { exeBase, normaliseUnixPath, parseCmdline, parseProcNetUnix, socketInode } from "./proc.js";

export const CONTAINERD_NAMES = ["containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2"] as const;

export interface RunningBinary {
  pid: number;
  ppid: number | null;
  /** /proc/PID/exe, without the " (deleted)" suffix of a replaced binary. */
  exe: string;
  name: (typeof CONTAINERD_NAMES)[number];
  /** The containerd socket named by -address/--address (shims; containerd when given), normalised. */
  address?: string;
}

/** The value of `-address X`, `--address X`, `-address=X`, `-a X` in an argv. */
export function addressArg(argv: readonly string[]): string | undefined {
  const args = argv.slice(1).values();
  for (const a of args) {
    const m = /^--?(?:address|a)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const next = m[1] === undefined ? args.next() : undefined;
    const v = m[1] ?? (next && !next.done ? next.value : undefined);
    return v === undefined ? undefined : v.replace(/^unix:\/\//, "");
  }
  return undefined;
}

/** Every process whose executable is containerd or a containerd shim. */
export async function findContainerdProcesses(fs: HostFs): Promise<{ ok: true; value: RunningBinary[]; unreadable: { pid: number; ppid?: number; why: string }[] } | { ok: false; error: string }> {
  const dir = await fs.readDir("/proc");
  if (!dir.ok) return { ok: false, error: dir.error.message };
  const pids = dir.value.filter((e) => /^\d+$/.test(e)).map(Number);
  const unreadable: { pid: number; ppid?: number; why: string }[] = [];
  const found = await mapLimit(pids, 64, async (pid): Promise<RunningBinary | undefined> => {
    const exe = await fs.readlink(`/proc/${pid}/exe`);
    if (!exe.ok) {
      // Without ptrace access (a non-root auditor, or a container without CAP_SYS_PTRACE) the executable of a
      // process named containerd* is unknown: which binaries run cannot be told, and that is said, not guessed.
      if (exe.error.code !== "EACCES" && exe.error.code !== "EPERM") return undefined;
      const status = await fs.readText(`/proc/${pid}/status`);
      const name = status.ok ? /^Name:\s*(.*)$/m.exec(status.value)?.[1] : undefined;
      const ppid = status.ok ? /^PPid:\s*(\d+)/m.exec(status.value)?.[1] : undefined;
      const why = `/proc/${pid}/exe of "${name}" unreadable (needs root or CAP_SYS_PTRACE)`;
      if (name?.startsWith("containerd")) unreadable.push({ pid, ...(ppid === undefined ? {} : { ppid: Number(ppid) }), why });
      return undefined;
    }
    const name = CONTAINERD_NAMES.find((n) => n === exeBase(exe.value));
    if (!name) return undefined;
    const [cmd, status] = await Promise.all([fs.readText(`/proc/${pid}/cmdline`), fs.readText(`/proc/${pid}/status`)]);
    const ppid = status.ok ? /^PPid:\s*(\d+)/m.exec(status.value)?.[1] : undefined;
    const address = cmd.ok ? addressArg(parseCmdline(cmd.value)) : undefined;
    const out: RunningBinary = { pid, ppid: ppid === undefined ? null : Number(ppid), exe: exe.value.replace(/ \(deleted\)$/, ""), name };
    if (address) out.address = normaliseUnixPath(address);
    return out;
  });
  return { ok: true, value: found.filter((f): f is RunningBinary => f !== undefined), unreadable };
}

/** Whether `pid` holds a listening unix socket bound at one of `paths` (its net/unix table and fd table). */
async function holdsSocket(fs: HostFs, pid: number, paths: ReadonlySet<string>): Promise<boolean> {
  const t = await fs.readText(`/proc/${pid}/net/unix`);
  if (!t.ok) return false;
  const inodes = new Set(parseProcNetUnix(t.value).filter((l) => paths.has(normaliseUnixPath(l.path))).map((l) => l.inode));
  if (inodes.size === 0) return false;
  const fds = await fs.readDir(`/proc/${pid}/fd`);
  if (!fds.ok) return false;
  for (const fd of fds.value) {
    const l = await fs.readlink(`/proc/${pid}/fd/${fd}`);
    const inode = l.ok ? socketInode(l.value) : undefined;
    if (inode !== undefined && inodes.has(inode)) return true;
  }
  return false;
}

export interface DaemonBinaries {
  /** Per binary name: the running executables of the audited daemon, with how each was tied to it. */
  running: Partial<Record<(typeof CONTAINERD_NAMES)[number], { exe: string; pids: number[]; why: string }[]>>;
  /** Whether the audited daemon's containerd was found running (so its shims' absence means they are not in use). */
  containerdFound: boolean;
  /** Processes named containerd* whose executable could not be read: which binaries run is then unknown. */
  unreadable?: string[];
}

/**
 * The containerd of the audited daemon (its child, or the process holding the containerd socket it uses) and the
 * shims serving that containerd (their -address is that socket, or containerd is their parent).
 */
export async function daemonBinaries(fs: HostFs, dockerdPid: number | undefined, containerdSockets: readonly string[]): Promise<DaemonBinaries> {
  const out: DaemonBinaries = { running: {}, containerdFound: false };
  const procs = await findContainerdProcesses(fs);
  if (!procs.ok) return out;
  const sockets = new Set(containerdSockets.map(normaliseUnixPath));
  const add = (b: RunningBinary, why: string) => {
    const list = (out.running[b.name] ??= []);
    const same = list.find((e) => e.exe === b.exe);
    if (same) same.pids.push(b.pid);
    else list.push({ exe: b.exe, pids: [b.pid], why });
  };
  const all = procs.value.filter((p) => p.name === "containerd");
  // dockerd's own child first; only without one, the (costlier) socket evidence of every other containerd.
  const containerds = all.filter((b) => dockerdPid !== undefined && b.ppid === dockerdPid);
  for (const b of containerds) add(b, `started by dockerd (pid ${dockerdPid})`);
  if (containerds.length === 0) {
    for (const b of all) {
      if ((b.address && sockets.has(b.address)) || (await holdsSocket(fs, b.pid, sockets))) {
        containerds.push(b);
        add(b, `serves ${[...sockets].join(" or ")}`);
      }
    }
  }
  out.containerdFound = containerds.length > 0;
  const parents = new Set(containerds.map((c) => c.pid));
  // Unreadable executables matter unless the daemon's containerd is known and they are not its children.
  const unknown = procs.unreadable.filter((u) => !out.containerdFound || (u.ppid !== undefined && parents.has(u.ppid)));
  if (unknown.length) out.unreadable = unknown.map((u) => u.why);
  for (const b of procs.value.filter((p) => p.name !== "containerd")) {
    if (b.address && sockets.has(b.address)) add(b, `-address ${b.address}`);
    else if (b.ppid !== null && parents.has(b.ppid)) add(b, `child of containerd (pid ${b.ppid})`);
  }
  return out;
}

/** The directories of the running binaries, first, for finding the ones that do not run (runc). */
export function binaryDirs(exes: readonly string[]): string[] {
  return [...new Set(exes.filter((e) => e.startsWith("/")).map((e) => path.posix.dirname(e)))];
}
