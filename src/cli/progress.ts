// A progress line on stderr while collecting from many containers. Only on a terminal and never with --quiet:
// a pipe, a file or a cron mail must not fill with carriage returns.

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export type OnProgress = (done: number, total: number) => void;

/** Collections this small finish before a progress line would help. */
const MIN_TOTAL = 5;
const INTERVAL_MS = 100;

export function progressLine(stream: ProgressStream, opts: { quiet?: boolean; label?: string; now?: () => number } = {}): { onProgress?: OnProgress; done(): void } {
  if (opts.quiet || !stream.isTTY || process.env.TERM === "dumb") return { done: () => {} };
  const now = opts.now ?? Date.now;
  const label = opts.label ?? "collecting containers";
  let shown = false;
  let last = -Infinity;
  return {
    onProgress: (done, total) => {
      if (total < MIN_TOTAL) return;
      const t = now();
      if (done < total && t - last < INTERVAL_MS) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[Kdockaudit: ${label} ${done}/${total}`);
    },
    done: () => {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
