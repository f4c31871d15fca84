/**
 * vitest `globalSetup` of the integration project: one PostgreSQL server (with PostGIS when
 * one can be had) for the whole run, provided to test files as `pumTestServer`.
 */

import type { TestProject } from 'vitest/node';
import { TestPostgresError } from './errors.js';
import { describeServer } from './server-summary.js';
import { startPostgres } from './start-postgres.js';
import { readTestEnv } from './test-env.js';
import type { TestServerInfo } from './test-server-info.js';

const say = (line: string) => process.stderr.write(`[test-postgres] ${line}\n`);

/**
 * Start the server; the returned function stops it.
 *
 * Reads `PUM_TEST_PG_MAJOR`, `PUM_TEST_REQUIRE_POSTGIS`, `PUM_TEST_REQUIRE_CLIENTS`,
 * `PUM_TEST_PG_DEBUG` (and, through {@link startPostgres}, `PUM_TEST_DATABASE_URL`). What the
 * tests skipped is said at the end by `@pum/test-postgres/reporter`.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = readTestEnv();
  const server = await startPostgres({
    postgis: true,
    major: env.major,
    logger: env.debug ? say : undefined,
  });
  if (env.requirePostgis && !server.postgisTemplate) {
    await server.stop();
    throw new TestPostgresError(
      'PUM_TEST_PG_POSTGIS_REQUIRED',
      `PUM_TEST_REQUIRE_POSTGIS=1, but the ${server.backend} PostgreSQL ${server.serverVersion} server has no PostGIS`,
    );
  }
  if (env.requireClients && !server.binDir) {
    await server.stop();
    throw new TestPostgresError(
      'PUM_TEST_PG_CLIENTS_REQUIRED',
      `PUM_TEST_REQUIRE_CLIENTS=1, but no pg_dump fit for the ${server.backend} PostgreSQL ${server.serverVersion} server was found`,
    );
  }
  const info: TestServerInfo = {
    url: server.url,
    backend: server.backend,
    serverVersion: server.serverVersion,
    major: server.major,
    postgisVersion: server.postgisVersion,
    postgisTemplate: server.postgisTemplate,
    binDir: server.binDir,
    requirePostgis: env.requirePostgis,
    requireClients: env.requireClients,
  };
  project.provide('pumTestServer', info);
  say(describeServer(info));
  return () => server.stop();
}
