/**
 * The `pg` client configuration of a resolved connection. Every field `pg` would otherwise
 * take from `process.env` is set explicitly, so the result does not depend on the
 * environment of the process that uses it.
 */

import type { ResolvedHost } from './hosts.js';
import type { ConnectionParameters } from './keywords.js';
import type { PgSslConfig } from './ssl.js';
import { parseInteger } from './validate-parameters.js';

/**
 * A configuration for `new pg.Client(config)` / `new pg.Pool(config)`, structurally a
 * `pg.ClientConfig` (this package does not depend on `pg`).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const client = new pg.Client(resolveConnection('qwat', { env: process.env }).clientConfig);
 * ```
 */
export interface PgClientConfig {
  /** The first host (or its `hostaddr`), or a Unix-socket directory. */
  host: string;
  port: number;
  database: string;
  user: string;
  /**
   * Absent when no password was found; `pg` then asks its own fallbacks (`PGPASSWORD` of
   * `process.env`, `~/.pgpass`) should the server want one.
   */
  password?: string;
  /** `false`: no TLS (`sslmode` disable, allow, prefer); else TLS options. */
  ssl: false | PgSslConfig;
  application_name?: string;
  fallback_application_name?: string;
  /** libpq's `options`, e.g. `-c search_path=qwat_od`. */
  options?: string;
  /** From `connect_timeout` (seconds, minimum 2 as in libpq); absent means no timeout. */
  connectionTimeoutMillis?: number;
  /** libpq enables TCP keepalives unless `keepalives=0`. */
  keepAlive: boolean;
  /** From `keepalives_idle` (seconds). */
  keepAliveInitialDelayMillis?: number;
}

/** Build the `pg` configuration; `host` is the first candidate of the host list. */
export function pgClientConfig(
  parameters: ConnectionParameters,
  host: ResolvedHost,
  ssl: false | PgSslConfig,
): PgClientConfig {
  const config: PgClientConfig = {
    host: host.hostaddr ?? host.host ?? 'localhost',
    port: host.port,
    database: parameters.dbname ?? '',
    user: parameters.user ?? '',
    ssl,
    keepAlive: parameters.keepalives === undefined || parseInteger(parameters.keepalives) !== 0,
  };
  if (parameters.password) config.password = parameters.password;
  if (parameters.application_name !== undefined) config.application_name = parameters.application_name;
  if (parameters.fallback_application_name !== undefined) {
    config.fallback_application_name = parameters.fallback_application_name;
  }
  if (parameters.options) config.options = parameters.options;
  const timeout =
    parameters.connect_timeout === undefined ? undefined : parseInteger(parameters.connect_timeout);
  if (timeout !== undefined && timeout > 0) config.connectionTimeoutMillis = Math.max(timeout, 2) * 1000;
  const idle =
    parameters.keepalives_idle === undefined ? undefined : parseInteger(parameters.keepalives_idle);
  if (idle !== undefined && idle > 0) config.keepAliveInitialDelayMillis = idle * 1000;
  return config;
}
