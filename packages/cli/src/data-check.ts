/**
 * `pum check --data`: compare the rows of chosen tables on both sides, streamed in key order
 * with pg-query-stream and merged by `@pum/diff`, so memory stays flat whatever the size.
 *
 * Fast path: a table whose primary key is one integer column (the same on both sides) is
 * first compared by per-bucket checksums computed by both servers at once; only the key ranges
 * whose checksums differ are streamed and merged, so the report is the one the full merge gives.
 */
import { PumError, PumErrorCode } from '@pum/core';
import {
  compareRows,
  type DescentOptions,
  descendKeyRanges,
  globPattern,
  type KeyGridOptions,
  keyGrid,
  maxKey,
  minKey,
  type TableDataDifference,
} from '@pum/diff';
import type { Snapshot } from '@pum/introspect';
import type pg from 'pg';
import { type DataTable, probeKey, streamChecksums, streamRows } from './data-ranges.js';

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

/** Tuning of the fast path (tests shrink it to reach it on small tables). */
export interface FastPathOptions extends KeyGridOptions, DescentOptions {
  /** Tables whose keys span fewer values than this are streamed whole. Default 100,000. */
  minKeys?: bigint;
}

/** Options of {@link checkData}. */
export interface CheckDataOptions {
  /** How many rows of each kind of difference to keep as samples. */
  limit: number;
  /** `false` streams every table whole (the full merge); default: the fast path where it applies. */
  fastPath?: false | FastPathOptions;
  /** Told, per table, whether it was compared by checksummed key ranges or streamed whole. */
  onPath?: (table: string, path: 'ranges' | 'stream') => void;
}

const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
/** Keys spanning more than this could overflow `key - lo` in int8: such tables are streamed. */
const MAX_SPAN = 1n << 62n;

/** The key column when the fast path applies to both sides' key, else undefined. */
function integerKey(from: DataSide, to: DataSide, table: DataTable, key: string[] | undefined) {
  if (key?.length !== 1) return undefined;
  const column = key[0]!;
  const toKey = primaryKey(to.snapshot, table.schema, table.name);
  if (toKey?.length !== 1 || toKey[0] !== column) return undefined;
  const typeOf = (side: DataSide) =>
    side.snapshot.objects.columns.find(
      (c) => c.schema === table.schema && c.table === table.name && c.name === column,
    )?.type;
  const [a, b] = [typeOf(from), typeOf(to)];
  return a && b && INTEGER_TYPES.has(a) && INTEGER_TYPES.has(b) ? column : undefined;
}

/** Compare one table by checksummed key ranges, or undefined when it must be streamed whole. */
async function compareByRanges(
  label: string,
  table: DataTable,
  column: string,
  from: DataSide,
  to: DataSide,
  limit: number,
  options: FastPathOptions,
): Promise<TableDataDifference | undefined> {
  const [a, b] = await Promise.all([
    probeKey(from.client, table, column),
    probeKey(to.client, table, column),
  ]);
  // Same hash of the same text and the same bytes for the same text, or the checksums mean nothing.
  if (a.hash !== b.hash || a.encoding !== b.encoding) return undefined;
  const los = [a.lo, b.lo].filter((v) => v !== undefined);
  const his = [a.hi, b.hi].filter((v) => v !== undefined);
  if (los.length === 0 || his.length === 0) return undefined;
  const lo = los.reduce(minKey);
  const hi = his.reduce(maxKey);
  if (hi - lo + 1n < (options.minKeys ?? 100_000n) || hi - lo >= MAX_SPAN) return undefined;
  const grid = keyGrid(lo, hi, options);
  const { ranges, equalRows } = await descendKeyRanges(
    grid,
    (width, within) => [
      streamChecksums(from.client, table, column, lo, width, within),
      streamChecksums(to.client, table, column, lo, width, within),
    ],
    options,
  );
  const only = { column, ranges };
  const result = await compareRows(
    label,
    'primary key',
    streamRows(from.client, table, [column], only),
    streamRows(to.client, table, [column], only),
    { limit },
  );
  result.fromRows += equalRows;
  result.toRows += equalRows;
  return result;
}

/** Compare the rows of each table on both sides. Each side needs its own connection. */
export async function checkData(
  patterns: readonly string[],
  from: DataSide,
  to: DataSide,
  options: CheckDataOptions,
): Promise<TableDataDifference[]> {
  const { limit } = options;
  const results: TableDataDifference[] = [];
  for (const table of resolveDataTables(patterns, from, to)) {
    const key = primaryKey(from.snapshot, table.schema, table.name);
    const label = tableName(table.key);
    const column = options.fastPath === false ? undefined : integerKey(from, to, table, key);
    const fast = column
      ? await compareByRanges(label, table, column, from, to, limit, options.fastPath || {})
      : undefined;
    options.onPath?.(label, fast ? 'ranges' : 'stream');
    results.push(
      fast ??
        (await compareRows(
          label,
          key ? 'primary key' : 'multiset',
          streamRows(from.client, table, key),
          streamRows(to.client, table, key),
          { limit },
        )),
    );
  }
  return results;
}
