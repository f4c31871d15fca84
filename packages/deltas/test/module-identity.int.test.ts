/**
 * A module named after its directory is recognised in history by its deltas (issue 13, item 4),
 * and a run that would start a new history beside an existing one is refused when asked
 * (item 5) — the library side of the CLI tests.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, planUpgrade, readHistory } from '../src/index.js';
import { schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('ident');

function deltas(schema: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'delta_1.0.0_init.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v text);`,
    'delta_1.1.0_fill.sql': `INSERT INTO ${schema}.t VALUES ('1.1.0');`,
    'delta_1.2.0_more.sql': `INSERT INTO ${schema}.t VALUES ('1.2.0');`,
    ...extra,
  };
}

/** `files` in a directory `name` of a new temporary tree; returns the directory. */
function directory(name: string, files: Record<string, string>): string {
  const root = writeTree(
    Object.fromEntries(Object.entries(files).map(([f, text]) => [`${name}/${f}`, text])),
  );
  return join(root, name);
}

describe('a module named after its directory', () => {
  it('keeps its history when the directory is renamed, and writes under its first name', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const first = directory('delta', deltas(schema));
    expect((await applyDeltas(client, loadPum0Module([first]), { table })).applied).toHaveLength(3);
    const renamed = join(writeTree({}), 'renamed');
    cpSync(first, renamed, { recursive: true });
    const plan = await planUpgrade(client, loadPum0Module([renamed]), { table });
    expect(plan.module.name).toBe('delta');
    expect(plan.toRun).toEqual([]);
    expect(plan.files.map((f) => f.status)).toEqual(['applied', 'applied', 'applied']);
    // A declared name is taken as it is: another name is another module.
    const named = await planUpgrade(client, loadPum0Module([renamed], { name: 'other' }), { table });
    expect(named.toRun).toHaveLength(3);
  });

  it('is not taken for another module that shares one delta by chance', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const theirs = directory('theirs', {
      'delta_1.0.0_init.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v text);`,
      'delta_1.0.5_a.sql': 'SELECT 1;',
      'delta_1.0.6_b.sql': 'SELECT 1;',
    });
    await applyDeltas(client, loadPum0Module([theirs]), { table });
    const ours = directory('ours', deltas(`${schema}x`));
    const plan = await planUpgrade(client, loadPum0Module([ours]), { table });
    expect(plan.module.name).toBe('ours');
    expect(plan.toRun).toHaveLength(3);
  });

  it('is an error when two recorded modules could be it', async () => {
    const client = await db.connect();
    const { schema } = names();
    const table = { schema: `${schema}_h`, name: 'pum_history' };
    await applyDeltas(client, loadPum0Module([directory('one', deltas(schema))]), { table });
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    // Recorded under a declared name (or by two earlier pum builds, from two directory names).
    await applyDeltas(client, loadPum0Module([directory('two', deltas(schema))], { name: 'two' }), { table });
    await expect(
      planUpgrade(client, loadPum0Module([directory('three', deltas(schema))]), { table }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining(
        'holds several modules this one could be (one, two), none named three',
      ),
    });
    expect(new Set((await readHistory(client, table)).map((r) => r.module))).toEqual(new Set(['one', 'two']));
  });
});

describe('refuseNewHistory', () => {
  it('refuses before anything changes when another table holds the module, and runs when told to', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const dir = directory('delta', deltas(schema));
    await applyDeltas(client, loadPum0Module([dir]), { table });
    const elsewhere = { schema: 'public', name: `${schema}_mistyped` };
    await expect(
      applyDeltas(client, loadPum0Module([dir]), { table: elsewhere, refuseNewHistory: true }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      changed: [],
      message: expect.stringMatching(
        new RegExp(
          `already has history in .*"${schema}"\\."pum_history" \\(pum's history, 3 row\\(s\\)\\).*; did you mean -t `,
        ),
      ),
    });
    expect((await client.query('SELECT to_regclass($1) AS t', [`public.${elsewhere.name}`])).rows).toEqual([
      { t: null },
    ]);
    // Without the option (a library caller that owns its tables), the run proceeds.
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    expect((await applyDeltas(client, loadPum0Module([dir]), { table: elsewhere })).applied).toHaveLength(3);
  });
});
