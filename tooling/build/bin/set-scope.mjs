#!/usr/bin/env node
// @ts-check
/**
 * `pnpm set-scope [--check]`: rename the published packages to the scope of `config.npmScope` in
 * the root package.json (see docs/releasing.md), then format the changed files with biome;
 * `--check` only lists the files it would change.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentScope, rescope, wantedScope } from '../set-scope.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const write = !process.argv.includes('--check');
try {
  const from = currentScope(root);
  const to = wantedScope(root);
  if (from === to) {
    console.log(`the packages are already named ${to}/…`);
  } else {
    const changed = rescope(root, { from, to, write });
    for (const file of changed) console.log(file);
    if (write && changed.length > 0) {
      // Longer or shorter names change line widths and import order: format what changed.
      const biome = join(root, 'node_modules', '.bin', 'biome');
      const args = [
        'check',
        '--write',
        '--files-ignore-unknown=true',
        '--no-errors-on-unmatched',
        ...changed,
      ];
      // Twice: sorting a file's imports can change how it is formatted.
      spawnSync(biome, args, { cwd: root, stdio: 'ignore' });
      const formatted = spawnSync(biome, args, { cwd: root, stdio: 'inherit' });
      if (formatted.status !== 0)
        console.error('set-scope: biome check --write did not fix everything (above)');
    }
    console.log(
      write
        ? `${from}/ → ${to}/ in ${changed.length} files; now run pnpm install and pnpm test`
        : `${changed.length} files would change (${from}/ → ${to}/)`,
    );
  }
} catch (error) {
  console.error(`set-scope: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
}
