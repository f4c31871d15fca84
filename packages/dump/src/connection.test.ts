import { resolveConnection } from '@pum/connect';
import { describe, expect, it } from 'vitest';
import { dbnameArgument, secretsOf, toolEnvironment, unpassableSecrets, withDatabase } from './connection.js';

const resolve = (input: string) => resolveConnection(input, { env: {}, osUser: 'me' });

describe('dbnameArgument', () => {
  it('carries the database and keywords without a PG* variable, never a password', () => {
    const connection = resolve(
      "host=db port=5433 dbname='my db' user=me password=s3cret sslpassword=k3y keepalives_idle=30 application_name=pum",
    );
    const argument = dbnameArgument(connection);
    expect(argument).toBe("--dbname=dbname='my db' keepalives_idle=30");
    expect(argument).not.toContain('s3cret');
    expect(argument).not.toContain('k3y');
    expect(unpassableSecrets(connection)).toEqual(['sslpassword']);
    expect(secretsOf(connection)).toEqual(['s3cret', 'k3y']);
  });

  it('quotes a database name that looks like a conninfo string', () => {
    expect(dbnameArgument(resolve('postgresql://me@db/a%3Db'))).toBe("--dbname=dbname='a=b'");
  });
});

describe('toolEnvironment', () => {
  it('passes the connection in PG* variables and keeps messages in English', () => {
    const connection = resolve('postgresql://me:s3cret@db:5433/qwat');
    const env = toolEnvironment(connection, {
      PATH: '/usr/bin',
      PGPASSWORD: 'stale',
      PGSERVICE: 'elsewhere',
      LC_ALL: 'de_CH.UTF-8',
      LANGUAGE: 'de',
      LANG: 'de_CH.UTF-8',
      UNSET: undefined,
    });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      PGHOST: 'db',
      PGPORT: '5433',
      PGUSER: 'me',
      PGDATABASE: 'qwat',
      PGPASSWORD: 's3cret',
      LC_MESSAGES: 'C',
      LANG: 'de_CH.UTF-8',
    });
    expect(env).not.toHaveProperty('PGSERVICE');
    expect(env).not.toHaveProperty('LC_ALL');
    expect(env).not.toHaveProperty('LANGUAGE');
    expect(env).not.toHaveProperty('UNSET');
  });
});

describe('withDatabase', () => {
  it('points every form of the connection at another database', () => {
    const connection = withDatabase(resolve('postgresql://me:pw@db:5433/qwat?sslmode=disable'), 'postgres');
    expect(connection.parameters.dbname).toBe('postgres');
    expect(connection.clientConfig.database).toBe('postgres');
    expect(connection.childEnv.PGDATABASE).toBe('postgres');
    expect(connection.describe()).toBe('postgresql://me@db:5433/postgres?sslmode=disable');
  });
});
