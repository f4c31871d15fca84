/**
 * What the dump commands give `@pum/dump`: where pg_dump and pg_restore are (`--pg-bin`, PUM's
 * `PG_DUMP_EXE` / `PG_RESTORE_EXE`, `PATH`), the environment of the programs, the logger, the
 * interrupt signal and a progress bar.
 */
import type { DumpProgressEvent, ToolRunOptions } from '@pum/dump';
import type { CommandContext } from './context.js';
import { cliLogger } from './logger.js';
import { type Progress, progressFor } from './progress.js';

/** The options every dump command shares. */
export interface ToolCommandOptions {
  pgBin?: string;
  json?: boolean;
}

/** Tool options for `@pum/dump`, and the progress bar they drive (stop it before printing). */
export function toolRunOptions(
  options: ToolCommandOptions,
  ctx: CommandContext,
  what: string,
): { run: ToolRunOptions; progress: Progress } {
  const { io } = ctx;
  const quiet = ctx.globals().quiet === true || options.json === true;
  const progress = progressFor(io, what, { quiet });
  const onProgress = (event: DumpProgressEvent) => {
    if (event.type === 'table-data') progress.update(event.done, event.total, event.table);
  };
  return {
    progress,
    run: {
      tools: {
        pgBin: options.pgBin,
        pgDump: io.env.PG_DUMP_EXE,
        pgRestore: io.env.PG_RESTORE_EXE,
        path: io.env.PATH,
      },
      env: io.env,
      logger: cliLogger(io, { quiet, verbose: ctx.globals().verbose, infoIsDetail: true }),
      onProgress,
      ...(io.signal ? { signal: io.signal } : {}),
    },
  };
}
