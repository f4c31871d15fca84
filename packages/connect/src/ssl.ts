/**
 * libpq's `sslmode` and certificate keywords, turned into the `ssl` option of `pg`
 * (Node's `tls.connect` options). `pg` cannot fall back between plain and TLS connections,
 * so `allow` and `prefer` (libpq's default) connect without TLS; ask for `require` or
 * stronger when the server must be reached over TLS. Child processes still get the libpq
 * values and behave as libpq does.
 */

import type { PeerCertificate, SecureVersion } from 'node:tls';
import { PumError, PumErrorCode } from '@pum/core';
import type { ConnectFileSystem } from './file-system.js';
import type { ConnectionParameters, SslMode } from './keywords.js';
import { defaultSslFile, type LibpqLocation } from './libpq-files.js';

/**
 * The TLS options handed to `pg` (a subset of Node's `tls.ConnectionOptions`).
 *
 * @example
 * ```ts
 * const ssl: PgSslConfig = { rejectUnauthorized: true, ca: '-----BEGIN CERTIFICATE-----…' };
 * ```
 */
export interface PgSslConfig {
  /** `false` for `sslmode=require` without a root certificate: encrypt, do not verify. */
  rejectUnauthorized: boolean;
  /** The trusted root certificates (PEM), from `sslrootcert` or `~/.postgresql/root.crt`. */
  ca?: string;
  /** Revoked certificates (PEM), from `sslcrl` or `~/.postgresql/root.crl`. */
  crl?: string;
  /** The client certificate (PEM), from `sslcert` or `~/.postgresql/postgresql.crt`. */
  cert?: string;
  /** The client key (PEM), from `sslkey` or `~/.postgresql/postgresql.key`. */
  key?: string;
  /** The key's passphrase, from `sslpassword`. */
  passphrase?: string;
  /** The name the certificate must carry when connecting through `hostaddr`. */
  servername?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /**
   * Set to a function accepting every name for `verify-ca` (and for `require` with a root
   * certificate, as in libpq): the chain is verified, the host name is not.
   */
  checkServerIdentity?: (hostname: string, cert: PeerCertificate) => Error | undefined;
}

/** What the TLS settings need besides the parameters. */
export interface SslContext {
  readonly fs: ConnectFileSystem;
  readonly location: LibpqLocation;
  /** Describes where a parameter came from, for messages. */
  readonly originOf: (keyword: keyof ConnectionParameters) => string;
}

function readOptional(path: string | undefined, context: SslContext, what: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return context.fs.readFile(path);
  } catch (cause) {
    throw new PumError(PumErrorCode.InvalidFile, `cannot read ${what} ${path}`, {
      cause,
      hint: 'check the file permissions',
      details: { file: path },
    });
  }
}

const acceptAnyName = (): undefined => undefined;

/**
 * The `ssl` option of `pg` for these parameters: `false` (no TLS) or TLS options.
 *
 * @throws PumError `PUM_FILE_NOT_FOUND` when `verify-ca`/`verify-full` has no root
 *   certificate or a client certificate has no key; `PUM_INVALID_CONNECTION_STRING` for
 *   `sslrootcert=system` with a weaker mode than `verify-full`.
 */
export function sslConfig(parameters: ConnectionParameters, context: SslContext): false | PgSslConfig {
  const systemRoots = parameters.sslrootcert === 'system';
  const mode = (parameters.sslmode ?? (systemRoots ? 'verify-full' : 'prefer')) as SslMode;
  if (systemRoots && mode !== 'verify-full') {
    throw new PumError(
      PumErrorCode.InvalidConnectionString,
      `weak sslmode "${mode}" may not be used with sslrootcert=system (from ${context.originOf('sslmode')})`,
      { hint: 'use sslmode=verify-full with sslrootcert=system', details: { sslmode: mode } },
    );
  }
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') return false;

  const ssl: PgSslConfig = { rejectUnauthorized: true };
  let verifyChain = systemRoots;
  if (!systemRoots) {
    const rootPath = parameters.sslrootcert || defaultSslFile(context.location, 'root.crt');
    const ca = readOptional(rootPath, context, 'root certificate file');
    if (ca !== undefined) {
      ssl.ca = ca;
      verifyChain = true;
      const crl = readOptional(
        parameters.sslcrl || defaultSslFile(context.location, 'root.crl'),
        context,
        'certificate revocation list',
      );
      if (crl !== undefined) ssl.crl = crl;
    } else if (mode === 'verify-ca' || mode === 'verify-full') {
      throw new PumError(
        PumErrorCode.FileNotFound,
        rootPath === undefined
          ? `sslmode=${mode} needs a root certificate, and there is no home directory to find ~/.postgresql/root.crt in`
          : `root certificate file ${rootPath} does not exist (needed by sslmode=${mode})`,
        {
          hint: 'provide the file, use the system roots with sslrootcert=system, or use sslmode=require to encrypt without verifying the server',
          details: { file: rootPath, sslmode: mode },
        },
      );
    }
  }
  if (!verifyChain) ssl.rejectUnauthorized = false;
  else if (mode !== 'verify-full') ssl.checkServerIdentity = acceptAnyName;

  if (parameters.sslcertmode !== 'disable') {
    const certPath = parameters.sslcert || defaultSslFile(context.location, 'postgresql.crt');
    const cert = readOptional(certPath, context, 'client certificate');
    if (cert !== undefined) {
      const keyPath = parameters.sslkey || defaultSslFile(context.location, 'postgresql.key');
      const key = readOptional(keyPath, context, 'client key');
      if (key === undefined) {
        throw new PumError(
          PumErrorCode.FileNotFound,
          `certificate ${certPath} is present, but not the private key file ${keyPath ?? '(sslkey)'}`,
          { hint: 'set sslkey to the key of the client certificate', details: { file: keyPath } },
        );
      }
      ssl.cert = cert;
      ssl.key = key;
      if (parameters.sslpassword) ssl.passphrase = parameters.sslpassword;
    }
  }

  const firstHost = parameters.host?.split(',')[0];
  // pg connects to hostaddr; the certificate must still match the host name (and SNI use it).
  if (parameters.hostaddr && firstHost) ssl.servername = firstHost;
  if (parameters.ssl_min_protocol_version) {
    ssl.minVersion = parameters.ssl_min_protocol_version as SecureVersion;
  }
  if (parameters.ssl_max_protocol_version) {
    ssl.maxVersion = parameters.ssl_max_protocol_version as SecureVersion;
  }
  return ssl;
}
