/**
 * The server side of {@link settleExpressions}: a database reads an expression and prints it
 * again. Only `EXPLAIN (VERBOSE)` of a `SELECT` runs — the query is planned, never executed —
 * inside a READ ONLY transaction that is rolled back, each text sent alone with a parameter, so
 * through the extended protocol (one statement, never a script). So it may run on any database
 * compared, production included.
 */
import { type Queryable, qualifiedName } from '@pum/core';
import type { Snapshot } from '@pum/introspect';
import type { DiffReport } from './report.js';
import { type ExpressionPrinter, settleExpressions } from './settle-expressions.js';

/** The `Output:` line of a plan: the expression as the server prints it after reading it. */
function outputOf(rows: readonly Record<string, unknown>[]): string | undefined {
  for (const row of rows) {
    const line = String(Object.values(row)[0] ?? '');
    const match = /^\s*Output: (.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Settle `report`'s expression differences on `client`'s database (see
 * {@link settleExpressions}): one READ ONLY transaction, rolled back whatever happens. The
 * server plans `SELECT <expression> FROM ONLY <table>` and its `EXPLAIN VERBOSE` output line is
 * the expression as it reads it (constants folded: `'{1,2}'::oid[]` for both
 * `(ARRAY[1, 2])::oid[]` and `ARRAY[(1)::oid, (2)::oid]`). `client` is one connection, not in a
 * transaction; it is left open.
 *
 * @example
 * ```ts
 * const report = diffSnapshots(copy, reference);
 * await settleExpressionsOn(client, report, copy, reference);
 * ```
 */
export async function settleExpressionsOn(
  client: Queryable,
  report: DiffReport,
  from: Snapshot,
  to: Snapshot,
): Promise<DiffReport> {
  await client.query('BEGIN READ ONLY');
  try {
    // A table locked by someone else must not hold the comparison up for long.
    await client.query("SET LOCAL lock_timeout = '5s'");
    await client.query("SET LOCAL statement_timeout = '30s'");
    const print: ExpressionPrinter = async (site, expression) => {
      await client.query('SAVEPOINT pum_expression');
      try {
        // The parameter makes the driver send one statement through the extended protocol: a
        // text that tried to end the SELECT and start another statement is an error, not run.
        const result = await client.query<Record<string, unknown>>(
          `EXPLAIN (VERBOSE, COSTS OFF) SELECT (${expression}) FROM ONLY ${qualifiedName(site.schema, site.table)} WHERE $1::boolean`,
          [true],
        );
        await client.query('RELEASE SAVEPOINT pum_expression');
        return outputOf(result.rows);
      } catch {
        // Not readable here (a column the other side lacks, a function missing): not settled.
        await client.query('ROLLBACK TO SAVEPOINT pum_expression');
        return undefined;
      }
    };
    return await settleExpressions(report, from, to, print);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}
