/**
 * Checksummed key ranges for the fast path of a data check on a single-column integer key: the
 * servers sum a hash of each row's text per bucket of keys, the buckets are compared, and only
 * the buckets that differ are split further and, at the end, streamed and merged by
 * {@link compareRows}. Pure: the caller runs the checksum queries and gives their rows here.
 *
 * A bucket of level `l` is `[lo + i·width(l), lo + (i+1)·width(l))`; each level's width is a
 * multiple of the next one's, so a child never straddles two parents. Both sides are asked for
 * the same buckets restricted to the same parent ranges, so they cover exactly the same keys.
 */

/** A half-open range of keys `[from, to)`. */
export interface KeyRange {
  from: bigint;
  to: bigint;
}

/** One bucket's checksum as a server returns it: its index, its row count and its hash sum. */
export interface KeyBucket {
  /** The bucket's index on its level: `(key - lo) / width`, rounded down. */
  bucket: bigint;
  rows: number;
  /** The sum of the rows' hashes, as exact text (the server's numeric). */
  sum: string;
}

/** The buckets of every level: where they start and how wide they are, coarsest first. */
export interface KeyGrid {
  lo: bigint;
  /** One past the highest key. */
  end: bigint;
  widths: bigint[];
}

/** Options of {@link keyGrid}. */
export interface KeyGridOptions {
  /** The width of the finest buckets. Default 32. */
  leafWidth?: bigint;
  /** How many children a bucket splits into. Default 16. */
  fanOut?: bigint;
  /** At most this many buckets on the first level. Default 2^19. */
  maxRootBuckets?: bigint;
}

/**
 * The levels of buckets over the keys `lo..hi` (both included): the first level has at most
 * `maxRootBuckets` buckets, each level is `fanOut` times finer, the last is `leafWidth` wide.
 *
 * @example
 * ```ts
 * keyGrid(1n, 10_000_000n).widths; // [32n]: one level of 312,500 buckets
 * ```
 */
export function keyGrid(lo: bigint, hi: bigint, options: KeyGridOptions = {}): KeyGrid {
  const leaf = options.leafWidth ?? 32n;
  const fan = options.fanOut ?? 16n;
  const maxRoot = options.maxRootBuckets ?? 1n << 19n;
  const span = hi - lo + 1n;
  const widths = [leaf];
  while ((span + widths[0]! - 1n) / widths[0]! > maxRoot) widths.unshift(widths[0]! * fan);
  return { lo, end: hi + 1n, widths };
}

/** What the descent found: the ranges to stream and the rows both sides hold equal elsewhere. */
export interface DescentResult {
  /** Key ranges to stream and merge, sorted and coalesced. */
  ranges: KeyRange[];
  /** Rows in buckets whose count and checksum were equal on both sides (counted once per side). */
  equalRows: number;
}

/** Options of {@link descendKeyRanges}. */
export interface DescentOptions {
  /** A differing bucket of at most this many rows (on the larger side) is streamed, not split. Default 256. */
  streamRows?: number;
  /** When more ranges than this differ, they are streamed as they are. Default 100,000. */
  maxRanges?: number;
}

/**
 * The checksums of one level, both sides: buckets of `width` keys from the grid's `lo`, only
 * the rows in `within` (all rows when undefined), each side sorted by bucket.
 */
export type LevelChecksums = (
  width: bigint,
  within: readonly KeyRange[] | undefined,
) => [AsyncIterable<KeyBucket>, AsyncIterable<KeyBucket>];

/**
 * Merge two bucket streams sorted by bucket: the rows of equal buckets, and the differing ones
 * with the row count of their larger side. A bucket only one side has differs.
 */
export async function compareBuckets(
  from: AsyncIterable<KeyBucket>,
  to: AsyncIterable<KeyBucket>,
  onDiffering: (bucket: bigint, rows: number) => void,
): Promise<number> {
  const left = from[Symbol.asyncIterator]();
  const right = to[Symbol.asyncIterator]();
  let equalRows = 0;
  let [a, b] = await Promise.all([left.next(), right.next()]);
  try {
    while (!a.done || !b.done) {
      if (b.done || (!a.done && a.value.bucket < b.value.bucket)) {
        onDiffering(a.value.bucket, a.value.rows);
        a = await left.next();
      } else if (a.done || b.value.bucket < a.value.bucket) {
        onDiffering(b.value.bucket, b.value.rows);
        b = await right.next();
      } else {
        if (a.value.rows === b.value.rows && a.value.sum === b.value.sum) equalRows += a.value.rows;
        else onDiffering(a.value.bucket, Math.max(a.value.rows, b.value.rows));
        [a, b] = await Promise.all([left.next(), right.next()]);
      }
    }
  } finally {
    await Promise.all([left.return?.(), right.return?.()]);
  }
  return equalRows;
}

/** The smaller of two keys (`Math.min` takes no bigint). */
export const minKey = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** The larger of two keys (`Math.max` takes no bigint). */
export const maxKey = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Sort ranges and join the ones that touch. */
export function coalesceRanges(ranges: readonly KeyRange[]): KeyRange[] {
  const sorted = [...ranges].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  const out: KeyRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.from <= last.to) last.to = maxKey(r.to, last.to);
    else out.push({ ...r });
  }
  return out;
}

/**
 * Descend the grid level by level, asking `checksums` for the buckets inside the ranges that
 * still differ, until they are small enough to stream (or the finest level is reached, or too
 * many differ). Every row is either in an equal bucket (counted in `equalRows`) or in a range
 * returned to stream.
 *
 * @example
 * ```ts
 * const { ranges, equalRows } = await descendKeyRanges(keyGrid(1n, 1_000_000n), checksums);
 * ```
 */
export async function descendKeyRanges(
  grid: KeyGrid,
  checksums: LevelChecksums,
  options: DescentOptions = {},
): Promise<DescentResult> {
  const streamRows = options.streamRows ?? 256;
  const maxRanges = options.maxRanges ?? 100_000;
  const stream: KeyRange[] = [];
  let equalRows = 0;
  let within: KeyRange[] | undefined;
  for (const [level, width] of grid.widths.entries()) {
    const last = level === grid.widths.length - 1;
    const next: KeyRange[] = [];
    let tooMany = false;
    const [from, to] = checksums(width, within);
    const levelEqual = await compareBuckets(from, to, (bucket, rows) => {
      if (tooMany) return;
      const start = grid.lo + bucket * width;
      const range = { from: start, to: minKey(start + width, grid.end) };
      if (last || rows <= streamRows) stream.push(range);
      else next.push(range);
      if (stream.length + next.length > maxRanges) tooMany = true;
    });
    if (tooMany) {
      // Too many ranges differ to descend with flat memory: stream what is left as it is.
      const rest = within ?? [{ from: grid.lo, to: grid.end }];
      return { ranges: coalesceRanges([...stream, ...rest]), equalRows };
    }
    equalRows += levelEqual;
    if (next.length === 0) break;
    within = coalesceRanges(next);
  }
  return { ranges: coalesceRanges(stream), equalRows };
}
