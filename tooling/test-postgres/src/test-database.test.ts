import { expect, test } from 'vitest';
import { testDatabaseName } from './test-database.js';

test('names come from the test file', () => {
  expect(testDatabaseName('/repo/packages/dump/test/dump-roundtrip.int.test.ts', 'abcd1234')).toBe(
    'pum_t_dump_roundtrip_abcd1234',
  );
  expect(testDatabaseName('C:/x/Apply Deltas.spec.mjs', '00')).toBe('pum_t_apply_deltas_00');
});

test('names are safe identifiers of at most 63 bytes', () => {
  const name = testDatabaseName(`/t/${'Ünïcode-"quoted";'.repeat(10)}.test.ts`, 'ffffffff');
  expect(name).toMatch(/^[a-z0-9_]+$/);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
  expect(testDatabaseName('/t/---.test.ts', '1')).toBe('pum_t_test_1');
});
