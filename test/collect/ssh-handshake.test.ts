// The SSH handshake retry: sshd drops connections beyond MaxStartups before saying a word; dockaudit tries again
// (at most HANDSHAKE_ATTEMPTS in all) and gives up at once on anything else. An in-process ssh2 server behind a
// loopback proxy that drops the first N connections stands in for a busy sshd.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import { HANDSHAKE_ATTEMPTS, openSshHost } from "../../src/collect/transports/ssh.js";

const { Server, utils } = ssh2;

describe("ssh transport: handshake retry", function () {
  let dir: string;
  let server: InstanceType<typeof Server>;
  let serverPort: number;
  let proxy: net.Server;
  let proxyPort: number;
  let dropFirst = 0;
  let connections = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dockaudit-ssh-retry-"));
    const host = utils.generateKeyPairSync("ed25519");
    const client = utils.generateKeyPairSync("ed25519");
    writeFileSync(join(dir, "id"), client.private, { mode: 0o600 });
    server = new Server({ hostKeys: [host.private] }, (conn) => {
      conn.on("authentication", (ctx) => (ctx.method === "publickey" ? ctx.accept() : ctx.reject(["publickey"])));
      conn.on("session", (accept) => accept().on("sftp", (ok) => ok()));
      conn.on("error", () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    serverPort = (server.address() as net.AddressInfo).port;
    // Drops the first `dropFirst` connections right after accepting them, as sshd does past MaxStartups.
    proxy = net.createServer((inbound) => {
      inbound.on("error", () => undefined);
      if (++connections <= dropFirst) return inbound.destroy();
      const out = net.connect(serverPort, "127.0.0.1");
      out.on("error", () => inbound.destroy());
      inbound.pipe(out).pipe(inbound);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    proxyPort = (proxy.address() as net.AddressInfo).port;
    const pub = host.public.split(/\s+/).slice(0, 2).join(" ");
    writeFileSync(join(dir, "known_hosts"), `[127.0.0.1]:${proxyPort} ${pub}\n`);
  });

  after(async () => {
    await new Promise((r) => proxy.close(r));
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (port = proxyPort) => openSshHost(`ssh://root@127.0.0.1:${port}`, { identityFile: join(dir, "id"), knownHostsFile: join(dir, "known_hosts"), env: {}, home: dir, configFile: join(dir, "none"), timeoutSeconds: 10 });

  it("connects after sshd dropped the first connections before its version line", async () => {
    dropFirst = HANDSHAKE_ATTEMPTS - 1;
    connections = 0;
    const remote = await open();
    remote.close();
    expect(connections).to.equal(HANDSHAKE_ATTEMPTS);
  });

  it("gives up after HANDSHAKE_ATTEMPTS drops, saying so", async () => {
    dropFirst = 1000;
    connections = 0;
    const err = await open().then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/cannot audit ssh:\/\/root@127\.0\.0\.1:\d+: Connection lost before handshake \(3 attempts; sshd's MaxStartups\?\)/);
    expect(connections).to.equal(HANDSHAKE_ATTEMPTS);
  });

  it("does not retry a refused port", async () => {
    const free = await new Promise<number>((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
    const err = await open(free).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/ECONNREFUSED/);
    expect(err?.message).not.to.match(/attempts/);
  });
});
