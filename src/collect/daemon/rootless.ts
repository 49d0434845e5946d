// The processes a rootless dockerd runs under: rootlesskit (its user, mount and network namespaces; dockerd's parent
// is rootlesskit's child, which /proc shows as rootlesskit's executable) and the user-mode network driver
// rootlesskit started (slirp4netns, pasta or vpnkit). Only executable names, pids and rootlesskit's --net are kept.
import type { RootlessKit } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";
import { mapLimit } from "../map-limit.js";
import { exeBase, parseCmdline, parseProcStatus } from "./proc.js";

const NETWORK_DRIVERS = new Set(["slirp4netns", "pasta", "vpnkit", "lxc-user-nic"]);

interface ProcInfo { pid: number; ppid?: number; name?: string; argv: string[]; exe?: string }

async function procInfo(fs: HostFs, pid: number): Promise<ProcInfo | undefined> {
  const [status, cmdline, exe] = await Promise.all([fs.readText(`/proc/${pid}/status`), fs.readText(`/proc/${pid}/cmdline`), fs.readlink(`/proc/${pid}/exe`)]);
  if (!status.ok) return undefined;
  const st = parseProcStatus(status.value);
  return { pid, ppid: st.ppid, name: st.name, argv: cmdline.ok ? parseCmdline(cmdline.value) : [], exe: exe.ok ? exe.value.replace(/ \(deleted\)$/, "") : undefined };
}

function isRootlesskit(p: ProcInfo): boolean {
  return exeBase(p.argv[0] ?? "") === "rootlesskit" || (p.exe !== undefined && exeBase(p.exe) === "rootlesskit") || p.name === "rootlesskit";
}

/** rootlesskit's --net value from its argv ("--net=slirp4netns" or "--net slirp4netns"). */
export function rootlesskitNet(argv: readonly string[]): string | undefined {
  const args = argv.slice(1).values();
  for (const a of args) {
    if (a === "--") break;
    if (a.startsWith("--net=")) return a.slice("--net=".length);
    if (a === "--net") {
      const next = args.next();
      if (!next.done) return next.value;
    }
  }
  return undefined;
}

/** rootlesskit above a dockerd whose parent is `ppid`, and its network driver process; undefined when none. */
export async function findRootlessKit(fs: HostFs, ppid: number): Promise<RootlessKit | undefined> {
  const parent = await procInfo(fs, ppid);
  if (!parent || !isRootlesskit(parent)) return undefined;
  // dockerd's parent is rootlesskit's child (in the namespaces) when its own parent is rootlesskit too.
  const grand = parent.ppid ? await procInfo(fs, parent.ppid) : undefined;
  const kit = grand && isRootlesskit(grand) ? grand : parent;
  const out: RootlessKit = { pid: kit.pid };
  const net = rootlesskitNet(kit.argv);
  if (net !== undefined) out.net = net;
  const dir = await fs.readDir("/proc");
  if (dir.ok) {
    const pids = dir.value.filter((e) => /^\d+$/.test(e)).map(Number);
    const found = await mapLimit(pids, 64, async (pid) => {
      const st = await fs.readText(`/proc/${pid}/status`);
      if (!st.ok) return undefined;
      const s = parseProcStatus(st.value);
      return (s.ppid === kit.pid || s.ppid === parent.pid) && s.name && NETWORK_DRIVERS.has(s.name) ? { pid, name: s.name } : undefined;
    });
    const driver = found.find((f) => f !== undefined);
    if (driver) out.networkProcess = driver;
  }
  return out;
}
