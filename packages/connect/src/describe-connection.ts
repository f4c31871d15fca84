/**
 * A one-line description of a connection for messages and logs: a libpq URL without the
 * password, e.g. `postgresql://me@db.example:5432/qwat`.
 */

import type { ResolvedHost } from './hosts.js';
import type { ConnectionParameters } from './keywords.js';

// Keep "/" and "," readable in query values; libpq only needs "&", "=", "%" encoded there.
const encodeQueryValue = (value: string): string =>
  encodeURIComponent(value).replaceAll('%2F', '/').replaceAll('%2C', ',');

function authorityHost(host: ResolvedHost): string {
  const name = host.host ?? host.hostaddr ?? '';
  return name.includes(':') ? `[${name}]` : encodeURIComponent(name);
}

/**
 * The URL shown for a connection: user, hosts and ports, database, and `sslmode` when set.
 * Socket directories and `hostaddr` go in the query, where libpq reads them back.
 */
export function describeConnection(parameters: ConnectionParameters, hosts: readonly ResolvedHost[]): string {
  const user = parameters.user ? `${encodeURIComponent(parameters.user)}@` : '';
  const query: string[] = [];
  let authority: string;
  if (hosts.some((host) => host.socket || host.hostaddr !== undefined)) {
    authority = '';
    query.push(`host=${encodeQueryValue(hosts.map((host) => host.host ?? '').join(','))}`);
    if (hosts.some((host) => host.hostaddr !== undefined)) {
      query.push(`hostaddr=${encodeQueryValue(hosts.map((host) => host.hostaddr ?? '').join(','))}`);
    }
    query.push(`port=${hosts.map((host) => host.port).join(',')}`);
  } else {
    authority = hosts.map((host) => `${authorityHost(host)}:${host.port}`).join(',');
  }
  const dbname = parameters.dbname === undefined ? '' : encodeURIComponent(parameters.dbname);
  if (parameters.sslmode !== undefined) query.push(`sslmode=${encodeQueryValue(parameters.sslmode)}`);
  return `postgresql://${user}${authority}/${dbname}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}
