// @ts-check
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  countMismatches,
  dumpFillSql,
  dumpSchemaSql,
  planBatches,
  urlOfDatabase,
  urlWithoutPassword,
} from './dump-database.mjs';
import { roundRatios } from './dump-report.mjs';

test('dumpSchemaSql() has geometry columns only with PostGIS', () => {
  assert.match(dumpSchemaSql({ postgis: true }), /geometry\(Polygon,2056\)/);
  assert.match(dumpSchemaSql({ postgis: true }), /USING gist/);
  assert.doesNotMatch(dumpSchemaSql({ postgis: false }), /geometry|gist/);
});

test('dumpFillSql() fills contiguous id ranges, batch after batch', () => {
  const sql = dumpFillSql({ from: 10, units: 5, postgis: false });
  assert.match(sql, /generate_series\(11::bigint, 15::bigint\)/);
  assert.match(sql, /generate_series\(101::bigint, 150::bigint\)/);
  assert.match(sql, /generate_series\(401::bigint, 600::bigint\)/);
  assert.doesNotMatch(sql, /ST_/);
  assert.match(dumpFillSql({ from: 0, units: 1, postgis: true }), /ST_MakeEnvelope/);
  assert.throws(() => dumpFillSql({ from: 0, units: 0, postgis: false }), RangeError);
});

test('planBatches() covers the missing bytes in batches of at most maxUnits', () => {
  assert.deepEqual(
    planBatches({ currentBytes: 100, targetBytes: 1100, bytesPerUnit: 10, maxUnits: 40 }),
    [40, 40, 20],
  );
  assert.deepEqual(planBatches({ currentBytes: 100, targetBytes: 105, bytesPerUnit: 10, maxUnits: 40 }), [1]);
  assert.deepEqual(planBatches({ currentBytes: 200, targetBytes: 100, bytesPerUnit: 10, maxUnits: 40 }), []);
});

test('URLs: password removed, database replaced', () => {
  assert.equal(
    urlWithoutPassword('postgres://me:s%40cret@db:5432/x?sslmode=disable'),
    'postgres://me@db:5432/x?sslmode=disable',
  );
  assert.equal(
    urlOfDatabase('postgres://me@db:5432/postgres', 'dump_source'),
    'postgres://me@db:5432/dump_source',
  );
});

test('countMismatches() names every table that differs', () => {
  assert.deepEqual(countMismatches({ a: 1, b: 2 }, { a: 1, b: 2 }), []);
  assert.deepEqual(countMismatches({ a: 1, c: 3 }, { a: 2, b: 2 }), [
    'a: 1, expected 2',
    'b: missing, expected 2',
    'c: 3, expected none',
  ]);
});

test('roundRatios() compares round by round', () => {
  assert.deepEqual(
    roundRatios(
      [{ wallMs: 110 }, { wallMs: 100 }, { wallMs: 300 }],
      [{ wallMs: 100 }, { wallMs: 100 }, { wallMs: 200 }],
    ),
    {
      median: 1.1,
      min: 1,
      max: 1.5,
    },
  );
});
