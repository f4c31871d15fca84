/**
 * History rows written as SQL text with literal values, to travel in one simple-query message
 * with other statements (a file and its `COMMIT`, or the `COMMIT` of a single-transaction run):
 * no round trip of their own. Literals are quoted by `quoteLiteral` of `@pum/core` and take
 * their column's type from the `INSERT`.
 */
import { qualifiedName, quoteLiteral } from '@pum/core';
import { HISTORY_INSERT_COLUMNS, type NewHistoryRow, type TableName } from './history-table.js';

/** SQL expressions for the timing columns. */
interface Timing {
  startedAt: string;
  finishedAt: string;
  executionMs: string;
}

/** The row's values, in the order of {@link HISTORY_INSERT_COLUMNS}. */
function values(row: NewHistoryRow, timing: Timing): string {
  return [
    quoteLiteral(row.module),
    quoteLiteral(row.version),
    quoteLiteral(row.name),
    quoteLiteral(row.kind),
    quoteLiteral(row.path),
    quoteLiteral(row.checksum),
    quoteLiteral(JSON.stringify(row.parameters)),
    timing.startedAt,
    timing.finishedAt,
    timing.executionMs,
    quoteLiteral(row.success),
    quoteLiteral(row.error),
    quoteLiteral(row.statementsDone),
    quoteLiteral(row.toolVersion),
    quoteLiteral(row.source),
    quoteLiteral(row.note),
    quoteLiteral(row.betaTesting === true),
  ].join(', ');
}

const timestamp = (date: Date | null | undefined) => (date ? quoteLiteral(date.toISOString()) : 'NULL');

/**
 * An `INSERT` of `rows` as the client timed them (`startedAt`, `finishedAt`, `executionMs`; a
 * missing `startedAt` is the time of the insert, as `insertHistory` does).
 *
 * @example
 * ```ts
 * historyRowsSql({ schema: 'public', name: 'pum_history' }, rows);
 * // INSERT INTO "public"."pum_history" (module, …) VALUES ('app', '1.0.0', …), (…)
 * ```
 */
export function historyRowsSql(table: TableName, rows: readonly NewHistoryRow[]): string {
  const tuples = rows.map((row) => {
    const timing = {
      startedAt: row.startedAt ? timestamp(row.startedAt) : 'clock_timestamp()',
      finishedAt: timestamp(row.finishedAt),
      executionMs: quoteLiteral(row.executionMs),
    };
    return `(${values(row, timing)})`;
  });
  return `INSERT INTO ${qualifiedName(table.schema, table.name)}
       (${HISTORY_INSERT_COLUMNS})
     VALUES ${tuples.join(',\n       ')}`;
}

/**
 * An `INSERT` of `row` timed by the server, for the end of a file's own transaction: started
 * when the transaction started (`now()`), finished now (`clock_timestamp()`), `execution_ms` the
 * difference. The row's own timing fields are ignored.
 *
 * @example
 * ```ts
 * const sql = `BEGIN;\n${fileSql}\n;\n${serverTimedRowSql(table, row)};\nCOMMIT;`;
 * ```
 */
export function serverTimedRowSql(table: TableName, row: NewHistoryRow): string {
  // VALUES rather than SELECT … FROM clock_timestamp(), cheaper to plan: `finished_at` and
  // `execution_ms` read the clock a microsecond apart.
  const timing = {
    startedAt: 'now()',
    finishedAt: 'clock_timestamp()',
    executionMs: '(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer',
  };
  return `INSERT INTO ${qualifiedName(table.schema, table.name)}
       (${HISTORY_INSERT_COLUMNS})
     VALUES (${values(row, timing)})`;
}
