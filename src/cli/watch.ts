// `dockaudit watch`: the long-running auditor (src/watch/service.ts) wired to the command line, the configuration,
// the HTTP endpoint, the textfile, the change lines and the report directory. Its options are defined together in
// addWatchCommand; the audit itself is reached through `AuditAdapter` only.
import { createWriteStream, type WriteStream } from "node:fs";
import type { Command } from "commander";
import { addOptions } from "./flags.js";
import type { AuditReport } from "../engine/types.js";
import type { Snapshot } from "../snapshot/types.js";
import type { Waiver } from "../engine/waivers.js";
import { UsageError } from "../engine/select.js";
import { lineForTerminal } from "../terminal.js";
import { loadConfig, mergeConfig } from "./config.js";
import { writeOutputDir } from "./outputs.js";
import { writeAtomic } from "../files/write.js";
import type { AuditOptions } from "./audit-options.js";

/**
 * How watch reaches the audit: collect a snapshot, evaluate it as `audit` does (checks, waivers, configuration). The
 * one seam to rewire when evaluate() moves into the audit service module.
 */
export interface AuditAdapter {
  collect(o: WatchSettings): Promise<Snapshot>;
  evaluate(snapshot: Snapshot, o: WatchSettings): AuditReport;
  /** Fails with a UsageError when the selection (--check, --benchmark, …) is invalid. */
  validate(o: WatchSettings): void;
}

export type WatchSettings = Omit<AuditOptions, "color" | "debug"> & { waivers: Waiver[] };

interface WatchCliOptions extends Omit<AuditOptions, "color" | "debug" | "waivers"> {
  config?: string | false;
  listen?: string;
  textfile?: string;
  changes?: string;
  containerSeries: boolean;
  resync: number;
  debounce: number;
}


/** The watch subcommand: its options, shared with audit or its own, are entries of the option table (src/settings/options.ts). */
export function addWatchCommand(program: Command, adapter: AuditAdapter, debug: () => boolean): Command {
  const cmd = addOptions(program
    .command("watch")
    .summary("audit, then re-audit on every daemon event")
    .description("audit once, then re-audit what each daemon event touches; serve /metrics, write a textfile, print verdict changes"), "watch")
    .action(async (o: WatchCliOptions, c: Command) => {
      await runWatch(o, c, adapter, debug());
    });
  cmd.exitOverride();
  return cmd;
}

async function settingsFrom(o: WatchCliOptions, c: Command, adapter: AuditAdapter): Promise<WatchSettings> {
  const loaded = await loadConfig(o.config);
  const { opts, waivers } = mergeConfig(c, { ...o, format: "prometheus" }, loaded);
  const s: WatchSettings = { ...opts, format: "prometheus", waivers };
  adapter.validate(s);
  return s;
}

export async function runWatch(o: WatchCliOptions, c: Command, adapter: AuditAdapter, debug: boolean): Promise<void> {
  const { parseListen, startServer } = await import("../watch/server.js");
  const { Watcher, DEFAULT_TIMINGS } = await import("../watch/service.js");
  const { collectPartial, partialUnsupported } = await import("../collect/incremental.js");
  const { subscribeEvents } = await import("../collect/events.js");
  const { resolveDockerEndpoint } = await import("../collect/engine-api/engine-api.js");
  if (o.host) throw new UsageError("watch audits this machine's daemon: --host is not supported (run dockaudit watch on that host)");
  let listen;
  try {
    listen = o.listen === undefined ? undefined : parseListen(o.listen);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const settings = await settingsFrom(o, c, adapter);
  let current = settings;
  if (resolveDockerEndpoint(settings.dockerHost).tls) throw new UsageError("watch does not support a TLS tcp:// endpoint yet: use the unix socket");
  const log = (line: string) => process.stderr.write(`dockaudit watch: ${lineForTerminal(line)}\n`);

  let changesOut: WriteStream | undefined;
  if (o.changes) {
    const out = createWriteStream(o.changes, { flags: "a", mode: 0o640 });
    await new Promise<void>((resolve, reject) => out.once("open", () => resolve()).once("error", (e) => reject(new UsageError(`--changes ${o.changes}: ${(e as NodeJS.ErrnoException).code ?? e.message}`))));
    changesOut = out;
  }
  // Writes run one after the other (textfile, reports): a slow disk delays them, never interleaves them.
  let writes: Promise<unknown> = Promise.resolve();
  const queueWrite = (what: string, fn: () => Promise<unknown>) => {
    writes = writes.then(fn).catch((e) => log(`${what} not written: ${(e as Error).message}`));
  };
  let reportTimer: NodeJS.Timeout | undefined;
  const outputDirDelayMs = 2000;

  const watcher = new Watcher<WatchSettings>(settings, {
    collectFull: (s) => adapter.collect(s),
    collectPartial: (s, prev, target) => (partialUnsupported(prev) ? undefined : collectPartial({ root: s.root, dockerHost: s.dockerHost, timeoutMs: (s.timeout ?? 10) * 1000 }, prev, target)),
    evaluate: (snap, s) => adapter.evaluate(snap, s),
    subscribe: (s, since, onEvent, onIgnored) => subscribeEvents(resolveDockerEndpoint(s.dockerHost), since, onEvent, { connectTimeoutMs: (s.timeout ?? 10) * 1000, onIgnored }),
    reload: async () => (current = await settingsFrom(o, c, adapter)),
    log,
    ...(debug ? { timing: (kind: string, c: number, e: number, n: number) => log(`${kind} collection of ${n} container(s): ${Math.round(c)} ms, evaluation and rendering: ${Math.round(e)} ms`) } : {}),
    change: (line) => {
      const text = JSON.stringify(line) + "\n";
      if (changesOut) changesOut.write(text);
      else process.stdout.write(text);
    },
    evaluated: (report, metrics, changed) => {
      if (o.textfile) {
        const file = o.textfile;
        // node_exporter usually runs as another user: world-readable, as audit -f prometheus writes it.
        queueWrite(`--textfile ${file}`, () => writeAtomic(file, metrics, 0o644));
      }
      const dir = current.outputDir;
      if (dir && changed) {
        if (reportTimer) clearTimeout(reportTimer);
        reportTimer = setTimeout(() => {
          reportTimer = undefined;
          const latest = watcher.report;
          if (latest) queueWrite(`--output-dir ${dir}`, () => writeOutputDir(dir, latest));
        }, outputDirDelayMs);
      }
    },
  }, { ...DEFAULT_TIMINGS, resyncMs: o.resync * 1000, debounceMs: o.debounce * 1000 }, o.containerSeries !== false);

  // Until the first audit is done: SIGTERM/SIGINT exit 0 at once (nothing is being written yet), SIGHUP is kept for
  // afterwards (its default would end the process).
  let hupDuringStart = false;
  const earlyExit = () => process.exit(0);
  const earlyHup = () => { hupDuringStart = true; };
  process.once("SIGTERM", earlyExit);
  process.once("SIGINT", earlyExit);
  process.on("SIGHUP", earlyHup);
  // The port is taken before the first audit: a port in use fails fast (exit 2), before any collection.
  const server = listen
    ? await startServer(listen, {
      metrics: () => watcher.metrics(),
      health: () => (watcher.state.up ? { ok: true } : { ok: false, why: "the Docker daemon does not answer" }),
    }).catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--listen ${o.listen}: ${e.code ?? e.message}`);
    })
    : undefined;
  // An unreachable daemon at start is exit 3 (DaemonUnreachableError reaches classify()).
  try {
    await watcher.start();
  } catch (e) {
    server?.close();
    throw e;
  }
  process.off("SIGTERM", earlyExit);
  process.off("SIGINT", earlyExit);
  process.off("SIGHUP", earlyHup);
  if (hupDuringStart) void watcher.reload();
  const where = server ? (server.address() as { address: string; port: number }) : undefined;
  log(`watching ${settings.dockerHost ?? process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock"}${where ? `; serving http://${where.address.includes(":") ? `[${where.address}]` : where.address}:${where.port}/metrics` : ""}`);

  await new Promise<void>((resolve) => {
    const hup = () => void watcher.reload();
    const end = (sig: string) => {
      process.off("SIGHUP", hup);
      if (debug) log(`${sig}: stopping`);
      // Exit within a second whatever is in flight: the writes are atomic renames, a cut one leaves no partial file.
      const deadline = setTimeout(resolve, 800);
      deadline.unref();
      server?.close();
      server?.closeAllConnections();
      if (reportTimer) clearTimeout(reportTimer);
      void Promise.race([Promise.all([watcher.stop(), writes]), new Promise((r) => setTimeout(r, 700).unref())]).then(() => {
        if (changesOut) changesOut.end(() => resolve());
        else resolve();
      });
    };
    process.on("SIGHUP", hup);
    process.once("SIGTERM", () => end("SIGTERM"));
    process.once("SIGINT", () => end("SIGINT"));
  });
  process.exitCode = 0;
}
