#!/usr/bin/env node
// @ts-check
/**
 * Ship the repository's example data models inside the package (`examples/`, beside `dist/`),
 * where `pum demo` finds them — in the repository as in a published @pum/cli. Run by `build`;
 * the copy is not committed (.gitignore).
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(packageDir, '..', '..', 'examples');
const target = join(packageDir, 'examples');

if (!existsSync(source)) {
  console.error(`copy-examples: ${source} is missing`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
