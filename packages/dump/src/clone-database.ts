/**
 * `cloneDatabase`: a copy of a database under another name, for test-and-upgrade. On one
 * server, `CREATE DATABASE … TEMPLATE` (a file-level copy, fast, but only while nobody else is
 * connected to the source); otherwise pg_dump's output piped into pg_restore, with nothing
 * written to disk.
 */

import { PumError, PumErrorCode, quoteIdent } from '@pum/core';
import type pg from 'pg';
import { type DumpConnection, dbnameArgument, withDatabase } from './connection.js';
import { commentOnDatabase } from './create-database.js';
import { databaseIdentity, describeIdentity, sameDatabase, sameServer } from './database-identity.js';
import { databaseName, maintenanceDatabaseFor } from './drop-database.js';
import type { ToolRunOptions } from './options.js';
import { ProgressCounter } from './process/progress.js';
import {
  checkOutcome,
  type RunContext,
  type RunOutcome,
  type StartedTool,
  startTool,
} from './process/run-tool.js';
import { psqlPattern } from './schema-patterns.js';
import { runOnFreeDatabase } from './server/busy-database.js';
import { createDatabaseSql, readDatabaseSettings } from './server/database-settings.js';
import { openClient, readServerMajor, sqlError } from './server/open-client.js';
import { locateTool, loggerOf, runContext, throwIfAborted } from './tool-context.js';
import type { PgTool } from './tools/find-pg-tools.js';

/**
 * How {@link cloneDatabase} copies:
 * - `template`: `CREATE DATABASE target TEMPLATE source` — both on one server, nobody else
 *   connected to the source;
 * - `pipe`: `pg_dump --format=custom | pg_restore` into a new database — any two servers,
 *   while others use the source (pg_dump reads one consistent snapshot);
 * - `auto` (default): `template` when both connections reach the same server and no schema is
 *   excluded, else `pipe`.
 *
 * @example
 * ```ts
 * const strategy: CloneStrategy = 'pipe';
 * ```
 */
export type CloneStrategy = 'auto' | 'template' | 'pipe';

/**
 * Options of {@link cloneDatabase}.
 *
 * @example
 * ```ts
 * const options: CloneOptions = { source: resolveConnection('qwat_prod'), target: resolveConnection('qwat_test') };
 * ```
 */
export interface CloneOptions extends ToolRunOptions {
  /** The database to copy. */
  readonly source: DumpConnection;
  /** The copy: its `dbname` names the new database, which must not exist yet. */
  readonly target: DumpConnection;
  /** Default `auto`. */
  readonly strategy?: CloneStrategy | undefined;
  /** Schemas to leave out, as globs (forces `pipe`). Default none. */
  readonly excludeSchemas?: readonly string[] | undefined;
  /**
   * How the server copies with `template` on PostgreSQL 15 and later (`STRATEGY`): `wal_log`
   * (default; PostgreSQL's own default) copies block by block through the WAL — no
   * checkpoint, so other users of a production server see no I/O spike, and standbys
   * follow; `file_copy` copies files after two checkpoints, less WAL for very large
   * databases. Older servers always copy files.
   */
  readonly templateStrategy?: 'wal_log' | 'file_copy' | undefined;
  /**
   * The database connected to for `CREATE DATABASE` on each server. Default `postgres`
   * (`template1` when the source is `postgres`).
   */
  readonly maintenanceDatabase?: string | undefined;
  /**
   * A comment set on the copy as soon as it exists (and again after pg_restore), e.g. the mark
   * of a scratch database ({@link formatScratchMark}). Default none.
   */
  readonly comment?: string | undefined;
  /** With `pipe`: objects belong to the target's user (`--no-owner`). Default `false`. */
  readonly noOwner?: boolean | undefined;
  /** With `pipe`: leave grants out (`--no-privileges`). Default `false`. */
  readonly noPrivileges?: boolean | undefined;
}

/**
 * What {@link cloneDatabase} did.
 *
 * @example
 * ```ts
 * const { strategy, database } = await cloneDatabase(options);
 * console.log(`${database} copied by ${strategy}`);
 * ```
 */
export interface CloneResult {
  /** The strategy used. */
  readonly strategy: 'template' | 'pipe';
  /** The new database. */
  readonly database: string;
  /** Whether source and target are on one server. */
  readonly sameServer: boolean;
  /** With `pipe`: the programs used. */
  readonly tools: { readonly pgDump: PgTool; readonly pgRestore: PgTool } | undefined;
  /** With `pipe`: tables whose rows were copied. */
  readonly tables: number;
}

/**
 * Copy a database to a new one.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` (the target exists, names the source, or
 *   `template` is impossible), `PUM_SQL_ERROR` (other sessions use the source — pid, user,
 *   application, address — or the server refused), `PUM_AUTHENTICATION_FAILED` /
 *   `PUM_CONNECTION_FAILED`, `PUM_EXTERNAL_PROGRAM` (pg_dump or pg_restore missing or failed;
 *   the half-made copy is dropped), `PUM_ABORTED`.
 * @example
 * ```ts
 * import { resolveConnection } from '@pum/connect';
 * import { cloneDatabase, dropDatabase } from '@pum/dump';
 *
 * const source = resolveConnection('qwat_prod', { env: process.env });
 * const target = resolveConnection('qwat_prod', { env: process.env, overrides: { dbname: 'qwat_pum_test' } });
 * await dropDatabase({ connection: target, force: true });
 * const result = await cloneDatabase({ source, target, env: process.env, tools: { path: process.env.PATH } });
 * console.log(`copied with ${result.strategy}`);
 * ```
 */
export async function cloneDatabase(options: CloneOptions): Promise<CloneResult> {
  const sourceName = databaseName(options.source, 'source');
  const targetName = databaseName(options.target, 'target');
  const excluded = options.excludeSchemas ?? [];
  const strategy = options.strategy ?? 'auto';
  if (!['auto', 'template', 'pipe'].includes(strategy)) {
    throw new PumError(PumErrorCode.InvalidArgument, `unknown clone strategy ${JSON.stringify(strategy)}`);
  }
  if (strategy === 'template' && excluded.length > 0) {
    throw new PumError(PumErrorCode.InvalidArgument, 'a template copy cannot leave schemas out', {
      hint: "use strategy 'pipe' (or 'auto') with excludeSchemas",
    });
  }
  throwIfAborted(options.signal, `copying database ${JSON.stringify(sourceName)}`);
  const logger = loggerOf(options);
  const sourceAdmin = await openClient(
    withDatabase(options.source, maintenanceDatabaseFor(sourceName, options.maintenanceDatabase)),
  );
  let targetAdmin: pg.Client | undefined;
  try {
    targetAdmin = await openClient(
      withDatabase(options.target, maintenanceDatabaseFor(sourceName, options.maintenanceDatabase)),
    );
    const [sourceIdentity, targetIdentity] = await Promise.all([
      databaseIdentity(sourceAdmin, sourceName),
      databaseIdentity(targetAdmin, targetName),
    ]);
    // Decided by the servers' identities, not by the connection strings, which differ for one
    // database reached through a socket and through TCP.
    if (sameDatabase(sourceIdentity, targetIdentity)) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `source and target are the same database: ${describeIdentity(sourceIdentity)}`,
        {
          hint: `${options.source.describe()} and ${options.target.describe()} reach one database: name another target`,
        },
      );
    }
    const onOneServer = sameServer(sourceIdentity, targetIdentity);
    if (strategy === 'template' && !onOneServer) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        'a template copy needs source and target on one server',
        {
          hint: `the source is on ${options.source.describe()}, the target on ${options.target.describe()}: use strategy 'pipe' or 'auto'`,
        },
      );
    }
    const exists = await targetAdmin.query('select 1 from pg_catalog.pg_database where datname = $1', [
      targetName,
    ]);
    if (exists.rowCount !== 0) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `database ${JSON.stringify(targetName)} already exists on ${options.target.describe()}`,
        {
          hint: 'drop it first (dropDatabase), or choose another name',
          details: { database: targetName },
        },
      );
    }
    const targetMajor = await readServerMajor(targetAdmin);
    const useTemplate =
      strategy === 'template' || (strategy === 'auto' && onOneServer && excluded.length === 0);
    if (useTemplate && (await copyAsTemplate(targetAdmin, sourceName, targetName, targetMajor, options))) {
      await markCopy(targetAdmin, targetName, targetMajor, options);
      return {
        strategy: 'template',
        database: targetName,
        sameServer: onOneServer,
        tools: undefined,
        tables: 0,
      };
    }

    const sourceMajor = await readServerMajor(sourceAdmin);
    const pgDump = await locateTool('pg_dump', sourceMajor, options);
    // pg_restore must read what this pg_dump writes, and talk to the target.
    const pgRestore = await locateTool('pg_restore', Math.max(targetMajor, pgDump.major), options);
    const settings = await readDatabaseSettings(sourceAdmin, sourceName);
    options.onProgress?.({ type: 'step', message: `creating database ${JSON.stringify(targetName)}` });
    try {
      await targetAdmin.query(
        createDatabaseSql(targetName, settings, targetMajor, (message) => logger.warn(message)),
      );
    } catch (error) {
      throw sqlError(error, `cannot create database ${JSON.stringify(targetName)}`);
    }
    try {
      if (options.comment !== undefined) await commentOnDatabase(targetAdmin, targetName, options.comment);
      const tables = await pipeDumpToRestore(options, pgDump, pgRestore, excluded);
      // Set again: an old pg_dump writes the source's database comment into the archive.
      if (options.comment !== undefined) await commentOnDatabase(targetAdmin, targetName, options.comment);
      return {
        strategy: 'pipe',
        database: targetName,
        sameServer: onOneServer,
        tools: { pgDump, pgRestore },
        tables,
      };
    } catch (error) {
      // Never leave a half copy that looks like a good one.
      await targetAdmin
        .query(`DROP DATABASE IF EXISTS ${quoteIdent(targetName)}${targetMajor >= 13 ? ' WITH (FORCE)' : ''}`)
        .catch((dropError: unknown) =>
          logger.warn(`cannot drop the half-made copy ${targetName}: ${String(dropError)}`),
        );
      throw error;
    }
  } finally {
    await Promise.all([sourceAdmin.end().catch(() => {}), targetAdmin?.end().catch(() => {})]);
  }
}

/** Set the copy's comment; when the server refuses, the copy is dropped again. */
async function markCopy(
  admin: pg.Client,
  targetName: string,
  targetMajor: number,
  options: CloneOptions,
): Promise<void> {
  if (options.comment === undefined) return;
  try {
    await commentOnDatabase(admin, targetName, options.comment);
  } catch (error) {
    await admin
      .query(`DROP DATABASE IF EXISTS ${quoteIdent(targetName)}${targetMajor >= 13 ? ' WITH (FORCE)' : ''}`)
      .catch(() => {});
    throw error;
  }
}

/**
 * `CREATE DATABASE target TEMPLATE source`. Resolves `false` when `auto` should fall back to a
 * pipe: the target's user may not copy the source (only its owner or a superuser may).
 */
async function copyAsTemplate(
  admin: pg.Client,
  sourceName: string,
  targetName: string,
  targetMajor: number,
  options: CloneOptions,
): Promise<boolean> {
  const logger = loggerOf(options);
  options.onProgress?.({
    type: 'step',
    message: `copying ${sourceName} to ${targetName} with CREATE DATABASE … TEMPLATE`,
  });
  // STRATEGY exists from PostgreSQL 15 on; before, the copy is always file by file.
  const strategyClause =
    targetMajor >= 15
      ? ` STRATEGY = ${options.templateStrategy === 'file_copy' ? 'FILE_COPY' : 'WAL_LOG'}`
      : '';
  logger.info(
    `copying database ${JSON.stringify(sourceName)} to ${JSON.stringify(targetName)} as a template`,
  );
  try {
    await runOnFreeDatabase(admin, {
      sql: `CREATE DATABASE ${quoteIdent(targetName)} TEMPLATE ${quoteIdent(sourceName)}${strategyClause}`,
      database: sourceName,
      action: `copy database ${JSON.stringify(sourceName)} with CREATE DATABASE … TEMPLATE`,
      hint: "close these sessions, or clone with strategy 'pipe', which copies a consistent snapshot while others stay connected",
      signal: options.signal,
      exclusive: true,
    });
    return true;
  } catch (error) {
    const denied = (error as PumError).details?.sqlstate === INSUFFICIENT_PRIVILEGE;
    if ((options.strategy ?? 'auto') === 'auto' && denied) {
      logger.info(`${(error as Error).message}: copying through pg_dump | pg_restore instead`);
      return false;
    }
    throw error;
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

// pg_dump fails with these when pg_restore stopped reading first: pg_restore's error is the one to report.
const BROKEN_PIPE = /Broken pipe|could not write to output file|could not write to file/i;

/** pg_dump's custom-format output into pg_restore's input. Resolves with the tables restored. */
async function pipeDumpToRestore(
  options: CloneOptions,
  pgDump: PgTool,
  pgRestore: PgTool,
  excluded: readonly string[],
): Promise<number> {
  const sourceContext: RunContext = runContext(options.source, options);
  const targetContext: RunContext = runContext(options.target, options);
  const source = options.source.describe();
  const target = options.target.describe();
  const progress = new ProgressCounter('pg_restore', undefined, options.onProgress);
  options.onProgress?.({
    type: 'step',
    message: `copying ${source} to ${target} through pg_dump | pg_restore`,
  });
  loggerOf(options).info(`copying ${source} to ${target} through pg_dump | pg_restore`);
  const restoreDoing = `restoring into ${target}`;
  const dumpDoing = `dumping ${source}`;
  const restore = startTool(
    pgRestore,
    [
      '--verbose',
      '--no-password',
      '--exit-on-error',
      ...(options.noOwner ? ['--no-owner'] : []),
      ...(options.noPrivileges ? ['--no-privileges'] : []),
      dbnameArgument(options.target),
    ],
    targetContext,
    { doing: restoreDoing, stdin: 'pipe', onLine: (line) => progress.line(line) },
  );
  const dump = startTool(
    pgDump,
    [
      '--format=custom',
      '--no-password',
      ...excluded.map((pattern) => `--exclude-schema=${psqlPattern(pattern)}`),
      dbnameArgument(options.source),
    ],
    sourceContext,
    { doing: dumpDoing, stdout: 'pipe' },
  );
  if (dump.child.stdout && restore.child.stdin) dump.child.stdout.pipe(restore.child.stdin);
  else restore.child.stdin?.end();
  // When one side fails, the other is stopped; the one that failed first is the one to report
  // (unless it is pg_dump failing to write because pg_restore had stopped reading).
  let firstFailure: 'dump' | 'restore' | undefined;
  const watch = (side: 'dump' | 'restore', other: StartedTool) => (outcome: RunOutcome) => {
    if (outcome.code !== 0 || outcome.error) {
      firstFailure ??= side;
      other.kill();
    }
    return outcome;
  };
  const [dumped, restored] = await Promise.all([
    dump.finished.then(watch('dump', restore)),
    restore.finished.then(watch('restore', dump)),
  ]);
  const brokenPipe = dump.stderrLines().some((line) => BROKEN_PIPE.test(line));
  if (firstFailure === 'dump' && !brokenPipe) checkOutcome(dump, dumped, sourceContext, dumpDoing);
  checkOutcome(restore, restored, targetContext, restoreDoing);
  checkOutcome(dump, dumped, sourceContext, dumpDoing);
  return progress.tables;
}
