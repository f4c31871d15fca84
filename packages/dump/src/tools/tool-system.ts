/**
 * Everything the search for PostgreSQL programs needs from the machine, behind one small
 * interface so the search can be tested with an in-memory machine.
 */

import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';

/**
 * The machine as {@link findPgTools} sees it: files, directories, and running
 * `<program> --version`.
 *
 * @example
 * ```ts
 * // A machine with one pg_dump, for a test.
 * const system: ToolSystem = {
 *   isExecutable: (file) => file === '/opt/pg/bin/pg_dump',
 *   listDirectory: () => [],
 *   realPath: (file) => file,
 *   readVersion: async () => 'pg_dump (PostgreSQL) 17.2',
 * };
 * ```
 */
export interface ToolSystem {
  /** Whether `file` is a regular file this process may execute. */
  isExecutable(file: string): boolean;
  /** The entry names of `dir`; empty when it does not exist or cannot be read. */
  listDirectory(dir: string): string[];
  /** `file` with symbolic links resolved; `file` itself when that fails. */
  realPath(file: string): string;
  /**
   * The standard output of `file --version`, run with environment `env`; `undefined` when the
   * program cannot be run or fails.
   */
  readVersion(file: string, env: Readonly<Record<string, string>>): Promise<string | undefined>;
}

/** How long `--version` may take before the program is given up on. */
const VERSION_TIMEOUT_MS = 15_000;

/**
 * The real machine: `node:fs` and `node:child_process`.
 *
 * @example
 * ```ts
 * const tool = await findPgTools({ tool: 'pg_dump', serverMajor: 17, system: nodeToolSystem });
 * ```
 */
export const nodeToolSystem: ToolSystem = Object.freeze({
  isExecutable(file: string): boolean {
    try {
      if (!statSync(file).isFile()) return false;
      // Windows has no execute bit: a file is enough there.
      if (process.platform !== 'win32') accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  listDirectory(dir: string): string[] {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  realPath(file: string): string {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  },
  readVersion(file: string, env: Readonly<Record<string, string>>): Promise<string | undefined> {
    return new Promise((resolve) => {
      execFile(
        file,
        ['--version'],
        { env: { ...env }, timeout: VERSION_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
    });
  },
});
