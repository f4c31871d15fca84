/**
 * The one way this package runs programs: `execFile` with an argument array (never a shell),
 * output captured, and a failure that carries the program's stderr.
 */

import { execFile } from 'node:child_process';

/** Options of {@link run}. */
export interface RunOptions {
  /** Run as this OS user and group (numeric ids); used to leave root for `postgres`. */
  uid?: number;
  gid?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Give up after this many milliseconds. Default 120 000. */
  timeoutMs?: number;
}

/** What a finished program printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A program exited non-zero, was killed, or could not be started. */
export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Run `file` with `args` and resolve with its output; reject with a {@link RunError} whose
 * message names the command and ends with its stderr.
 */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
        ...(options.uid === undefined ? {} : { uid: options.uid }),
        ...(options.gid === undefined ? {} : { gid: options.gid }),
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.env === undefined ? {} : { env: options.env }),
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || stdout.trim() || error.message;
          reject(
            new RunError(`${[file, ...args].join(' ')} failed: ${detail}`, stdout, stderr, { cause: error }),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/**
 * The environment for PostgreSQL programs: ours minus every `PG*` variable, so a developer's
 * `PGDATA`, `PGPORT` or `PGHOST` cannot point our throwaway server somewhere else.
 */
export function cleanPostgresEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('PG')) result[key] = value;
  }
  return { ...result, LC_ALL: 'C' };
}
