import { TestPostgresError } from './errors.js';

/** The environment variables that steer the test server. */
export interface TestEnv {
  /** `PUM_TEST_PG_MAJOR` */
  major: number | undefined;
  /** `PUM_TEST_REQUIRE_POSTGIS=1` (or `true`) */
  requirePostgis: boolean;
  /** `PUM_TEST_REQUIRE_CLIENTS=1` (or `true`): `pg_dump`, `pg_restore`, `psql` fit for the server. */
  requireClients: boolean;
  /** `PUM_TEST_PG_DEBUG=1` (or `true`): print progress lines. */
  debug: boolean;
}

const yes = (value: string | undefined) => value === '1' || value?.toLowerCase() === 'true';

/**
 * Read {@link TestEnv} from `env`.
 *
 * @throws {TestPostgresError} `PUM_TEST_PG_MISUSE` when `PUM_TEST_PG_MAJOR` is not a number.
 *
 * @example
 * ```ts
 * readTestEnv({ PUM_TEST_PG_MAJOR: '16' }); // { major: 16, requirePostgis: false, requireClients: false, debug: false }
 * ```
 */
export function readTestEnv(env: NodeJS.ProcessEnv = process.env): TestEnv {
  const raw = env.PUM_TEST_PG_MAJOR?.trim();
  let major: number | undefined;
  if (raw) {
    if (!/^\d+$/.test(raw)) {
      throw new TestPostgresError(
        'PUM_TEST_PG_MISUSE',
        `PUM_TEST_PG_MAJOR must be a PostgreSQL major version such as 16, not ${JSON.stringify(raw)}`,
      );
    }
    major = Number(raw);
  }
  return {
    major,
    requirePostgis: yes(env.PUM_TEST_REQUIRE_POSTGIS),
    requireClients: yes(env.PUM_TEST_REQUIRE_CLIENTS),
    debug: yes(env.PUM_TEST_PG_DEBUG),
  };
}
