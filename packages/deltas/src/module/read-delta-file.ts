/**
 * Reading one file of a module into a {@link DeltaFile}: its text as checksums see it, and its
 * language from its extension — SQL, or a code delta (`.js`, `.mjs`, `.ts`).
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Version } from '@pum/core';
import type { DeltaFile, DeltaKind, DeltaLanguage } from './delta-file.js';
import { assertInsideModule } from './inside-module.js';
import { checksumOf, normaliseText, pum0ChecksumOf } from './normalise.js';

/** What a delta file is, apart from its content. */
export interface DeltaFileIdentity {
  version: Version | undefined;
  name: string;
  kind: DeltaKind;
}

/** Extensions of code deltas and hooks: modules whose default export is one async function. */
export const CODE_EXTENSIONS = ['.js', '.mjs', '.ts'] as const;

/** The extensions pum runs, SQL first. */
export const RUNNABLE_EXTENSIONS = ['.sql', ...CODE_EXTENSIONS, '.py'] as const;

/**
 * The language of a file pum runs, from its name; `undefined` for anything else.
 *
 * @example
 * ```ts
 * languageOf('01_fill.ts'); // 'js'
 * ```
 */
export function languageOf(fileName: string): Exclude<DeltaLanguage, 'command'> | undefined {
  // Case-sensitive, as PUM's globs were on the systems that run data models.
  if (fileName.endsWith('.sql')) return 'sql';
  if (fileName.endsWith('.py')) return 'python';
  return CODE_EXTENSIONS.some((ext) => fileName.endsWith(ext)) ? 'js' : undefined;
}

/** The name of `fileName` without its runnable extension (`01_fill.ts` → `01_fill`). */
export function stripRunnableExtension(fileName: string): string {
  const ext = RUNNABLE_EXTENSIONS.find((e) => fileName.endsWith(e));
  return ext ? fileName.slice(0, -ext.length) : fileName;
}

/** `absolutePath` relative to `root`, with `/` separators: what history records. */
export function modulePath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/');
}

/**
 * Read a file of the module (its existence already checked, its real path checked to be inside
 * `boundary`, by default `root`: a symbolic link may not lead out of the module); its language
 * comes from its extension, SQL when none is recognised. `path` is its {@link modulePath}, when
 * the caller knows it already. `boundary` is `null` when the caller listed the file as a regular
 * file (not a link) of a directory inside the module: it cannot lead out, and its real path is
 * not looked up (two `realpath` calls a file, half the time of reading 1,000 small deltas).
 */
export function readDeltaFile(
  root: string,
  absolutePath: string,
  identity: DeltaFileIdentity,
  path = modulePath(root, absolutePath),
  boundary: string | null = root,
): DeltaFile {
  if (boundary !== null) assertInsideModule(boundary, absolutePath, path);
  const bytes = readFileSync(absolutePath);
  const text = normaliseText(bytes.toString('utf8'));
  return {
    ...identity,
    language: languageOf(absolutePath) ?? 'sql',
    path,
    absolutePath,
    text,
    checksum: checksumOf(text),
    pum0Checksum: pum0ChecksumOf(bytes),
  };
}

/** What to do with a Python changelog file (PUM 1.x changelogs are SQL; Python belongs in hooks). */
export const PYTHON_HINT =
  'changelogs are SQL (or .js/.ts code deltas): move the Python into an application hook (file: x.py) or a command: hook';
