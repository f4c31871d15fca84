import { expect, test } from 'vitest';
import { readTestEnv } from './test-env.js';

test('defaults', () => {
  expect(readTestEnv({})).toEqual({
    major: undefined,
    requirePostgis: false,
    requireClients: false,
    debug: false,
  });
});

test('reads the variables', () => {
  expect(
    readTestEnv({
      PUM_TEST_PG_MAJOR: ' 16 ',
      PUM_TEST_REQUIRE_POSTGIS: '1',
      PUM_TEST_REQUIRE_CLIENTS: 'true',
      PUM_TEST_PG_DEBUG: 'true',
    }),
  ).toEqual({
    major: 16,
    requirePostgis: true,
    requireClients: true,
    debug: true,
  });
  expect(readTestEnv({ PUM_TEST_PG_MAJOR: '', PUM_TEST_REQUIRE_POSTGIS: '0' })).toMatchObject({
    major: undefined,
    requirePostgis: false,
  });
});

test('a bad major is an error, not a silent default', () => {
  expect(() => readTestEnv({ PUM_TEST_PG_MAJOR: 'sixteen' })).toThrow(
    expect.objectContaining({ code: 'PUM_TEST_PG_MISUSE' }),
  );
});
