/** The npm scope as one setting: `pnpm set-scope` rewrites @pum/ in the files git tracks. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { currentScope, replaceScope, rescope, wantedScope } from '../set-scope.js';

let root: string;

function write(file: string, text: string | Buffer): void {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pum-set-scope-'));
  write('package.json', JSON.stringify({ name: 'pum-monorepo', config: { npmScope: '@pum-ts' } }));
  write('packages/core/package.json', JSON.stringify({ name: '@pum/core' }));
  write(
    'packages/cli/package.json',
    JSON.stringify({ name: '@pum/cli', dependencies: { '@pum/core': 'workspace:^' } }, null, 2),
  );
  write('packages/cli/src/index.ts', "import { PumError } from '@pum/core';\nconst url = 'x@pum/core';\n");
  write('packages/cli/logo.bin', Buffer.from([0, 64, 112, 117, 109, 47]));
  write('untracked.md', '@pum/core');
  write('tooling/build/test/set-scope.test.ts', "expect(currentScope(root)).toBe('@pum/');");
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', 'package.json', 'packages', 'tooling'], { cwd: root });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('reads the current scope from the packages and the wanted one from config.npmScope', () => {
  expect(currentScope(root)).toBe('@pum');
  expect(wantedScope(root)).toBe('@pum-ts');
  write('package.json', JSON.stringify({ config: { npmScope: 'pum' } }));
  expect(() => wantedScope(root)).toThrow(/config\.npmScope must be an npm scope such as "@pum", not "pum"/);
});

it('replaces the scope only where a package name starts', () => {
  expect(replaceScope("from '@pum/core'; see @pum/cli, not x@pum/a or @pumps/b", '@pum', '@pum-ts')).toBe(
    "from '@pum-ts/core'; see @pum-ts/cli, not x@pum/a or @pumps/b",
  );
});

it('lists the tracked text files that would change, and rewrites them only when asked', () => {
  const options = { from: '@pum', to: '@pum-ts' };
  const expected = ['packages/cli/package.json', 'packages/cli/src/index.ts', 'packages/core/package.json'];
  expect(rescope(root, { ...options, write: false }).sort()).toEqual(expected);
  expect(readFileSync(join(root, 'packages/core/package.json'), 'utf8')).toContain('"@pum/core"');

  expect(rescope(root, { ...options, write: true }).sort()).toEqual(expected);
  expect(JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'))).toEqual({
    name: '@pum-ts/cli',
    dependencies: { '@pum-ts/core': 'workspace:^' },
  });
  expect(readFileSync(join(root, 'packages/cli/src/index.ts'), 'utf8')).toBe(
    "import { PumError } from '@pum-ts/core';\nconst url = 'x@pum/core';\n",
  );
  expect(readFileSync(join(root, 'untracked.md'), 'utf8')).toBe('@pum/core');
  expect(readFileSync(join(root, 'tooling/build/test/set-scope.test.ts'), 'utf8')).toContain("'@pum/'");
  expect(currentScope(root)).toBe('@pum-ts');
  expect(rescope(root, { from: '@pum-ts', to: '@pum-ts', write: true })).toEqual([]);
});
