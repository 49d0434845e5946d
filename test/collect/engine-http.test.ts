// The Engine API client: one GET over a unix socket, answers bounded in size (a hostile or broken endpoint
// cannot make the auditor buffer without limit), errors in docker-modem's shape.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineGet } from "../../src/collect/transports/engine-http.js";

describe("Engine API GETs", () => {
  let dir: string;
  let server: http.Server;
  let socketPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dockaudit-http-"));
    socketPath = join(dir, "api.sock");
    server = http.createServer((req, res) => {
      if (req.url === "/big") {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(`"${"x".repeat(64 * 1024)}"`);
        return;
      }
      if (req.url === "/missing") {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: "No such container: x" }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns the parsed JSON answer, with the query sent as docker-modem sends it", async () => {
    const r = await engineGet({ socketPath, timeoutMs: 5000 }, "/containers/json", { all: true, filters: { status: ["running"] } });
    expect(r).to.deep.equal({ ok: true, url: "/containers/json?all=true&filters=%7B%22status%22%3A%5B%22running%22%5D%7D" });
  });

  it("rejects a non-200 answer with the daemon's message and status code", async () => {
    const err = await engineGet({ socketPath, timeoutMs: 5000 }, "/missing").then(() => undefined, (e: Error & { statusCode?: number }) => e);
    expect(err?.message).to.equal("(HTTP code 404) unexpected - No such container: x ");
    expect(err?.statusCode).to.equal(404);
  });

  it("refuses an answer beyond the size bound instead of buffering it", async () => {
    const err = await engineGet({ socketPath, timeoutMs: 5000, maxAnswerBytes: 16 * 1024 }, "/big").then(() => undefined, (e: Error) => e);
    expect(err?.message).to.equal("the Engine API's answer to GET /big exceeds 16384 bytes");
    const ok = await engineGet({ socketPath, timeoutMs: 5000 }, "/big");
    expect(ok).to.be.a("string").with.length(64 * 1024);
  });
});
