// @ts-check
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomeProblems, pgEnv, SIDES, sideCommand } from './upgrade-sides.mjs';

test('pgEnv gives psql the connection through libpq variables', () => {
  assert.deepEqual(pgEnv('postgres://me:s%40cret@127.0.0.1:5433/db_1?sslmode=disable'), {
    PGHOST: '127.0.0.1',
    PGPORT: '5433',
    PGDATABASE: 'db_1',
    PGUSER: 'me',
    PGPASSWORD: 's@cret',
    PGSSLMODE: 'disable',
  });
  assert.deepEqual(pgEnv('postgres://postgres@[::1]/x'), {
    PGHOST: '::1',
    PGPORT: '5432',
    PGDATABASE: 'x',
    PGUSER: 'postgres',
  });
});

test('no side gets the connection on its command line', () => {
  const url = 'postgres://me:secret@127.0.0.1:5433/db';
  const at = { url, pum0Dir: '/d', nodePgMigrateDir: '/n', psqlScript: '/s.sql', psqlBin: '/bin/psql' };
  for (const side of SIDES) {
    const command = sideCommand(side, at);
    assert.ok(!command.args.some((arg) => arg.includes('secret')), side);
    assert.ok(
      Object.values(command.env).some((value) => value?.includes('secret')),
      side,
    );
  }
});

test('outcomeProblems names every count that differs', () => {
  const expected = { tables: 2, views: 1, indexes: 4, foreignKeys: 1, rows: 40 };
  assert.deepEqual(outcomeProblems({ history: 11, ...expected }, expected, 11), []);
  assert.deepEqual(outcomeProblems({ history: 10, ...expected, views: 0 }, expected, 11), [
    '10 history rows, expected 11',
    '0 views, expected 1',
  ]);
});
