// Temp directory trees standing in for an audited host's root (/proc, /etc, /sys ...), for collector tests.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A file's content, or `{ link }` for a symlink (target written as is), or `{ dir: true }`. */
export type Entry = string | { link: string } | { dir: true };
export type Tree = Record<string, Entry>;

export function buildRoot(tree: Tree): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), "dockaudit-root-"));
  // A host's / is searchable by everyone (mkdtemp makes 0700): the rootless permission walk asks (access.ts).
  chmodSync(root, 0o755);
  addToRoot(root, tree);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function addToRoot(root: string, tree: Tree): void {
  for (const [p, e] of Object.entries(tree)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof e === "string") writeFileSync(full, e);
    else if ("link" in e) symlinkSync(e.link, full);
    else mkdirSync(full, { recursive: true });
  }
}

const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path\n";

/** A /proc/net/unix table: listening sockets (Flags 00010000) at the given paths, plus one connected socket. */
export function netUnix(listeners: Record<string, number>): string {
  const rows = Object.entries(listeners).map(([path, inode]) => `0000000000000000: 00000002 00000000 00010000 0001 01 ${inode} ${path}`);
  rows.push("0000000000000000: 00000003 00000000 00000000 0001 03 99999 /run/other.sock");
  return UNIX_HEADER + rows.join("\n") + "\n";
}

/** A /proc/net/tcp row listening on hex address:port with an inode. */
export function netTcp(rows: { addr: string; port: number; inode: number; state?: string }[]): string {
  const head = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  return head + rows.map((r, i) =>
    `   ${i}: ${r.addr}:${r.port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 ${r.state ?? "0A"} 00000000:00000000 00:00000000 00000000     0        0 ${r.inode} 1 0000000000000000 100 0 0 10 0`,
  ).join("\n") + "\n";
}

export interface FakeProcess {
  pid: number;
  argv: string[];
  exe?: string;
  uid?: number;
  /** Written as a Gid: line only when given. */
  gid?: number;
  ppid?: number;
  environ?: Record<string, string>;
  /** Listening unix sockets in the process's network namespace (path → inode). */
  unix?: Record<string, number>;
  tcp?: string;
  tcp6?: string;
  /** Socket inodes open in the process's fd table. */
  sockets?: number[];
  /** Leave out /proc/PID/fd (as when it cannot be read). */
  noFd?: boolean;
  cgroup?: string;
  comm?: string;
  /** Inode of the process's PID namespace: /proc/PID/ns/pid links to "pid:[N]". */
  pidns?: number;
}

/** /proc/PID/{cmdline,exe,status,environ,net/*,fd/*} for each process. */
export function procTree(procs: FakeProcess[]): Tree {
  const t: Tree = {};
  for (const p of procs) {
    const base = `/proc/${p.pid}`;
    t[`${base}/cmdline`] = p.argv.join("\0") + "\0";
    if (p.exe) t[`${base}/exe`] = { link: p.exe };
    t[`${base}/status`] = `Name:\t${p.comm ?? p.argv[0]?.split("/").pop() ?? ""}\nPPid:\t${p.ppid ?? 1}\nUid:\t${p.uid ?? 0}\t${p.uid ?? 0}\t${p.uid ?? 0}\t${p.uid ?? 0}\n${p.gid === undefined ? "" : `Gid:\t${p.gid}\t${p.gid}\t${p.gid}\t${p.gid}\n`}NSpid:\t${p.pid}\n`;
    t[`${base}/comm`] = `${p.comm ?? p.argv[0]?.split("/").pop() ?? ""}\n`;
    t[`${base}/environ`] = Object.entries(p.environ ?? {}).map(([k, v]) => `${k}=${v}`).join("\0") + "\0";
    t[`${base}/net/unix`] = netUnix(p.unix ?? {});
    if (p.tcp) t[`${base}/net/tcp`] = p.tcp;
    if (p.tcp6) t[`${base}/net/tcp6`] = p.tcp6;
    if (p.cgroup) t[`${base}/cgroup`] = p.cgroup;
    if (p.pidns !== undefined) t[`${base}/ns/pid`] = { link: `pid:[${p.pidns}]` };
    if (!p.noFd) {
      t[`${base}/fd/0`] = { link: "/dev/null" };
      (p.sockets ?? []).forEach((inode, i) => (t[`${base}/fd/${i + 3}`] = { link: `socket:[${inode}]` }));
      if (!p.sockets?.length) t[`${base}/fd/1`] = { link: "pipe:[1]" };
    }
  }
  return t;
}
