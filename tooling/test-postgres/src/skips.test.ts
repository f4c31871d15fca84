import { expect, test } from 'vitest';
import { missingRequirement } from './skips.js';

const bare = {
  backend: 'embedded',
  serverVersion: '16.14',
  binDir: undefined,
  postgisTemplate: undefined,
  requireClients: false,
  requirePostgis: false,
} as const;

test('a missing requirement is a reason to skip', () => {
  expect(missingRequirement('pg_dump', bare)).toEqual({
    requirement: 'pg_dump',
    reason: 'needs pg_dump: none fit for the embedded PostgreSQL 16.14 server was found',
  });
  expect(missingRequirement('postgis', bare)).toEqual({
    requirement: 'postgis',
    reason: 'needs PostGIS: the embedded PostgreSQL 16.14 server has none',
  });
});

test('a requirement that is met is no reason', () => {
  const full = { ...bare, binDir: '/usr/lib/postgresql/16/bin', postgisTemplate: 'pum_template_postgis' };
  expect(missingRequirement('pg_dump', full)).toBeUndefined();
  expect(missingRequirement('postgis', full)).toBeUndefined();
});

test('a missing requirement the environment requires is an error, not a skip', () => {
  expect(() => missingRequirement('pg_dump', { ...bare, requireClients: true })).toThrow(
    expect.objectContaining({
      code: 'PUM_TEST_PG_CLIENTS_REQUIRED',
      message: expect.stringContaining('PUM_TEST_REQUIRE_CLIENTS=1 forbids skipping it'),
    }),
  );
  expect(() => missingRequirement('postgis', { ...bare, requirePostgis: true })).toThrow(
    expect.objectContaining({ code: 'PUM_TEST_PG_POSTGIS_REQUIRED' }),
  );
  // Each variable requires only its own thing.
  expect(missingRequirement('postgis', { ...bare, requireClients: true })?.requirement).toBe('postgis');
});
