// Parsers for /proc files (pure) used to tie the audited endpoint to a dockerd process.
import net from "node:net";
import path from "node:path";

/** One listening socket from /proc/PID/net/unix. */
export interface UnixListener {
  inode: number;
  path: string;
}

const SO_ACCEPTCON = 0x10000;

/** Listening, path-bound unix sockets in a /proc/net/unix table. */
export function parseProcNetUnix(text: string): UnixListener[] {
  const out: UnixListener[] = [];
  for (const line of text.split("\n").slice(1)) {
    // Num RefCount Protocol Flags Type St Inode [Path]; the path may contain spaces.
    const [, flags, inode, socketPath] =
      /^\s*[0-9a-fA-F]+:\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+(\d+)(?: (.*))?$/.exec(line) ?? [];
    if (flags === undefined || inode === undefined || socketPath === undefined || socketPath === "") continue;
    if ((parseInt(flags, 16) & SO_ACCEPTCON) === 0) continue;
    out.push({ inode: Number(inode), path: socketPath });
  }
  return out;
}

export interface TcpListener {
  inode: number;
  /** Normalised address: dotted IPv4, or expanded lowercase IPv6 ("0000:...:0001"); v4-mapped IPv6 becomes IPv4. */
  address: string;
  port: number;
  /** The uid that created the socket (the table's uid column). */
  uid?: number;
}

const TCP_LISTEN = "0A";

// /proc prints addresses as 32-bit words in host byte order (little-endian on every platform dockerd runs on).
// An address of any other shape is undefined (its line is skipped), never a made-up address.
function hexToIPv4(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined;
  return Buffer.from(hex, "hex").reverse().join(".");
}

function hexToIPv6(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const bytes = Buffer.alloc(16);
  for (let w = 0; w < 4; w++) Buffer.from(hex.slice(w * 8, w * 8 + 8), "hex").reverse().copy(bytes, w * 4);
  const isMapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (isMapped) return bytes.subarray(12).join(".");
  const groups: string[] = [];
  for (let g = 0; g < 8; g++) groups.push(bytes.readUInt16BE(g * 2).toString(16).padStart(4, "0"));
  return groups.join(":");
}

/** Listening sockets in /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string): TcpListener[] {
  const out: TcpListener[] = [];
  for (const line of text.split("\n").slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
    const [, local, , state, , , , uid, , inode] = line.trim().split(/\s+/);
    if (inode === undefined || local === undefined || state !== TCP_LISTEN) continue;
    const [addrHex, portHex] = local.split(":");
    if (!addrHex || !portHex) continue;
    const address = addrHex.length === 8 ? hexToIPv4(addrHex) : hexToIPv6(addrHex);
    if (address === undefined) continue;
    const owner = uid !== undefined && /^\d+$/.test(uid) ? Number(uid) : undefined;
    out.push({ inode: Number(inode), address, port: parseInt(portHex, 16), ...(owner === undefined ? {} : { uid: owner }) });
  }
  return out;
}

/** "socket:[12345]" → 12345. */
export function socketInode(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

/** NUL-separated /proc/PID/cmdline → argv. */
export function parseCmdline(raw: string): string[] {
  const parts = raw.split("\0");
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Fields of /proc/PID/status we need: the real uid and the parent pid. */
export function parseProcStatus(text: string): { uid?: number; gid?: number; ppid?: number; name?: string } {
  const out: { uid?: number; gid?: number; ppid?: number; name?: string } = {};
  for (const line of text.split("\n")) {
    if (line.startsWith("Uid:")) out.uid = Number(line.slice(4).trim().split(/\s+/)[0]);
    else if (line.startsWith("Gid:")) out.gid = Number(line.slice(4).trim().split(/\s+/)[0]);
    else if (line.startsWith("PPid:")) out.ppid = Number(line.slice(5).trim());
    else if (line.startsWith("Name:")) out.name = line.slice(5).trim();
  }
  return out;
}

/** Only the variables we need from /proc/PID/environ; every other value is dropped unread. */
export function pickEnviron(raw: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of raw.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (names.includes(name)) out[name] = entry.slice(eq + 1);
  }
  return out;
}

/** Which of `names` are set in /proc/PID/environ: names only, no value is read. */
export function environNames(raw: string, names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const entry of raw.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0 && names.includes(entry.slice(0, eq))) out.add(entry.slice(0, eq));
  }
  return [...out].sort();
}

/** starttime (field 22, clock ticks since boot) of /proc/PID/stat; the command name may hold spaces and parens. */
export function parseStatStartTicks(stat: string): number | undefined {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // rest[0] is field 3 (state), so field 22 is rest[19].
  const v = Number(rest[19]);
  return Number.isFinite(v) ? v : undefined;
}

/** btime of /proc/stat: boot time in seconds since the epoch. */
export function parseBootTime(procStat: string): number | undefined {
  const m = /^btime\s+(\d+)/m.exec(procStat);
  return m ? Number(m[1]) : undefined;
}

/** USER_HZ, the unit of /proc/PID/stat times: 100 on every architecture Linux supports for Docker. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** basename of an executable path, without the " (deleted)" suffix /proc/PID/exe gets after an upgrade. */
export function exeBase(p: string | undefined): string {
  if (!p) return "";
  return path.posix.basename(p.replace(/ \(deleted\)$/, ""));
}

/** A process is dockerd when argv[0]'s or /proc/PID/exe's basename is exactly "dockerd". */
export function isDockerd(argv: readonly string[], exe?: string): boolean {
  return exeBase(argv[0]) === "dockerd" || exeBase(exe) === "dockerd";
}

export type Endpoint =
  | { kind: "unix"; path: string }
  | { kind: "tcp"; host: string; port: number | undefined }
  | { kind: "fd"; spec: string }
  | { kind: "other"; spec: string };

/** dockerd's -H / hosts values and DOCKER_HOST URLs: unix://, tcp://, fd://, and bare host:port (tcp). */
export function parseEndpoint(spec: string): Endpoint {
  const s = spec.trim();
  const [, schemeGiven, afterScheme] = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(s) ?? [];
  const scheme = schemeGiven?.toLowerCase() ?? "tcp";
  const rest = afterScheme ?? s;
  if (scheme === "unix") return { kind: "unix", path: normaliseUnixPath(rest || "/var/run/docker.sock") };
  if (scheme === "fd") return { kind: "fd", spec: s };
  if (scheme === "tcp" || scheme === "http" || scheme === "https") {
    const hp = rest.replace(/\/.*$/, "");
    const [, v6Host, v6Port] = /^\[([^\]]*)\](?::(\d+))?$/.exec(hp) ?? [];
    if (v6Host !== undefined) return { kind: "tcp", host: v6Host, port: v6Port ? Number(v6Port) : undefined };
    const colon = hp.lastIndexOf(":");
    if (colon < 0) return { kind: "tcp", host: hp, port: undefined };
    const port = hp.slice(colon + 1);
    return { kind: "tcp", host: hp.slice(0, colon), port: port === "" ? undefined : Number(port) };
  }
  return { kind: "other", spec: s };
}

/** /var/run is a symlink to /run on every current distribution; dockerd's default socket is written either way. */
export function normaliseUnixPath(p: string): string {
  const n = path.posix.normalize(p);
  return n === "/var/run" ? "/run" : n.startsWith("/var/run/") ? `/run/${n.slice("/var/run/".length)}` : n;
}

/** Expanded lowercase IPv6 or dotted IPv4 (v4-mapped IPv6 → IPv4); undefined for a host name. */
export function normaliseIp(host: string): string | undefined {
  if (net.isIPv4(host)) return host;
  if (!net.isIPv6(host)) return undefined;
  let h = host.toLowerCase();
  const [, v4] = /(\d+\.\d+\.\d+\.\d+)$/.exec(h) ?? [];
  if (v4 !== undefined) {
    const n = v4.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    h = h.slice(0, -v4.length) + `${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head, tail] = h.split("::");
  const hs = head ? head.split(":") : [];
  const ts = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? hs : [...hs, ...Array<string>(8 - hs.length - ts.length).fill("0"), ...ts];
  const full = groups.map((g) => g.padStart(4, "0"));
  if (full.slice(0, 5).every((g) => g === "0000") && full[5] === "ffff") return [...Buffer.from(full.slice(6).join(""), "hex")].join(".");
  return full.join(":");
}

const WILDCARDS = new Set(["0.0.0.0", "0000:0000:0000:0000:0000:0000:0000:0000"]);
const LOOPBACK = (a: string) => a.startsWith("127.") || a === "0000:0000:0000:0000:0000:0000:0000:0001";

/** Whether a socket listening on `address` can be the one a client reaches at `host`. */
export function listenerServesHost(address: string, host: string): boolean {
  if (WILDCARDS.has(address)) return true;
  const ip = normaliseIp(host);
  if (ip !== undefined) return ip === address;
  if (host === "localhost") return LOOPBACK(address);
  // A host name we do not resolve (no network lookups while auditing): the port alone has to do.
  return true;
}

/** Whether dockerd's `-H`/hosts value `served` covers the client endpoint `audited`. */
export function endpointServes(served: Endpoint, audited: Endpoint): boolean {
  if (served.kind === "unix" && audited.kind === "unix") return served.path === audited.path;
  if (served.kind === "tcp" && audited.kind === "tcp") {
    // dockerd's default tcp port is 2375 (2376 with TLS); an unset port on either side matches both.
    const ports = (p: number | undefined) => (p === undefined ? [2375, 2376] : [p]);
    if (!ports(served.port).some((p) => ports(audited.port).includes(p))) return false;
    const servedIp = served.host === "" ? "0.0.0.0" : normaliseIp(served.host);
    if (servedIp !== undefined) return listenerServesHost(servedIp, audited.host);
    return served.host === audited.host;
  }
  return false;
}
