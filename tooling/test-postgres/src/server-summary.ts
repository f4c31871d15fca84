import type { TestServerInfo } from './test-server-info.js';

/**
 * One line saying which server a run got.
 *
 * @example
 * ```ts
 * describeServer(info); // 'backend=local PostgreSQL 15.18 PostGIS 3.3.2 (/usr/lib/postgresql/15/bin)'
 * ```
 */
export function describeServer(
  info: Omit<TestServerInfo, 'url' | 'requirePostgis' | 'requireClients'>,
): string {
  const postgis = info.postgisTemplate ? `PostGIS ${info.postgisVersion}` : 'no PostGIS';
  const tools = info.binDir ? ` (${info.binDir})` : ' (no pg_dump)';
  return `backend=${info.backend} PostgreSQL ${info.serverVersion} ${postgis}${tools}`;
}
