/**
 * Issue 13, item 7 (command hooks): a `command:` hook that cannot start or exits non-zero after
 * the changelogs committed is exit 5 (a delta failed), never 2 ("nothing was changed"), and the
 * message lists what this run committed before it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-hook-failure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeModule(dir: string, hook: string): string {
  const files: Record<string, string> = {
    '.pum.yaml': `pum:\n  module: ${dir}\n  migration_table_schema: ${dir}_sys\napplication:\n  create:\n    - command: ${hook}\n`,
    'changelogs/1.0.0/01_init.sql': `CREATE SCHEMA ${dir}_od;\n`,
    'changelogs/1.2.0/roads.sql': `CREATE TABLE ${dir}_od.roads (id int);\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, dir, path)), { recursive: true });
    writeFileSync(join(work, dir, path), text);
  }
  return join(work, dir);
}

describe('a failing delta after committed ones', () => {
  it('an SQL error in the third file of a PUM 0.x upgrade exits 5 and lists the two that committed', async () => {
    const dir = join(work, 'delta');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'delta_1.0.0_init.sql'), 'CREATE SCHEMA sqlfail;');
    writeFileSync(join(dir, 'delta_1.1.0_roads.sql'), 'CREATE TABLE sqlfail.roads (id int);');
    writeFileSync(join(dir, 'delta_1.2.0_broken.sql'), 'CREATE TABLE sqlfail.roads (id int);');
    const run = await pum(['upgrade', '--db', db.url, '-d', dir, '-t', 'sqlfail_sys.history']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('relation "roads" already exists');
    expect(run.stderr).toMatch(
      /changed before the failure \(committed, not rolled back\):\n {2}- applied [^\n]*delta_1\.0\.0_init\.sql\n {2}- applied [^\n]*delta_1\.1\.0_roads\.sql\n/,
    );
  });
});

describe('a failing command hook after committed changelogs', () => {
  it.each([
    ['missing', '[pum-no-such-program-here]', 'cannot run ["pum-no-such-program-here"]'],
    ['failing', '[node, -e, "process.exit(3)"]', 'exited with code 3'],
  ])('a %s program exits 5 and lists what committed', async (name, hook, said) => {
    const module = writeModule(name, hook);
    const run = await pum(['install', '--db', db.url, '-d', module]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(said);
    expect(run.stderr).toContain('changed before the failure (committed, not rolled back):');
    expect(run.stderr).toContain('  - applied changelogs/1.0.0/01_init.sql\n');
    expect(run.stderr).toContain('  - applied changelogs/1.2.0/roads.sql\n');
    const client = await db.connect();
    const { rows } = await client.query('SELECT to_regclass($1) IS NOT NULL AS committed', [
      `${name}_od.roads`,
    ]);
    expect(rows).toEqual([{ committed: true }]);
  });
});
