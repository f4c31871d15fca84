import { isPumError, type PumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from './parse-url.js';

function errorOf(run: () => unknown): PumError {
  try {
    run();
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('parseConnectionUrl', () => {
  it('reads user, password, host, port, dbname and query', () => {
    expect(
      parseConnectionUrl('postgresql://me:secret@db.example:5433/qwat?sslmode=require&application_name=pum'),
    ).toEqual({
      user: 'me',
      password: 'secret',
      host: 'db.example',
      port: '5433',
      dbname: 'qwat',
      sslmode: 'require',
      application_name: 'pum',
    });
  });

  it('accepts the postgres:// prefix', () => {
    expect(parseConnectionUrl('postgres://db/qwat')).toEqual({ host: 'db', dbname: 'qwat' });
  });

  it('percent-decodes every part (plus stays a plus)', () => {
    expect(
      parseConnectionUrl('postgresql://j%C3%B6rg:p%40ss%3Aw%2Fo+rd@db/my%20db%3Bx?options=-c%20a%3Db'),
    ).toEqual({
      user: 'jörg',
      password: 'p@ss:w/o+rd',
      host: 'db',
      dbname: 'my db;x',
      options: '-c a=b',
    });
  });

  it('keeps colons of the password after the first one', () => {
    expect(parseConnectionUrl('postgresql://me:a:b@db')).toEqual({ user: 'me', password: 'a:b', host: 'db' });
  });

  it('reads a user without password and a password without user', () => {
    expect(parseConnectionUrl('postgresql://me@db')).toEqual({ user: 'me', host: 'db' });
    expect(parseConnectionUrl('postgresql://:pw@db')).toEqual({ password: 'pw', host: 'db' });
  });

  it('reads IPv6 addresses in brackets, with and without port', () => {
    expect(parseConnectionUrl('postgresql://[::1]:5433/qwat')).toEqual({
      host: '::1',
      port: '5433',
      dbname: 'qwat',
    });
    expect(parseConnectionUrl('postgresql://[fe80::1%25eth0]/qwat')).toEqual({
      host: 'fe80::1%eth0',
      dbname: 'qwat',
    });
  });

  it('leaves host and dbname unset when empty, so ?host= or the environment can supply them', () => {
    expect(parseConnectionUrl('postgresql://')).toEqual({});
    expect(parseConnectionUrl('postgresql:///')).toEqual({});
    expect(parseConnectionUrl('postgresql:///qwat?host=/var/run/postgresql')).toEqual({
      dbname: 'qwat',
      host: '/var/run/postgresql',
    });
  });

  it('decodes a socket directory written in the authority', () => {
    expect(parseConnectionUrl('postgresql://%2Fvar%2Frun%2Fpostgresql:5433/qwat')).toEqual({
      host: '/var/run/postgresql',
      port: '5433',
      dbname: 'qwat',
    });
  });

  it('lets a query value override the authority', () => {
    expect(parseConnectionUrl('postgresql://a:1/db?host=b&port=2')).toEqual({
      host: 'b',
      port: '2',
      dbname: 'db',
    });
  });

  it('reads host lists with per-host ports', () => {
    expect(
      parseConnectionUrl('postgresql://h1:5432,h2:5433,[::1]/db?target_session_attrs=read-write'),
    ).toEqual({
      host: 'h1,h2,::1',
      port: '5432,5433,',
      dbname: 'db',
      target_session_attrs: 'read-write',
    });
  });

  it('keeps slashes in the database name and stops it at "?"', () => {
    expect(parseConnectionUrl('postgresql://db/a/b?')).toEqual({ host: 'db', dbname: 'a/b' });
  });

  it('maps JDBC ssl=true to sslmode=require', () => {
    expect(parseConnectionUrl('postgresql://db?ssl=true')).toEqual({ host: 'db', sslmode: 'require' });
  });

  it('accepts a port-only authority', () => {
    expect(parseConnectionUrl('postgresql://:5433/db')).toEqual({ port: '5433', dbname: 'db' });
  });

  it('rejects an unknown query keyword, naming it', () => {
    const error = errorOf(() => parseConnectionUrl('postgresql://me:pw@db/qwat?sslmdoe=require'));
    expect(error.code).toBe('PUM_INVALID_CONNECTION_STRING');
    expect(error.message).toBe(
      'unknown connection parameter "sslmdoe" in the query at position 28 in connection URL "postgresql://me:****@db/qwat?sslmdoe=require"',
    );
    expect(error.hint).toBe('did you mean "sslmode"?');
  });

  it('rejects a query parameter without "=" or with two', () => {
    expect(errorOf(() => parseConnectionUrl('postgresql://db?sslmode')).message).toContain(
      'missing "=" in query parameter "sslmode" at position 17',
    );
    expect(errorOf(() => parseConnectionUrl('postgresql://db?options=a=b')).message).toContain(
      'extra "=" in query parameter "options"',
    );
  });

  it('rejects bad percent-encoding, %00 and invalid UTF-8, masking the password', () => {
    const bad = errorOf(() => parseConnectionUrl('postgresql://me:s3cret@db/q%zzwat'));
    expect(bad.message).toBe(
      'invalid percent-encoding "%zz" at position 28 in connection URL "postgresql://me:****@db/q%zzwat"',
    );
    expect(bad.hint).toContain('%25');
    expect(errorOf(() => parseConnectionUrl('postgresql://db/a%0')).message).toContain(
      'invalid percent-encoding "%0"',
    );
    expect(errorOf(() => parseConnectionUrl('postgresql://db/a%00')).message).toContain(
      'forbidden value %00',
    );
    expect(errorOf(() => parseConnectionUrl('postgresql://db/%ff')).message).toContain('not valid UTF-8');
    const inPassword = errorOf(() => parseConnectionUrl('postgresql://me:se%zzcret@db'));
    expect(inPassword.message).toBe(
      'invalid percent-encoding in the password at position 19 in connection URL "postgresql://me:****@db"',
    );
  });

  it('rejects malformed IPv6 addresses', () => {
    expect(errorOf(() => parseConnectionUrl('postgresql://[::1/db')).message).toContain('missing "]"');
    expect(errorOf(() => parseConnectionUrl('postgresql://[]/db')).message).toContain('empty IPv6 address');
    expect(errorOf(() => parseConnectionUrl('postgresql://[::1]x/db')).message).toContain(
      'unexpected character "x" after the IPv6 address',
    );
  });
});
