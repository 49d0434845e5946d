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
  const bad = () => new Error(`--listen takes PORT, ADDR:PORT or [IPv6]:PORT (got "${v}")`);
  let host = "127.0.0.1";
  let portText = s;
  if (!/^\d+$/.test(s)) {
    const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d+)$/.exec(s);
    if (!m) throw bad();
    host = (m[1] ?? m[2]) as string;
    portText = m[3] as string;
  }
  const port = Number(portText);
  if (portText.length > 5 || port > 65535) throw new Error(`--listen: port ${portText} is above 65535`);
  return { host, port };
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
