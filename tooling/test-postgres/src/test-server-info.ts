// Loads vitest's types so that the block below augments them.
import type {} from 'vitest';
import type { Backend } from './backends/server-handle.js';

/**
 * The server of a vitest run, as `@pum/test-postgres/global-setup` provides it to test files
 * (`inject('pumTestServer')`, or {@link getTestServer}).
 */
export interface TestServerInfo {
  /** Administrator connection URL, to database `postgres`. */
  url: string;
  backend: Backend;
  /** `15.18` */
  serverVersion: string;
  major: number;
  /** PostGIS version in {@link TestServerInfo.postgisTemplate}; absent without PostGIS. */
  postgisVersion?: string | undefined;
  /** Template database with PostGIS; absent when the server has no PostGIS. */
  postgisTemplate?: string | undefined;
  /** Directory with `pg_dump`, `pg_restore` and `psql` fit for this server, when known. */
  binDir?: string | undefined;
  /** `PUM_TEST_REQUIRE_POSTGIS=1`: a test that needs PostGIS fails instead of skipping. */
  requirePostgis: boolean;
  /** `PUM_TEST_REQUIRE_CLIENTS=1`: a test that needs `pg_dump` fails instead of skipping. */
  requireClients: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server started by `@pum/test-postgres/global-setup`. */
    pumTestServer: TestServerInfo;
  }
}
