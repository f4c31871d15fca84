import { expect, test } from 'vitest';
import { describeServer, postgisSkippedWarning } from './server-summary.js';

test('one line per server', () => {
  expect(
    describeServer({
      backend: 'local',
      serverVersion: '15.18',
      major: 15,
      postgisVersion: '3.3.2',
      postgisTemplate: 'pum_template_postgis',
      binDir: '/usr/lib/postgresql/15/bin',
    }),
  ).toBe('backend=local PostgreSQL 15.18 PostGIS 3.3.2 (/usr/lib/postgresql/15/bin)');
  expect(describeServer({ backend: 'embedded', serverVersion: '16.14', major: 16 })).toBe(
    'backend=embedded PostgreSQL 16.14 no PostGIS (no pg_dump)',
  );
});

test('the skipped-PostGIS warning is loud and names the files', () => {
  const server = { backend: 'embedded', serverVersion: '16.14' } as const;
  expect(postgisSkippedWarning(server, ['test/a.int.test.ts', 'test/b.int.test.ts'])).toBe(
    [
      '!!! PostGIS tests were SKIPPED (2 test files): no PostGIS-capable server found (got embedded PostgreSQL 16.14).',
      '!!!   test/a.int.test.ts',
      '!!!   test/b.int.test.ts',
      '!!! Install PostGIS for it, start Docker, or set PUM_TEST_DATABASE_URL; PUM_TEST_REQUIRE_POSTGIS=1 makes this an error.',
    ].join('\n'),
  );
  expect(postgisSkippedWarning(server, [])).toMatch(
    /^\[test-postgres\] note: .* no PostGIS; no test asked for it$/,
  );
});
