/** `pum repair`. */
import { repairChecksums } from '@pum/deltas';
import type { DeltaCommandOptions } from '../commands/delta-options.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { deltaConnection, historyTable, loadModule, lockTimeoutMs } from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { RepairJson } from '../json-schemas.js';
import { cliVersion } from '../version.js';

/** Run `pum repair`. */
export async function runRepair(options: DeltaCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const module = loadModule(options, ctx);
  const table = historyTable(options);
  const { client, label } = await openConnection(deltaConnection(options, ctx), ctx.io);
  try {
    const repaired = await repairChecksums(client, module, {
      ...(table ? { table } : {}),
      toolVersion: `pum ${cliVersion}`,
      lockTimeoutMs: lockTimeoutMs(options),
    });
    if (options.json) {
      writeJson(ctx.io, {
        command: 'repair',
        formatVersion: JSON_FORMAT_VERSION,
        database: label,
        repaired,
      } satisfies RepairJson);
    } else
      ctx.io.stdout.write(
        repaired.length
          ? `accepted the edits of:\n${repaired.map((p) => `  ${p}\n`).join('')}`
          : 'no applied file was edited\n',
      );
    return ExitCode.Ok;
  } finally {
    await client.end().catch(() => {});
  }
}
