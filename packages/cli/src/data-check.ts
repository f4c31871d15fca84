/**
 * `pum check --data`: compare the rows of chosen tables on both sides, streamed in key order
 * with pg-query-stream and merged by `@pum/diff`, so memory stays flat whatever the size.
 */
import { PumError, PumErrorCode, qualifiedName, quoteIdent } from '@pum/core';
import { compareRows, type DataRow, globPattern, type TableDataDifference } from '@pum/diff';
import type { Snapshot } from '@pum/introspect';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';

/** One side of a data check: its connection, its snapshot and its label. */
export interface DataSide {
  client: pg.Client;
  snapshot: Snapshot;
  label: string;
}

const tableName = (key: string) => key.slice(key.indexOf(':') + 1);

/** The tables matching the `--data` globs, checked to exist on both sides. */
export function resolveDataTables(
  patterns: readonly string[],
  from: DataSide,
  to: DataSide,
): { schema: string; name: string; key: string }[] {
  const tables = from.snapshot.objects.tables.filter((t) => t.kind !== 'foreign');
  const onTo = new Set(to.snapshot.objects.tables.map((t) => t.key));
  const chosen = new Map<string, { schema: string; name: string; key: string }>();
  for (const pattern of patterns) {
    const regex = globPattern(pattern);
    // Globs match the key form (qwat_vl."Odd ""t""") or the plain one (qwat_vl.Odd "t").
    const matches = tables.filter((t) => regex.test(tableName(t.key)) || regex.test(`${t.schema}.${t.name}`));
    if (matches.length === 0) {
      throw new PumError(PumErrorCode.InvalidArgument, `--data ${pattern}: no such table in ${from.label}`, {
        hint: 'write schema.table (globs allowed, e.g. qwat_vl.*); the table must be in the compared schemas',
      });
    }
    for (const t of matches) {
      if (!onTo.has(t.key)) {
        throw new PumError(
          PumErrorCode.InvalidArgument,
          `--data ${pattern}: table ${tableName(t.key)} does not exist in ${to.label}`,
        );
      }
      chosen.set(t.key, { schema: t.schema, name: t.name, key: t.key });
    }
  }
  return [...chosen.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The primary-key columns of a table, from the snapshot, or undefined when it has none. */
function primaryKey(snapshot: Snapshot, schema: string, table: string): string[] | undefined {
  return snapshot.objects.constraints.find(
    (c) => c.schema === schema && c.table === table && c.type === 'primary key',
  )?.columns;
}

/** Stream a table's rows as `{ key, row }` text, sorted by key in `COLLATE "C"` order. */
async function* streamRows(
  client: pg.Client,
  schema: string,
  table: string,
  key: string[] | undefined,
): AsyncGenerator<DataRow> {
  const keyExpression = key ? `ROW(${key.map((c) => `t.${quoteIdent(c)}`).join(', ')})::text` : 't::text';
  const sql = `SELECT ${keyExpression} COLLATE "C" AS key, t::text AS row FROM ${qualifiedName(schema, table)} t ORDER BY 1`;
  const stream = new QueryStream(sql, [], { batchSize: 2000, highWaterMark: 2000 });
  client.query(stream);
  try {
    for await (const row of stream) yield row as DataRow;
  } catch (error) {
    throw new PumError(
      PumErrorCode.SqlError,
      `reading the rows of ${qualifiedName(schema, table)} failed: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'the user needs SELECT on every table given to --data',
      },
    );
  } finally {
    stream.destroy();
  }
}

/** Compare the rows of each table on both sides. Each side needs its own connection. */
export async function checkData(
  patterns: readonly string[],
  from: DataSide,
  to: DataSide,
  limit: number,
): Promise<TableDataDifference[]> {
  const results: TableDataDifference[] = [];
  for (const table of resolveDataTables(patterns, from, to)) {
    const key = primaryKey(from.snapshot, table.schema, table.name);
    results.push(
      await compareRows(
        tableName(table.key),
        key ? 'primary key' : 'multiset',
        streamRows(from.client, table.schema, table.name, key),
        streamRows(to.client, table.schema, table.name, key),
        { limit },
      ),
    );
  }
  return results;
}
