/**
 * Looking after a persistent server from another process than the one that started it:
 * is it running, on which port, and stopping it.
 */

import { type ClusterStatus, clusterStatus, stopCluster } from './cluster.js';
import type { Env } from './exec.js';
import { serverFiles } from './persistent-server.js';
import { serverPrograms } from './server-programs.js';

/**
 * Options of {@link serverStatus} and {@link stopServer}.
 *
 * @example
 * ```ts
 * const target: ServerControlOptions = { dir: '/home/me/.local/share/pum/local/app', binDir: '/usr/lib/postgresql/15/bin' };
 * ```
 */
export interface ServerControlOptions {
  /** The server's directory, as given to `startServer({ dir })`. */
  dir: string;
  /** The directory of the programs that made it (`server.binDir.dir`). */
  binDir: string;
  /** The environment of `pg_ctl` (pass `process.env`). Default `{}`. */
  env?: Env | undefined;
}

/** Whether a server runs, and when it does its process id and port. */
export type ServerStatus = ClusterStatus;

/**
 * Whether the persistent server of `dir` runs (from `pg_ctl status`), with its process id and
 * port when it does.
 *
 * @example
 * ```ts
 * const { running, port } = await serverStatus({ dir, binDir });
 * ```
 */
export function serverStatus(options: ServerControlOptions): Promise<ServerStatus> {
  const programs = serverPrograms(options.binDir, options.env);
  return clusterStatus(programs, serverFiles(options.dir).dataDir, options.dir);
}

/**
 * Shut the persistent server of `dir` down cleanly (`pg_ctl stop -m fast`: sessions are
 * ended, nothing is lost). Resolves `{ stopped: false }` when it was not running.
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` when `pg_ctl` fails.
 * @example
 * ```ts
 * const { stopped } = await stopServer({ dir, binDir, env: process.env });
 * ```
 */
export async function stopServer(options: ServerControlOptions): Promise<{ stopped: boolean }> {
  const programs = serverPrograms(options.binDir, options.env);
  const stopped = await stopCluster(programs, serverFiles(options.dir).dataDir, 'fast', options.dir);
  return { stopped };
}
