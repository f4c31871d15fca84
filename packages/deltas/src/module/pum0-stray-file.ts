/**
 * What to make of an entry of a PUM 0.x delta directory that is not a delta, `pre-all` or
 * `post-all` file: something that cannot be a delta (a README, a dump, a note kept beside a
 * delta), which is skipped and listed in a warning; or a file that looks like a delta but is
 * misnamed, which is an error — PUM skipped those silently, and a data model lost a foreign key.
 */
import { parsePum0FileName } from './pum0-file-name.js';

/** The verdict on one entry; see {@link classifyPum0Stray}. */
export type Pum0Stray =
  | { verdict: 'ignored'; reason: string }
  | { verdict: 'misnamed'; reason: string }
  /** A `.py` / `.js` / `.mjs` / `.ts` file: a helper module when a file of the directory imports it. */
  | { verdict: 'module'; reason: string };

/** Extensions of files pum runs (case-insensitive here: `X.SQL` is a misnamed delta, not a note). */
const RUNNABLE = /\.(?:sql|py|js|mjs|ts)$/i;
const MODULE = /\.(?:py|js|mjs|ts)$/i;
/** Names a delta or `pre-all` / `post-all` file starts with, whatever was mistyped after. */
const DELTA_LIKE = /^(?:delta|pre[-_]?all|post[-_]?all)/i;
const DOCUMENT = /^readme|\.(?:md|markdown|txt|rst|adoc|html?|pdf)$/i;
const DUMP = /\.(?:dump|dmp|backup|bak|old|orig|rej|swp|tmp|gz|bz2|xz|zst|zip|tar|tgz|7z|pyc)$|~$/i;

/**
 * Whether the name is a delta file name followed by more (`delta_1.2.6_x.sql.post`,
 * `delta_1.0.0.sql.orig`): a note or a copy kept beside the delta, which PUM never ran.
 */
function isDeltaWithSuffix(name: string): boolean {
  for (let i = name.indexOf('.'); i > 0; i = name.indexOf('.', i + 1)) {
    if (parsePum0FileName(name.slice(0, i)).kind !== 'unrecognised') return true;
  }
  return false;
}

/**
 * Classify an entry of a delta directory whose name is not a delta, `pre-all` or `post-all`
 * file name. Dot-files and `__pycache__` are ignored; so are documents (`README*`, `*.md`,
 * `*.txt`…), dumps and backups (`*.dump`, `*.backup`, `*.bak`, `*~`…), a delta's name followed
 * by another extension, and any file that has neither a delta's extension nor a delta-like
 * name. A name starting like a delta (`delta…`, `pre-all…`, `post-all…`) or ending like one
 * (`.sql`, `.py`, `.js`, `.mjs`, `.ts`) is misnamed — except a module, which the loader keeps
 * as a helper when a file of the directory imports it.
 *
 * @example
 * ```ts
 * classifyPum0Stray('README.txt', false); // { verdict: 'ignored', reason: 'a document' }
 * classifyPum0Stray('delta1.2.sql', false).verdict; // 'misnamed'
 * ```
 */
export function classifyPum0Stray(name: string, isDirectory: boolean): Pum0Stray {
  if (name.startsWith('.')) return { verdict: 'ignored', reason: 'a dot-file' };
  if (isDirectory) {
    if (name === '__pycache__') return { verdict: 'ignored', reason: 'compiled Python' };
    return { verdict: 'module', reason: 'a directory inside a delta directory' };
  }
  if (DELTA_LIKE.test(name) && isDeltaWithSuffix(name)) {
    return { verdict: 'ignored', reason: 'a delta name with another extension (a note or a copy)' };
  }
  if (DELTA_LIKE.test(name)) {
    return {
      verdict: 'misnamed',
      reason:
        'expected delta_<version>[_<name>].[pre.|post.]<sql|py|js|mjs|ts>, name made of letters, digits and _',
    };
  }
  if (MODULE.test(name)) {
    return { verdict: 'module', reason: 'not a delta file, pre-all or post-all, and no hook imports it' };
  }
  if (RUNNABLE.test(name)) {
    return { verdict: 'misnamed', reason: 'not a delta file, pre-all or post-all' };
  }
  if (DOCUMENT.test(name)) return { verdict: 'ignored', reason: 'a document' };
  if (DUMP.test(name)) return { verdict: 'ignored', reason: 'a dump, backup or temporary file' };
  return { verdict: 'ignored', reason: 'not an SQL, Python or code file' };
}
