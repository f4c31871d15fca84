/** Databases on the servers pum starts itself (`pum demo`, `pum local`): is it there, make it. */
import { createDatabase, dropDatabase } from '@pum/dump';
import { openConnection, resolveForCli } from './connection.js';
import type { CommandContext } from './context.js';

/** Whether the database of `url` exists on its server. */
export async function databaseExists(url: string, ctx: CommandContext): Promise<boolean> {
  const target = resolveForCli(url, ctx.io);
  const { client } = await openConnection(resolveForCli(url, ctx.io, { dbname: 'postgres' }), ctx.io);
  try {
    const { rowCount } = await client.query('select 1 from pg_catalog.pg_database where datname = $1', [
      target.parameters.dbname,
    ]);
    return rowCount === 1;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Create the (empty) database of `url`, with `extensions`; with `replace`, drop it first (its
 * sessions are ended).
 */
export async function makeDatabase(
  url: string,
  ctx: CommandContext,
  options: { replace?: boolean; extensions?: readonly string[] } = {},
): Promise<void> {
  const connection = resolveForCli(url, ctx.io);
  const signal = ctx.io.signal ? { signal: ctx.io.signal } : {};
  if (options.replace) await dropDatabase({ connection, force: true, ...signal });
  await createDatabase({ connection, extensions: options.extensions ?? [], ...signal });
}

/**
 * The URL of database `name` on the server of `serverUrl`.
 *
 * @example
 * ```ts
 * databaseUrl('postgresql://postgres@127.0.0.1:5433/postgres', 'demo'); // 'postgresql://postgres@127.0.0.1:5433/demo'
 * ```
 */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}
