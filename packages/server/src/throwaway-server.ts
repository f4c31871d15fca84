/**
 * A throwaway server: a cluster in a private `pum-pg-*` temporary directory, durability off,
 * stopped at once and deleted by `stop()`, on process exit, or by a reaper after a SIGKILL.
 */

import { rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Logger } from '@pum/core';
import type { BinDir } from './bin-dir.js';
import { initCluster, startCluster } from './cluster.js';
import { clusterSettings } from './cluster-settings.js';
import { type PostgresServer, postgresServer } from './postgres-server.js';
import { registerExitCleanup, startReaper } from './process-cleanup.js';
import type { ServerPrograms } from './server-programs.js';
import type { StartServerOptions } from './start-server.js';

const nothing = () => {};

/** Start a throwaway server with `programs`; see {@link startServer}. */
export async function startThrowaway(
  binDir: BinDir,
  programs: ServerPrograms,
  options: StartServerOptions,
  log: Logger,
): Promise<PostgresServer> {
  const cleanupOn = options.exitCleanup ?? 'exit-and-signals';
  const dir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'pum-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  const logFile = path.join(dir, 'server.log');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  let unregister = cleanupOn === 'none' ? nothing : registerExitCleanup(removeDir, cleanupOn);
  const { user } = programs;

  try {
    await mkdir(socketDir, { mode: 0o700 });
    if (user) {
      await chown(dir, user.uid, user.gid);
      await chown(socketDir, user.uid, user.gid);
    }
    const settings = clusterSettings({ socketDir, durable: options.durable ?? false });
    await initCluster(programs, dataDir, settings, dir, log);
    const port = await startCluster(programs, { dataDir, logFile, port: options.port, cwd: dir }, log);

    const stopArgs = ['stop', '-D', dataDir, '-m', 'immediate', '-w'];
    const stopReaper =
      cleanupOn === 'none'
        ? nothing
        : startReaper(
            {
              watch: dataDir,
              command: [programs.path('pg_ctl'), ...stopArgs],
              ...(user ? { uid: user.uid, gid: user.gid } : {}),
              cwd: dir,
              remove: [dir],
            },
            programs.env,
          );
    unregister();
    let stopped = false;
    const stopSync = () => {
      if (stopped) return;
      stopped = true;
      programs.pgCtlSync(stopArgs, dir);
      removeDir();
      stopReaper();
    };
    unregister = cleanupOn === 'none' ? nothing : registerExitCleanup(stopSync, cleanupOn);

    return postgresServer({
      binDir,
      port,
      dir,
      dataDir,
      logFile,
      persistent: false,
      created: true,
      async stop() {
        if (stopped) return;
        stopped = true;
        unregister();
        await programs.run('pg_ctl', stopArgs, { cwd: dir, timeoutMs: 30_000 }).catch(() => {});
        stopReaper();
        await rm(dir, { recursive: true, force: true });
        log.debug(`stopped and removed ${dir}`);
      },
    });
  } catch (error) {
    unregister();
    // initdb may have left a half-made cluster; a started one would have been returned.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
