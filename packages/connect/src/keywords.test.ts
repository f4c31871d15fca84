import { describe, expect, it } from 'vitest';
import { connectionKeywords, isConnectionKeyword, suggestKeyword } from './keywords.js';

describe('connectionKeywords', () => {
  it('maps each keyword to a distinct PG* variable', () => {
    const variables = Object.values(connectionKeywords).filter((name) => name !== undefined);
    expect(new Set(variables).size).toBe(variables.length);
    for (const name of variables) expect(name).toMatch(/^PG[A-Z_]+$/);
  });

  it('has the documented variables of the common keywords', () => {
    expect(connectionKeywords).toMatchObject({
      host: 'PGHOST',
      hostaddr: 'PGHOSTADDR',
      port: 'PGPORT',
      dbname: 'PGDATABASE',
      user: 'PGUSER',
      password: 'PGPASSWORD',
      passfile: 'PGPASSFILE',
      service: 'PGSERVICE',
      application_name: 'PGAPPNAME',
      connect_timeout: 'PGCONNECT_TIMEOUT',
      target_session_attrs: 'PGTARGETSESSIONATTRS',
      sslrootcert: 'PGSSLROOTCERT',
    });
  });
});

describe('isConnectionKeyword', () => {
  it('is case-sensitive and ignores inherited properties', () => {
    expect(isConnectionKeyword('host')).toBe(true);
    expect(isConnectionKeyword('Host')).toBe(false);
    expect(isConnectionKeyword('toString')).toBe(false);
  });
});

describe('suggestKeyword', () => {
  it('suggests close keywords only', () => {
    expect(suggestKeyword('hots')).toBe('host');
    expect(suggestKeyword('database')).toBe('dbname');
    expect(suggestKeyword('sslmdoe')).toBe('sslmode');
    expect(suggestKeyword('username')).toBe('user');
    expect(suggestKeyword('zzzzzz')).toBeUndefined();
  });
});
