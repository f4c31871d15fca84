/**
 * What the dump commands give `@pum/dump`: where pg_dump and pg_restore are (`--pg-bin`, PUM's
 * `PG_DUMP_EXE` / `PG_RESTORE_EXE`, `PATH`), the environment of the programs, the logger, the
 * interrupt signal and a progress bar.
 */
import { isAbsolute, resolve } from 'node:path';
import type { DumpProgressEvent, ToolRunOptions } from '@pum/dump';
import { type DumpCommandOptions, jobsOf } from './commands/tool-options.js';
import { resolveForCli, withAskedPassword } from './connection.js';
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

/**
 * What `pum dump` and `pum restore` share: the connection (`--db`, PUM's `-p`, or the global
 * one), and the options both pass to `@pum/dump` — the file, excluded schemas, jobs, owner and
 * privilege switches, and the tool options with their progress bar.
 */
export async function dumpCommandSetup(
  file: string,
  options: DumpCommandOptions,
  ctx: CommandContext,
  what: string,
) {
  const jobs = jobsOf(options);
  const connection = await withAskedPassword(
    resolveForCli(options.db ?? options.pgService ?? ctx.globals().pgConnection, ctx.io),
    ctx.io,
  );
  const { run, progress } = toolRunOptions(options, ctx, what);
  return {
    connection,
    progress,
    common: {
      ...run,
      connection,
      file: isAbsolute(file) ? file : resolve(ctx.io.cwd, file),
      excludeSchemas: options.excludeSchema,
      ...(jobs !== undefined ? { jobs } : {}),
      noOwner: !options.owner,
      noPrivileges: !options.privileges,
    },
  };
}
