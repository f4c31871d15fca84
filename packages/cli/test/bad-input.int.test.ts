/**
 * Hostile module directories, through the built binary (issue 13, items 10 and 11): a YAML alias
 * bomb in `.pum.yaml`, and symbolic links that lead out of the module. Each is refused before any
 * connection with one clear line naming the file, and exit 2 — nothing was changed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const work = mkdtempSync(join(tmpdir(), 'pum-bad-input-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// Nothing listens on port 1: a command that got as far as connecting would say so instead.
const unreachable = 'postgresql://pum@127.0.0.1:1/nowhere';

/** A PUM 1.x module with one changelog, and `.pum.yaml` as given. */
function module(name: string, config: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'changelogs', '1.0.0'), { recursive: true });
  writeFileSync(join(root, 'changelogs', '1.0.0', '01_create.sql'), 'CREATE TABLE t (id int);\n');
  writeFileSync(join(root, '.pum.yaml'), config);
  return root;
}

function expectRefused(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain('cannot connect');
}

describe('a YAML alias bomb in .pum.yaml (issue 13, item 10)', () => {
  // Nine levels of nine aliases: 9^9 ≈ 387 million strings once expanded.
  const levels = 'abcdefghi'.split('');
  const bomb = [
    'pum:',
    '  module: bomb',
    `x-${levels[0]}: &${levels[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`,
    ...levels
      .slice(1)
      .map((level, i) => `x-${level}: &${level} [${Array(9).fill(`*${levels[i]}`).join(',')}]`),
    '',
  ].join('\n');

  it.each(['info', 'upgrade', 'install'])(
    'pum %s refuses it with exit 2 naming the file',
    async (command) => {
      const root = module(`bomb-${command}`, bomb);
      const result = await pum([command, '--db', unreachable, '--dir', root]);
      expectRefused(result, /^error \.pum\.yaml: invalid YAML: Excessive alias count/m);
      expect(result.stderr).toMatch(/hint {2}aliases \(\*name\) may expand at most 100 times/);
    },
  );

  it('still accepts a configuration that uses a few aliases', async () => {
    const root = module(
      'few-aliases',
      'pum:\n  module: few\nparameters:\n  - name: srid\n    type: integer\n    default: &srid 2056\n    description: *srid\n',
    );
    const result = await pum(['info', '--db', unreachable, '--dir', root]);
    // It got past the configuration: the next problem is the server.
    expect(result.stderr).not.toContain('Excessive alias');
    expect(result.stderr).toMatch(/cannot connect|description/);
  });
});

describe('symbolic links that lead out of the module (issue 13, item 11)', () => {
  const outside = join(work, 'outside.sql');
  writeFileSync(outside, 'DROP TABLE precious;\n');

  it('refuses a hook file named in .pum.yaml that is a link to a file outside', async () => {
    const root = module(
      'hook-link',
      'pum:\n  module: m\napplication:\n  create:\n    - file: app/link.sql\n',
    );
    mkdirSync(join(root, 'app'));
    symlinkSync(outside, join(root, 'app', 'link.sql'));
    const result = await pum(['upgrade', '--db', unreachable, '--dir', root]);
    expectRefused(result, /^error app\/link\.sql: leads to .*outside\.sql, outside the module directory/m);
  });

  it('refuses a changelog found by listing that is a link to a file outside', async () => {
    const root = module('changelog-link', 'pum:\n  module: m\n');
    symlinkSync(outside, join(root, 'changelogs', '1.0.0', '02_link.sql'));
    const result = await pum(['install', '--db', unreachable, '--dir', root]);
    expectRefused(
      result,
      /^error changelogs\/1\.0\.0\/02_link\.sql: leads to .*outside\.sql, outside the module directory/m,
    );
  });

  it('refuses a changelogs directory that is a link to a directory outside', async () => {
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(join(elsewhere, '1.0.0'), { recursive: true });
    writeFileSync(join(elsewhere, '1.0.0', '01_x.sql'), 'SELECT 1;\n');
    const root = join(work, 'dir-link');
    mkdirSync(root);
    writeFileSync(join(root, '.pum.yaml'), 'pum:\n  module: m\n');
    symlinkSync(elsewhere, join(root, 'changelogs'));
    const result = await pum(['info', '--db', unreachable, '--dir', root]);
    expectRefused(
      result,
      /^error changelogs\/1\.0\.0\/01_x\.sql: leads to .*elsewhere\/1\.0\.0\/01_x\.sql, outside/m,
    );
  });

  it('refuses a link in a PUM 0.x delta directory that leads outside', async () => {
    const root = join(work, 'pum0');
    mkdirSync(join(root, 'delta'), { recursive: true });
    writeFileSync(join(root, 'delta', 'delta_1.0.0_first.sql'), 'SELECT 1;\n');
    symlinkSync(outside, join(root, 'delta', 'delta_1.0.1_second.sql'));
    const result = await pum(['info', '--db', unreachable, '--dir', join(root, 'delta')]);
    expectRefused(result, /delta_1\.0\.1_second\.sql: leads to .*outside\.sql, outside the module directory/);
  });

  it('accepts a link that stays inside the module, and a module reached through a link', async () => {
    const root = module(
      'inner-link',
      'pum:\n  module: m\napplication:\n  create:\n    - file: app/view.sql\n',
    );
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'shared.sql'), 'SELECT 1;\n');
    symlinkSync(join(root, 'shared.sql'), join(root, 'app', 'view.sql'));
    const alias = join(work, 'alias-of-inner-link');
    symlinkSync(root, alias);
    const result = await pum(['info', '--db', unreachable, '--dir', alias]);
    expect(result.stderr).not.toContain('outside the module');
    expect(result.stderr).toContain('cannot connect');
  });
});
