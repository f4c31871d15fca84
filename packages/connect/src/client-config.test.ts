import { describe, expect, it } from 'vitest';
import { pgClientConfig } from './client-config.js';
import type { ResolvedHost } from './hosts.js';

const host: ResolvedHost = { host: 'db', hostaddr: undefined, port: 5432, socket: false };
const base = { host: 'db', port: '5432', dbname: 'qwat', user: 'me' };

describe('pgClientConfig', () => {
  it('sets every field pg would otherwise read from process.env', () => {
    expect(pgClientConfig(base, host, false)).toEqual({
      host: 'db',
      port: 5432,
      database: 'qwat',
      user: 'me',
      ssl: false,
      keepAlive: true,
    });
  });

  it('connects to hostaddr when given', () => {
    expect(pgClientConfig(base, { ...host, hostaddr: '10.0.0.5' }, false).host).toBe('10.0.0.5');
  });

  it('maps connect_timeout (seconds, minimum 2, 0 = none) as libpq', () => {
    expect(pgClientConfig({ ...base, connect_timeout: '10' }, host, false).connectionTimeoutMillis).toBe(
      10_000,
    );
    expect(pgClientConfig({ ...base, connect_timeout: '1' }, host, false).connectionTimeoutMillis).toBe(
      2_000,
    );
    expect(pgClientConfig({ ...base, connect_timeout: '0' }, host, false)).not.toHaveProperty(
      'connectionTimeoutMillis',
    );
    expect(pgClientConfig({ ...base, connect_timeout: '-5' }, host, false)).not.toHaveProperty(
      'connectionTimeoutMillis',
    );
  });

  it('maps keepalives and keepalives_idle', () => {
    expect(pgClientConfig({ ...base, keepalives: '0' }, host, false).keepAlive).toBe(false);
    expect(pgClientConfig({ ...base, keepalives: '1', keepalives_idle: '30' }, host, false)).toMatchObject({
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
  });

  it('passes options, application names and the password', () => {
    expect(
      pgClientConfig(
        {
          ...base,
          password: 'pw',
          options: '-c search_path=qwat_od',
          application_name: 'app',
          fallback_application_name: 'pum',
        },
        host,
        { rejectUnauthorized: false },
      ),
    ).toMatchObject({
      password: 'pw',
      options: '-c search_path=qwat_od',
      application_name: 'app',
      fallback_application_name: 'pum',
      ssl: { rejectUnauthorized: false },
    });
  });
});
