/** `pum snapshot`: introspect one database and write its snapshot. */
import { introspect, serializeSnapshot } from '@pum/introspect';
import type { SnapshotOptions } from '../commands/snapshot.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { saveSnapshotFile, writeOutput } from '../output.js';

/** Run `pum snapshot`. */
export async function runSnapshot(
  database: string | undefined,
  options: SnapshotOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const { client } = await openConnection(database ?? ctx.globals().pgConnection, ctx.io);
  try {
    const snapshot = await introspect(client, {
      includeSchemas: options.includeSchema,
      excludeSchemas: options.excludeSchema,
      includeExtensionMembers: options.includeExtensionMembers === true,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    });
    if (options.output === undefined || options.output === '-')
      await writeOutput(serializeSnapshot(snapshot), undefined, ctx.io);
    else await saveSnapshotFile(snapshot, options.output, ctx.io);
    return ExitCode.Ok;
  } finally {
    await client.end().catch(() => {});
  }
}
