/**
 * Row comparison of one table between two databases: both sides arrive sorted by the same
 * key and are merged, so memory stays flat whatever the table size. Pure: the caller streams
 * the rows (e.g. with pg-query-stream) in `COLLATE "C"` order of `key`.
 */
import { compareUtf8 } from './compare-utf8.js';
import type { DataCompareMode, TableDataDifference } from './report.js';

/** One row as streamed: its sort key and its full text. */
export interface DataRow {
  /** The primary key as text (`(1,"a")`); for a table without one, the whole row. */
  key: string;
  /** The whole row as text (`(1,"a",2056)`). */
  row: string;
}

/** Options of {@link compareRows}. */
export interface CompareRowsOptions {
  /** How many rows of each kind of difference to keep as samples. Default 10. */
  limit?: number;
  /** Cancels the comparison between rows. */
  signal?: AbortSignal;
}

/**
 * Merge two row streams sorted by key and count added, removed and changed rows.
 *
 * @example
 * ```ts
 * const result = await compareRows('qwat_vl.status', 'primary key', streamFrom, streamTo, { limit: 5 });
 * ```
 */
export async function compareRows(
  table: string,
  mode: DataCompareMode,
  from: AsyncIterable<DataRow>,
  to: AsyncIterable<DataRow>,
  options: CompareRowsOptions = {},
): Promise<TableDataDifference> {
  const limit = options.limit ?? 10;
  const result: TableDataDifference = {
    table,
    mode,
    fromRows: 0,
    toRows: 0,
    added: 0,
    removed: 0,
    changed: 0,
    samples: { added: [], removed: [], changed: [] },
  };
  const left = from[Symbol.asyncIterator]();
  const right = to[Symbol.asyncIterator]();
  let [a, b] = await Promise.all([left.next(), right.next()]);
  try {
    while (!a.done || !b.done) {
      options.signal?.throwIfAborted();
      const order = a.done ? 1 : b.done ? -1 : compareUtf8(a.value.key, b.value.key);
      if (order < 0) {
        result.fromRows++;
        if (result.removed++ < limit) result.samples.removed.push(a.value.row);
        a = await left.next();
      } else if (order > 0) {
        result.toRows++;
        if (result.added++ < limit) result.samples.added.push((b.value as DataRow).row);
        b = await right.next();
      } else {
        result.fromRows++;
        result.toRows++;
        const x = a.value as DataRow;
        const y = b.value as DataRow;
        if (x.row !== y.row && result.changed++ < limit)
          result.samples.changed.push({ key: x.key, from: x.row, to: y.row });
        [a, b] = await Promise.all([left.next(), right.next()]);
      }
    }
  } finally {
    await Promise.all([left.return?.(), right.return?.()]);
  }
  return result;
}
