/** `pum baseline`. */
import { PumError, PumErrorCode } from '@pum/core';
import { baselineDatabase } from '@pum/deltas';
import type { BaselineCommandOptions } from '../commands/baseline.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { deltaConnection, historyTable, loadModule, lockTimeoutMs } from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { BaselineJson } from '../json-schemas.js';
import { cliVersion } from '../version.js';

/** Run `pum baseline`. */
export async function runBaseline(options: BaselineCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  if (!options.baseline) {
    throw new PumError(PumErrorCode.InvalidArgument, 'baseline needs the version the database is at', {
      hint: 'pass --baseline X.Y.Z (PUM: -b X.Y.Z)',
    });
  }
  const module = loadModule(options, ctx);
  const table = historyTable(options);
  const { client, label } = await openConnection(deltaConnection(options, ctx), ctx.io);
  try {
    await baselineDatabase(client, module, {
      version: options.baseline,
      ...(table ? { table } : {}),
      toolVersion: `pum ${cliVersion}`,
      lockTimeoutMs: lockTimeoutMs(options),
      refuseNewHistory: options.newHistory !== true,
    });
    if (options.json) {
      writeJson(ctx.io, {
        command: 'baseline',
        formatVersion: JSON_FORMAT_VERSION,
        database: label,
        baseline: options.baseline,
      } satisfies BaselineJson);
    } else if (!ctx.globals().quiet) {
      ctx.io.stdout.write(`${label}: baseline ${options.baseline} recorded\n`);
    }
    return ExitCode.Ok;
  } finally {
    await client.end().catch(() => {});
  }
}
