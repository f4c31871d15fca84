/** `pum snapshot`: introspect one database and write its snapshot. */
import { introspect, serializeSnapshot } from '@pum/introspect';
import type { SnapshotOptions } from '../commands/snapshot.js';
import { jobsOf } from '../commands/tool-options.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { saveSnapshotFile, writeOutput } from '../output.js';

/** Run `pum snapshot`. */
export async function runSnapshot(
  database: string | undefined,
  options: SnapshotOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const sessions = jobsOf(options) ?? 3;
  const { client, label, resolved } = await openConnection(database ?? ctx.globals().pgConnection, ctx.io);
  try {
    const snapshot = await introspect(client, {
      includeSchemas: options.includeSchema,
      excludeSchemas: options.excludeSchema,
      includeExtensionMembers: options.includeExtensionMembers === true,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      // More connections on the same snapshot, as `pg_dump -j`: the server and pum overlap.
      ...(sessions > 1
        ? { sessions, connect: async () => (await openConnection(resolved, ctx.io)).client }
        : {}),
    });
    if (options.output === undefined || options.output === '-')
      await writeOutput(serializeSnapshot(snapshot), undefined, ctx.io);
    else {
      await saveSnapshotFile(snapshot, options.output, ctx.io);
      // Like `pum dump`: say what was written, where (on stdout only when it is not the snapshot).
      if (!ctx.globals().quiet) {
        const c = colorsFor(ctx.io.stdout, ctx.io.env);
        const { schemas, tables } = snapshot.objects;
        const objects = Object.values(snapshot.objects).reduce((n, list) => n + list.length, 0);
        ctx.io.stdout.write(
          `${c.green('✓')} snapshot of ${label} written to ${options.output} (${schemas.length} schemas, ${tables.length} tables, ${objects} objects)\n`,
        );
      }
    }
    return ExitCode.Ok;
  } finally {
    await client.end().catch(() => {});
  }
}
