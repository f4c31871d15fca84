import { describe, expect, it } from 'vitest';
import {
  coalesceRanges,
  compareBuckets,
  descendKeyRanges,
  type KeyBucket,
  type KeyRange,
  keyGrid,
} from './key-ranges.js';

/** A side as a map key → row text; its buckets computed as a server would (hash = text length sum). */
function bucketsOf(
  rows: Map<bigint, string>,
  lo: bigint,
  width: bigint,
  within: readonly KeyRange[] | undefined,
) {
  const sums = new Map<bigint, { rows: number; sum: bigint }>();
  for (const [key, text] of rows) {
    if (within && !within.some((r) => key >= r.from && key < r.to)) continue;
    const bucket = (key - lo) / width;
    const entry = sums.get(bucket) ?? { rows: 0, sum: 0n };
    entry.rows++;
    entry.sum += BigInt([...text].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7) % 1_000_003);
    sums.set(bucket, entry);
  }
  const sorted: KeyBucket[] = [...sums]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([bucket, e]) => ({ bucket, rows: e.rows, sum: e.sum.toString() }));
  return (async function* () {
    yield* sorted;
  })();
}

const table = (count: number) =>
  new Map(Array.from({ length: count }, (_, i) => [BigInt(i + 1), `(${i + 1},row)`]));

/** Run the descent on two in-memory sides and check its promise: every differing key is streamed. */
async function descend(from: Map<bigint, string>, to: Map<bigint, string>, grid = keyGrid(1n, 10_000n)) {
  const levels: bigint[] = [];
  const result = await descendKeyRanges(
    grid,
    (width, within) => {
      levels.push(width);
      return [bucketsOf(from, grid.lo, width, within), bucketsOf(to, grid.lo, width, within)];
    },
    { streamRows: 4 },
  );
  const streamed = (key: bigint) => result.ranges.some((r) => key >= r.from && key < r.to);
  for (const key of new Set([...from.keys(), ...to.keys()])) {
    if (from.get(key) !== to.get(key)) expect(streamed(key), `key ${key}`).toBe(true);
  }
  const outside = (side: Map<bigint, string>) => [...side.keys()].filter((k) => !streamed(k)).length;
  expect(outside(from)).toBe(result.equalRows);
  expect(outside(to)).toBe(result.equalRows);
  return { ...result, levels };
}

describe('keyGrid', () => {
  it('uses one level when the leaf buckets are few enough, more levels each fanOut times finer', () => {
    expect(keyGrid(1n, 10_000_000n).widths).toEqual([32n]);
    expect(keyGrid(1n, 10_000n, { leafWidth: 4n, fanOut: 4n, maxRootBuckets: 100n }).widths).toEqual([
      256n,
      64n,
      16n,
      4n,
    ]);
    expect(keyGrid(-5n, -5n).widths).toEqual([32n]);
  });
});

describe('compareBuckets', () => {
  it('counts equal buckets once and reports buckets differing in count, sum or presence', async () => {
    const gen = (list: KeyBucket[]) =>
      (async function* () {
        yield* list;
      })();
    const differing: [bigint, number][] = [];
    const equal = await compareBuckets(
      gen([
        { bucket: 0n, rows: 3, sum: '10' },
        { bucket: 1n, rows: 2, sum: '5' },
        { bucket: 2n, rows: 2, sum: '5' },
        { bucket: 5n, rows: 1, sum: '1' },
      ]),
      gen([
        { bucket: 0n, rows: 3, sum: '10' },
        { bucket: 1n, rows: 2, sum: '6' },
        { bucket: 2n, rows: 3, sum: '5' },
        { bucket: 4n, rows: 7, sum: '1' },
      ]),
      (bucket, rows) => differing.push([bucket, rows]),
    );
    expect(equal).toBe(3);
    expect(differing).toEqual([
      [1n, 2],
      [2n, 3],
      [4n, 7],
      [5n, 1],
    ]);
  });
});

describe('coalesceRanges', () => {
  it('sorts and joins touching or overlapping ranges', () => {
    expect(
      coalesceRanges([
        { from: 10n, to: 20n },
        { from: 0n, to: 5n },
        { from: 5n, to: 8n },
        { from: 15n, to: 30n },
      ]),
    ).toEqual([
      { from: 0n, to: 8n },
      { from: 10n, to: 30n },
    ]);
  });
});

describe('descendKeyRanges', () => {
  it('streams nothing when both sides are equal', async () => {
    const result = await descend(table(10_000), table(10_000));
    expect(result.ranges).toEqual([]);
    expect(result.equalRows).toBe(10_000);
  });

  it('narrows a few changes, inside and at the edges of buckets, down to small ranges', async () => {
    const from = table(10_000);
    const to = table(10_000);
    to.set(1n, 'changed');
    to.set(32n, 'changed');
    to.set(33n, 'changed');
    to.delete(5000n);
    to.set(10_000n, 'changed');
    const grid = keyGrid(1n, 10_000n, { leafWidth: 4n, fanOut: 4n, maxRootBuckets: 100n });
    const result = await descend(from, to, grid);
    expect(result.levels).toEqual([256n, 64n, 16n, 4n]);
    const streamedKeys = result.ranges.reduce((n, r) => n + Number(r.to - r.from), 0);
    expect(streamedKeys).toBeLessThanOrEqual(5 * 4 + 4);
  });

  it('covers rows one side has beyond the other one’s last key and below its first', async () => {
    const from = table(10_000);
    const to = table(10_000);
    for (let k = 10_001n; k <= 10_050n; k++) to.set(k, `(${k},new)`);
    from.set(0n, '(0,old)');
    await descend(from, to, keyGrid(0n, 10_050n, { leafWidth: 4n, fanOut: 4n, maxRootBuckets: 100n }));
  });

  it('handles an empty side', async () => {
    const result = await descend(new Map(), table(1000), keyGrid(1n, 1000n, { leafWidth: 8n }));
    expect(result.equalRows).toBe(0);
    expect(result.ranges).toEqual([{ from: 1n, to: 1001n }]);
  });

  it('streams the remaining ranges as they are when too many differ', async () => {
    const from = table(10_000);
    const to = new Map([...table(10_000)].map(([k, v]) => [k, `${v}!`]));
    const grid = keyGrid(1n, 10_000n, { leafWidth: 4n, fanOut: 4n, maxRootBuckets: 100n });
    const result = await descendKeyRanges(
      grid,
      (width, within) => [bucketsOf(from, grid.lo, width, within), bucketsOf(to, grid.lo, width, within)],
      { maxRanges: 50, streamRows: 0 },
    );
    expect(result).toEqual({ ranges: [{ from: 1n, to: 10_001n }], equalRows: 0 });
  });
});
