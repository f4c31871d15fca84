/**
 * The example data models shipped inside this package: the repository's `examples/`, copied
 * into the package when it is built (`scripts/copy-examples.mjs`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PumError, PumErrorCode } from '@pum/core';

/**
 * The directory of the examples, beside this package's `dist/`.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when the package was built without them.
 */
export function examplesDir(): string {
  const dir = fileURLToPath(new URL('../examples/', import.meta.url));
  if (!existsSync(dir)) {
    throw new PumError(PumErrorCode.FileNotFound, `the example data models are missing: ${dir}`, {
      hint: 'reinstall @pum/cli; in the pum repository, build it: pnpm build',
    });
  }
  return dir;
}
