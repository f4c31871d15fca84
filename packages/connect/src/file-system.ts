/**
 * The only file access of this package, behind a two-method interface so tests (and
 * callers with unusual storage) can pass an in-memory tree.
 */

import { readFileSync, statSync } from 'node:fs';

/**
 * How {@link resolveConnection} reads service files, password files and TLS certificates.
 *
 * @example
 * ```ts
 * const files: Record<string, string> = { '/home/me/.pg_service.conf': '[qwat]\nhost=db\n' };
 * const fs: ConnectFileSystem = { readFile: (path) => files[path] };
 * ```
 */
export interface ConnectFileSystem {
  /**
   * The file's text (UTF-8), or `undefined` when there is no such file. Other failures
   * (permission denied, a directory) may throw; the error is kept as `cause`.
   */
  readFile(path: string): string | undefined;
  /**
   * The file's `st_mode`, or `undefined` when unknown. Used, as libpq does on Unix, to
   * ignore a password file that is not a plain file or that group or others may read.
   * Without it the check is skipped.
   */
  fileMode?(path: string): number | undefined;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The default {@link ConnectFileSystem}: synchronous reads with `node:fs`.
 *
 * @example
 * ```ts
 * resolveConnection('qwat', { env: process.env, fs: nodeFileSystem });
 * ```
 */
export const nodeFileSystem: ConnectFileSystem = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  fileMode(path) {
    try {
      return statSync(path).mode;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
};
