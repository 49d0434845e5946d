// The SFTP side of the SSH transport without a server: a fake SFTP session that counts requests and answers them
// when the test says so, to pin down what the speed work changed (closes not waited for, shared /proc/PID files
// read once per collection by HostFs, requests batched into one write).
import { expect } from "chai";
import type { SFTPWrapper } from "ssh2";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { sftpOps, tickBatcher } from "../../src/collect/transports/ssh.js";

type Cb = (err: (Error & { code?: number }) | null | undefined, ...v: unknown[]) => void;

/** A fake SFTP session over an in-memory file table; `pending` holds the close callbacks until released. */
function fakeSftp(files: Record<string, string>, links: Record<string, string> = {}) {
  const counts: Record<string, number> = {};
  const closes: Cb[] = [];
  const count = (m: string) => { counts[m] = (counts[m] ?? 0) + 1; };
  const sftp = {
    open(p: string, _flags: string, cb: Cb) {
      count("open");
      const text = files[p];
      setImmediate(() => (text === undefined ? cb(Object.assign(new Error("No such file"), { code: 2 })) : cb(null, Buffer.from(p))));
    },
    read(handle: Buffer, buf: Buffer, off: number, len: number, pos: number, cb: Cb) {
      count("read");
      const data = Buffer.from(files[handle.toString()] ?? "");
      const n = Math.max(0, Math.min(len, data.length - pos));
      data.copy(buf, off, pos, pos + n);
      setImmediate(() => (n === 0 ? cb(Object.assign(new Error("EOF"), { code: 1 })) : cb(null, n)));
    },
    close(_h: Buffer, cb: Cb) { count("close"); closes.push(cb); },
    stat(p: string, cb: Cb) {
      count("stat");
      const text = files[p];
      setImmediate(() => (text === undefined ? cb(Object.assign(new Error("No such file"), { code: 2 })) : cb(null, { mode: 0o100644, uid: 0, gid: 0, size: Buffer.byteLength(text), mtime: 0 })));
    },
    readlink(p: string, cb: Cb) {
      count("readlink");
      setImmediate(() => (links[p] === undefined ? cb(Object.assign(new Error("No such file"), { code: 2 })) : cb(null, links[p])));
    },
  };
  return { sftp: sftp as unknown as SFTPWrapper, counts, closes };
}

describe("ssh transport: SFTP requests", () => {
  it("reads a file in open, read, read-to-EOF and a close it does not wait for", async () => {
    const f = fakeSftp({ "/proc/1/status": "Name:\tinit\nPPid:\t0\n" });
    const text = await sftpOps(f.sftp).readText("/proc/1/status", 1 << 20);
    expect(text).to.equal("Name:\tinit\nPPid:\t0\n");
    // The close was sent but its reply never came: the read still completed.
    expect(f.counts).to.deep.equal({ open: 1, read: 2, close: 1 });
    expect(f.closes).to.have.length(1);
  });

  it("still reads a file larger than one read to its end, and a missing file is ENOENT with the path", async () => {
    const big = "x".repeat(80 * 1024);
    const f = fakeSftp({ "/etc/big": big });
    const ops = sftpOps(f.sftp);
    expect(await ops.readText("/etc/big", 1 << 20)).to.equal(big);
    expect(f.counts.read).to.equal(4);
    const err = await ops.readText("/etc/missing", 1 << 20).then(() => undefined, (e: Error & { code?: string }) => e);
    expect(err?.code).to.equal("ENOENT");
  });

  it("through HostFs, reads each shared /proc/PID file once per collection, other paths every time", async () => {
    const f = fakeSftp({ "/proc/7/cmdline": "dockerd\0-H\0fd://\0", "/proc/7/status": "Name:\tdockerd\n", "/etc/hostname": "h\n" }, { "/proc/7/exe": "/usr/bin/dockerd" });
    const fs = new HostFs("/", sftpOps(f.sftp));
    // Two scans of the process table at once, as the dockerd and containerd searches do.
    const scan = () => Promise.all([fs.readText("/proc/7/cmdline"), fs.readText("/proc/7/status"), fs.readlink("/proc/7/exe")]);
    const [a, b] = await Promise.all([scan(), scan()]);
    expect(a).to.deep.equal(b);
    expect(a[0]).to.deep.equal({ ok: true, value: "dockerd\0-H\0fd://\0" });
    // cmdline and status: one open, two reads, one close each; exe: one readlink.
    expect(f.counts).to.deep.equal({ open: 2, read: 4, close: 2, readlink: 1 });
    // Other paths are read every time.
    await fs.readText("/etc/hostname");
    await fs.readText("/etc/hostname");
    expect(f.counts.open).to.equal(4);
    // A failure is shared too, as the same error (never turned into a value).
    const miss = await Promise.all([fs.readText("/proc/8/cmdline"), fs.readText("/proc/8/cmdline")]);
    expect(miss.map((r) => (r.ok ? "value" : r.error.code))).to.deep.equal(["ENOENT", "ENOENT"]);
    expect(f.counts.open).to.equal(5);
  });

  it("corks the socket once per burst of requests and uncorks it after the burst", async () => {
    const events: string[] = [];
    const batch = tickBatcher({ cork: () => events.push("cork"), uncork: () => events.push("uncork") } as never);
    batch();
    batch();
    // Promise continuations of the same burst (the replies' callbacks resume them) still go into the same write.
    await Promise.resolve();
    await new Promise<void>((r) => process.nextTick(r));
    batch();
    events.push("burst over?");
    await new Promise((r) => setImmediate(r));
    batch();
    await new Promise((r) => setImmediate(r));
    expect(events).to.deep.equal(["cork", "burst over?", "uncork", "cork", "uncork"]);
  });

  it("sends every request of a read through the batcher", async () => {
    const f = fakeSftp({ "/etc/hostname": "web-1\n" });
    let calls = 0;
    await sftpOps(f.sftp, () => calls++).readText("/etc/hostname", 1 << 20);
    // A file outside /proc and /sys is stat'ed before it is opened (a FIFO would block sftp-server's open).
    expect(f.counts.stat).to.equal(1);
    expect(calls).to.equal(f.counts.stat! + f.counts.open! + f.counts.read! + f.counts.close!);
  });
});
