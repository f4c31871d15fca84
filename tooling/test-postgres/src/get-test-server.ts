import { inject } from 'vitest';
import { TestPostgresError } from './errors.js';
import type { TestServerInfo } from './test-server-info.js';

/**
 * The server started for this vitest run by `@pum/test-postgres/global-setup`. Works in test
 * files, at collection time too.
 *
 * @throws {TestPostgresError} `PUM_TEST_PG_MISUSE` when no global setup provided a server.
 *
 * @example
 * ```ts
 * const server = getTestServer();
 * describe('PostgreSQL 16 features', skipUnless(server.major >= 16, 'needs PostgreSQL 16'), () => { … });
 * ```
 */
export function getTestServer(): TestServerInfo {
  const info: TestServerInfo | undefined = inject('pumTestServer');
  if (!info) {
    throw new TestPostgresError(
      'PUM_TEST_PG_MISUSE',
      "no test server: add '@pum/test-postgres/global-setup' to this vitest project's globalSetup " +
        '(the integration project of pumVitest() has it; it covers test/**/*.test.ts)',
    );
  }
  return info;
}
