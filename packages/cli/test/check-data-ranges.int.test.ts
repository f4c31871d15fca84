/**
 * The data check's fast path (checksummed key ranges) on real servers: its report must equal
 * the full streaming merge's on the same data, and tables it cannot handle must be streamed.
 */
import { introspect } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CheckDataOptions, checkData, type DataSide } from '../src/data-check.js';

const a = useTestDatabase();
const b = useTestDatabase();

const SCHEMA = `
CREATE SCHEMA d;
CREATE TABLE d.big (id bigint PRIMARY KEY, name text, value double precision, note text);
CREATE TABLE d.small_int (id int PRIMARY KEY, label text);
CREATE TABLE d.same (id smallint PRIMARY KEY, label text);
CREATE TABLE d.no_pk (id int, label text);
CREATE TABLE d.pair (x int, y int, label text, PRIMARY KEY (x, y));
CREATE TABLE d.by_text (code text PRIMARY KEY, label text);
CREATE TABLE d.empty (id int PRIMARY KEY, label text);
CREATE TABLE d.one_side (id int PRIMARY KEY, label text);
`;

const FILL = `
INSERT INTO d.big SELECT g, 'row ' || g, g / 7.0, CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' || g END
  FROM generate_series(1, 20000) g;
INSERT INTO d.small_int SELECT g, 'x' || g FROM generate_series(1, 3000) g;
INSERT INTO d.same SELECT g, 'same ' || g FROM generate_series(1, 2000) g;
INSERT INTO d.no_pk SELECT g % 50, 'x' FROM generate_series(1, 2000) g;
INSERT INTO d.pair SELECT g, g % 3, 'p' FROM generate_series(1, 2000) g;
INSERT INTO d.by_text SELECT 'k' || g, 'x' FROM generate_series(1, 2000) g;
INSERT INTO d.one_side SELECT g, 'only' FROM generate_series(1, 1500) g;
`;

// On "to": changes inside and at the edges of buckets (first key, 8/9 and 16/17 with 8-wide
// leaves, the last key), NULLs appearing and disappearing, deletions, rows beyond "from"'s last
// key, a row below "from"'s first key; and a few changes in each fallback table.
const CHANGE = `
UPDATE d.big SET value = value + 1 WHERE id IN (1, 8, 9, 16, 17, 4321, 20000);
UPDATE d.big SET note = NULL WHERE id IN (777, 778);
UPDATE d.big SET note = 'was null' WHERE id = 780;
UPDATE d.big SET name = NULL WHERE id = 12345;
DELETE FROM d.big WHERE id IN (3000, 3001, 3002, 15999);
INSERT INTO d.big SELECT g, 'new ' || g, 0, NULL FROM generate_series(20001, 20037) g;
INSERT INTO d.big VALUES (-3, 'below', 1, NULL);
UPDATE d.small_int SET label = 'changed' WHERE id IN (10, 2999);
DELETE FROM d.small_int WHERE id = 1;
UPDATE d.no_pk SET label = 'y' WHERE id = 7;
UPDATE d.pair SET label = 'q' WHERE x = 5;
UPDATE d.by_text SET label = 'y' WHERE code = 'k5';
DELETE FROM d.one_side;
`;

let from: DataSide;
let to: DataSide;

const side = async (client: pg.Client, label: string): Promise<DataSide> => ({
  client,
  label,
  snapshot: await introspect(client, { dependencies: false }),
});

beforeAll(async () => {
  const [x, y] = [await a.connect(), await b.connect()];
  await x.query(SCHEMA + FILL);
  await y.query(SCHEMA + FILL + CHANGE);
  from = await side(x, 'a');
  to = await side(y, 'b');
});

/** Tiny buckets, so that the fast path descends several levels on small tables. */
const TINY = { minKeys: 1n, leafWidth: 8n, fanOut: 4n, maxRootBuckets: 64n, streamRows: 4 };

async function both(patterns: string[], limit: number, fastPath: CheckDataOptions['fastPath'] = TINY) {
  const paths: Record<string, string> = {};
  const fast = await checkData(patterns, from, to, { limit, fastPath, onPath: (t, p) => (paths[t] = p) });
  const streamed = await checkData(patterns, from, to, { limit, fastPath: false });
  return { fast, streamed, paths };
}

describe('check --data by checksummed key ranges', () => {
  it('reports exactly what the full merge reports, samples included, at any limit', async () => {
    for (const limit of [0, 3, 100]) {
      const { fast, streamed, paths } = await both(['d.big', 'd.small_int', 'd.same'], limit);
      expect(paths).toEqual({ 'd.big': 'ranges', 'd.small_int': 'ranges', 'd.same': 'ranges' });
      expect(fast).toEqual(streamed);
    }
    const { fast } = await both(['d.big'], 100);
    expect(fast[0]).toMatchObject({ fromRows: 20000, toRows: 20034, added: 38, removed: 4, changed: 11 });
    expect(fast[0]?.samples.changed.map((c) => c.key)).toContain('(780)');
    expect(fast[0]?.samples.added).toContain('(-3,below,1,)');
  });

  it('finds nothing to stream and counts every row when both sides are equal', async () => {
    const { fast, paths } = await both(['d.same'], 10);
    expect(paths['d.same']).toBe('ranges');
    expect(fast[0]).toMatchObject({ fromRows: 2000, toRows: 2000, added: 0, removed: 0, changed: 0 });
  });

  it('gives the same report with the default tuning', async () => {
    const { fast, streamed } = await both(['d.big', 'd.small_int'], 10, { minKeys: 1n });
    expect(fast).toEqual(streamed);
  });

  it('handles a table empty on one side by ranges, and streams when both are empty', async () => {
    const { fast, streamed, paths } = await both(['d.one_side', 'd.empty'], 5);
    expect(paths).toEqual({ 'd.one_side': 'ranges', 'd.empty': 'stream' });
    expect(fast).toEqual(streamed);
    expect(fast.find((t) => t.table === 'd.one_side')).toMatchObject({
      fromRows: 1500,
      toRows: 0,
      removed: 1500,
    });
  });

  it('streams tables without a primary key, with a composite key, or with a non-integer key', async () => {
    const { fast, streamed, paths } = await both(['d.no_pk', 'd.pair', 'd.by_text'], 5);
    expect(paths).toEqual({ 'd.no_pk': 'stream', 'd.pair': 'stream', 'd.by_text': 'stream' });
    expect(fast).toEqual(streamed);
    expect(fast.map((t) => t.changed + t.added + t.removed)).toEqual([1, 80, 1]);
  });

  it('streams small tables whole with the default tuning', async () => {
    const paths: Record<string, string> = {};
    await checkData(['d.big'], from, to, { limit: 1, onPath: (t, p) => (paths[t] = p) });
    expect(paths).toEqual({ 'd.big': 'stream' });
  });
});
