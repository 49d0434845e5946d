// Executables of processes, read once per collection.
import type { FsResult, HostFs } from "./host-fs.js";

const exeLinks = new WeakMap<HostFs, Map<number, Promise<FsResult<string>>>>();

/**
 * readlink /proc/PID/exe, read once per process per HostFs (one HostFs per collection): the dockerd and containerd
 * scans each look at every process's executable, and a host running 100 containers has hundreds of them.
 */
export function procExe(fs: HostFs, pid: number): Promise<FsResult<string>> {
  let links = exeLinks.get(fs);
  if (!links) exeLinks.set(fs, (links = new Map()));
  let link = links.get(pid);
  if (!link) links.set(pid, (link = fs.readlink(`/proc/${pid}/exe`)));
  return link;
}
