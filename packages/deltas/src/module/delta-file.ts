/**
 * What a delta module is made of, whatever its layout: ordered files, each with a version, a
 * kind and the checksum of its normalised text.
 */
import type { Version } from '@pum/core';
import type { CodeDelta } from '../run/code-delta.js';

/**
 * The kind of a file: `delta` (a versioned change), `pre` / `post` (before / after the
 * version's deltas), `pre-all` / `post-all` (run on every upgrade, PUM 0.x), `hook` (PUM 1.x
 * application drop/create hooks) and `baseline` (a history entry, not a file).
 */
export type DeltaKind = 'baseline' | 'pre-all' | 'pre' | 'delta' | 'post' | 'post-all' | 'hook';

/** What a file is written in; see {@link DeltaFile.language}. */
export type DeltaLanguage = 'sql' | 'js' | 'command' | 'python';

/**
 * The program a `command:` hook runs, from the module root: an argument list run as is
 * (`['python3', 'app/create_app.py']`), or one line run by the system shell (`sh -c` / `cmd.exe`).
 */
export type HookCommand = { argv: readonly [string, ...string[]] } | { shell: string };

/** One file of a module. */
export interface DeltaFile {
  /** Its version; `undefined` for files run on every upgrade (`pre-all`, `post-all`, hooks). */
  version: Version | undefined;
  /** The name part (`drop_views` of `delta_1.3.2_drop_views.sql`), empty when none. */
  name: string;
  kind: DeltaKind;
  /**
   * `sql`; `js` (a code delta or hook: a `.js` / `.mjs` / `.ts` module whose default export is
   * one async function, run in the delta's transaction); `command` (a `command:` hook: an external
   * program run outside any transaction, see {@link DeltaFile.command}); `python` (a PUM 1.x
   * Python hook or a PUM 0.x Python delta, run by the user's Python on a connection of its own,
   * outside pum's transaction).
   */
  language: DeltaLanguage;
  /** The program of a `command` hook. */
  command?: HookCommand;
  /** Path relative to the module root, with `/` separators: what history records. */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  /** The file text, BOM stripped and line endings normalised to LF. */
  text: string;
  /** sha256 (hex) of {@link DeltaFile.text}. */
  checksum: string;
  /** md5 (hex) of the file as PUM 0.x computed it, for adopting its history. */
  pum0Checksum: string;
  /**
   * A `js` file made by pum from declarations (`.pum.yaml#grants`): the function that runs
   * instead of a module loaded from {@link DeltaFile.absolutePath}.
   */
  generated?: CodeDelta;
}

/** A file of a delta directory that pum does not run, and why (see {@link DeltaModule.ignored}). */
export interface IgnoredFile {
  /** Path relative to the module root, with `/` separators. */
  path: string;
  /** Why it cannot be a delta: `a document`, `a helper module that a hook imports`… */
  reason: string;
}

/** A delta module: the files of one data model, in the order they run. */
export interface DeltaModule {
  /** `pum0`: PUM 0.x delta directories; `pum1`: a PUM 1.x `.pum.yaml` module. */
  layout: 'pum0' | 'pum1';
  /** A name for history rows (PUM 1.x `pum.module`; for 0.x, the first directory's name). */
  name: string;
  /**
   * Whether {@link DeltaModule.name} was taken from a directory's name because none was declared
   * (PUM 0.x directories without `name`, a `.pum.yaml` without `pum.module`). Such a module is
   * recognised in history by its deltas, not by the directory's name: renaming or moving the
   * checkout does not make its applied deltas pending again.
   */
  nameFromDirectory?: boolean;
  /** The directories or module root the files were read from. */
  roots: string[];
  /** Every file, in run order. */
  files: DeltaFile[];
  /**
   * Entries of PUM 0.x delta directories skipped because they cannot be deltas (READMEs, dumps,
   * notes, dot-files, helper modules), sorted by path, for a warning; not those skipped with
   * `ignore` on purpose.
   */
  ignored?: IgnoredFile[];
}
