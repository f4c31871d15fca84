/**
 * Progress bars for long work (dump, restore, clone), on stderr and only on a terminal: piped
 * output, `--quiet` and `--json` get none. Built on cli-progress, a small, widely used library
 * that redraws one line in place.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress display; every method is a no-op when none is shown. */
export interface Progress {
  /** `done` of `total` items (unknown total: a running count), `label` naming the current one. */
  update(done: number, total: number | undefined, label: string): void;
  /** Remove the bar (before printing results). */
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

/**
 * A progress bar for `what` (`dumping`, `restoring`), or nothing when stderr is not a terminal
 * or the user asked for quiet or JSON output.
 */
export function progressFor(
  io: CliIo,
  what: string,
  options: { quiet?: boolean | undefined } = {},
): Progress {
  if (options.quiet || io.stderr.isTTY !== true) return NONE;
  let bar: cliProgress.SingleBar | undefined;
  let knownTotal: number | undefined;
  const start = (total: number | undefined) => {
    knownTotal = total;
    bar = new cliProgress.SingleBar(
      {
        stream: io.stderr as unknown as NodeJS.WritableStream,
        format:
          total === undefined
            ? `${what} {value} tables  {label}`
            : `${what} [{bar}] {value}/{total} tables  {label}`,
        hideCursor: true,
        clearOnComplete: true,
        linewrap: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total ?? 0, 0, { label: '' });
  };
  return {
    update(done, total, label) {
      if (!bar || (total !== undefined && knownTotal === undefined)) {
        bar?.stop();
        start(total);
      }
      bar?.update(done, { label });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
