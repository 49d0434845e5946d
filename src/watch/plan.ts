// What an event asks the watcher to collect again, and the coalescing of bursts: events are gathered into one pending
// batch (one entry per subject, however many events touched it) that is collected and evaluated once. Bounded: past
// `maxSubjects` distinct containers the batch becomes a full collection, which covers them all.
import type { EngineEvent } from "../collect/events.js";

/** Container actions after which its inspect, processes or kernel facts may differ. */
const CONTAINER_ACTIONS = new Set([
  "create", "start", "restart", "update", "rename", "die", "stop", "kill", "oom", "destroy", "pause", "unpause",
  // A process started with docker exec shows in the container's process list (the sshd and remote-shell checks):
  // from exec_start to exec_die. exec_create starts nothing yet.
  "exec_start", "exec_die",
]);
const NETWORK_ACTIONS = new Set(["create", "connect", "disconnect", "destroy", "remove", "update"]);
const IMAGE_ACTIONS = new Set(["pull", "push", "tag", "untag", "delete", "import", "load", "save"]);
const DAEMON_ACTIONS = new Set(["reload"]);

export interface Work {
  containers: string[];
  networks: boolean;
  images: boolean;
  full: boolean;
}

/** What one event touches; undefined when nothing a check reads can have changed. */
export function workFor(e: EngineEvent): Work | undefined {
  const none: Work = { containers: [], networks: false, images: false, full: false };
  switch (e.type) {
    case "container":
      return CONTAINER_ACTIONS.has(e.action) && e.id ? { ...none, containers: [e.id] } : undefined;
    case "network":
      if (!NETWORK_ACTIONS.has(e.action)) return undefined;
      // A container joining or leaving a network changes its own NetworkSettings too.
      return { ...none, networks: true, containers: e.container ? [e.container] : [] };
    case "image":
      return IMAGE_ACTIONS.has(e.action) ? { ...none, images: true } : undefined;
    case "daemon":
      return DAEMON_ACTIONS.has(e.action) ? { ...none, full: true } : undefined;
  }
  return undefined;
}

export interface Batch extends Work {
  /** The last event per touched subject (container id, "networks", "images", "daemon"): the cause named in change lines. */
  causes: Map<string, EngineEvent>;
  /** A reason for a full collection not caused by an event (resync, reconnect, burst). */
  reason?: string;
}

export class Coalescer {
  private containers = new Map<string, EngineEvent>();
  private networks?: EngineEvent;
  private images?: EngineEvent;
  private daemon?: EngineEvent;
  private fullReason?: string;
  private lastEvent?: EngineEvent;

  constructor(private readonly maxSubjects = 512) {}

  /** Adds an event; true when it asked for work. */
  add(e: EngineEvent): boolean {
    const w = workFor(e);
    if (!w) return false;
    this.lastEvent = e;
    if (w.full) {
      this.daemon = e;
      this.requestFull(`daemon ${e.action}`);
    }
    if (w.networks) this.networks = e;
    if (w.images) this.images = e;
    for (const id of w.containers) {
      if (this.fullReason) break;
      // The container's own last event names the cause; a network event only when none came.
      const had = this.containers.get(id);
      if (had && e.type !== "container" && had.type === "container") continue;
      this.containers.set(id, e);
      if (this.containers.size > this.maxSubjects) this.requestFull(`more than ${this.maxSubjects} containers changed at once`);
    }
    return true;
  }

  /** Everything is collected again (resync, reconnect, burst): the per-subject entries are dropped (bounded memory). */
  requestFull(reason: string): void {
    this.fullReason ??= reason;
    this.containers.clear();
  }

  get pending(): boolean {
    return this.fullReason !== undefined || this.containers.size > 0 || this.networks !== undefined || this.images !== undefined;
  }

  get size(): number {
    return this.containers.size;
  }

  /** The batch to run now; the coalescer starts empty again. */
  take(): Batch {
    const causes = new Map<string, EngineEvent>(this.containers);
    if (this.networks) causes.set("networks", this.networks);
    if (this.images) causes.set("images", this.images);
    if (this.daemon) causes.set("daemon", this.daemon);
    if (this.fullReason && this.lastEvent && causes.size === 0) causes.set("last", this.lastEvent);
    const b: Batch = {
      containers: [...this.containers.keys()],
      networks: this.networks !== undefined,
      images: this.images !== undefined,
      full: this.fullReason !== undefined,
      causes,
    };
    if (this.fullReason) b.reason = this.fullReason;
    this.containers = new Map();
    this.networks = this.images = this.daemon = this.lastEvent = undefined;
    this.fullReason = undefined;
    return b;
  }
}

/** Reconnect delay after `attempt` failures in a row: doubling from `baseMs`, capped at `capMs`. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 30_000): number {
  if (!Number.isFinite(attempt) || attempt < 0) return baseMs;
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
}
