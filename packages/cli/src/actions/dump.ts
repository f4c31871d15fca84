/** `pum dump`. */
import { dumpDatabase } from '@pum/dump';
import type { DumpOptions } from '../commands/dump.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, toolJson, writeJson } from '../json-output.js';
import type { DumpJson } from '../json-schemas.js';
import { dumpCommandSetup } from '../tools-context.js';

/** Run `pum dump`. */
export async function runDump(file: string, options: DumpOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const { connection, progress, common } = await dumpCommandSetup(file, options, ctx, 'dumping');
  let result: Awaited<ReturnType<typeof dumpDatabase>>;
  try {
    result = await dumpDatabase({ ...common, format: options.format });
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
