/** Adopting a database PUM 0.x upgraded: its upgrades table as PUM writes it, rows as PUM wrote them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, planUpgrade, readHistory } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

/** PUM 0.10's upgrades table, as its `baseline` command creates it. */
const PUM0_TABLE = `
CREATE SCHEMA qwat_sys;
CREATE TABLE qwat_sys.info (
  id serial NOT NULL,
  version character varying(50) NOT NULL,
  description character varying(200) NOT NULL,
  type integer NOT NULL,
  script character varying(1000) NOT NULL,
  checksum character varying(32) NOT NULL,
  installed_by character varying(100) NOT NULL,
  installed_on timestamp without time zone NOT NULL DEFAULT now(),
  execution_time integer NOT NULL,
  success boolean NOT NULL,
  PRIMARY KEY (id)
)`;

describe('adopting PUM 0.x', () => {
  it('never re-runs what PUM applied, runs what is new, adopts each row once', async () => {
    const client = await db.connect();
    const root = writeTree({
      'delta/delta_1.0.0_init.sql': 'CREATE SCHEMA qwat_od; CREATE TABLE qwat_od.pipe (id int);',
      'delta/delta_1.1.0_add_col.sql': 'ALTER TABLE qwat_od.pipe ADD COLUMN diameter int;',
      'delta/delta_1.1.0_add_col.post.sql': 'COMMENT ON TABLE qwat_od.pipe IS $$pipes$$;',
      'delta/delta_1.2.0_fk.sql': 'CREATE TABLE qwat_od.valve (id int);',
    });
    const md5 = (file: string) =>
      createHash('md5')
        .update(readFileSync(join(root, 'delta', file)))
        .digest('hex');
    // The database as PUM 0.x left it: baseline 0.9, then 1.0.0 and 1.1.0 applied.
    await client.query(PUM0_TABLE);
    await client.query('CREATE SCHEMA qwat_od; CREATE TABLE qwat_od.pipe (id int, diameter int)');
    await client.query(
      `INSERT INTO qwat_sys.info (version, description, type, script, checksum, installed_by, execution_time, success) VALUES
       ('0.9.0', 'baseline', 0, '', '', 'postgres', 1, true),
       ('1.0.0', 'init', 8, 'delta_1.0.0_init.sql', $1, 'postgres', 1, true),
       ('1.1.0', 'add_col', 8, 'delta_1.1.0_add_col.sql', $2, 'postgres', 1, true),
       ('1.1.0', 'add_col', 10, 'delta_1.1.0_add_col.post.sql', $3, 'postgres', 1, true)`,
      [md5('delta_1.0.0_init.sql'), md5('delta_1.1.0_add_col.sql'), md5('delta_1.1.0_add_col.post.sql')],
    );
    const module = loadPum0Module([join(root, 'delta')]);
    const legacy = { schema: 'qwat_sys', name: 'info' };
    const plan = await planUpgrade(client, module, { table: legacy });
    expect(plan.table).toEqual({ schema: 'qwat_sys', name: 'pum_history' });
    expect(plan.currentVersion).toBe('1.1.0');
    expect(plan.files.map((f) => f.status)).toEqual(['applied', 'applied', 'applied', 'pending']);

    const report = await applyDeltas(client, module, { table: legacy });
    expect(report.adopted).toBe(4);
    expect(report.applied.map((f) => f.path)).toEqual(['delta/delta_1.2.0_fk.sql']);
    const history = await readHistory(client, { schema: 'qwat_sys', name: 'pum_history' });
    expect(history.map((h) => [h.version, h.name, h.kind, h.source])).toEqual([
      ['0.9.0', 'baseline', 'baseline', 'pum0:qwat_sys.info#1'],
      ['1.0.0', 'init', 'delta', 'pum0:qwat_sys.info#2'],
      ['1.1.0', 'add_col', 'delta', 'pum0:qwat_sys.info#3'],
      ['1.1.0', 'add_col', 'post', 'pum0:qwat_sys.info#4'],
      // Recorded in PUM's table too (row 5), and linked to it.
      ['1.2.0', 'fk', 'delta', 'pum0:qwat_sys.info#5'],
    ]);
    // Files identical to what PUM ran get their checksum, so later edits are caught.
    expect(history[1]?.checksum).toBe(module.files[0]?.checksum);
    // PUM's table gets one row for the file pum applied (see write-pum0-history.int.test.ts).
    expect((await client.query('SELECT count(*)::int AS n FROM qwat_sys.info')).rows[0].n).toBe(5);
    // A second run adopts nothing more and runs nothing.
    const again = await applyDeltas(client, module, { table: legacy });
    expect(again).toMatchObject({ adopted: 0, applied: [] });
  });

  it('adopts tables projects created themselves with small differences', async () => {
    const client = await db.connect();
    await client.query(`CREATE SCHEMA qgep_sys; CREATE TABLE qgep_sys.pum_info (
      id serial PRIMARY KEY, version varchar(50), description varchar(200), type integer, script varchar(1000),
      checksum varchar(32), installed_by varchar(100), installed_on timestamp DEFAULT now())`);
    await client.query(`INSERT INTO qgep_sys.pum_info (version, description, type, script) VALUES
      (NULL, 'junk row', 8, ''), ('1.0.0', 'baseline', 0, '')`);
    const root = writeTree({
      'd/delta_0.9.0.sql': 'SELECT 1/0;',
      'd/delta_1.0.1.sql': 'CREATE TABLE public.adopted_ok (id int);',
    });
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table: { schema: 'qgep_sys', name: 'pum_info' },
    });
    expect(report.adopted).toBe(1);
    expect(report.applied.map((f) => f.version)).toEqual(['1.0.1']);
  });
});
