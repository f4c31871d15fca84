/** Stable codes of {@link TestPostgresError}; tests and scripts may switch on them. */
export type TestPostgresErrorCode =
  /** No backend can provide the server that was asked for (e.g. an unknown major). */
  | 'PUM_TEST_PG_UNAVAILABLE'
  /** A backend was found but its server did not start. */
  | 'PUM_TEST_PG_START_FAILED'
  /** `PUM_TEST_REQUIRE_POSTGIS=1` is set and the server has no PostGIS. */
  | 'PUM_TEST_PG_POSTGIS_REQUIRED'
  /** `PUM_TEST_REQUIRE_CLIENTS=1` is set and no `pg_dump` fit for the server was found. */
  | 'PUM_TEST_PG_CLIENTS_REQUIRED'
  /** A helper was used outside the place it works (e.g. no global setup ran). */
  | 'PUM_TEST_PG_MISUSE';

/**
 * The one error class of `@pum/test-postgres`. Recognise it by its `code`, not only by
 * `instanceof`; the underlying failure (a process error, a `pg` error) is kept as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await startPostgres({ major: 9 });
 * } catch (error) {
 *   if (error instanceof TestPostgresError && error.code === 'PUM_TEST_PG_UNAVAILABLE') {
 *     // no PostgreSQL 9 anywhere
 *   }
 * }
 * ```
 */
export class TestPostgresError extends Error {
  override readonly name = 'TestPostgresError';
  readonly code: TestPostgresErrorCode;

  constructor(code: TestPostgresErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
