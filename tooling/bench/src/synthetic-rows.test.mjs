// @ts-check
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticRowChanges } from './synthetic-rows.mjs';

/** What the UPDATE / DELETE / INSERT of syntheticRowChanges() do to ids 1..rows, replayed in JS. */
function replay(/** @type {number} */ rows) {
  let changed = 0;
  let removed = 0;
  for (let id = 1; id <= rows; id++) {
    if (id % 4000 === 1234) removed++;
    else if (id % 2000 === 7) changed++;
  }
  return { changed, removed };
}

test('expects what the statements do, about 0.1 % of the rows', () => {
  for (const rows of [1, 10, 1233, 1234, 5000, 100_000, 1_000_000]) {
    const { expected } = syntheticRowChanges({ rows, postgis: false });
    const { changed, removed } = replay(rows);
    assert.equal(expected.changed, changed, `${rows} rows: changed`);
    assert.equal(expected.removed, removed, `${rows} rows: removed`);
    assert.equal(expected.toRows, rows - removed + expected.added, `${rows} rows: toRows`);
  }
  const { expected } = syntheticRowChanges({ rows: 1_000_000, postgis: true });
  assert.equal(expected.changed + expected.added + expected.removed, 1000);
});
