/**
 * `upgrade -t new_sys.info -d DIR` on a database without that table creates it as PUM 0.10's
 * upgrades table, with pum's history beside it in `new_sys.pum_history` — what `baseline` does —
 * so PUM 0.10, reading the database afterwards, sees every applied delta through its own queries.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, readHistory } from '../src/index.js';
import { columnsOf, tablesOf } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');

describe('upgrade into a PUM 0.x upgrades table that does not exist yet', () => {
  it("creates PUM 0.10's table and pum's history beside it, and PUM 0.10 reads what ran", async () => {
    const client = await db.connect();
    const root = writeTree({
      'delta/pre-all.sql': 'CREATE SCHEMA IF NOT EXISTS new_od;',
      'delta/delta_1.0.0_pipe.sql': 'CREATE TABLE new_od.pipe (id int);',
      'delta/delta_1.0.1_col.pre.sql': 'SELECT 1;',
      'delta/delta_1.0.1_col.sql': 'ALTER TABLE new_od.pipe ADD COLUMN d int;',
    });
    const dir = join(root, 'delta');
    const table = { schema: 'new_sys', name: 'info' };
    const report = await applyDeltas(client, loadPum0Module([dir]), { table });
    expect(report.table).toEqual({ schema: 'new_sys', name: 'pum_history' });
    expect(report.applied).toHaveLength(4);
    expect(await tablesOf(client, 'new_sys')).toEqual(['info', 'pum_history']);

    // PUM 0.10's layout, as its create_upgrades_table makes it.
    const columns = await columnsOf(client, 'new_sys', 'info');
    expect(columns.map((column) => column.slice(0, 4))).toEqual([
      ['id', 'integer', null, 'NO'],
      ['version', 'character varying', 50, 'YES'],
      ['description', 'character varying', 200, 'NO'],
      ['type', 'integer', null, 'NO'],
      ['script', 'character varying', 1000, 'NO'],
      ['checksum', 'character varying', 32, 'NO'],
      ['installed_by', 'character varying', 100, 'NO'],
      ['installed_on', 'timestamp without time zone', null, 'NO'],
      ['execution_time', 'integer', null, 'NO'],
      ['success', 'boolean', null, 'NO'],
    ]);

    // PUM 0.10's `info` query, its current version and its "already applied" test.
    const { rows } = await client.query(
      'SELECT version, description, type, installed_by, success FROM new_sys.info ORDER BY id',
    );
    const user = (await client.query('SELECT session_user AS u')).rows[0].u;
    expect(rows).toEqual([
      { version: '1.0.0', description: 'pipe', type: 8, installed_by: user, success: true },
      { version: '1.0.1', description: 'col', type: 9, installed_by: user, success: true },
      { version: '1.0.1', description: 'col', type: 8, installed_by: user, success: true },
    ]);
    const current = await client.query(
      'SELECT version FROM new_sys.info WHERE success = TRUE ORDER BY version DESC',
    );
    expect(current.rows[0].version).toBe('1.0.1');
    for (const file of ['delta_1.0.0_pipe.sql', 'delta_1.0.1_col.pre.sql', 'delta_1.0.1_col.sql']) {
      const version = file.slice(6, 11);
      const applied = await client.query(
        `SELECT id FROM new_sys.info WHERE version = $1 AND checksum = $2 AND success = 'TRUE'`,
        [version, md5(join(dir, file))],
      );
      expect(applied.rows, file).toHaveLength(1);
    }

    // pum's own rows, linked to PUM's; the next run finds the table as PUM's and adopts nothing.
    const history = await readHistory(client, { schema: 'new_sys', name: 'pum_history' });
    expect(history.map((h) => h.source)).toEqual([
      'pum',
      'pum0:new_sys.info#1',
      'pum0:new_sys.info#2',
      'pum0:new_sys.info#3',
    ]);
    const again = await applyDeltas(client, loadPum0Module([dir]), { table });
    expect(again).toMatchObject({ adopted: 0, table: { schema: 'new_sys', name: 'pum_history' } });
    expect(again.applied.map((f) => f.path)).toEqual(['delta/pre-all.sql']);
    expect((await client.query('SELECT count(*)::int AS n FROM new_sys.info')).rows[0].n).toBe(3);
  });

  it("keeps pum's own layout for a -t table named pum_history", async () => {
    const client = await db.connect();
    const dir = join(writeTree({ 'd/delta_1.0.0_a.sql': 'SELECT 1;' }), 'd');
    await applyDeltas(client, loadPum0Module([dir]), { table: { schema: 'own_sys', name: 'pum_history' } });
    expect(await tablesOf(client, 'own_sys')).toEqual(['pum_history']);
  });
});
