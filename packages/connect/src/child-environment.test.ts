import { describe, expect, it } from 'vitest';
import { childEnvironment, isConnectionVariable, libpqEnvironment } from './child-environment.js';

describe('libpqEnvironment', () => {
  it('maps keywords to their PG* variables, without service and keywords that have none', () => {
    expect(
      libpqEnvironment({
        host: 'db',
        port: '5433',
        dbname: 'qwat',
        user: 'me',
        password: 'pw',
        service: 'qwat',
        servicefile: '/x.conf',
        sslmode: 'require',
        application_name: 'app',
        options: '-c search_path=qwat_od',
        target_session_attrs: 'read-write',
        keepalives: '0',
        sslpassword: 'secret',
      }),
    ).toEqual({
      PGHOST: 'db',
      PGPORT: '5433',
      PGDATABASE: 'qwat',
      PGUSER: 'me',
      PGPASSWORD: 'pw',
      PGSSLMODE: 'require',
      PGAPPNAME: 'app',
      PGOPTIONS: '-c search_path=qwat_od',
      PGTARGETSESSIONATTRS: 'read-write',
    });
  });
});

describe('childEnvironment', () => {
  const connection = { childEnv: { PGHOST: 'db', PGPORT: '5432', PGUSER: 'me', PGDATABASE: 'qwat' } };

  it('drops inherited connection variables that would re-point the child', () => {
    const env = childEnvironment(connection, {
      PATH: '/usr/bin',
      HOME: '/home/me',
      PGSERVICE: 'elsewhere',
      PGSERVICEFILE: '/other.conf',
      PGPASSWORD: 'stale',
      PGPASSFILE: '/other/pgpass',
      PGHOSTADDR: '10.9.9.9',
      PGSSLMODE: 'disable',
      PGREQUIRESSL: '1',
      PGTARGETSESSIONATTRS: 'any',
      PGHOST: 'other',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/me',
      PGHOST: 'db',
      PGPORT: '5432',
      PGUSER: 'me',
      PGDATABASE: 'qwat',
    });
  });

  it('keeps session and location variables that do not choose the connection', () => {
    const env = childEnvironment(connection, {
      PGTZ: 'UTC',
      PGDATESTYLE: 'ISO',
      PGSYSCONFDIR: '/etc/pg',
      LANG: 'C',
    });
    expect(env).toMatchObject({ PGTZ: 'UTC', PGDATESTYLE: 'ISO', PGSYSCONFDIR: '/etc/pg', LANG: 'C' });
  });

  it('drops undefined values and matches names case-insensitively (Windows)', () => {
    expect(childEnvironment({ childEnv: {} }, { A: undefined, pgservice: 'x', Path: 'C:\\' })).toEqual({
      Path: 'C:\\',
    });
  });

  it('does not change its inputs', () => {
    const base = { PGHOST: 'x' };
    childEnvironment(connection, base);
    expect(base).toEqual({ PGHOST: 'x' });
  });
});

describe('isConnectionVariable', () => {
  it('knows keyword variables and obsolete ones, not session settings', () => {
    expect(isConnectionVariable('PGPASSWORD')).toBe(true);
    expect(isConnectionVariable('PGSERVICEFILE')).toBe(true);
    expect(isConnectionVariable('PGREQUIRESSL')).toBe(true);
    expect(isConnectionVariable('PGTZ')).toBe(false);
    expect(isConnectionVariable('PATH')).toBe(false);
  });
});
