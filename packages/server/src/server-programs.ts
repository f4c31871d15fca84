/**
 * Running `initdb` and `pg_ctl` of one program directory: as ourselves, or as the `postgres`
 * OS user when we are root, always with a clean environment.
 */

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { type Env, postgresEnv, type RunResult, run } from './exec.js';
import { type OsUser, serverUser } from './server-user.js';

/** The programs of one directory, ready to run. */
export interface ServerPrograms {
  /** The directory. */
  readonly binDir: string;
  /** Who runs them: `undefined` for ourselves. */
  readonly user: OsUser | undefined;
  /** Their environment (no `PG*` variables, `LC_ALL=C`). */
  readonly env: Record<string, string>;
  /** The path of a program of the directory. */
  path(name: 'initdb' | 'pg_ctl' | 'postgres'): string;
  /** Run a program; rejects with a `RunError` carrying its output. */
  run(
    name: 'initdb' | 'pg_ctl',
    args: readonly string[],
    options?: { cwd?: string; timeoutMs?: number },
  ): Promise<RunResult>;
  /** Run `pg_ctl` synchronously, ignoring failure (for exit handlers). */
  pgCtlSync(args: readonly string[], cwd: string): void;
}

const exe = process.platform === 'win32' ? '.exe' : '';

/**
 * The programs in `binDir`, run with `env` (cleaned of `PG*` variables).
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` as root without a user to run them as.
 */
export function serverPrograms(binDir: string, env: Env | undefined): ServerPrograms {
  const user = serverUser();
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const cleanEnv = postgresEnv(env);
  const programPath = (name: string) => path.join(binDir, name + exe);
  return {
    binDir,
    user,
    env: cleanEnv,
    path: programPath,
    run: (name, args, options = {}) =>
      run(programPath(name), args, {
        ...ids,
        env: cleanEnv,
        cwd: options.cwd,
        timeoutMs: options.timeoutMs,
      }),
    pgCtlSync(args, cwd) {
      try {
        execFileSync(programPath('pg_ctl'), args, {
          ...ids,
          cwd,
          env: cleanEnv,
          stdio: 'ignore',
          timeout: 30_000,
        });
      } catch {
        // already gone
      }
    },
  };
}
