/**
 * PUM 0.x delta file names: `delta_<version>[_<name>].[pre.|post.]<sql|py>` (name `\w*`), and
 * the special `pre-all` / `post-all` files of each directory — plus pum's code deltas, the same
 * names ending in `.js`, `.mjs` or `.ts`.
 */
import { parseVersion, type Version } from '@pum/core';
import type { DeltaKind } from './delta-file.js';

/** What a file name says. */
export type Pum0FileName =
  | { kind: DeltaKind; version: Version | undefined; name: string; extension: Pum0Extension }
  | { kind: 'unrecognised'; reason: string };

/** The extension of a delta file: SQL, Python (refused) or a code delta. */
export type Pum0Extension = 'sql' | 'py' | 'js' | 'mjs' | 'ts';

const DELTA = /^delta_(\d+(?:\.\d+)*)(?:_(\w*))?\.(?:(pre|post)\.)?(sql|py|js|mjs|ts)$/;
const SPECIAL = /^(pre-all|post-all)\.(sql|py|js|mjs|ts)$/;

/**
 * Read a PUM 0.x delta file name.
 *
 * @example
 * ```ts
 * parsePum0FileName('delta_1.3.2_000_drop_views.pre.sql');
 * // { kind: 'pre', version: 1.3.2, name: '000_drop_views', extension: 'sql' }
 * ```
 */
export function parsePum0FileName(fileName: string): Pum0FileName {
  const special = SPECIAL.exec(fileName);
  if (special) {
    return {
      kind: special[1] as 'pre-all' | 'post-all',
      version: undefined,
      name: '',
      extension: special[2] as Pum0Extension,
    };
  }
  const match = DELTA.exec(fileName);
  if (!match) {
    if (/^delta_/i.test(fileName)) {
      return {
        kind: 'unrecognised',
        reason:
          'expected delta_<version>[_<name>].[pre.|post.]<sql|py|js|mjs|ts>, name made of letters, digits and _',
      };
    }
    return { kind: 'unrecognised', reason: 'not a delta file, pre-all or post-all' };
  }
  const [, version, name = '', stage, extension] = match as unknown as [
    string,
    string,
    string | undefined,
    'pre' | 'post' | undefined,
    Pum0Extension,
  ];
  return { kind: stage ?? 'delta', version: parseVersion(version), name, extension };
}
