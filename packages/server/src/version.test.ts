import { describe, expect, test } from 'vitest';
import { parsePostgresVersion } from './version.js';

describe('parsePostgresVersion', () => {
  test.each([
    ['postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)', '15.18', 15],
    ['pg_dump (PostgreSQL) 16.4', '16.4', 16],
    ['PostgreSQL 17.2 (Homebrew)', '17.2', 17],
    ['15.18 (Debian 15.18-0+deb12u1)', '15.18', 15],
    ['16.14.0-beta.17', '16.14', 16],
    ['postgres (PostgreSQL) 18beta1', '18', 18],
  ])('%s', (text, version, major) => {
    expect(parsePostgresVersion(text)).toEqual({ version, major });
  });

  test('no version', () => {
    expect(parsePostgresVersion('command not found')).toBeUndefined();
  });
});
