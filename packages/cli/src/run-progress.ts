/**
 * What `pum upgrade`, `install` and `test-and-upgrade` show while deltas run, from the progress
 * events of `@pum/deltas`: on a terminal, a live line on stderr (file n of m, its statement when
 * known, how long it has been running, files left); everywhere, a line per finished file where
 * the command asks for one, and a note naming a file or statement that runs longer than 5 s.
 * Nothing with `--quiet` or `--json`.
 */
import type { Logger } from '@pum/core';
import type { ApplyOptions, UpgradeProgress } from '@pum/deltas';
import { type CliIo, type Colors, colorsFor, type TextOutput } from './io.js';
import { type LiveLine, liveLine } from './live-line.js';

/**
 * The environment variable setting after how many milliseconds a running file or statement is
 * named (default 5000; tests set it low).
 */
export const SLOW_AFTER_ENV = 'PUM_SLOW_AFTER_MS';

/** How a command wants its run shown. */
export interface RunProgressOptions {
  /** `--quiet` or `--json`: show nothing. */
  quiet: boolean;
  /** What the live line says is being done: `upgrading`, `installing`. */
  verb: string;
  /** Where a line per finished file (`✓ path (12 ms)`) goes, if anywhere. */
  fileLines: 'stdout' | 'stderr' | 'none';
  /** `-v` count: `debug` lines of the run's logger are shown (and clear the live line) from 2. */
  verbose?: number | undefined;
}

/** The options of a run that its display sets. */
type ShownOptions = Pick<ApplyOptions, 'logger' | 'onProgress' | 'slowAfterMs'>;

/** The display of one run; {@link RunProgress.stop} it before printing its results. */
export interface RunProgress {
  /** `base` (a run's options) with `onProgress`, `slowAfterMs`, and a logger that clears the live line before each line. */
  apply<T extends ShownOptions>(base: T): T & ShownOptions;
  /** Clear the live line for good. Idempotent; also done when the run is interrupted. */
  stop(): void;
}

/** `ms` as `850 ms`, `4.2 s`, `73 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The line of a finished file, as upgrade and install print it: `  ✓ delta/x.sql (412 ms)`. */
export function fileDoneLine(colors: Colors, path: string, ms: number): string {
  return `  ${colors.green('✓')} ${path} ${colors.dim(`(${ms} ms)`)}\n`;
}

/** The note for a file or statement still running (see `UpgradeProgress` `still-running`). */
export function stillRunningText(
  event: Extract<UpgradeProgress, { type: 'still-running' }>,
  statements?: number,
): string {
  const { file, ms, statement } = event;
  const after = `still running after ${formatDuration(ms)}`;
  if (statement === undefined) {
    const together =
      statements !== undefined && statements > 1
        ? ` (its ${statements} statements are sent together: which one runs is not known)`
        : '';
    return `${file.path}: ${after}${together}`;
  }
  const which = statement.total > 1 ? `, statement ${statement.number} of ${statement.total}` : '';
  return `${file.path}:${statement.line}: ${after}${which}: ${statement.excerpt}`;
}

/** What the live line shows of the file running. */
interface Running {
  path: string;
  index: number;
  total: number;
  statements: number | undefined;
  statement: number | undefined;
  started: number;
}

/** The live line's text for `running`. */
export function liveText(verb: string, running: Running, now: number): string {
  const { path, index, total, statements, statement } = running;
  const parts = [`${verb} ${index + 1}/${total} ${path}`];
  if (statement !== undefined) parts.push(`statement ${statement}/${statements}`);
  else if (statements !== undefined && statements > 1) parts.push(`${statements} statements`);
  parts.push(formatDuration(now - running.started));
  const left = total - index - 1;
  parts.push(left === 0 ? 'last file' : `${left} file${left === 1 ? '' : 's'} left`);
  return parts.join(' · ');
}

/** After how long a running file or statement is named: `PUM_SLOW_AFTER_MS`, or the library's default. */
function slowAfterMs(io: CliIo): number | undefined {
  const value = io.env[SLOW_AFTER_ENV];
  const ms = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * The progress display of one run of deltas.
 *
 * @example
 * ```ts
 * const progress = runProgress(io, { quiet, verb: 'upgrading', fileLines: 'stdout' });
 * try {
 *   report = await applyDeltas(client, module, progress.apply(runOptions(…)));
 * } finally {
 *   progress.stop();
 * }
 * ```
 */
export function runProgress(io: CliIo, options: RunProgressOptions): RunProgress {
  const err = colorsFor(io.stderr, io.env);
  const out = colorsFor(io.stdout, io.env);
  let running: Running | undefined;
  const live: LiveLine | undefined =
    !options.quiet && io.stderr.isTTY === true
      ? liveLine(io.stderr, () => running && liveText(options.verb, running, Date.now()))
      : undefined;
  const print = (stream: TextOutput, text: string) => {
    live?.clear();
    stream.write(text);
  };
  const stop = () => {
    live?.stop();
    io.signal?.removeEventListener('abort', stop);
  };
  // Ctrl-C: the line goes before the run reports how it stopped.
  io.signal?.addEventListener('abort', stop, { once: true });

  const onProgress = (event: UpgradeProgress) => {
    switch (event.type) {
      case 'lock-wait':
        print(io.stderr, `waiting for another upgrade (pid ${event.holderPid ?? '?'}) to finish…\n`);
        break;
      case 'file-start':
        running = {
          path: event.file.path,
          index: event.index,
          total: event.total,
          statements: event.statements,
          statement: undefined,
          started: Date.now(),
        };
        live?.draw();
        break;
      case 'statement-start':
        if (running) running.statement = event.number;
        break;
      case 'still-running':
        print(io.stderr, `${err.yellow(stillRunningText(event, running?.statements))}\n`);
        break;
      case 'file-done':
        running = undefined;
        if (options.fileLines === 'stdout') print(io.stdout, fileDoneLine(out, event.file.path, event.ms));
        else if (options.fileLines === 'stderr')
          print(io.stderr, fileDoneLine(err, event.file.path, event.ms));
        break;
    }
  };

  return {
    apply<T extends ShownOptions>(base: T): T & ShownOptions {
      if (options.quiet) return base;
      const slow = slowAfterMs(io);
      return {
        ...base,
        onProgress,
        ...(slow === undefined ? {} : { slowAfterMs: slow }),
        ...(base.logger && live
          ? { logger: clearingFirst(base.logger, live, (options.verbose ?? 0) >= 2) }
          : {}),
      };
    },
    stop,
  };
}

/** `logger`, clearing the live line before each line it writes (`debug` ones only when shown). */
function clearingFirst(logger: Logger, live: LiveLine, debugShown: boolean): Logger {
  return {
    debug: (message, fields) => {
      if (debugShown) live.clear();
      logger.debug(message, fields);
    },
    info: (message, fields) => {
      live.clear();
      logger.info(message, fields);
    },
    warn: (message, fields) => {
      live.clear();
      logger.warn(message, fields);
    },
    error: (message, fields) => {
      live.clear();
      logger.error(message, fields);
    },
  };
}
