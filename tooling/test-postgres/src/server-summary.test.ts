import { expect, test } from 'vitest';
import { describeServer } from './server-summary.js';

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
