// The one safe read of a host file (src/collect/host-read.ts), locally, under --root and over a hostile SFTP
// server: a FIFO, socket, directory or device is refused by type without blocking, a file over its bound is
// refused naming the bound, procfs files (size 0) are still read to their end, and over SFTP every request, read
// and listing is bounded in time, size and entries. Everything planted lives in this file's own temp directory.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SFTPWrapper } from "ssh2";
import { HostFs } from "../../src/collect/transports/host-fs.js";
import { CONFIG_FILE_MAX_BYTES, HostReadError, PROC_FILE_MAX_BYTES, isKernelFile, readBound, readRegularSync } from "../../src/collect/transports/host-read.js";
import { sftpOps, type SftpSession } from "../../src/collect/transports/ssh.js";
import { describeAsRoot } from "../support/required.js";

function refusal(fn: () => unknown): HostReadError | NodeJS.ErrnoException {
  try {
    fn();
  } catch (e) {
    return e as HostReadError;
  }
  throw new Error("expected the read to be refused");
}

describe("host reads: the safe read primitive", function () {
  this.timeout(10_000);
  let dir: string;
  let server: net.Server;
  const fifo = () => join(dir, "fifo");

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dockaudit-hostread-"));
    const mk = spawnSync("mkfifo", [fifo()]);
    if (mk.status !== 0) throw new Error(`mkfifo: ${mk.stderr.toString()}`);
    writeFileSync(join(dir, "small.json"), '{"debug": true}\n');
    // A 1 GiB sparse file: costs no disk, and fstat says 1 GiB.
    closeSync(openSync(join(dir, "sparse"), "w"));
    truncateSync(join(dir, "sparse"), 1024 ** 3);
    mkdirSync(join(dir, "adir"));
    symlinkSync("/dev/zero", join(dir, "to-zero"));
    server = net.createServer();
    await new Promise<void>((r) => server.listen(join(dir, "sock"), r));
  });
  after(async () => {
    // Release any reader still waiting on the FIFO (none should be), then remove everything planted.
    try {
      closeSync(openSync(fifo(), "r+"));
    } catch { /* gone */ }
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a regular file", () => {
    expect(readRegularSync(join(dir, "small.json"), "/etc/docker/daemon.json", CONFIG_FILE_MAX_BYTES)).to.equal('{"debug": true}\n');
  });

  it("refuses a FIFO at once, with or without the stat before opening (never a blocking open)", () => {
    for (const statFirst of [true, false]) {
      const e = refusal(() => readRegularSync(fifo(), "/etc/docker/daemon.json", CONFIG_FILE_MAX_BYTES, statFirst)) as HostReadError;
      expect(e).to.be.instanceOf(HostReadError);
      expect(e.code).to.equal("ENOTREG");
      expect(e.message).to.equal("/etc/docker/daemon.json is a FIFO, not a regular file");
    }
  });

  it("refuses a socket, a directory, a character device and a symlink to /dev/zero, naming the type", () => {
    const cases: [string, string][] = [
      [join(dir, "sock"), "a socket"],
      [join(dir, "adir"), "a directory"],
      ["/dev/zero", "a character device"],
      ["/dev/null", "a character device"],
      [join(dir, "to-zero"), "a character device"],
    ];
    for (const [p, kind] of cases) {
      for (const statFirst of [true, false]) {
        const e = refusal(() => readRegularSync(p, "/etc/default/docker", CONFIG_FILE_MAX_BYTES, statFirst));
        expect(e.message, p).to.equal(`/etc/default/docker is ${kind}, not a regular file`);
      }
    }
  });

  it("refuses a file over its bound without reading it, naming the bound", () => {
    const e = refusal(() => readRegularSync(join(dir, "sparse"), "/etc/docker/daemon.json", CONFIG_FILE_MAX_BYTES));
    expect(e.code).to.equal("EFBIG");
    expect(e.message).to.equal("/etc/docker/daemon.json is larger than 4 MiB (the most dockaudit reads of such a file)");
    const small = refusal(() => readRegularSync(join(dir, "small.json"), "/x", 8));
    expect(small.message).to.contain("larger than 8 bytes");
  });

  it("reads procfs files (fstat size 0) to their end, and bounds them all the same", () => {
    const status = readRegularSync("/proc/self/status", "/proc/self/status", PROC_FILE_MAX_BYTES, false);
    expect(status).to.match(/^Name:/).and.to.contain("\nPid:");
    // /proc/self/maps is larger than a few bytes: a tiny bound refuses it though fstat says 0.
    const e = refusal(() => readRegularSync("/proc/self/maps", "/proc/self/maps", 64, false));
    expect(e.code).to.equal("EFBIG");
  });

  it("bounds: 4 MiB for configuration files, 16 MiB for /proc and /sys; only kernel files skip the stat", () => {
    expect(readBound("/etc/docker/daemon.json")).to.equal(4 * 1024 * 1024);
    expect(readBound("/proc/123/net/unix")).to.equal(16 * 1024 * 1024);
    expect(isKernelFile("/proc/123/cmdline")).to.equal(true);
    expect(isKernelFile("/proc/net/unix")).to.equal(true);
    expect(isKernelFile("/sys/kernel/security/apparmor/profiles")).to.equal(true);
    for (const p of ["/proc/123/fd/3", "/proc/123/root/etc/docker/daemon.json", "/proc/123/cwd/daemon.json", "/proc/../dev/zero", "/etc/passwd"]) {
      expect(isKernelFile(p), p).to.equal(false);
    }
  });

  it("through HostFs under --root: a planted FIFO, device link and sparse file are errors naming the audited path", async () => {
    const root = join(dir, "root");
    mkdirSync(join(root, "etc/docker"), { recursive: true });
    mkdirSync(join(root, "proc/42"), { recursive: true });
    spawnSync("mkfifo", [join(root, "etc/docker/daemon.json")]);
    symlinkSync("/dev/zero", join(root, "proc/42/cmdline"));
    closeSync(openSync(join(root, "proc/42/status"), "w"));
    truncateSync(join(root, "proc/42/status"), 1024 ** 3);
    const fs = new HostFs(root);
    const [a, b, c] = await Promise.all([fs.readText("/etc/docker/daemon.json"), fs.readText("/proc/42/cmdline"), fs.readText("/proc/42/status")]);
    expect(a).to.deep.include({ ok: false });
    expect(!a.ok && a.error.message).to.equal("/etc/docker/daemon.json is a FIFO, not a regular file");
    // An absolute link under --root resolves inside the root: /dev/zero there does not exist.
    expect(!b.ok && b.error.code).to.equal("ENOENT");
    expect(!c.ok && c.error.message).to.equal("/proc/42/status is larger than 16 MiB (the most dockaudit reads of such a file)");
    try {
      closeSync(openSync(join(root, "etc/docker/daemon.json"), "r+"));
    } catch { /* gone */ }
  });

  it("never reads /proc/kmsg, /proc/PID/mem or trace_pipe (a read that blocks or takes the kernel log), by path", async () => {
    const fs = new HostFs("/");
    for (const p of ["/proc/kmsg", "/proc/1/mem", "/proc/self/pagemap", "/sys/kernel/tracing/trace_pipe", "/sys/kernel/debug/tracing/trace_pipe"]) {
      const r = await fs.readText(p);
      expect(!r.ok && r.error.message, p).to.equal(`${p} is a kernel file whose read blocks or takes data from others: dockaudit never reads it`);
    }
    // Through a link or a dot-dot, the path is resolved first where HostFs resolves it (under --root), and the
    // real root's own resolution keeps the spelled path: the name check applies to the normalised path.
    const r = await fs.readText("/proc/../proc/kmsg");
    expect(r.ok).to.equal(false);
    // A link planted elsewhere that leads into /proc is refused by where it leads.
    const link = join(dir, "to-kmsg");
    symlinkSync("/proc/kmsg", link);
    const l = await fs.readText(link);
    expect(!l.ok && l.error.message).to.equal(`${link} leads into /proc or /sys (a kernel file is never read through another name)`);
    const self = join(dir, "to-status");
    symlinkSync("/proc/self/status", self);
    expect((await fs.readText(self)).ok).to.equal(false);
    // Deeper /proc paths named as such still read (the AppArmor label of a process).
    const attr = await fs.readText(`/proc/${process.pid}/attr/current`);
    expect(attr.ok || attr.error.code !== "EPERM", !attr.ok ? attr.error.message : "").to.equal(true);
  });

  it("through HostFs on the real root: a FIFO and /dev/zero are refused, /proc still reads", async () => {
    const fs = new HostFs("/");
    const [a, b, c] = await Promise.all([fs.readText(fifo()), fs.readText("/dev/zero"), fs.readText(`/proc/${process.pid}/cmdline`)]);
    expect(!a.ok && a.error.message).to.equal(`${fifo()} is a FIFO, not a regular file`);
    expect(!b.ok && b.error.message).to.equal("/dev/zero is a character device, not a regular file");
    expect(c.ok && c.value).to.contain("node");
  });
});

type Cb = (err: (Error & { code?: number }) | null | undefined, ...v: unknown[]) => void;
const REG = 0o100644;

/**
 * A hostile SFTP server: `modes` gives what stat answers, `hang` paths never answer an open, `endless` is a file
 * that never reaches EOF, and every opendir lists entries without end.
 */
function hostileSftp(modes: Record<string, { mode: number; size: number }>, hang = new Set<string>(), endless = new Set<string>()) {
  const counts: Record<string, number> = {};
  const count = (m: string) => { counts[m] = (counts[m] ?? 0) + 1; };
  let n = 0;
  const sftp = {
    stat(p: string, cb: Cb) {
      count("stat");
      const m = modes[p];
      setImmediate(() => (m ? cb(null, { ...m, uid: 0, gid: 0, mtime: 0 }) : cb(Object.assign(new Error("No such file"), { code: 2 }))));
    },
    open(p: string, _f: string, cb: Cb) {
      count("open");
      if (hang.has(p)) return; // sftp-server blocked in open(2) on a FIFO: no answer, ever
      setImmediate(() => cb(null, Buffer.from(p)));
    },
    read(h: Buffer, buf: Buffer, off: number, len: number, _pos: number, cb: Cb) {
      count("read");
      if (endless.has(h.toString())) {
        buf.fill(0, off, off + len);
        return setImmediate(() => cb(null, len));
      }
      setImmediate(() => cb(Object.assign(new Error("EOF"), { code: 1 })));
    },
    close(_h: Buffer, cb: Cb) { count("close"); setImmediate(() => cb(null)); },
    opendir(p: string, cb: Cb) { count("opendir"); setImmediate(() => cb(null, Buffer.from(p))); },
    readdir(_h: Buffer, cb: Cb) {
      count("readdir");
      setImmediate(() => cb(null, Array.from({ length: 100 }, () => ({ filename: String(++n) }))));
    },
  };
  return { sftp: sftp as unknown as SFTPWrapper, counts };
}

describe("host reads over a hostile SFTP server", function () {
  this.timeout(10_000);

  it("stats before opening: a FIFO, a device or an over-size file is refused without an open", async () => {
    const f = hostileSftp({
      "/etc/docker/daemon.json": { mode: 0o010644, size: 0 },
      "/etc/default/docker": { mode: 0o020666, size: 0 },
      "/etc/sysconfig/docker": { mode: REG, size: 1024 ** 3 },
    });
    const fs = new HostFs("/", sftpOps(f.sftp, undefined, { timeoutMs: 2000 }), "ssh://root@h:22");
    const [a, b, c] = await Promise.all(["/etc/docker/daemon.json", "/etc/default/docker", "/etc/sysconfig/docker"].map((p) => fs.readText(p)));
    expect(!a!.ok && a!.error.message).to.equal("/etc/docker/daemon.json is a FIFO, not a regular file");
    expect(!b!.ok && b!.error.message).to.equal("/etc/default/docker is a character device, not a regular file");
    expect(!c!.ok && c!.error.message).to.equal("/etc/sysconfig/docker is larger than 4 MiB (the most dockaudit reads of such a file)");
    expect(f.counts.open ?? 0).to.equal(0);
  });

  it("a file that never ends (a /proc file served from /dev/zero) stops at its bound", async () => {
    const f = hostileSftp({}, new Set(), new Set(["/proc/7/cmdline"]));
    const fs = new HostFs("/", sftpOps(f.sftp, undefined, { timeoutMs: 5000 }));
    const r = await fs.readText("/proc/7/cmdline");
    expect(!r.ok && r.error.code).to.equal("EFBIG");
    expect(!r.ok && r.error.message).to.equal("/proc/7/cmdline is larger than 16 MiB (the most dockaudit reads of such a file)");
    expect(f.counts.read).to.equal(Math.ceil((16 * 1024 * 1024 + 1) / (32 * 1024)));
  });

  it("an open that never answers times out, and the stuck session fails every later request at once", async () => {
    const f = hostileSftp({ "/etc/docker/daemon.json": { mode: REG, size: 10 } }, new Set(["/etc/docker/daemon.json", "/proc/9/status"]));
    const session: SftpSession = {};
    const fs = new HostFs("/", sftpOps(f.sftp, undefined, { timeoutMs: 300 }, session));
    const r = await fs.readText("/etc/docker/daemon.json");
    expect(!r.ok && r.error.code).to.equal("ETIMEDOUT");
    expect(!r.ok && r.error.message).to.equal("/etc/docker/daemon.json got no answer from the SFTP server within 0.3 s (--timeout)");
    expect(session.broken).to.contain("did not answer");
    const opens = f.counts.open;
    const later = await fs.readText("/proc/9/status");
    expect(!later.ok && later.error.message).to.contain("/proc/9/status was not read: the SFTP server did not answer a request within 0.3 s");
    expect(f.counts.open, "nothing more was sent").to.equal(opens);
    // Bounded by the timeout, not a hang (a generous margin: this asserts the bound exists, not a speed).
  });

  it("an endless directory listing stops at its entry bound", async () => {
    const f = hostileSftp({});
    const fs = new HostFs("/", sftpOps(f.sftp, undefined, { timeoutMs: 5000, maxEntries: 1000 }));
    const r = await fs.readDir("/proc");
    expect(!r.ok && r.error.message).to.equal("/proc lists more than 1000 entries (the most dockaudit reads of a directory)");
    expect(f.counts.readdir).to.equal(11);
    expect(f.counts.close).to.equal(1);
  });

  it("the default entry bound is 100,000", async () => {
    const f = hostileSftp({});
    const fs = new HostFs("/", sftpOps(f.sftp, undefined, { timeoutMs: 5000 }));
    const r = await fs.readDir("/proc");
    expect(!r.ok && r.error.message).to.contain("more than 100000 entries");
  });
});

// Container mode (--root /host): the host's /proc is procfs under the root. Its files are the host's kernel files and
// read as such; only a path that is no kernel file by name but leads into procfs is refused.
describeAsRoot("host reads under a --root whose /proc is the real procfs (the image's --root /host)", () => {
  let root: string;
  before(function () {
    root = mkdtempSync(join(tmpdir(), "dockaudit-procroot-"));
    mkdirSync(join(root, "proc"));
    mkdirSync(join(root, "etc", "docker"), { recursive: true });
    const r = spawnSync("mount", ["-t", "proc", "proc", join(root, "proc")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`mount -t proc: ${r.stderr.trim()}`);
    symlinkSync("/proc/kmsg", join(root, "etc", "docker", "daemon.json"));
  });
  after(() => {
    spawnSync("umount", ["-l", join(root, "proc")]);
    rmSync(root, { recursive: true, force: true });
  });

  it("reads /proc/1/mountinfo and /proc/self/status through the root", async () => {
    const fs = new HostFs(root);
    for (const p of ["/proc/1/mountinfo", "/proc/self/status"]) {
      const r = await fs.readText(p);
      expect(r.ok, `${p}: ${JSON.stringify(r)}`).to.equal(true);
      expect(r.ok && r.value.length).to.be.above(0);
    }
  });

  it("refuses a daemon.json that leads into that procfs, naming the audited path", async () => {
    const r = await new HostFs(root).readText("/etc/docker/daemon.json");
    expect(r.ok).to.equal(false);
    expect(JSON.stringify(!r.ok && r.error)).to.contain("/etc/docker/daemon.json").and.match(/kernel file|\/proc/);
  });
});

describe("SSH collection: a deadline on the whole of it", () => {
  it("withDeadline rejects with the given error and runs onExpire when the work does not finish in time; otherwise it is the work's result", async () => {
    const { withDeadline, SSH_DEADLINE_FACTOR } = await import("../../src/collect/transports/ssh.js");
    let closed = 0;
    const never = new Promise<string>(() => {});
    const err = await withDeadline(never, 50, () => new Error("did not finish within 0.05 s"), () => closed++).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error).with.property("message", "did not finish within 0.05 s");
    expect(closed).to.equal(1);
    expect(await withDeadline(Promise.resolve("snapshot"), 50, () => new Error("late"), () => closed++)).to.equal("snapshot");
    expect(closed).to.equal(1);
    // 30 × --timeout: 5 minutes at the default 10 s (docs/hostile-hosts.md).
    expect(SSH_DEADLINE_FACTOR).to.equal(30);
  });
});
