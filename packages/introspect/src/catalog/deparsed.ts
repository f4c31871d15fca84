/**
 * Texts the server prints with functions that take locks: `pg_get_viewdef` locks every
 * relation a view's query reads (and the view itself before PostgreSQL 16), `pg_get_functiondef` of a SQL-standard body (`BEGIN ATOMIC`)
 * the relations the body reads, each until the transaction ends. Read in one query over 10,000
 * views, that is 20,000 locks held at once in one transaction, and two such databases read at
 * once on one server (`pum check`) fill its lock table (`out of shared memory`, 64 ×
 * `max_connections` slots by default). They are read here in batches, each in a savepoint that
 * is rolled back once its rows are in, which releases its locks.
 */
import type { CatalogContext } from './context.js';

/** Objects per batch: about twice as many locks at a time, far below the server's default room. */
export const DEPARSE_BATCH = 500;

/**
 * `print(oid)` (an SQL expression of `o.oid`) for each OID, in batches of `batchSize`, its locks
 * released after each batch; a map from OID (as text) to the printed text.
 *
 * @example
 * ```ts
 * const definitions = await deparsed(ctx, viewOids, 'pg_catalog.pg_get_viewdef(o.oid)');
 * ```
 */
export async function deparsed(
  ctx: Pick<CatalogContext, 'releasingLocks'>,
  oids: readonly string[],
  print: string,
  batchSize = DEPARSE_BATCH,
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let from = 0; from < oids.length; from += batchSize) {
    const rows = await ctx.releasingLocks<{ oid: string; text: string | null }>(
      `SELECT o.oid::text AS oid, ${print} AS text FROM unnest($1::oid[]) AS o(oid)`,
      [oids.slice(from, from + batchSize)],
    );
    for (const row of rows) out.set(row.oid, row.text);
  }
  return out;
}
