// The Engine API's event stream (GET /events) for `dockaudit watch`: one JSON object per line, reduced on arrival to
// what the watcher needs — type, action, the actor's id and name, the time. Everything else an event carries (labels
// in Actor.Attributes, an exec's command line after "exec_create: ", a container's environment in some engines'
// attributes) is dropped here, so no secret value can travel further.
import { redactText } from "../secrets/redact.js";
import { engineStream, type EngineStream } from "./transports/engine-http.js";
import type { DockerEndpoint } from "./engine-api/engine-api.js";

export type EventType = "container" | "network" | "image" | "daemon";
export const WATCHED_TYPES: readonly EventType[] = ["container", "network", "image", "daemon"];

export interface EngineEvent {
  type: EventType;
  /** The action without its argument: "exec_create: sh -c …" → "exec_create", "health_status: healthy" → "health_status". */
  action: string;
  /** The actor's id (a container, network or image id; an image reference for some image actions). */
  id: string;
  /** A container's name (containers), the network's name, or the image reference; no other attribute is kept. */
  name?: string;
  /** For network connect/disconnect: the container id. */
  container?: string;
  /** Seconds since the epoch (fractional: from timeNano when given). */
  time: number;
}

const MAX_FIELD = 256;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,255}$/;

function cleanName(v: unknown): string | undefined {
  if (typeof v !== "string" || v === "") return undefined;
  // Control characters removed, cut to a bound, anything credential-shaped redacted (an image reference with user:pass@).
  const t = redactText(v.replace(/[\x00-\x1f\x7f-\x9f]/g, "").slice(0, MAX_FIELD));
  return t === "" ? undefined : t;
}

/** One line of GET /events → an event, or undefined for anything else (not JSON, another type, no actor id). */
export function parseEvent(line: string): EngineEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as { Type?: unknown; type?: unknown; Action?: unknown; status?: unknown; Actor?: { ID?: unknown; Attributes?: Record<string, unknown> }; id?: unknown; time?: unknown; timeNano?: unknown };
  const type = typeof r.Type === "string" ? r.Type : typeof r.type === "string" ? r.type : undefined;
  if (!type || !(WATCHED_TYPES as readonly string[]).includes(type)) return undefined;
  const actionRaw = typeof r.Action === "string" ? r.Action : typeof r.status === "string" ? r.status : "";
  const action = (actionRaw.split(":")[0] ?? "").trim().toLowerCase();
  if (!/^[a-z_]{1,40}$/.test(action)) return undefined;
  const idRaw = typeof r.Actor?.ID === "string" ? r.Actor.ID : typeof r.id === "string" ? r.id : "";
  if (!ID.test(idRaw) && type !== "daemon") return undefined;
  const attrs = r.Actor?.Attributes && typeof r.Actor.Attributes === "object" ? r.Actor.Attributes : {};
  const time = typeof r.timeNano === "number" && Number.isFinite(r.timeNano) ? r.timeNano / 1e9 : typeof r.time === "number" && Number.isFinite(r.time) ? r.time : Date.now() / 1000;
  const ev: EngineEvent = { type: type as EventType, action, id: ID.test(idRaw) ? idRaw : "", time };
  const name = cleanName(attrs.name);
  if (name !== undefined) ev.name = name;
  if (type === "image" && ev.name === undefined && !/^sha256:/.test(idRaw)) ev.name = cleanName(idRaw);
  if (type === "network" && typeof attrs.container === "string" && /^[0-9a-f]{12,64}$/.test(attrs.container)) ev.container = attrs.container;
  return ev;
}

/**
 * Subscribes to GET /events for the watched types from `since` (seconds; events between the last full collection and
 * now are replayed, so none is lost in between). `onEvent` gets every parsed event; lines that are not events are
 * counted through `onIgnored`.
 */
export function subscribeEvents(ep: DockerEndpoint, since: number, onEvent: (e: EngineEvent) => void, opts: { connectTimeoutMs: number; onIgnored?: () => void }): EngineStream {
  if (ep.tls) throw new Error("dockaudit watch reads a unix socket or plain tcp endpoint; a TLS endpoint is not supported yet");
  const target = ep.socketPath ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port };
  return engineStream({ ...target, connectTimeoutMs: opts.connectTimeoutMs }, "/events", { since: since.toFixed(3), filters: { type: [...WATCHED_TYPES] } }, (line) => {
    const e = line === null ? undefined : parseEvent(line);
    if (e) onEvent(e);
    else opts.onIgnored?.();
  });
}
