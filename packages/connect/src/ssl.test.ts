import { isPumError, type PumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import type { ConnectionParameters } from './keywords.js';
import { type MemoryFile, memoryFileSystem } from './memory-file-system.js';
import { type PgSslConfig, sslConfig } from './ssl.js';

const HOME = '/home/me';
const ROOT = `${HOME}/.postgresql/root.crt`;

function ssl(parameters: ConnectionParameters, files: Record<string, MemoryFile> = {}) {
  return sslConfig(parameters, {
    fs: memoryFileSystem(files),
    location: { platform: 'posix', homeDir: HOME },
    originOf: () => 'the connection string',
  });
}

function errorOf(run: () => unknown): PumError {
  try {
    run();
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('sslConfig', () => {
  it('connects without TLS for disable, allow, prefer and the default (prefer)', () => {
    for (const sslmode of ['disable', 'allow', 'prefer']) expect(ssl({ sslmode })).toBe(false);
    expect(ssl({})).toBe(false);
    // Files are not even read when TLS is off.
    expect(ssl({ sslmode: 'prefer', sslrootcert: '/missing' })).toBe(false);
  });

  it('encrypts without verifying for require', () => {
    expect(ssl({ sslmode: 'require' })).toEqual({ rejectUnauthorized: false });
  });

  it('verifies the chain for require when a root certificate exists, as libpq', () => {
    const config = ssl({ sslmode: 'require' }, { [ROOT]: 'ROOT PEM' }) as PgSslConfig;
    expect(config).toMatchObject({ rejectUnauthorized: true, ca: 'ROOT PEM' });
    expect(config.checkServerIdentity?.('any', {} as never)).toBeUndefined();
  });

  it('verifies the chain but not the name for verify-ca', () => {
    const config = ssl({ sslmode: 'verify-ca', sslrootcert: '/ca.pem' }, { '/ca.pem': 'CA' }) as PgSslConfig;
    expect(config.rejectUnauthorized).toBe(true);
    expect(config.ca).toBe('CA');
    expect(typeof config.checkServerIdentity).toBe('function');
  });

  it('verifies chain and name for verify-full', () => {
    expect(
      ssl({ sslmode: 'verify-full' }, { [ROOT]: 'ROOT', [`${HOME}/.postgresql/root.crl`]: 'CRL' }),
    ).toEqual({
      rejectUnauthorized: true,
      ca: 'ROOT',
      crl: 'CRL',
    });
  });

  it('fails for verify-ca/verify-full without a root certificate', () => {
    const error = errorOf(() => ssl({ sslmode: 'verify-full' }));
    expect(error.code).toBe('PUM_FILE_NOT_FOUND');
    expect(error.message).toBe(
      `root certificate file ${ROOT} does not exist (needed by sslmode=verify-full)`,
    );
    expect(error.hint).toContain('sslrootcert=system');
    expect(errorOf(() => ssl({ sslmode: 'verify-ca', sslrootcert: '/ca.pem' })).message).toContain('/ca.pem');
  });

  it('uses the default trust store for sslrootcert=system, which implies verify-full', () => {
    expect(ssl({ sslrootcert: 'system' })).toEqual({ rejectUnauthorized: true });
    expect(ssl({ sslrootcert: 'system', sslmode: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    const error = errorOf(() => ssl({ sslrootcert: 'system', sslmode: 'require' }));
    expect(error.code).toBe('PUM_INVALID_CONNECTION_STRING');
    expect(error.message).toContain('weak sslmode "require" may not be used with sslrootcert=system');
  });

  it('adds a client certificate and key, from the keywords or ~/.postgresql', () => {
    expect(
      ssl(
        { sslmode: 'require', sslcert: '/c.pem', sslkey: '/k.pem', sslpassword: 'pp' },
        { '/c.pem': 'C', '/k.pem': 'K' },
      ),
    ).toEqual({ rejectUnauthorized: false, cert: 'C', key: 'K', passphrase: 'pp' });
    expect(
      ssl(
        { sslmode: 'require' },
        { [`${HOME}/.postgresql/postgresql.crt`]: 'C', [`${HOME}/.postgresql/postgresql.key`]: 'K' },
      ),
    ).toEqual({ rejectUnauthorized: false, cert: 'C', key: 'K' });
  });

  it('skips the client certificate for sslcertmode=disable, and a missing one silently', () => {
    expect(ssl({ sslmode: 'require', sslcertmode: 'disable', sslcert: '/c.pem' }, { '/c.pem': 'C' })).toEqual(
      {
        rejectUnauthorized: false,
      },
    );
    expect(ssl({ sslmode: 'require', sslcert: '/missing.pem' })).toEqual({ rejectUnauthorized: false });
  });

  it('fails for a client certificate without its key', () => {
    const error = errorOf(() =>
      ssl({ sslmode: 'require', sslcert: '/c.pem', sslkey: '/k.pem' }, { '/c.pem': 'C' }),
    );
    expect(error.code).toBe('PUM_FILE_NOT_FOUND');
    expect(error.message).toBe('certificate /c.pem is present, but not the private key file /k.pem');
  });

  it('checks the host name, not hostaddr, and passes TLS versions', () => {
    expect(
      ssl(
        {
          sslmode: 'require',
          host: 'db.example,other',
          hostaddr: '10.0.0.5,10.0.0.6',
          ssl_min_protocol_version: 'TLSv1.3',
          ssl_max_protocol_version: 'TLSv1.3',
        },
        {},
      ),
    ).toEqual({
      rejectUnauthorized: false,
      servername: 'db.example',
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
    });
  });

  it('wraps unreadable certificate files', () => {
    const fs = {
      readFile(): string {
        throw new Error('EACCES');
      },
    };
    const error = errorOf(() =>
      sslConfig(
        { sslmode: 'require', sslrootcert: '/ca.pem' },
        { fs, location: { platform: 'posix', homeDir: HOME }, originOf: () => '' },
      ),
    );
    expect(error.code).toBe('PUM_INVALID_FILE');
    expect(error.message).toBe('cannot read root certificate file /ca.pem');
  });
});
