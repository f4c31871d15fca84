import { expect, test } from 'vitest';
import { databaseUrl, maskPassword } from './server-admin.js';

test('databaseUrl keeps everything but the database', () => {
  expect(databaseUrl('postgres://u:p%40ss@127.0.0.1:5433/postgres?sslmode=disable', 'pum_t_x')).toBe(
    'postgres://u:p%40ss@127.0.0.1:5433/pum_t_x?sslmode=disable',
  );
  expect(databaseUrl('postgresql://h/db', 'a b')).toBe('postgresql://h/a%20b');
});

test('maskPassword hides the password only', () => {
  expect(maskPassword('postgres://u:secret@db:5432/x')).toBe('postgres://u:***@db:5432/x');
  expect(maskPassword('postgres://u@db/x')).toBe('postgres://u@db/x');
  expect(maskPassword('not a url')).toBe('(unparsable URL)');
});
