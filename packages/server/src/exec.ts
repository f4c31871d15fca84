/**
 * The one way this package runs programs: `execFile` with an argument array (never a shell),
 * output captured, and a failure that carries the program's stderr.
 */

import { execFile } from 'node:child_process';

/** An environment, as `process.env` is one. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Options of {@link run}. */
export interface RunOptions {
  /** Run as this OS user and group (numeric ids); used to leave root for `postgres`. */
  uid?: number | undefined;
  gid?: number | undefined;
  cwd?: string | undefined;
  env?: Env | undefined;
  /** Give up after this many milliseconds. Default 120 000. */
  timeoutMs?: number | undefined;
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
    /** The exit code, when the program ran and exited. */
    readonly exitCode: number | undefined,
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
        env: { ...(options.env ?? {}) },
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || stdout.trim() || error.message;
          const exitCode = typeof error.code === 'number' ? error.code : undefined;
          reject(
            new RunError(`${[file, ...args].join(' ')} failed: ${detail}`, stdout, stderr, exitCode, {
              cause: error,
            }),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/**
 * The environment for PostgreSQL programs: `env` minus every `PG*` variable, so a user's
 * `PGDATA`, `PGPORT` or `PGHOST` cannot point our server somewhere else, and messages in
 * English (`LC_ALL=C`) because we read them.
 *
 * @example
 * ```ts
 * postgresEnv({ PATH: '/usr/bin', PGPORT: '6543' }); // { PATH: '/usr/bin', LC_ALL: 'C' }
 * ```
 */
export function postgresEnv(env: Env = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.toUpperCase().startsWith('PG')) result[key] = value;
  }
  return { ...result, LC_ALL: 'C' };
}
