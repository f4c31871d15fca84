/**
 * PUM 0.x delta file names: `delta_<version>[_<name>].<pre.sql|sql|post.sql|pre.py|py|post.py>`
 * (name `\w*`), and the special `pre-all` / `post-all` files of each directory.
 */
import { parseVersion, type Version } from '@pum/core';
import type { DeltaKind } from './delta-file.js';

/** What a file name says. */
export type Pum0FileName =
  | { kind: DeltaKind; version: Version | undefined; name: string; extension: 'sql' | 'py' }
  | { kind: 'unrecognised'; reason: string };

const DELTA = /^delta_(\d+(?:\.\d+)*)(?:_(\w*))?\.(pre\.sql|sql|post\.sql|pre\.py|py|post\.py)$/;
const SPECIAL = /^(pre-all|post-all)\.(sql|py)$/;

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
      extension: special[2] as 'sql' | 'py',
    };
  }
  const match = DELTA.exec(fileName);
  if (!match) {
    if (/^delta_/i.test(fileName)) {
      return {
        kind: 'unrecognised',
        reason:
          'expected delta_<version>[_<name>].<sql|pre.sql|post.sql|py|pre.py|post.py>, name made of letters, digits and _',
      };
    }
    return { kind: 'unrecognised', reason: 'not a delta file, pre-all or post-all' };
  }
  const [, version, name = '', suffix] = match as unknown as [string, string, string | undefined, string];
  const [stage, extension] = suffix.includes('.') ? (suffix.split('.') as [string, string]) : ['', suffix];
  return {
    kind: stage === 'pre' ? 'pre' : stage === 'post' ? 'post' : 'delta',
    version: parseVersion(version),
    name,
    extension: extension as 'sql' | 'py',
  };
}
