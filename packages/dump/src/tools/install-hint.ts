/** What to tell a user who lacks a PostgreSQL client program fit for their server. */

import type { PgToolName } from './tool-locations.js';

/**
 * How to install the client programs of PostgreSQL `major` on `platform`, as one sentence.
 *
 * @example
 * ```ts
 * installHint('pg_dump', 17, 'linux');
 * // 'install the PostgreSQL 17 client programs: apt install postgresql-client-17 (Debian, Ubuntu; …'
 * ```
 */
export function installHint(tool: PgToolName, major: number, platform: NodeJS.Platform): string {
  const how =
    platform === 'win32'
      ? `the EDB installer of PostgreSQL ${major} ("Command Line Tools" component)`
      : platform === 'darwin'
        ? `brew install postgresql@${major}`
        : `apt install postgresql-client-${major} (Debian, Ubuntu; from apt.postgresql.org when your release lacks it) or dnf install postgresql${major} (RHEL, Fedora; from yum.postgresql.org)`;
  return `install the PostgreSQL ${major} client programs: ${how}; or give the directory of a ${tool} ${major} or newer (pgBin), or the program's path`;
}
