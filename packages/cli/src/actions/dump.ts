/** `pum dump`. */
import { isAbsolute, resolve } from 'node:path';
import { dumpDatabase } from '@pum/dump';
import type { DumpOptions } from '../commands/dump.js';
import { jobsOf } from '../commands/tool-options.js';
import { resolveForCli } from '../connection.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, toolJson, writeJson } from '../json-output.js';
import type { DumpJson } from '../json-schemas.js';
import { toolRunOptions } from '../tools-context.js';

/** Run `pum dump`. */
export async function runDump(file: string, options: DumpOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const jobs = jobsOf(options);
  const connection = resolveForCli(options.db ?? options.pgService ?? ctx.globals().pgConnection, io);
  const { run, progress } = toolRunOptions(options, ctx, 'dumping');
  let result: Awaited<ReturnType<typeof dumpDatabase>>;
  try {
    result = await dumpDatabase({
      ...run,
      connection,
      file: isAbsolute(file) ? file : resolve(io.cwd, file),
      format: options.format,
      excludeSchemas: options.excludeSchema,
      ...(jobs !== undefined ? { jobs } : {}),
      noOwner: !options.owner,
      noPrivileges: !options.privileges,
    });
  } finally {
    progress.stop();
  }
  if (options.json) {
    writeJson(io, {
      command: 'dump',
      formatVersion: JSON_FORMAT_VERSION,
      database: connection.describe(),
      file: result.file,
      format: result.format,
      tables: result.tables,
      serverMajor: result.serverMajor,
      tool: toolJson(result.tool),
    } satisfies DumpJson);
  } else if (!ctx.globals().quiet) {
    const c = colorsFor(io.stdout, io.env);
    io.stdout.write(
      `${c.green('✓')} dumped ${connection.describe()} to ${result.file} (${result.format}, ${result.tables} tables) with ${result.tool.path}\n`,
    );
  }
  return ExitCode.Ok;
}
