/** The options every operation that runs pg_dump, pg_restore or psql shares. */

import type { Logger } from '@pum/core';
import type { DumpProgressEvent } from './process/progress.js';
import type { SpawnedProcess } from './process/run-tool.js';
import type { PgToolsOptions } from './tools/find-pg-tools.js';

/**
 * Options shared by {@link dumpDatabase}, {@link restoreDatabase} and {@link cloneDatabase}.
 *
 * @example
 * ```ts
 * const shared: ToolRunOptions = {
 *   tools: { path: process.env.PATH, pgDump: process.env.PG_DUMP_EXE, pgRestore: process.env.PG_RESTORE_EXE },
 *   env: process.env,
 *   logger: console,
 *   signal: AbortSignal.timeout(3_600_000),
 *   onProgress: (event) => event.type === 'table-data' && console.error(event.table),
 * };
 * ```
 */
export interface ToolRunOptions {
  /** Where the programs are. Default: searched (see {@link findPgTools}), no `PATH`. */
  readonly tools?: PgToolsOptions | undefined;
  /**
   * The base environment of the programs (pass `process.env`; on Windows they need at least
   * `SystemRoot`). Inherited libpq variables (`PGHOST`, `PGPASSWORD`, `PGSERVICE`, …) are
   * removed and the connection's own set; messages are switched to English (`LC_MESSAGES=C`)
   * because they are read. Default `{}`.
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Receives what the programs print (`debug`) and what is chosen (`info`, `warn`). Default: silent. */
  readonly logger?: Logger | undefined;
  /** Stops the operation: running programs are terminated, and it fails with `PUM_ABORTED`. */
  readonly signal?: AbortSignal | undefined;
  /** Receives progress events. */
  readonly onProgress?: ((event: DumpProgressEvent) => void) | undefined;
  /** Called when a program has just started (its pid, for supervision or tests). */
  readonly onSpawn?: ((process: SpawnedProcess) => void) | undefined;
  /** Where temporary list files go. Default `os.tmpdir()`. */
  readonly tempDir?: string | undefined;
}
