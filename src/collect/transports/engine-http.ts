// GET requests to the Engine API over node:http/https: all dockaudit asks of a Docker client. It replaces
// dockerode, whose require() also loaded docker-modem's SSH transport (ssh2), gRPC and protobufjs for BuildKit
// sessions never used here: ~240 ms of every audit's start-up from a checkout (measured), for one call to
// docker-modem's dial(). Answers and errors keep docker-modem's shape, so messages in snapshots are unchanged:
// a body that parses as JSON is returned parsed, any other body as a Buffer; a status other than 200 rejects with an
// Error "(HTTP code N) unexpected - <message> " carrying `statusCode` and `json` (the parsed body, or the Buffer).
import http from "node:http";
import { stringify } from "node:querystring";

export interface EngineHttpOptions {
  /** Unix socket of the daemon (this machine's). */
  socketPath?: string;
  /** tcp host and port, or the name given to `agent` (which forwards every connection itself). */
  host?: string;
  port?: number;
  /** TLS client material: https when present. */
  tls?: { ca: Buffer; cert: Buffer; key: Buffer };
  agent?: http.Agent;
  /** ms of silence after which a request is destroyed (its error: "socket hang up"). */
  timeoutMs: number;
  /** Bound on one answer's size (default MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

export interface EngineHttpError extends Error {
  statusCode?: number;
  json?: unknown;
}

/** Bound on one answer: a host of 5000 containers with 1 MB labels answers /containers/json in well under this. */
export const MAX_ANSWER_BYTES = 512 << 20;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One GET; `query` values are sent as docker-modem sent them (objects as JSON). */
export async function engineGet(o: EngineHttpOptions, path: string, query?: Record<string, unknown>): Promise<unknown> {
  // node:https (and with it tls) is loaded only for a TLS endpoint: ~20 ms of start-up otherwise.
  const https = o.tls ? (await import("node:https")).default : undefined;
  const q = query ? stringify(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v && typeof v === "object" && !Array.isArray(v) ? JSON.stringify(v) : v])) as Record<string, string>) : "";
  const fullPath = q ? `${path}?${q}` : path;
  const request: http.RequestOptions = { method: "GET", path: fullPath, headers: {} };
  if (o.socketPath && !o.host) request.socketPath = o.socketPath;
  else Object.assign(request, { hostname: o.host, port: o.port });
  if (o.agent) request.agent = o.agent;
  // Plain HTTP has no TLS server name: an empty one spares node's agent from computing it with net.isIP, whose
  // first call compiles its IPv6 regular expression (~15 ms of every audit, measured).
  if (!o.tls) (request as http.RequestOptions & { servername?: string }).servername = "";
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = https && o.tls ? https.request({ ...request, ...o.tls }) : http.request(request);
    } catch (e) {
      reject(e);
      return;
    }
    req.setTimeout(o.timeoutMs, () => req.destroy());
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      const max = o.maxAnswerBytes ?? MAX_ANSWER_BYTES;
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > max) {
          req.destroy();
          reject(new Error(`the Engine API's answer to GET ${path} exceeds ${max} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => {
        const buffer = Buffer.concat(chunks);
        const body = parseJson(buffer.toString()) || buffer;
        if (res.statusCode === 200) {
          resolve(body);
          return;
        }
        const cause = body as { message?: unknown; error?: unknown };
        const err: EngineHttpError = new Error(`(HTTP code ${res.statusCode}) unexpected - ${String(cause.message || cause.error || cause)} `);
        err.statusCode = res.statusCode;
        err.json = body;
        reject(err);
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
