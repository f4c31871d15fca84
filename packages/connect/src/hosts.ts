/**
 * libpq's host lists: `host`, `hostaddr` and `port` may each hold comma-separated lists,
 * paired by position (a single port applies to every host). `pg` connects to one host, so
 * the client config uses the first; child processes get the whole lists and do libpq's
 * own fail-over.
 */

import { PumError, PumErrorCode } from '@pum/core';
import type { ConnectionParameters } from './keywords.js';
import { parseInteger } from './validate-parameters.js';

/** The libpq default port. */
export const DEFAULT_PORT = 5432;

/**
 * One server candidate of a resolved connection.
 *
 * @example
 * ```ts
 * resolveConnection('host=/var/run/postgresql,db.example port=5432,5433').hosts;
 * // [{ host: '/var/run/postgresql', hostaddr: undefined, port: 5432, socket: true },
 * //  { host: 'db.example', hostaddr: undefined, port: 5433, socket: false }]
 * ```
 */
export interface ResolvedHost {
  /**
   * The host name, IP address or Unix-socket directory (`undefined` when only `hostaddr`
   * was given).
   */
  readonly host: string | undefined;
  /** The numeric address to connect to without a name lookup, when given. */
  readonly hostaddr: string | undefined;
  /** The TCP port, or the number in the socket file name `.s.PGSQL.<port>`. */
  readonly port: number;
  /** Whether `host` is a Unix-domain socket directory (or a Linux abstract socket `@name`). */
  readonly socket: boolean;
}

/**
 * Whose rules file names and socket paths follow: libpq's Unix ones or its Windows ones
 * (`%APPDATA%\postgresql`, `pgpass.conf`, drive-letter socket paths).
 *
 * @example
 * ```ts
 * resolveConnection('qwat', { env: process.env, platform: 'win32' });
 * ```
 */
export type PathPlatform = 'posix' | 'win32';

/**
 * libpq's `is_unixsock_path`: an absolute path, or `@` for Linux's abstract namespace.
 *
 * @example
 * ```ts
 * isSocketDirectory('/var/run/postgresql', 'posix'); // true
 * ```
 */
export function isSocketDirectory(host: string, platform: PathPlatform): boolean {
  if (host.startsWith('/') || host.startsWith('@')) return true;
  return platform === 'win32' && (/^[A-Za-z]:[\\/]/.test(host) || host.startsWith('\\'));
}

const split = (value: string | undefined): string[] | undefined =>
  value === undefined || value === '' ? undefined : value.split(',');

/**
 * Expand the host, hostaddr and port lists into server candidates. `defaultHost` fills an
 * empty host slot that has no hostaddr.
 *
 * @throws PumError `PUM_INVALID_CONNECTION_STRING` when the list lengths do not match.
 */
export function expandHosts(
  parameters: ConnectionParameters,
  defaultHost: string,
  platform: PathPlatform,
): ResolvedHost[] {
  const hosts = split(parameters.host);
  const hostaddrs = split(parameters.hostaddr);
  const ports = split(parameters.port);
  if (hosts !== undefined && hostaddrs !== undefined && hosts.length !== hostaddrs.length) {
    throw new PumError(
      PumErrorCode.InvalidConnectionString,
      `could not match ${hosts.length} host names to ${hostaddrs.length} hostaddr values`,
      { hint: 'give host and hostaddr the same number of comma-separated entries' },
    );
  }
  const count = hosts?.length ?? hostaddrs?.length ?? 1;
  if (ports !== undefined && ports.length !== 1 && ports.length !== count) {
    throw new PumError(
      PumErrorCode.InvalidConnectionString,
      `could not match ${ports.length} port numbers to ${count} hosts`,
      { hint: 'give one port for all hosts, or one per host, separated by commas' },
    );
  }
  const result: ResolvedHost[] = [];
  for (let index = 0; index < count; index++) {
    const hostaddr = hostaddrs?.[index] || undefined;
    let host = hosts?.[index] || undefined;
    if (host === undefined && hostaddr === undefined) host = defaultHost;
    const portText = (ports?.length === 1 ? ports[0] : ports?.[index]) || undefined;
    const port = portText === undefined ? DEFAULT_PORT : (parseInteger(portText) ?? DEFAULT_PORT);
    result.push({
      host,
      hostaddr,
      port,
      socket: host !== undefined && hostaddr === undefined && isSocketDirectory(host, platform),
    });
  }
  return result;
}
