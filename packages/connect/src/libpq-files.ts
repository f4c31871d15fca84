/**
 * Where libpq looks for its files. libpq's "home directory" is `$HOME` on Unix and
 * `%APPDATA%\postgresql` on Windows, and the file names differ between the two.
 */

import { posix, win32 } from 'node:path';
import type { PathPlatform } from './hosts.js';

/**
 * Directories searched for the system-wide `pg_service.conf` when `PGSYSCONFDIR` is not set.
 * libpq checks the one directory fixed when it was compiled; we cannot ask it, so we search
 * those of the common packages in order: Debian/Ubuntu (`postgresql-common`), then the PGDG
 * RPMs (RHEL, Fedora, SUSE).
 *
 * @example
 * ```ts
 * resolveConnection('qwat', { env: process.env, sysconfDirs: [...defaultSysconfDirs, '/opt/pg/etc'] });
 * ```
 */
export const defaultSysconfDirs: readonly string[] = ['/etc/postgresql-common', '/etc/sysconfig/pgsql'];

/** The platform and home directory file names are computed from. */
export interface LibpqLocation {
  readonly platform: PathPlatform;
  readonly homeDir: string | undefined;
}

/** Join with the separator of the platform the paths are for. */
export function joinPath(platform: PathPlatform, ...parts: string[]): string {
  return platform === 'win32' ? win32.join(...parts) : posix.join(...parts);
}

/** libpq's home directory, from the environment the caller passed. */
export function defaultHomeDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: PathPlatform,
): string | undefined {
  if (platform === 'win32') return env.APPDATA ? win32.join(env.APPDATA, 'postgresql') : undefined;
  return env.HOME || undefined;
}

/** `~/.pg_service.conf` (the same name on Windows, in `%APPDATA%\postgresql`). */
export function userServiceFile(location: LibpqLocation): string | undefined {
  return location.homeDir === undefined
    ? undefined
    : joinPath(location.platform, location.homeDir, '.pg_service.conf');
}

/** `~/.pgpass`, or `%APPDATA%\postgresql\pgpass.conf` on Windows. */
export function defaultPassfile(location: LibpqLocation): string | undefined {
  if (location.homeDir === undefined) return undefined;
  return joinPath(
    location.platform,
    location.homeDir,
    location.platform === 'win32' ? 'pgpass.conf' : '.pgpass',
  );
}

/** `~/.postgresql/<name>` (root.crt, root.crl, postgresql.crt, postgresql.key), or `%APPDATA%\postgresql\<name>`. */
export function defaultSslFile(location: LibpqLocation, name: string): string | undefined {
  if (location.homeDir === undefined) return undefined;
  return location.platform === 'win32'
    ? joinPath('win32', location.homeDir, name)
    : joinPath('posix', location.homeDir, '.postgresql', name);
}
