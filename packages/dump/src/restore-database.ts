/**
 * `restoreDatabase`: pg_restore (or psql for plain scripts) into an existing database, with
 * the archive's table of contents filtered first: excluded schemas, extensions the target
 * already has, and their configuration rows (merged instead, see `merge-extension-data.ts`).
 */

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import { type ArchiveFormat, detectArchiveFormat } from './archive/archive-format.js';
import { type ArchiveEntry, type ArchiveInfo, parseArchiveList } from './archive/archive-list.js';
import { planRestore, type RestorePlan, type SkippedEntry } from './archive/restore-plan.js';
import { type DumpConnection, dbnameArgument } from './connection.js';
import type { ToolRunOptions } from './options.js';
import { ProgressCounter } from './process/progress.js';
import { type RunContext, runTool } from './process/run-tool.js';
import { explainingLines } from './process/tool-failure.js';
import { type FailedRestore, withChanges } from './restore-changes.js';
import { restoreExtensionData } from './restore-extension-data.js';
import { schemaMatcher } from './schema-patterns.js';
import { readCatalogObjects } from './server/catalog-objects.js';
import { readExtensions } from './server/existing-extensions.js';
import type { ExtensionDataMerge } from './server/merge-extension-data.js';
import { openClient, readServerMajor } from './server/open-client.js';
import {
  checkJobs,
  locateTool,
  loggerOf,
  runContext,
  temporaryDirectory,
  throwIfAborted,
} from './tool-context.js';
import type { PgTool } from './tools/find-pg-tools.js';

/**
 * Options of {@link restoreDatabase}.
 *
 * @example
 * ```ts
 * const options: RestoreOptions = { connection, file: 'qwat.backup', excludeSchemas: ['public'], jobs: 4 };
 * ```
 */
export interface RestoreOptions extends ToolRunOptions {
  /** The database to restore into; it must exist. */
  readonly connection: DumpConnection;
  /** The dump: a file (custom, tar, plain SQL) or a directory (directory format). */
  readonly file: string;
  /** Default: detected from the file's first bytes. */
  readonly format?: ArchiveFormat | undefined;
  /**
   * Schemas to leave out, as globs (`*`, `?`; case-sensitive) — the same entries
   * `pg_dump --exclude-schema` leaves out, so excluding at dump or at restore time gives the
   * same database. Not possible for plain SQL scripts. Default none.
   */
  readonly excludeSchemas?: readonly string[] | undefined;
  /** Parallel workers (custom and directory formats). Default 1. */
  readonly jobs?: number | undefined;
  /**
   * Everything in one transaction (pg_restore `--single-transaction`, psql
   * `--single-transaction` with `ON_ERROR_STOP`), so that a failure changes nothing. Default:
   * `true` unless `jobs` is more than 1 or `ignoreErrors` is set (neither can be combined with
   * it). `false` restores entry by entry: a failure leaves what was restored before it (listed
   * in the error's `changed`). A database with very many tables may need more locks in one
   * transaction than `max_locks_per_transaction` allows: then raise it, or use `false`/`jobs`.
   */
  readonly singleTransaction?: boolean | undefined;
  /**
   * Go on after errors and succeed, listing them in {@link RestoreResult.ignoredErrors} (PUM's
   * `restore -x`). Default `false`: the first error stops the restore and is thrown.
   */
  readonly ignoreErrors?: boolean | undefined;
  /** Do not restore ownership (`--no-owner`): objects belong to the restoring user. */
  readonly noOwner?: boolean | undefined;
  /** Do not restore grants (`--no-privileges`). */
  readonly noPrivileges?: boolean | undefined;
}

/**
 * What {@link restoreDatabase} did.
 *
 * @example
 * ```ts
 * const result = await restoreDatabase(options);
 * for (const entry of result.skipped) console.log(`skipped ${entry.type} ${entry.name}: ${entry.reason}`);
 * ```
 */
export interface RestoreResult {
  /** The absolute path read. */
  readonly file: string;
  readonly format: ArchiveFormat;
  /** The pg_restore (or, for plain scripts, psql) used. */
  readonly tool: PgTool;
  readonly serverMajor: number;
  /** What the archive says about itself (not known for plain scripts). */
  readonly archive: ArchiveInfo | undefined;
  /** Tables whose rows were restored by pg_restore. */
  readonly tables: number;
  /** Entries pg_restore was told to leave out, and why. */
  readonly skipped: readonly SkippedEntry[];
  /** Rows of extension configuration tables merged into the target, per table or sequence. */
  readonly extensionData: readonly ExtensionDataMerge[];
  /** With `ignoreErrors`: the error lines of what failed. */
  readonly ignoredErrors: readonly string[];
  /** Things worth knowing that did not stop the restore. */
  readonly warnings: readonly string[];
  /** Whether it ran in one transaction (see {@link RestoreOptions.singleTransaction}). */
  readonly singleTransaction: boolean;
}

/**
 * Restore a dump into an existing database.
 *
 * For archives (custom, directory, tar), the table of contents is read (`pg_restore --list`)
 * and filtered: schemas in `excludeSchemas`; `EXTENSION` entries and comments for extensions
 * the target already has; and the rows of their configuration tables (PostGIS's
 * `spatial_ref_sys`), which are merged — rows the target lacks are inserted, identical ones
 * skipped, conflicting keys keep the target's row — so that a PostGIS-in-`public` dump
 * restores without errors into a database that already has PostGIS. pg_restore then runs with
 * `--use-list` and `--exit-on-error` (unless `ignoreErrors`), the password only in its
 * environment. Plain SQL scripts are run by psql with `ON_ERROR_STOP`, unfiltered. By default
 * everything runs in one transaction, so a failed restore changes nothing (see
 * {@link RestoreOptions.singleTransaction}).
 *
 * When it fails after changing the target (a restore with `jobs`, `ignoreErrors` or
 * `singleTransaction: false`, or rows merged into extension tables before pg_restore failed),
 * the error's `changed` lists what it left behind (`created table app.pipes`, read from the
 * target after the failure); empty means nothing was changed.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` / `PUM_INVALID_FILE` (no dump there: missing,
 *   empty, neither an archive nor SQL text — refused before connecting),
 *   `PUM_INVALID_ARGUMENT`, `PUM_UNSUPPORTED` (`excludeSchemas` with a plain script),
 *   `PUM_AUTHENTICATION_FAILED` / `PUM_CONNECTION_FAILED`, `PUM_SQL_ERROR` (merging
 *   extension rows failed), `PUM_EXTERNAL_PROGRAM` (no fit pg_restore, or it failed: exit
 *   code and error lines), `PUM_ABORTED`.
 * @example
 * ```ts
 * import { resolveConnection } from '@pum/connect';
 * import { restoreDatabase } from '@pum/dump';
 *
 * const result = await restoreDatabase({
 *   connection: resolveConnection('qwat_test', { env: process.env }),
 *   file: 'qwat.backup',
 *   excludeSchemas: ['public'],
 *   env: process.env,
 *   tools: { path: process.env.PATH, pgRestore: process.env.PG_RESTORE_EXE },
 * });
 * console.log(`${result.tables} tables restored, ${result.skipped.length} entries left out`);
 * ```
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const file = path.resolve(options.file);
  // Always looked at, before any connection: an empty or unrecognisable file is refused.
  const detected = detectArchiveFormat(file);
  const format = options.format ?? detected;
  const jobs = checkJobs(options.jobs);
  const singleTransaction = checkSingleTransaction(format, jobs, options);
  const excludeSchemas = options.excludeSchemas ?? [];
  if (format === 'plain' && excludeSchemas.length > 0) {
    throw new PumError(
      PumErrorCode.Unsupported,
      'schemas cannot be excluded when restoring a plain SQL dump',
      {
        hint: 'dump in the custom format (the default), or exclude the schemas when dumping',
      },
    );
  }
  const label = options.connection.describe();
  throwIfAborted(options.signal, `restoring into ${label}`);

  const client = await openClient(options.connection);
  let clientOpen = true;
  const closeClient = async () => {
    if (clientOpen) await client.end().catch(() => {});
    clientOpen = false;
  };
  const temp = temporaryDirectory(options);
  // Set once a step that may change the target starts: from then on a failure says what it
  // changed. The merge of extension rows is its own transaction, before pg_restore's.
  let changing: FailedRestore | undefined;
  const merges: ExtensionDataMerge[] = [];
  try {
    const serverMajor = await readServerMajor(client);
    const before = await readCatalogObjects(client);
    const failed: FailedRestore = { connection: options.connection, before, merges, singleTransaction };
    const merging: FailedRestore = { ...failed, singleTransaction: false };
    if (format === 'plain') {
      await closeClient();
      const tool = await locateTool('psql', serverMajor, options);
      changing = failed;
      return await restorePlain(file, tool, serverMajor, options, singleTransaction);
    }
    const tool = await locateTool('pg_restore', serverMajor, options);
    const context = runContext(options.connection, options);
    const listed = await runTool(tool, ['--list', file], context, {
      doing: `reading ${file}`,
      stdout: 'capture',
    });
    const listing = parseArchiveList(listed.stdout.toString('utf8'));
    const extensions = await readExtensions(client);
    const plan = planRestore(listing.entries, {
      excluded: schemaMatcher(excludeSchemas),
      existing: extensions,
    });
    changing = merging;
    const extensionData = await restoreExtensionData({
      client,
      plan,
      extensions,
      printEntries: async (entries) => {
        const list = writeList(temp.dir, 'extensions.list', entries);
        const printed = await runTool(tool, [`--use-list=${list}`, '--file=-', file], context, {
          doing: `reading the extension entries of ${file}`,
          stdout: 'capture',
        });
        return printed.stdout.toString('utf8');
      },
      ignoreErrors: options.ignoreErrors === true,
      logger: loggerOf(options),
      onProgress: options.onProgress,
    });
    merges.push(...extensionData.merges);
    await closeClient();
    changing = failed;
    const restored = await runRestore(file, tool, plan, context, temp.dir, options, jobs, singleTransaction);
    for (const warning of extensionData.warnings) loggerOf(options).warn(warning);
    return {
      file,
      format,
      tool,
      serverMajor,
      archive: listing.info,
      tables: restored.tables,
      skipped: plan.skipped,
      extensionData: extensionData.merges,
      ignoredErrors: [...extensionData.ignoredErrors, ...restored.ignoredErrors],
      warnings: extensionData.warnings,
      singleTransaction,
    };
  } catch (error) {
    await closeClient();
    throw changing === undefined ? error : await withChanges(error, changing);
  } finally {
    await closeClient();
    temp.remove();
  }
}

/**
 * Whether the restore runs in one transaction: asked, else whenever it can (one job, errors
 * not ignored).
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for combinations that cannot be.
 */
function checkSingleTransaction(format: ArchiveFormat, jobs: number, options: RestoreOptions): boolean {
  if (jobs > 1 && (format === 'plain' || format === 'tar')) {
    throw new PumError(PumErrorCode.InvalidArgument, `a ${format} dump cannot be restored in parallel`, {
      hint: 'use jobs: 1, or dump in the custom or directory format',
    });
  }
  if (jobs > 1 && options.singleTransaction === true) {
    throw new PumError(PumErrorCode.InvalidArgument, 'singleTransaction and jobs cannot be combined', {
      hint: 'a single transaction runs in one session: use jobs: 1',
    });
  }
  if (options.ignoreErrors === true && options.singleTransaction === true) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      'singleTransaction and ignoreErrors cannot be combined',
      {
        hint: 'in one transaction the first error undoes everything: leave one of them out',
      },
    );
  }
  return options.singleTransaction ?? (jobs === 1 && options.ignoreErrors !== true);
}

/** Write a `--use-list` file holding `entries`. */
function writeList(dir: string, name: string, entries: readonly ArchiveEntry[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${entries.map((entry) => entry.line).join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** Run the main pg_restore. */
async function runRestore(
  file: string,
  tool: PgTool,
  plan: RestorePlan,
  context: RunContext,
  dir: string,
  options: RestoreOptions,
  jobs: number,
  singleTransaction: boolean,
): Promise<{ tables: number; ignoredErrors: string[] }> {
  const label = options.connection.describe();
  const progress = new ProgressCounter('pg_restore', plan.tableDataCount, options.onProgress);
  const args = [
    '--verbose',
    '--no-password',
    ...(options.ignoreErrors ? [] : ['--exit-on-error']),
    ...(singleTransaction ? ['--single-transaction'] : []),
    ...(jobs > 1 ? [`--jobs=${jobs}`] : []),
    ...(options.noOwner ? ['--no-owner'] : []),
    ...(options.noPrivileges ? ['--no-privileges'] : []),
    ...(plan.skipped.length > 0 ? [`--use-list=${writeList(dir, 'restore.list', plan.kept)}`] : []),
    dbnameArgument(options.connection),
    file,
  ];
  loggerOf(options).info(
    `restoring ${file} into ${label} (${plan.kept.length} entries, ${plan.skipped.length} left out)`,
  );
  options.onProgress?.({ type: 'step', message: `restoring into ${label}` });
  const run = await runTool(tool, args, context, {
    doing: `restoring ${file} into ${label}`,
    onLine: (line) => progress.line(line),
    // With errors ignored pg_restore ends with "warning: errors ignored on restore: N" and exit
    // code 1; exit 1 without that summary is a real failure.
    acceptExit: (code, stderr) =>
      code === 0 ||
      (options.ignoreErrors === true &&
        code === 1 &&
        stderr.some((line) => /errors ignored on restore/.test(line))),
  });
  return { tables: progress.tables, ignoredErrors: options.ignoreErrors ? errorLines(run.stderr) : [] };
}

/** The error lines (with their continuation) of a run whose errors were ignored. */
function errorLines(stderr: readonly string[]): string[] {
  return explainingLines(stderr).filter((line) => !/errors ignored on restore/.test(line));
}

/** Run a plain SQL script with psql. */
async function restorePlain(
  file: string,
  tool: PgTool,
  serverMajor: number,
  options: RestoreOptions,
  singleTransaction: boolean,
): Promise<RestoreResult> {
  const context = runContext(options.connection, options);
  const label = options.connection.describe();
  const args = [
    '--no-psqlrc',
    '--no-password',
    '--quiet',
    `--set=ON_ERROR_STOP=${options.ignoreErrors ? '0' : '1'}`,
    ...(singleTransaction ? ['--single-transaction'] : []),
    `--file=${file}`,
    dbnameArgument(options.connection),
  ];
  options.onProgress?.({ type: 'step', message: `running ${file} in ${label}` });
  const run = await runTool(tool, args, context, { doing: `running ${file} in ${label}` });
  return {
    file,
    format: 'plain',
    tool,
    serverMajor,
    archive: undefined,
    tables: 0,
    skipped: [],
    extensionData: [],
    ignoredErrors: options.ignoreErrors ? errorLines(run.stderr) : [],
    warnings: [],
    singleTransaction,
  };
}
