import { expect, test } from 'vitest';
import { formatSkipReport, formatSkipTotal, type SkipReport } from './skip-summary.js';

const dump: SkipReport = {
  package: '@pum/dump',
  filtered: 0,
  entries: [
    {
      kind: 'test',
      file: 'test/round-trip.int.test.ts',
      name: 'round trip > restores',
      reason: 'needs pg_dump: none fit for the embedded PostgreSQL 16.14 server was found',
      requirement: 'pg_dump',
    },
    {
      kind: 'check',
      file: 'test/a.int.test.ts',
      name: 'plans: pg_dump equality',
      reason: 'needs pg_dump: none fit',
      requirement: 'pg_dump',
    },
  ],
};

test('one package: a quiet line, or a loud list with reasons', () => {
  expect(formatSkipReport({ package: '@pum/core', entries: [], filtered: 2 })).toBe(
    '[test-postgres] @pum/core: no test or check skipped (2 tests left out by a name filter)',
  );
  expect(formatSkipReport(dump)).toBe(
    [
      '!!! @pum/dump: 1 test and 1 check SKIPPED',
      '!!!   (check) test/a.int.test.ts > plans: pg_dump equality: needs pg_dump: none fit',
      '!!!   test/round-trip.int.test.ts > round trip > restores: needs pg_dump: none fit for the embedded PostgreSQL 16.14 server was found',
    ].join('\n'),
  );
});

test('the total over packages counts by requirement', () => {
  const cli: SkipReport = {
    package: '@pum/cli',
    filtered: 0,
    entries: [{ kind: 'test', file: 'test/x.int.test.ts', name: 'x', reason: 'needs PostgreSQL 15' }],
  };
  const total = formatSkipTotal([dump, cli, { package: '@pum/core', entries: [], filtered: 0 }]);
  expect(total.split('\n').filter((line) => !line.startsWith('!!!   '))).toEqual([
    '!!! @pum/cli: 1 test SKIPPED',
    '!!! @pum/dump: 1 test and 1 check SKIPPED',
    '!!! all packages: 2 tests and 1 check SKIPPED in total (pg_dump: 2, other reasons: 1), over 3 packages',
    '!!! Install the client programs / PostGIS (see tooling/test-postgres/README.md); PUM_TEST_REQUIRE_CLIENTS=1 and PUM_TEST_REQUIRE_POSTGIS=1 make these skips errors.',
  ]);
  expect(formatSkipTotal([{ package: '@pum/core', entries: [], filtered: 0 }], 'PostgreSQL 16')).toBe(
    '[test-postgres] PostgreSQL 16: no test or check skipped (1 package)',
  );
});
