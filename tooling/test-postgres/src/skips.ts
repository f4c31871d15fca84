/**
 * Skips that say why: test options that skip a test or a `describe` block unless something is
 * there, and a note for a check a test could not make. Both travel to the reporter in the
 * task's `meta` (vitest's own channel from the workers), which names every skip at the end of
 * the run; see `./skip-reporter.ts`.
 */

import { type TestOptions, TestRunner } from 'vitest';
import { TestPostgresError } from './errors.js';
import { getTestServer } from './get-test-server.js';
import type { TestServerInfo } from './test-server-info.js';

/**
 * What some tests need and a machine may lack:
 * - `pg_dump`: client programs (`pg_dump`, `pg_restore`, `psql`) fit for the test server —
 *   required under `PUM_TEST_REQUIRE_CLIENTS=1`;
 * - `postgis`: a server with PostGIS — required under `PUM_TEST_REQUIRE_POSTGIS=1`.
 */
export type Requirement = 'pg_dump' | 'postgis';

/** Why a test, a block or a check did not run. */
export interface SkipNote {
  /** The missing {@link Requirement}, when that is the reason. */
  requirement?: Requirement | undefined;
  reason: string;
}

/** A check inside a test that did not run, and why. */
export interface SkippedCheck extends SkipNote {
  /** What was not checked, e.g. `'pg_dump equality'`. */
  check: string;
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set on a test skipped by {@link skipUnless} or by `useTestDatabase({ postgis: true })`. */
    pumSkip?: SkipNote;
    /** The checks of a test that did not run ({@link skipCheck}). */
    pumSkippedChecks?: SkippedCheck[];
  }
}

/**
 * Whether `requirement` is met on `server`: `undefined` when it is, else why not. Throws when
 * it is not met but the environment requires it.
 *
 * @throws {TestPostgresError} `PUM_TEST_PG_CLIENTS_REQUIRED` / `PUM_TEST_PG_POSTGIS_REQUIRED`
 *   when the requirement is missing and `PUM_TEST_REQUIRE_CLIENTS=1` / `PUM_TEST_REQUIRE_POSTGIS=1`
 *   says it must be there.
 *
 * @example
 * ```ts
 * missingRequirement('pg_dump', getTestServer()); // undefined, or { requirement: 'pg_dump', reason: '…' }
 * ```
 */
export function missingRequirement(
  requirement: Requirement,
  server: Pick<
    TestServerInfo,
    'backend' | 'serverVersion' | 'binDir' | 'postgisTemplate' | 'requireClients' | 'requirePostgis'
  >,
): SkipNote | undefined {
  const on = `the ${server.backend} PostgreSQL ${server.serverVersion} server`;
  let note: SkipNote | undefined;
  let required = false;
  if (requirement === 'pg_dump' && !server.binDir) {
    note = { requirement, reason: `needs pg_dump: none fit for ${on} was found` };
    required = server.requireClients;
  } else if (requirement === 'postgis' && !server.postgisTemplate) {
    note = { requirement, reason: `needs PostGIS: ${on} has none` };
    required = server.requirePostgis;
  }
  if (note && required) {
    const variable = requirement === 'pg_dump' ? 'PUM_TEST_REQUIRE_CLIENTS' : 'PUM_TEST_REQUIRE_POSTGIS';
    throw new TestPostgresError(
      requirement === 'pg_dump' ? 'PUM_TEST_PG_CLIENTS_REQUIRED' : 'PUM_TEST_PG_POSTGIS_REQUIRED',
      `this test ${note.reason}, and ${variable}=1 forbids skipping it`,
    );
  }
  return note;
}

function noteFor(
  conditionOrRequirement: boolean | Requirement,
  reason: string | undefined,
): SkipNote | undefined {
  if (typeof conditionOrRequirement === 'string') {
    const note = missingRequirement(conditionOrRequirement, getTestServer());
    return note && reason ? { ...note, reason: `${note.reason} (${reason})` } : note;
  }
  if (conditionOrRequirement) return undefined;
  if (!reason)
    throw new TestPostgresError('PUM_TEST_PG_MISUSE', 'skipUnless(condition, reason) needs a reason');
  return { reason };
}

/**
 * Test options for `it(name, options, fn)` or `describe(name, options, fn)`: skip unless the
 * {@link Requirement} is met (or the condition holds), and say why in the end-of-run banner.
 * A missing requirement that the environment requires (`PUM_TEST_REQUIRE_CLIENTS=1`,
 * `PUM_TEST_REQUIRE_POSTGIS=1`) is an error instead of a skip.
 *
 * @example
 * ```ts
 * describe('round trip', skipUnless('pg_dump'), () => { … });
 * it('NULLS NOT DISTINCT', skipUnless(server.major >= 15, 'needs PostgreSQL 15'), async () => { … });
 * ```
 */
export function skipUnless(requirement: Requirement, detail?: string): TestOptions;
export function skipUnless(condition: boolean, reason: string): TestOptions;
export function skipUnless(conditionOrRequirement: boolean | Requirement, reason?: string): TestOptions {
  const note = noteFor(conditionOrRequirement, reason);
  return note ? { skip: true, meta: { pumSkip: note } } : {};
}

/**
 * From inside a running test: skip the rest of it unless the {@link Requirement} is met (or the
 * condition holds), saying why in the end-of-run banner. Like {@link skipUnless}, an error
 * instead when the environment requires what is missing.
 *
 * @example
 * ```ts
 * it('round trip through pg_dump', async () => {
 *   skipTestUnless('pg_dump');
 *   …
 * });
 * ```
 */
export function skipTestUnless(requirement: Requirement, detail?: string): void;
export function skipTestUnless(condition: boolean, reason: string): void;
export function skipTestUnless(conditionOrRequirement: boolean | Requirement, reason?: string): void {
  const note = noteFor(conditionOrRequirement, reason);
  if (!note) return;
  const test = TestRunner.getCurrentTest();
  if (!test) {
    throw new TestPostgresError('PUM_TEST_PG_MISUSE', 'skipTestUnless() is for use inside a running test');
  }
  test.meta.pumSkip = note;
  test.context.skip(note.reason);
}

/**
 * The first of several {@link skipUnless} results that skips, else `{}` (run): for a test that
 * needs several things.
 *
 * @example
 * ```ts
 * it('reads /proc', skipFirst(skipUnless('pg_dump'), skipUnless(process.platform === 'linux', 'reads /proc')), …);
 * ```
 */
export function skipFirst(...options: TestOptions[]): TestOptions {
  return options.find((option) => option.skip) ?? {};
}

/**
 * Note, from inside a running test, that one of its checks did not run; the test goes on. The
 * end-of-run banner counts and names it. With a {@link Requirement} that the environment
 * requires, it throws instead (the test fails).
 *
 * @returns `true`, so that `if (!binDir) return skipCheck(…)` reads naturally in helpers that
 *   return whether they checked.
 *
 * @example
 * ```ts
 * if (!db.server.binDir) skipCheck('pg_dump equality', 'pg_dump');
 * else expect(await dumpOf(a)).toBe(await dumpOf(b));
 * ```
 */
export function skipCheck(check: string, why: Requirement | string): true {
  const test = TestRunner.getCurrentTest();
  if (!test) {
    throw new TestPostgresError(
      'PUM_TEST_PG_MISUSE',
      `skipCheck('${check}') is for use inside a running test`,
    );
  }
  const note =
    why === 'pg_dump' || why === 'postgis' ? missingRequirement(why, getTestServer()) : { reason: why };
  if (!note) {
    throw new TestPostgresError('PUM_TEST_PG_MISUSE', `skipCheck('${check}', '${why}'): ${why} is there`);
  }
  test.meta.pumSkippedChecks = [...(test.meta.pumSkippedChecks ?? []), { check, ...note }];
  return true;
}
