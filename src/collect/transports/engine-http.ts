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

/** Bound on one line of a streamed answer (an event is well under 64 KiB; labels are its only unbounded part). */
export const MAX_STREAM_LINE_BYTES = 1 << 20;

export interface EngineStream {
  /** Settles when the stream ends: resolves on a clean end, rejects with why otherwise (refused, reset, HTTP error). */
  done: Promise<void>;
  /** Ends the stream (done then resolves). */
  close(): void;
}

/**
 * A streamed GET (`/events`): the answer is read as newline-delimited text and each non-empty line handed to
 * `onLine` as it arrives. No idle timeout (an events stream is silent between events); a line above `maxLineBytes`
 * is dropped whole and reported through `onLine` as null, so memory stays bounded whatever the daemon sends.
 */
export function engineStream(o: Omit<EngineHttpOptions, "timeoutMs"> & { connectTimeoutMs: number; maxLineBytes?: number }, path: string, query: Record<string, unknown>, onLine: (line: string | null) => void): EngineStream {
  const q = stringify(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v && typeof v === "object" ? JSON.stringify(v) : v])) as Record<string, string>);
  const request: http.RequestOptions = { method: "GET", path: q ? `${path}?${q}` : path, headers: {} };
  if (o.socketPath && !o.host) request.socketPath = o.socketPath;
  else Object.assign(request, { hostname: o.host, port: o.port });
  if (o.agent) request.agent = o.agent;
  let req: http.ClientRequest | undefined;
  let closed = false;
  const done = new Promise<void>((resolve, reject) => {
    const start = async () => {
      const https = o.tls ? (await import("node:https")).default : undefined;
      if (closed) return resolve();
      req = https && o.tls ? https.request({ ...request, ...o.tls }) : http.request(request);
      // Only until the answer's head: a daemon accepting the connection and never answering.
      const connectTimer = setTimeout(() => req?.destroy(new Error(`no answer to GET ${path} within ${o.connectTimeoutMs} ms`)), o.connectTimeoutMs);
      req.on("response", (res) => {
        clearTimeout(connectTimer);
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => { if (chunks.length < 16) chunks.push(c); });
          res.on("end", () => {
            const body = parseJson(Buffer.concat(chunks).toString()) as { message?: unknown } | null;
            const err: EngineHttpError = new Error(`(HTTP code ${res.statusCode}) unexpected - ${String(body?.message ?? "")} `);
            err.statusCode = res.statusCode;
            reject(err);
          });
          return;
        }
        const max = o.maxLineBytes ?? MAX_STREAM_LINE_BYTES;
        let parts: Buffer[] = [];
        let size = 0;
        let dropping = false;
        res.on("data", (chunk: Buffer) => {
          let from = 0;
          for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
            const piece = chunk.subarray(from, nl);
            from = nl + 1;
            if (dropping || size + piece.length > max) {
              onLine(null);
            } else {
              const line = (parts.length ? Buffer.concat([...parts, piece]) : piece).toString().trim();
              if (line) onLine(line);
            }
            parts = [];
            size = 0;
            dropping = false;
          }
          const rest = chunk.subarray(from);
          if (rest.length === 0 || dropping) return;
          if (size + rest.length > max) {
            dropping = true;
            parts = [];
            size = 0;
            return;
          }
          parts.push(Buffer.from(rest));
          size += rest.length;
        });
        res.on("end", () => (closed ? resolve() : reject(new Error(`the daemon ended GET ${path}`))));
        res.on("error", (e) => (closed ? resolve() : reject(e)));
        res.on("close", () => (closed ? resolve() : reject(new Error(`the daemon closed GET ${path}`))));
      });
      req.on("error", (e) => {
        clearTimeout(connectTimer);
        if (closed) resolve();
        else reject(e);
      });
      req.end();
    };
    start().catch(reject);
  });
  return {
    done,
    close() {
      closed = true;
      req?.destroy();
    },
  };
}
