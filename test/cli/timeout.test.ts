// A daemon that accepts the connection and never answers: the audit gives up with exit 3, naming the endpoint
// and the timeout, instead of waiting (the former Docker client's default was 60 s per request). A real Unix socket server here.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli.js";

describe("cli: an unresponsive daemon", function () {
  this.timeout(30_000);
  let dir: string;
  let server: Server;
  const sockets = new Set<Socket>();
  let requests = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dockaudit-hang-"));
    // Accepts every connection and reads the request, but never writes a byte back.
    server = createServer((s) => {
      sockets.add(s);
      s.once("data", () => requests++);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(join(dir, "docker.sock"), resolve));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const host = () => `unix://${join(dir, "docker.sock")}`;

  it("exits 3 within the default 10 s, naming the endpoint and the timeout", async () => {
    const before = requests;
    const t0 = Date.now();
    const r = await runCli(["audit", "--no-config", "--docker-host", host(), "-f", "json"]);
    const elapsed = Date.now() - t0;
    expect(r.code, r.stderr).to.equal(3);
    expect(requests, "the request reached the socket").to.be.greaterThan(before);
    expect(r.stderr).to.contain(host()).and.contain("did not answer within 10 s (--timeout)");
    expect(r.stdout, "no half-written report").to.equal("");
    // The deadline counts from dockaudit's start and leaves room for its exit: under 10 s from spawn to exit.
    expect(elapsed).to.be.below(10_000);
  });

  it("--timeout changes the wait, for audit and collect alike", async () => {
    const a = await runCli(["audit", "--no-config", "--docker-host", host(), "--timeout", "2"]);
    expect(a.code, a.stderr).to.equal(3);
    expect(a.stderr).to.contain("did not answer within 2 s (--timeout)");
    const c = await runCli(["collect", "--docker-host", host(), "--timeout", "1.5"]);
    expect(c.code, c.stderr).to.equal(3);
    expect(c.stderr).to.contain("did not answer within 1.5 s");
  });

  it("--timeout rejects what is not a number of seconds (exit 2)", async () => {
    for (const bad of ["0", "-1", "soon", ""]) {
      const r = await runCli(["audit", "--no-config", "--docker-host", host(), "--timeout", bad]);
      expect(r.code, `${bad}: ${r.stderr}`).to.equal(2);
      expect(r.stderr).to.contain("--timeout takes a number of seconds above 0");
    }
  });
});
