// Host facts read through the rooted reader: hostname, kernel release, mounts, seccomp, AppArmor, SELinux.
import type { Fact, HostFacts, MountEntry, SeccompSupport } from "../../snapshot/types.js";
import { errFact, okFact } from "../../snapshot/types.js";
import type { HostFs } from "../transports/host-fs.js";

const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/** /proc/mounts lines: device, mount point (octal escapes such as \040 decoded), type, options. */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const [device, mountPoint, fsType, options] = line.trim().split(/\s+/);
    if (device === undefined || mountPoint === undefined || fsType === undefined || options === undefined) continue;
    out.push({ device: unescapeMount(device), mountPoint: unescapeMount(mountPoint), fsType, options: options.split(",") });
  }
  return out;
}

/** "y" when CONFIG_SECCOMP=y; "n" when the config says it is not set or does not mention it. */
export function parseKernelConfigSeccomp(text: string): "y" | "n" {
  return /^CONFIG_SECCOMP=y\s*$/m.test(text) ? "y" : "n";
}

export function hasSeccompStatusLine(procStatus: string): boolean {
  return /^Seccomp:/m.test(procStatus);
}

const isMissing = (code: string) => code === "ENOENT" || code === "ENOTDIR";

async function hostname(fs: HostFs): Promise<Fact<string>> {
  for (const p of ["/proc/sys/kernel/hostname", "/etc/hostname"]) {
    const r = await fs.readText(p);
    if (r.ok && r.value.trim() !== "") return okFact(r.value.trim(), p);
    if (!r.ok && !isMissing(r.error.code)) return errFact(r.error.message, p);
  }
  return errFact("no hostname found in /proc/sys/kernel/hostname or /etc/hostname", "/proc/sys/kernel/hostname");
}

async function kernelRelease(fs: HostFs): Promise<Fact<string>> {
  const p = "/proc/sys/kernel/osrelease";
  const r = await fs.readText(p);
  return r.ok ? okFact(r.value.trim(), p) : errFact(r.error.message, p);
}

async function mounts(fs: HostFs): Promise<Fact<MountEntry[]>> {
  // /proc/mounts is the reader's own mount namespace. Under --root (dockaudit in a container, the host at /host) the
  // host's /proc numbers the host's processes, and PID 1 there sees the host's mounts; a root without a live /proc
  // (a tree copied for tests) falls back to its /proc/mounts.
  const paths = fs.root === "/" ? ["/proc/mounts"] : ["/proc/1/mounts", "/proc/mounts"];
  let last: Fact<MountEntry[]> = errFact("no mount table was read", paths.join(", "));
  for (const p of paths) {
    const r = await fs.readText(p);
    if (r.ok) return okFact(parseMounts(r.value), p);
    last = errFact(r.error.message, p);
    if (!isMissing(r.error.code)) return last;
  }
  return last;
}

async function seccomp(fs: HostFs, release: Fact<string>): Promise<Fact<SeccompSupport>> {
  const statusPath = "/proc/self/status";
  const actionsPath = "/proc/sys/kernel/seccomp/actions_avail";
  const configPath = release.ok ? `/boot/config-${release.value}` : undefined;
  const [status, actions, config] = await Promise.all([
    fs.readText(statusPath),
    fs.readText(actionsPath),
    configPath ? fs.readText(configPath) : Promise.resolve(undefined),
  ]);
  const sources = [statusPath, actionsPath, ...(configPath ? [configPath] : [])].join(", ");
  // A file that is absent is an answer (no such support / no such file); one that cannot be read is not.
  for (const r of [status, actions, config]) {
    if (r && !r.ok && !isMissing(r.error.code)) return errFact(r.error.message, sources);
  }
  return okFact({
    procStatus: status.ok ? hasSeccompStatusLine(status.value) : null,
    kernelConfig: config?.ok ? parseKernelConfigSeccomp(config.value) : null,
    actionsAvail: actions.ok ? actions.value.trim().split(/\s+/).filter(Boolean) : null,
  }, sources);
}

async function apparmor(fs: HostFs): Promise<Fact<{ enabled: boolean }>> {
  const p = "/sys/module/apparmor/parameters/enabled";
  const r = await fs.readText(p);
  if (r.ok) return okFact({ enabled: r.value.trim() === "Y" }, p);
  // No apparmor module parameters: the kernel has no AppArmor.
  return isMissing(r.error.code) ? okFact({ enabled: false }, p) : errFact(r.error.message, p);
}

async function selinux(fs: HostFs): Promise<Fact<{ enabled: boolean; enforcing: boolean }>> {
  const p = "/sys/fs/selinux/enforce";
  const r = await fs.readText(p);
  if (r.ok) return okFact({ enabled: true, enforcing: r.value.trim() === "1" }, p);
  return isMissing(r.error.code) ? okFact({ enabled: false, enforcing: false }, p) : errFact(r.error.message, p);
}

/** The always-collected host facts (sections 1 and 3 add `files`, `auditRules`, `units`, `dockerGroup`). */
export async function collectHost(fs: HostFs): Promise<Pick<HostFacts, "hostname" | "kernelRelease" | "mounts" | "seccomp" | "apparmor" | "selinux">> {
  const release = await kernelRelease(fs);
  const [h, m, s, a, se] = await Promise.all([hostname(fs), mounts(fs), seccomp(fs, release), apparmor(fs), selinux(fs)]);
  return { hostname: h, kernelRelease: release, mounts: m, seccomp: s, apparmor: a, selinux: se };
}
