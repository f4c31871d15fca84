/**
 * A persistent server: a cluster in a directory of its own that outlives the process which
 * started it; started again when it is there already, shut down cleanly, never removed.
 */

import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import { type BinDir, describeBinDir } from './bin-dir.js';
import { clusterStatus, initCluster, startCluster, stopCluster } from './cluster.js';
import { clusterSettings } from './cluster-settings.js';
import { type PostgresServer, postgresServer } from './postgres-server.js';
import type { ServerPrograms } from './server-programs.js';
import type { StartServerOptions } from './start-server.js';

/** The files of a persistent server's directory. */
export function serverFiles(dir: string): { dataDir: string; logFile: string } {
  return { dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'server.log') };
}

/** Start (making it first when needed) the persistent server of `dir`; see {@link startServer}. */
export async function startPersistent(
  binDir: BinDir,
  programs: ServerPrograms,
  dirOption: string,
  options: StartServerOptions,
  log: Logger,
): Promise<PostgresServer> {
  const dir = path.resolve(dirOption);
  const { dataDir, logFile } = serverFiles(dir);
  const { user } = programs;
  await mkdir(dir, { recursive: true });
  if (user) await chown(dir, user.uid, user.gid);

  const existing = await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8').catch(() => undefined);
  const created = existing === undefined;
  if (created) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `${dataDir} is not empty and holds no PostgreSQL cluster`,
        {
          hint: 'remove it, or choose another directory',
        },
      );
    }
    await initCluster(programs, dataDir, clusterSettings({ durable: options.durable ?? true }), dir, log);
  } else {
    const major = Number(existing.trim());
    if (major !== binDir.major) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `${dataDir} holds a PostgreSQL ${existing.trim()} cluster; the programs are PostgreSQL ${binDir.version} (${describeBinDir(binDir)})`,
        { hint: `use PostgreSQL ${existing.trim()} programs, or remove the directory to start afresh` },
      );
    }
    const status = await clusterStatus(programs, dataDir, dir);
    if (status.running) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `a PostgreSQL server is already running in ${dataDir}${status.port ? ` on port ${status.port}` : ''}`,
        { hint: 'stop it first', details: { pid: status.pid ?? null, port: status.port ?? null } },
      );
    }
  }
  const port = await startCluster(programs, { dataDir, logFile, port: options.port, cwd: dir }, log);
  let stopped = false;
  return postgresServer({
    binDir,
    port,
    dir,
    dataDir,
    logFile,
    persistent: true,
    created,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopCluster(programs, dataDir, 'fast', dir);
      log.debug(`stopped the server of ${dir}`);
    },
  });
}
