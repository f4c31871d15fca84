import { isPumError, type PumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { parseConninfo } from './parse-conninfo.js';

function errorOf(run: () => unknown): PumError {
  try {
    run();
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('parseConninfo', () => {
  it('reads keyword=value pairs separated by blanks', () => {
    expect(parseConninfo('host=localhost port=5433 dbname=qwat user=me')).toEqual({
      host: 'localhost',
      port: '5433',
      dbname: 'qwat',
      user: 'me',
    });
  });

  it('reads quoted values with backslash escapes, as libpq', () => {
    expect(parseConninfo("dbname='my db' password='it\\'s' options='a\\\\b'")).toEqual({
      dbname: 'my db',
      password: "it's",
      options: 'a\\b',
    });
  });

  it('unescapes bare values and keeps quotes inside them literally', () => {
    expect(parseConninfo("password=a\\ b\\\\c user=o'neil")).toEqual({ password: 'a b\\c', user: "o'neil" });
  });

  it('allows blanks (tabs, newlines) around "=" and between pairs', () => {
    expect(parseConninfo('  host = db\t\nport\t=\t5432  ')).toEqual({ host: 'db', port: '5432' });
  });

  it('takes the next word as the value after "= " like libpq does', () => {
    // libpq skips blanks after "=", so "host= port=5" sets host to "port=5".
    expect(parseConninfo('host= port=5')).toEqual({ host: 'port=5' });
  });

  it('reads empty values', () => {
    expect(parseConninfo("host='' dbname=")).toEqual({ host: '', dbname: '' });
  });

  it('lets a later keyword override an earlier one', () => {
    expect(parseConninfo('host=a host=b')).toEqual({ host: 'b' });
  });

  it('keeps hostile characters: ;, double quotes, unicode', () => {
    expect(parseConninfo(`dbname='a; drop "x"' password='pä\\'ß; "q" é 🐘' user=jörg`)).toEqual({
      dbname: 'a; drop "x"',
      password: `pä'ß; "q" é 🐘`,
      user: 'jörg',
    });
  });

  it('accepts a closing quote directly followed by the next keyword', () => {
    expect(parseConninfo("host='a'port=1")).toEqual({ host: 'a', port: '1' });
  });

  it('rejects an unknown keyword, naming it, its position and a suggestion', () => {
    const error = errorOf(() => parseConninfo('host=db hots=x'));
    expect(error.code).toBe('PUM_INVALID_CONNECTION_STRING');
    expect(error.message).toBe(
      'unknown connection parameter "hots" at position 9 in connection string "host=db hots=x"',
    );
    expect(error.hint).toBe('did you mean "host"?');
    expect(error.details).toMatchObject({ keyword: 'hots', position: 9 });
  });

  it('treats keywords case-sensitively, as libpq', () => {
    expect(errorOf(() => parseConninfo('HOST=db')).message).toContain('unknown connection parameter "HOST"');
  });

  it('rejects a missing "=" with its position', () => {
    const error = errorOf(() => parseConninfo('host localhost'));
    expect(error.message).toBe(
      'missing "=" after "host" at position 6 in connection string "host localhost"',
    );
  });

  it('rejects an unterminated quote with its position, masking the password', () => {
    const error = errorOf(() => parseConninfo("user=me password='secret"));
    expect(error.message).toBe(
      'unterminated quoted value for "password" at position 18 in connection string "user=me password=****"',
    );
    expect(JSON.stringify(error.details)).not.toContain('secret');
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(errorOf(() => parseConninfo('dbname=🐘🐘 x')).message).toContain('at position 12');
  });
});
