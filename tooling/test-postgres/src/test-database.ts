/**
 * `useTestDatabase`: a database of its own for each test file, made before its tests and
 * dropped after them.
 */

import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { TestPostgresError } from './errors.js';
import { getTestServer } from './get-test-server.js';
import { createDatabase, dropDatabase } from './server-admin.js';
import { skipCurrentSuite } from './skip-suite.js';
import { missingRequirement } from './skips.js';
import type { TestServerInfo } from './test-server-info.js';

/** Options of {@link useTestDatabase}. */
export interface UseTestDatabaseOptions {
  /**
   * Copy the PostGIS template. When the server has no PostGIS, the tests of the file (or of
   * the `describe` block) are skipped — or fail, under `PUM_TEST_REQUIRE_POSTGIS=1`.
   * Default `false` (an empty database copied from `template0`).
   */
  postgis?: boolean | undefined;
}

/** The database of a test file. `name` and `url` are valid from `beforeAll` on. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** The server it lives on. */
  readonly server: TestServerInfo;
  /** A connected `pg.Client` to this database; closed for you after the tests. */
  connect(): Promise<pg.Client>;
}

/**
 * A database name for the test file at `filePath`: `pum_t_<file stem>_<suffix>`, only
 * `[a-z0-9_]`, at most 63 bytes.
 *
 * @example
 * ```ts
 * testDatabaseName('/repo/test/Apply Deltas.int.test.ts', '1a2b3c4d'); // 'pum_t_apply_deltas_1a2b3c4d'
 * ```
 */
export function testDatabaseName(filePath: string, suffix: string): string {
  const stem = path
    .basename(filePath)
    .replace(/(\.int)?(\.(test|spec))?\.[cm]?[jt]sx?$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)
    .replace(/^_+|_+$/g, '');
  return `pum_t_${stem || 'test'}_${suffix}`.slice(0, 63);
}

/**
 * Give the calling test file (or `describe` block) a database of its own: created in
 * `beforeAll` (from the PostGIS template with `postgis: true`), dropped in `afterAll`
 * together with the clients made by `connect()`.
 *
 * @example
 * ```ts
 * import { useTestDatabase } from '@pum/test-postgres';
 *
 * const db = useTestDatabase({ postgis: true });
 *
 * test('has PostGIS', async () => {
 *   const client = await db.connect();
 *   const { rows } = await client.query('select postgis_full_version() as v');
 *   expect(rows[0].v).toMatch(/POSTGIS=/);
 * });
 * ```
 */
export function useTestDatabase(options: UseTestDatabaseOptions = {}): TestDatabase {
  const server = getTestServer();
  // Throws under PUM_TEST_REQUIRE_POSTGIS=1.
  const noPostgis = options.postgis === true ? missingRequirement('postgis', server) : undefined;
  const lacksPostgis = noPostgis !== undefined;

  let name: string | undefined;
  let url: string | undefined;
  const clients = new Set<pg.Client>();
  const ready = (what: string, value: string | undefined) => {
    if (value === undefined) {
      throw new TestPostgresError(
        'PUM_TEST_PG_MISUSE',
        `the test database's ${what} is known only from beforeAll on${lacksPostgis ? ' (and never when PostGIS is missing)' : ''}`,
      );
    }
    return value;
  };

  if (lacksPostgis) {
    skipCurrentSuite(noPostgis);
  } else {
    beforeAll(async () => {
      name = testDatabaseName(expect.getState().testPath ?? 'test', randomBytes(4).toString('hex'));
      url = await createDatabase(server.url, name, {
        template: options.postgis ? server.postgisTemplate : 'template0',
      });
    });
    afterAll(async () => {
      await Promise.all([...clients].map((client) => client.end().catch(() => {})));
      clients.clear();
      if (name !== undefined) await dropDatabase(server.url, name);
    });
  }

  return {
    get name() {
      return ready('name', name);
    },
    get url() {
      return ready('url', url);
    },
    server,
    async connect() {
      const client = new pg.Client({ connectionString: ready('url', url) });
      await client.connect();
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
  };
}
