// The HTTP endpoint of `dockaudit watch` (node:http only): GET /metrics (Prometheus text format 0.0.4) and
// GET /healthz (200 "ok" while the daemon answers, 503 with the reason otherwise). Nothing else is served.
import http from "node:http";

export interface Listen {
  host: string;
  port: number;
}

/**
 * `--listen`: "PORT" (on 127.0.0.1), "ADDR:PORT" or "[IPv6]:PORT". Throws with a one-line reason for anything else;
 * an empty address (":9323") is refused rather than guessed.
 */
export function parseListen(v: string): Listen {
  const s = v.trim();
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+))?:?(\d{1,5})$/.exec(s);
  const only = /^\d{1,5}$/.test(s);
  if (!m || (!only && m[1] === undefined && m[2] === undefined)) throw new Error(`--listen takes PORT, ADDR:PORT or [IPv6]:PORT (got "${v}")`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`--listen: port ${port} is above 65535`);
  return { host: only ? "127.0.0.1" : (m[1] ?? m[2] ?? "127.0.0.1"), port };
}

export function startServer(listen: Listen, handlers: { metrics: () => string; health: () => { ok: boolean; why?: string } }): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "Content-Type": "text/plain; charset=utf-8", Allow: "GET, HEAD" }).end("method not allowed\n");
      return;
    }
    if (path === "/metrics") {
      const body = handlers.metrics();
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Content-Length": Buffer.byteLength(body) }).end(req.method === "HEAD" ? undefined : body);
      return;
    }
    if (path === "/healthz") {
      const h = handlers.health();
      res.writeHead(h.ok ? 200 : 503, { "Content-Type": "text/plain; charset=utf-8" }).end(h.ok ? "ok\n" : `unavailable: ${h.why ?? "unknown"}\n`);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found (try /metrics or /healthz)\n");
  });
  // Bounded: a scraper or two, never a slow client holding sockets.
  server.maxConnections = 64;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
