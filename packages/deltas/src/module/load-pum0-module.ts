/**
 * Load PUM 0.x delta directories. Every entry of a directory is a recognised delta, a
 * `pre-all` / `post-all` file, ignored by an explicit glob, or an error naming it — PUM
 * silently skipped misnamed files, and a data model lost a foreign key that way.
 */
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareVersions, PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile, DeltaKind, DeltaModule } from './delta-file.js';
import { deltaIdentity } from './delta-identity.js';
import { ignoreMatcher } from './ignore-matcher.js';
import { parsePum0FileName } from './pum0-file-name.js';
import { modulePath, readDeltaFile } from './read-delta-file.js';

/** Options of {@link loadPum0Module}. */
export interface LoadPum0Options {
  /** Directory paths are recorded relative to it. Default: the first directory's parent. */
  root?: string;
  /** Globs (`*`, `?`) of file names or relative paths to skip on purpose, e.g. `README.md`. */
  ignore?: readonly string[];
  /**
   * Module name for history rows. Default: the first directory's name — which then does not
   * identify the module's history: see `DeltaModule.nameFromDirectory`.
   */
  name?: string;
}

const STAGE_ORDER: Record<DeltaKind, number> = {
  baseline: 0,
  'pre-all': 0,
  pre: 1,
  delta: 2,
  post: 3,
  'post-all': 4,
  hook: 5,
};

/**
 * Sort deltas by version, then pre < delta < post, then name, then Python before SQL (PUM 0.x's
 * `delta_1.0.0_x.py` ran before `delta_1.0.0_x.sql`) — as PUM 0.x did, with versions compared as
 * versions.
 */
export function compareDeltas(a: DeltaFile, b: DeltaFile): number {
  if (a.version && b.version) {
    const byVersion = compareVersions(a.version, b.version);
    if (byVersion !== 0) return byVersion;
  }
  return (
    STAGE_ORDER[a.kind] - STAGE_ORDER[b.kind] ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    Number(b.language === 'python') - Number(a.language === 'python')
  );
}

/** The entries of `dir`, sorted by name. */
function readDirectory(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (error) {
    throw new PumError(
      PumErrorCode.FileNotFound,
      `cannot read delta directory ${dir}: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'pass the directory that holds the delta_*.sql files with --dir',
      },
    );
  }
}

/**
 * Read one or several PUM 0.x delta directories into a module: `pre-all` files of every
 * directory first, then every delta of every directory in version order, then `post-all` files.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE` naming an unrecognised file,
 *   `PUM_FILE_NOT_FOUND` for a missing directory.
 * @example
 * ```ts
 * const module = loadPum0Module(['update/delta'], { ignore: ['README.md'] });
 * ```
 */
export function loadPum0Module(dirs: readonly string[], options: LoadPum0Options = {}): DeltaModule {
  if (dirs.length === 0) {
    throw new PumError(PumErrorCode.InvalidArgument, 'no delta directory given', {
      hint: 'pass --dir DIR (repeatable)',
    });
  }
  const absoluteDirs = dirs.map((dir) => resolve(dir));
  const root = resolve(options.root ?? join(absoluteDirs[0] as string, '..'));
  const ignored = ignoreMatcher(options.ignore ?? []);
  const preAll: DeltaFile[] = [];
  const deltas: DeltaFile[] = [];
  const postAll: DeltaFile[] = [];
  const byIdentity = new Map<string, DeltaFile>();
  for (const dir of absoluteDirs) {
    const dirPath = modulePath(root, dir);
    for (const dirent of readDirectory(dir)) {
      const entry = dirent.name;
      const absolutePath = join(dir, entry);
      const path = dirPath === '' ? entry : `${dirPath}/${entry}`;
      if (entry.startsWith('.') || ignored(entry, path)) continue;
      // The entry's type came with the listing; only a symbolic link needs a look at its target.
      if (dirent.isDirectory() || (dirent.isSymbolicLink() && statSync(absolutePath).isDirectory())) {
        throw new PumError(PumErrorCode.InvalidFile, `${path}: a directory inside a delta directory`, {
          hint: 'move it out, or skip it on purpose with --ignore',
          details: { path },
        });
      }
      const parsed = parsePum0FileName(entry);
      if (parsed.kind === 'unrecognised') {
        throw new PumError(
          PumErrorCode.InvalidFile,
          `${path}: unrecognised file in a delta directory (${parsed.reason})`,
          {
            hint: 'rename it, or skip it on purpose with --ignore; pum never skips a file silently',
            details: { path },
          },
        );
      }
      const { version, name, kind } = parsed;
      const file = readDeltaFile(root, absolutePath, { version, name, kind }, path, dir);
      // Two files of one version, name and stage would share one history identity; a Python
      // and an SQL one do not (PUM 0.x recorded their types apart and ran both).
      if (version) {
        const identity = deltaIdentity(version, name, kind, path);
        const twin = byIdentity.get(identity);
        if (twin) {
          throw new PumError(PumErrorCode.InvalidFile, `${path}: the same delta as ${twin.path}`, {
            hint: 'keep one file per version, name and stage (a .py beside a .sql is allowed, as in PUM)',
            details: { path },
          });
        }
        byIdentity.set(identity, file);
      }
      if (parsed.kind === 'pre-all') preAll.push(file);
      else if (parsed.kind === 'post-all') postAll.push(file);
      else deltas.push(file);
    }
  }
  return {
    layout: 'pum0',
    name: options.name ?? basename(absoluteDirs[0] as string),
    ...(options.name === undefined ? { nameFromDirectory: true } : {}),
    roots: absoluteDirs,
    files: [...preAll, ...deltas.sort(compareDeltas), ...postAll],
  };
}
