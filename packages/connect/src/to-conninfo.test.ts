import { describe, expect, it } from 'vitest';
import { parseConninfo } from './parse-conninfo.js';
import { quoteConninfoValue, toConninfo } from './to-conninfo.js';

describe('quoteConninfoValue', () => {
  it('leaves plain values bare', () => {
    expect(quoteConninfoValue('db.example')).toBe('db.example');
    expect(quoteConninfoValue('/var/run/postgresql')).toBe('/var/run/postgresql');
    expect(quoteConninfoValue('h1,h2')).toBe('h1,h2');
  });

  it('quotes empty values, blanks, quotes, backslashes and anything unusual', () => {
    expect(quoteConninfoValue('')).toBe("''");
    expect(quoteConninfoValue('my db')).toBe("'my db'");
    expect(quoteConninfoValue("it's")).toBe("'it\\'s'");
    expect(quoteConninfoValue('a\\b')).toBe("'a\\\\b'");
    expect(quoteConninfoValue('a=b;c')).toBe("'a=b;c'");
    expect(quoteConninfoValue('jörg')).toBe("'jörg'");
  });

  it('round-trips through parseConninfo', () => {
    for (const value of [
      '',
      ' ',
      "'",
      '\\',
      "\\'",
      `it's; "x" é 🐘`,
      'tab\there',
      'line\nbreak',
      "'quoted'",
    ]) {
      expect(parseConninfo(`dbname=${quoteConninfoValue(value)}`)).toEqual({ dbname: value });
    }
  });
});

describe('toConninfo', () => {
  const parameters = {
    service: 'qwat',
    host: 'db',
    port: '5432',
    dbname: 'my db',
    user: 'me',
    password: 'secret',
    sslpassword: 'key-secret',
    sslmode: 'require',
  };

  it('writes the parameters in a stable order, without service and passwords', () => {
    expect(toConninfo({ parameters })).toBe("host=db port=5432 dbname='my db' user=me sslmode=require");
  });

  it('includes the passwords only when asked', () => {
    expect(toConninfo({ parameters }, { includePassword: true })).toBe(
      "host=db port=5432 dbname='my db' user=me password=secret sslmode=require sslpassword=key-secret",
    );
  });
});
