/** `dumpDatabase`: pg_dump, found and checked for the server, run safely. */

import * as path from 'node:path';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import { prepareDumpOutput } from './archive/dump-output.js';
import { type DumpConnection, dbnameArgument } from './connection.js';
import type { ToolRunOptions } from './options.js';
import { ProgressCounter } from './process/progress.js';
import { runTool } from './process/run-tool.js';
import { psqlPattern } from './schema-patterns.js';
import { readServerMajor, withClient } from './server/open-client.js';
import { checkJobs, locateTool, loggerOf, runContext, throwIfAborted } from './tool-context.js';
import type { PgTool } from './tools/find-pg-tools.js';

/**
 * The format of a dump:
 * - `custom` (default): one compressed archive file, restored by pg_restore — selectively,
 *   in parallel, with the filtering {@link restoreDatabase} does;
 * - `directory`: one file per table in a directory; the only format pg_dump writes in
 *   parallel (`jobs`);
 * - `plain`: an SQL script, run by psql; cannot be filtered at restore time.
 *
 * @example
 * ```ts
 * const format: DumpFormat = 'custom';
 * ```
 */
export type DumpFormat = 'custom' | 'directory' | 'plain';

/**
 * Options of {@link dumpDatabase}.
 *
 * @example
 * ```ts
 * const options: DumpOptions = { connection, file: 'qwat.backup', excludeSchemas: ['public'] };
 * ```
 */
export interface DumpOptions extends ToolRunOptions {
  /** The database to dump (`resolveConnection()` of `@pum/connect`). */
  readonly connection: DumpConnection;
  /**
   * The file (or directory, for `directory`) to write. pg_dump writes a hidden temporary
   * beside it (`.<name>.pum-tmp-<random>`), moved into place only when the dump succeeded: a
   * failed or cancelled dump leaves an existing file (or directory-format dump) as it was.
   */
  readonly file: string;
  /** Default `custom`, which {@link restoreDatabase} restores by default. */
  readonly format?: DumpFormat | undefined;
  /**
   * Schemas to leave out, as globs (`*`, `?`; case-sensitive), e.g. `['public', 'tiger*']`.
   * {@link restoreDatabase} reads them the same way. Default none.
   */
  readonly excludeSchemas?: readonly string[] | undefined;
  /** Parallel workers; more than 1 needs the `directory` format. Default 1. */
  readonly jobs?: number | undefined;
  /** Leave ownership out (`--no-owner`); matters for `plain` (archives decide at restore). */
  readonly noOwner?: boolean | undefined;
  /** Leave grants out (`--no-privileges`); matters for `plain`. */
  readonly noPrivileges?: boolean | undefined;
  /**
   * The server's major version when already known: no connection is made to ask it. Default:
   * asked (one short connection, which also reports a refused login clearly).
   */
  readonly serverMajor?: number | undefined;
}

/**
 * What {@link dumpDatabase} did.
 *
 * @example
 * ```ts
 * const { tool, tables } = await dumpDatabase(options);
 * console.log(`${tables} tables dumped by pg_dump ${tool.version}`);
 * ```
 */
export interface DumpResult {
  /** The absolute path written. */
  readonly file: string;
  readonly format: DumpFormat;
  /** The pg_dump used. */
  readonly tool: PgTool;
  readonly serverMajor: number;
  /** Tables whose rows were dumped. */
  readonly tables: number;
}

const FORMAT_FLAGS: Readonly<Record<DumpFormat, string>> = { custom: 'c', directory: 'd', plain: 'p' };

/**
 * Dump a database with pg_dump: custom format by default, the password only in the child's
 * environment, a pg_dump at least as new as the server (the newest found), progress from
 * `--verbose`.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` (bad options), `PUM_AUTHENTICATION_FAILED`
 *   / `PUM_CONNECTION_FAILED` (the server refused or cannot be reached),
 *   `PUM_EXTERNAL_PROGRAM` (no fit pg_dump — what was found and what to install — or pg_dump
 *   failed: exit code and its error lines), `PUM_ABORTED`, `PUM_FILE_NOT_FOUND` (no directory
 *   to write the file in). Whatever the failure, an existing `file` is left as it was.
 * @example
 * ```ts
 * import { resolveConnection } from '@pum/connect';
 * import { dumpDatabase } from '@pum/dump';
 *
 * const connection = resolveConnection('qwat_prod', { env: process.env });
 * const result = await dumpDatabase({
 *   connection,
 *   file: 'qwat.backup',
 *   excludeSchemas: ['public'],
 *   tools: { path: process.env.PATH, pgDump: process.env.PG_DUMP_EXE },
 *   env: process.env,
 *   onProgress: (event) => event.type === 'table-data' && console.error(`dumping ${event.table}`),
 * });
 * console.log(`${result.tables} tables in ${result.file}`);
 * ```
 */
export async function dumpDatabase(options: DumpOptions): Promise<DumpResult> {
  const format = options.format ?? 'custom';
  if (!(format in FORMAT_FLAGS)) {
    throw new PumError(PumErrorCode.InvalidArgument, `unknown dump format ${JSON.stringify(format)}`, {
      hint: 'use custom, directory or plain',
    });
  }
  const jobs = checkJobs(options.jobs);
  if (jobs > 1 && format !== 'directory') {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `pg_dump runs in parallel only in the directory format, not ${format}`,
      {
        hint: "use format: 'directory', or jobs: 1",
      },
    );
  }
  const excluded = (options.excludeSchemas ?? []).map(psqlPattern);
  const file = path.resolve(options.file);
  const label = options.connection.describe();
  throwIfAborted(options.signal, `dumping ${label}`);

  const output = prepareDumpOutput(file, format === 'directory');
  const serverMajor = options.serverMajor ?? (await withClient(options.connection, readServerMajor));
  const tool = await locateTool('pg_dump', serverMajor, options);
  const context = runContext(options.connection, options);
  const progress = new ProgressCounter('pg_dump', undefined, options.onProgress);
  const args = [
    `--format=${FORMAT_FLAGS[format]}`,
    `--file=${output.temporary}`,
    '--verbose',
    '--no-password',
    ...excluded.map((pattern) => `--exclude-schema=${pattern}`),
    ...(jobs > 1 ? [`--jobs=${jobs}`] : []),
    ...(options.noOwner ? ['--no-owner'] : []),
    ...(options.noPrivileges ? ['--no-privileges'] : []),
    dbnameArgument(options.connection),
  ];
  loggerOf(options).info(`dumping ${label} to ${file} (${format} format)`);
  try {
    await runTool(tool, args, context, { doing: `dumping ${label}`, onLine: (line) => progress.line(line) });
    output.commit();
  } catch (error) {
    // Never leave a half-written dump, and never touch the backup that was there.
    output.discard();
    throw output.replacing ? keptNote(error, file) : error;
  }
  return { file, format, tool, serverMajor, tables: progress.tables };
}

/** The error of a failed dump, saying that the existing `file` was left as it was. */
function keptNote(error: unknown, file: string): unknown {
  if (!isPumError(error)) return error;
  return new PumError(error.code, `${error.message}\n  ${file} was left as it was`, {
    cause: error.cause,
    hint: error.hint,
    details: { ...error.details, file, kept: true },
  });
}
