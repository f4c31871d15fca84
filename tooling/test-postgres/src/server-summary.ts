import type { TestServerInfo } from './test-server-info.js';

/**
 * One line saying which server a run got.
 *
 * @example
 * ```ts
 * describeServer(info); // 'backend=local PostgreSQL 15.18 PostGIS 3.3.2 (/usr/lib/postgresql/15/bin)'
 * ```
 */
export function describeServer(info: Omit<TestServerInfo, 'url' | 'requirePostgis'>): string {
  const postgis = info.postgisTemplate ? `PostGIS ${info.postgisVersion}` : 'no PostGIS';
  const tools = info.binDir ? ` (${info.binDir})` : ' (no pg_dump)';
  return `backend=${info.backend} PostgreSQL ${info.serverVersion} ${postgis}${tools}`;
}

/**
 * What to say at the end of a run on a server without PostGIS: loud when test files needing
 * PostGIS were skipped (`skippedFiles`), a plain note otherwise.
 */
export function postgisSkippedWarning(
  info: Pick<TestServerInfo, 'backend' | 'serverVersion'>,
  skippedFiles: readonly string[],
): string {
  const server = `${info.backend} PostgreSQL ${info.serverVersion}`;
  if (skippedFiles.length === 0) {
    return `[test-postgres] note: the ${server} server has no PostGIS; no test asked for it`;
  }
  const files = skippedFiles.length === 1 ? '1 test file' : `${skippedFiles.length} test files`;
  return [
    `!!! PostGIS tests were SKIPPED (${files}): no PostGIS-capable server found (got ${server}).`,
    ...skippedFiles.map((file) => `!!!   ${file}`),
    '!!! Install PostGIS for it, start Docker, or set PUM_TEST_DATABASE_URL; PUM_TEST_REQUIRE_POSTGIS=1 makes this an error.',
  ].join('\n');
}
