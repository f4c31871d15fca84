/**
 * Load PUM 0.x delta directories. Every entry of a directory is a recognised delta, a
 * `pre-all` / `post-all` file, skipped by an explicit glob, skipped and listed because it
 * cannot be a delta (a README, a dump, a helper module), or an error naming it — PUM silently
 * skipped misnamed files, and a data model lost a foreign key that way.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareVersions, PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile, DeltaKind, DeltaModule, IgnoredFile } from './delta-file.js';
import { deltaIdentity } from './delta-identity.js';
import { codeImports, pythonImports } from './hook-imports.js';
import { ignoreMatcher } from './ignore-matcher.js';
import { parsePum0FileName } from './pum0-file-name.js';
import { classifyPum0Stray } from './pum0-stray-file.js';
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

/**
 * The order PUM 0.x ran the files of several directories in: the `pre-all` files of the
 * directories in reverse order, then the deltas directory by directory (each directory's sorted
 * with {@link compareDeltas}), then the `post-all` files in directory order; within a directory,
 * `pre-all.py` before `pre-all.sql`, `post-all.py` before `post-all.sql`.
 */
function runOrder(
  preAll: readonly DeltaFile[][],
  deltas: readonly DeltaFile[][],
  postAll: readonly DeltaFile[][],
): DeltaFile[] {
  const pythonFirst = (files: readonly DeltaFile[]) =>
    [...files].sort((a, b) => Number(b.language === 'python') - Number(a.language === 'python'));
  return [
    ...[...preAll].reverse().flatMap(pythonFirst),
    ...deltas.flatMap((files) => [...files].sort(compareDeltas)),
    ...postAll.flatMap(pythonFirst),
  ];
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

/** A problem with one entry of a delta directory, reported with all the others. */
interface EntryProblem {
  path: string;
  /** What follows `<path>: ` in the message. */
  problem: string;
}

/** An entry that may be a helper module, kept when a file of its directory imports it. */
interface ModuleCandidate {
  dir: string;
  entry: string;
  path: string;
  absolutePath: string;
  isDirectory: boolean;
  problem: string;
}

/** The module names and code file names the files of one directory import. */
interface DirectoryImports {
  python: Set<string>;
  code: Set<string>;
}

const CODE_FILE = /\.(?:js|mjs|ts)$/;

function addImports(into: DirectoryImports, fileName: string, text: string): void {
  if (fileName.endsWith('.py')) for (const name of pythonImports(text)) into.python.add(name);
  else if (CODE_FILE.test(fileName)) {
    for (const name of codeImports(text)) into.code.add(name.replace(CODE_FILE, ''));
  }
}

/** Whether `candidate` is imported: `x.py` or package `x/` by Python, `./x(.js)` by code. */
function isImported(candidate: ModuleCandidate, imports: DirectoryImports): boolean {
  const { entry } = candidate;
  if (candidate.isDirectory) return imports.python.has(entry);
  if (entry.endsWith('.py')) return imports.python.has(entry.slice(0, -3));
  return imports.code.has(entry.replace(CODE_FILE, ''));
}

/**
 * Keep the candidates the files of their directory import (and what those import in turn) as
 * helper modules; return the others.
 */
function resolveHelpers(
  candidates: readonly ModuleCandidate[],
  importsOf: Map<string, DirectoryImports>,
  ignoredFiles: IgnoredFile[],
): ModuleCandidate[] {
  let left = [...candidates];
  for (let found = true; found; ) {
    found = false;
    for (const candidate of left) {
      const imports = importsOf.get(candidate.dir);
      if (!imports || !isImported(candidate, imports)) continue;
      found = true;
      ignoredFiles.push({ path: candidate.path, reason: 'a helper module that a hook imports' });
      if (!candidate.isDirectory) {
        addImports(imports, candidate.entry, readFileSync(candidate.absolutePath, 'utf8'));
      }
    }
    left = left.filter((c) => !ignoredFiles.some((f) => f.path === c.path));
  }
  return left;
}

/** One error naming every problem entry. */
function entriesError(problems: readonly EntryProblem[]): PumError {
  const paths = problems.map((p) => p.path);
  const [only] = problems;
  if (problems.length === 1 && only) {
    return new PumError(PumErrorCode.InvalidFile, `${only.path}: ${only.problem}`, {
      hint: 'rename it, or skip it on purpose with --ignore; pum never skips a file that looks like a delta',
      details: { path: only.path, paths },
    });
  }
  const lines = problems.map((p) => `  ${p.path}: ${p.problem}`).join('\n');
  return new PumError(
    PumErrorCode.InvalidFile,
    `${problems.length} entries of the delta directories look like deltas but cannot be run:\n${lines}`,
    {
      hint: 'rename them, or skip them on purpose with --ignore; pum never skips a file that looks like a delta',
      details: { path: only?.path, paths },
    },
  );
}

/**
 * Read one or several PUM 0.x delta directories into a module, its files in the order PUM 0.x
 * ran them: the `pre-all` files of the directories in reverse order, then the deltas directory
 * by directory (each in version order), then the `post-all` files in directory order.
 *
 * Entries that cannot be deltas (documents, dumps, notes, dot-files, `__pycache__`, helper
 * modules that the directory's Python or code files import) are skipped and listed in
 * {@link DeltaModule.ignored}; see {@link classifyPum0Stray}. Entries that look like deltas but
 * are misnamed are all reported in one error.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE` naming every misnamed entry (`details.paths`),
 *   `PUM_FILE_NOT_FOUND` for a missing directory.
 * @example
 * ```ts
 * const module = loadPum0Module(['update/delta'], { ignore: ['no_delta_*'] });
 * for (const { path, reason } of module.ignored ?? []) console.warn(`skipped ${path}: ${reason}`);
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
  // Per directory, in -d order: its pre-all files, its deltas, its post-all files.
  const preAll: DeltaFile[][] = [];
  const deltas: DeltaFile[][] = [];
  const postAll: DeltaFile[][] = [];
  const byIdentity = new Map<string, DeltaFile>();
  const problems: EntryProblem[] = [];
  const ignoredFiles: IgnoredFile[] = [];
  const candidates: ModuleCandidate[] = [];
  const importsOf = new Map<string, DirectoryImports>();
  for (const dir of absoluteDirs) {
    const dirPath = modulePath(root, dir);
    const imports: DirectoryImports = { python: new Set(), code: new Set() };
    importsOf.set(dir, imports);
    const dirPreAll: DeltaFile[] = [];
    const dirDeltas: DeltaFile[] = [];
    const dirPostAll: DeltaFile[] = [];
    preAll.push(dirPreAll);
    deltas.push(dirDeltas);
    postAll.push(dirPostAll);
    for (const dirent of readDirectory(dir)) {
      const entry = dirent.name;
      const absolutePath = join(dir, entry);
      const path = dirPath === '' ? entry : `${dirPath}/${entry}`;
      // Skipped on purpose (--ignore): not listed.
      if (ignored(entry, path)) continue;
      // The entry's type came with the listing; only a symbolic link needs a look at its target.
      const isDirectory =
        dirent.isDirectory() || (dirent.isSymbolicLink() && statSync(absolutePath).isDirectory());
      const parsed = isDirectory || entry.startsWith('.') ? undefined : parsePum0FileName(entry);
      if (parsed === undefined || parsed.kind === 'unrecognised') {
        const stray = classifyPum0Stray(entry, isDirectory);
        if (stray.verdict === 'ignored') ignoredFiles.push({ path, reason: stray.reason });
        else if (stray.verdict === 'misnamed') {
          problems.push({ path, problem: `unrecognised file in a delta directory (${stray.reason})` });
        } else {
          const problem = isDirectory
            ? stray.reason
            : `unrecognised file in a delta directory (${stray.reason})`;
          candidates.push({ dir, entry, path, absolutePath, isDirectory, problem });
        }
        continue;
      }
      const { version, name, kind } = parsed;
      // A regular file listed in `dir` is inside it; a link is checked.
      const boundary = dirent.isFile() ? null : dir;
      const file = readDeltaFile(root, absolutePath, { version, name, kind }, path, boundary);
      addImports(imports, entry, file.text);
      // Two files of one version, name and stage would share one history identity; a Python
      // and an SQL one do not (PUM 0.x recorded their types apart and ran both).
      if (version) {
        const identity = deltaIdentity(version, name, kind, path);
        const twin = byIdentity.get(identity);
        if (twin) {
          problems.push({
            path,
            problem: `the same delta as ${twin.path} (keep one file per version, name and stage; a .py beside a .sql is allowed, as in PUM)`,
          });
          continue;
        }
        byIdentity.set(identity, file);
      }
      if (parsed.kind === 'pre-all') dirPreAll.push(file);
      else if (parsed.kind === 'post-all') dirPostAll.push(file);
      else dirDeltas.push(file);
    }
  }
  for (const left of resolveHelpers(candidates, importsOf, ignoredFiles)) {
    problems.push({ path: left.path, problem: left.problem });
  }
  if (problems.length > 0) {
    throw entriesError(problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  }
  return {
    layout: 'pum0',
    name: options.name ?? basename(absoluteDirs[0] as string),
    ...(options.name === undefined ? { nameFromDirectory: true } : {}),
    roots: absoluteDirs,
    files: runOrder(preAll, deltas, postAll),
    ignored: ignoredFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}
