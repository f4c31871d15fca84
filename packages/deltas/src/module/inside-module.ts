/**
 * The "inside the module directory" rule, decided on real paths: a symbolic link inside the
 * module (`app/link.sql -> /etc/…`) names a file outside it, and pum refuses to run it.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';

/**
 * Throw unless `absolutePath`, with every symbolic link resolved, lies inside `root` (also
 * resolved, so a module reached through a link of its own is fine).
 *
 * @param path How messages name the file: its module path (`app/link.sql`).
 * @throws {@link PumError} `PUM_INVALID_FILE` naming the file and the real path it leads to.
 * @example
 * ```ts
 * assertInsideModule('/srv/model', '/srv/model/app/link.sql', 'app/link.sql');
 * ```
 */
export function assertInsideModule(root: string, absolutePath: string, path: string): void {
  const realRoot = realpathSync(root);
  const target = realpathSync(absolutePath);
  const inside = relative(realRoot, target);
  if (inside !== '' && !isAbsolute(inside) && inside.split(sep)[0] !== '..') return;
  throw new PumError(
    PumErrorCode.InvalidFile,
    `${path}: leads to ${target}, outside the module directory ${realRoot}`,
    {
      hint: 'pum runs only files inside the module directory: copy the file into it, or make the link point inside it',
      details: { path, target, root: realRoot },
    },
  );
}
