import { isPumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './parse-connection-string.js';

describe('parseConnectionString', () => {
  it('reads nothing as "empty"', () => {
    expect(parseConnectionString(undefined)).toEqual({ kind: 'empty', parameters: {} });
    expect(parseConnectionString('')).toEqual({ kind: 'empty', parameters: {} });
    expect(parseConnectionString(' \t')).toEqual({ kind: 'empty', parameters: {} });
  });

  it('reads a word without "=" as a service name (PUM semantics, not a database name)', () => {
    expect(parseConnectionString('qwat_prod')).toEqual({
      kind: 'service',
      parameters: { service: 'qwat_prod' },
    });
    expect(parseConnectionString('my service')).toEqual({
      kind: 'service',
      parameters: { service: 'my service' },
    });
  });

  it('reads URLs and conninfo strings', () => {
    expect(parseConnectionString('postgres://db/qwat')).toEqual({
      kind: 'url',
      parameters: { host: 'db', dbname: 'qwat' },
    });
    expect(parseConnectionString('postgresql://db')).toEqual({ kind: 'url', parameters: { host: 'db' } });
    expect(parseConnectionString('dbname=qwat')).toEqual({
      kind: 'conninfo',
      parameters: { dbname: 'qwat' },
    });
  });

  it('rejects other URL schemes instead of taking them for service names', () => {
    for (const input of ['POSTGRES://db/qwat', 'jdbc:postgresql://db/qwat', 'mysql://me:pw@db']) {
      let caught: unknown;
      try {
        parseConnectionString(input);
      } catch (error) {
        caught = error;
      }
      expect(isPumError(caught) && caught.code).toBe('PUM_INVALID_CONNECTION_STRING');
      expect((caught as Error).message).not.toContain(':pw@');
    }
    expect(() => parseConnectionString('mysql://me:pw@db')).toThrow(
      'unsupported URL scheme "mysql:" in connection URL "mysql://me:pw@db"'.replace(':pw@', ':****@'),
    );
  });
});
