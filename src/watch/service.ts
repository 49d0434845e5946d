// `dockaudit watch`: one full audit, then the daemon's event stream drives partial collections of what each event
// touched, coalesced into batches; a full collection again every resync interval, after every reconnect and on SIGHUP.
// One worker: collections and evaluations never overlap, events arriving meanwhile wait in the coalescer (bounded).
import type { EngineEvent } from "../collect/events.js";
import type { EngineStream } from "../collect/transports/engine-http.js";
import type { PartialTarget } from "../collect/incremental.js";
import type { AuditReport } from "../engine/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { causeFrom, diffVerdicts, verdicts, type ChangeLine, type Verdict } from "./changes.js";
import { renderReportSeries, renderStateSeries, type WatchState } from "./metrics.js";
import { backoffMs, Coalescer } from "./plan.js";

/** What the watcher needs from the rest of dockaudit (collect, evaluate, the event stream), so tests can stand in. */
export interface WatchDeps<S> {
  /** A full collection (throws DaemonUnreachableError-like errors when the daemon does not answer). */
  collectFull(settings: S): Promise<Snapshot>;
  /** The previous snapshot with `target` collected again; undefined when that cannot stand in for a full one. */
  collectPartial(settings: S, prev: Snapshot, target: PartialTarget): Promise<Snapshot> | undefined;
  /** The same evaluation as `audit` (checks, waivers, configuration). */
  evaluate(snapshot: Snapshot, settings: S): AuditReport;
  subscribe(settings: S, since: number, onEvent: (e: EngineEvent) => void, onIgnored: () => void): EngineStream;
  /** Settings read again (SIGHUP); throws with the reason when the new configuration is bad. */
  reload(): Promise<S>;
  /** One line for the operator (stderr). */
  log(line: string): void;
  /** Change lines (stdout or --changes). */
  change(line: ChangeLine): void;
  /** How long a collection and its evaluation took (--debug). */
  timing?(kind: "full" | "incremental", collectMs: number, evaluateMs: number, containers: number): void;
  /** After every evaluation: the report and the metrics text (textfile, --output-dir). */
  evaluated(report: AuditReport, metrics: string, changed: boolean): void;
}

export interface WatchTimings {
  debounceMs: number;
  resyncMs: number;
  /** Reconnect backoff: first delay and cap. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Distinct containers in one batch above which it becomes a full collection. */
  maxBatch: number;
}

export const DEFAULT_TIMINGS: WatchTimings = { debounceMs: 200, resyncMs: 600_000, backoffBaseMs: 500, backoffCapMs: 30_000, maxBatch: 512 };

function message(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split("\n")[0] ?? "";
}

export class Watcher<S> {
  readonly state: WatchState = { up: false, lastFull: 0, lastIncremental: 0, events: 0 };
  report?: AuditReport;
  private reportSeries = "";
  private snapshot?: Snapshot;
  private verdicts = new Map<string, Verdict>();
  private readonly pending: Coalescer;
  private stream?: EngineStream;
  private debounce?: NodeJS.Timeout;
  private resyncTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private busy?: Promise<void>;
  private reconnecting = false;
  private stopped = false;

  constructor(private settings: S, private readonly deps: WatchDeps<S>, private readonly t: WatchTimings = DEFAULT_TIMINGS, private readonly containerSeries = true) {
    this.pending = new Coalescer(t.maxBatch);
  }

  metrics(): string {
    return this.reportSeries + renderStateSeries(this.state);
  }

  /** The first full audit (its errors propagate: an unreachable daemon at start is exit 3), then the event stream. */
  async start(): Promise<void> {
    const since = Date.now() / 1000;
    const snapshot = await this.deps.collectFull(this.settings);
    this.apply(snapshot, "full", new Map(), "start");
    this.openStream(since);
    this.resyncTimer = setInterval(() => this.requestFull(`resync every ${Math.round(this.t.resyncMs / 1000)} s`), this.t.resyncMs);
    this.resyncTimer.unref?.();
  }

  /** SIGHUP: new settings, then a full collection with them; a bad configuration keeps the old one. */
  async reload(): Promise<boolean> {
    let next: S;
    try {
      next = await this.deps.reload();
    } catch (e) {
      this.deps.log(`configuration not reloaded, still running on the previous one: ${message(e)}`);
      return false;
    }
    this.settings = next;
    this.deps.log("configuration reloaded");
    this.requestFull("configuration reloaded");
    return true;
  }

  requestFull(reason: string): void {
    this.pending.requestFull(reason);
    this.schedule();
  }

  /** Ends the stream and every timer; resolves once an evaluation in progress (and its writes) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stream?.close();
    for (const t of [this.debounce, this.retryTimer]) if (t) clearTimeout(t);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    await this.busy;
  }

  private onEvent(e: EngineEvent): void {
    this.state.events++;
    if (this.pending.add(e)) this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.debounce || this.busy || this.reconnecting || !this.pending.pending) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.busy = this.work().finally(() => {
        this.busy = undefined;
        this.schedule();
      });
    }, this.t.debounceMs);
  }

  private async work(): Promise<void> {
    if (this.stopped || this.reconnecting) return;
    const batch = this.pending.take();
    const prev = this.snapshot;
    try {
      const target: PartialTarget = { containers: batch.containers, networks: batch.networks, images: batch.images };
      const t0 = performance.now();
      const partial = !batch.full && prev ? this.deps.collectPartial(this.settings, prev, target) : undefined;
      const snapshot = partial ? await partial : await this.deps.collectFull(this.settings);
      const t1 = performance.now();
      if (partial) this.apply(snapshot, "incremental", batch.causes);
      else this.apply(snapshot, "full", batch.causes, batch.reason ?? "events");
      this.deps.timing?.(partial ? "incremental" : "full", t1 - t0, performance.now() - t1, batch.containers.length);
    } catch (e) {
      if (this.stopped) return;
      if ((e as Error)?.name === "DaemonUnreachableError" || /ECONNREFUSED|ENOENT|EPIPE|ECONNRESET|socket hang up/.test(message(e))) {
        this.down(message(e));
        return;
      }
      // Anything else (an inspect failing other than 404): the whole host is collected again, never a stale verdict.
      this.deps.log(`collection after events failed (${message(e)}): collecting everything again`);
      this.pending.requestFull("a partial collection failed");
    }
  }

  private apply(snapshot: Snapshot, kind: "full" | "incremental", causes: ReadonlyMap<string, EngineEvent>, resync?: string): void {
    const report = this.deps.evaluate(snapshot, this.settings);
    const after = verdicts(report);
    const first = this.report === undefined;
    const changes = first ? [] : diffVerdicts(this.verdicts, after, causeFrom(causes, kind === "full" && causes.size === 0 ? resync : undefined), new Date());
    this.snapshot = snapshot;
    this.report = report;
    this.reportSeries = renderReportSeries(report, { containerSeries: this.containerSeries });
    this.verdicts = after;
    const now = Date.now() / 1000;
    if (kind === "full") this.state.lastFull = now;
    else this.state.lastIncremental = now;
    for (const c of changes) this.deps.change(c);
    this.deps.evaluated(report, this.metrics(), first || changes.length > 0);
  }

  private openStream(since: number): void {
    if (this.stopped) return;
    let stream: EngineStream;
    try {
      stream = this.deps.subscribe(this.settings, since, (e) => this.onEvent(e), () => { this.state.events++; });
    } catch (e) {
      this.down(message(e));
      return;
    }
    this.stream = stream;
    this.state.up = true;
    stream.done.then(
      () => { if (!this.stopped && this.stream === stream) this.down("the event stream ended"); },
      (e) => { if (!this.stopped && this.stream === stream) this.down(`event stream: ${message(e)}`); },
    );
  }

  /** The daemon is gone: dockaudit_up 0, then full audits with backoff until one succeeds, then a new stream. */
  private down(reason: string): void {
    if (this.stopped || this.reconnecting) return;
    this.reconnecting = true;
    this.state.up = false;
    this.stream?.close();
    this.stream = undefined;
    this.deps.log(`daemon unreachable (${reason}): dockaudit_up 0, reconnecting`);
    if (this.report) this.deps.evaluated(this.report, this.metrics(), false);
    let attempt = 0;
    const retry = () => {
      this.retryTimer = setTimeout(async () => {
        this.retryTimer = undefined;
        if (this.stopped) return;
        const since = Date.now() / 1000;
        const run = (async () => {
          try {
            const snapshot = await this.deps.collectFull(this.settings);
            if (this.stopped) return;
            this.pending.take();
            this.reconnecting = false;
            this.apply(snapshot, "full", new Map(), "reconnect");
            this.openStream(since);
            this.deps.log(`daemon reachable again: full audit done, dockaudit_up ${this.state.up ? 1 : 0}`);
            if (this.report) this.deps.evaluated(this.report, this.metrics(), false);
          } catch (e) {
            if (this.stopped) return;
            attempt++;
            if (attempt === 1 || attempt % 10 === 0) this.deps.log(`still unreachable after ${attempt} attempt(s): ${message(e)}`);
            retry();
          }
        })();
        this.busy = run.finally(() => { this.busy = undefined; this.schedule(); });
      }, backoffMs(attempt, this.t.backoffBaseMs, this.t.backoffCapMs));
    };
    retry();
  }
}
