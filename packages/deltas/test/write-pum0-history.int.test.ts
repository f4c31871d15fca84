/**
 * pum keeps a PUM 0.x upgrades table as PUM 0.10 wrote it: PUM 0.10, reading the database after
 * pum, sees the version and finds nothing to do; pum, reading it after PUM, adopts only PUM's new
 * rows. The rows are read back through PUM 0.10's own queries and compared column by column.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { childEnvironment, resolveConnection } from '@pum/connect';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyDeltas, baselineDatabase, loadPum0Module, readHistory } from '../src/index.js';
import { columnsOf, failure } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

/** The columns of PUM 0.10's upgrades table, as its `baseline` creates it. */
const PUM0_LAYOUT = [
  ['id', 'integer', null, 'NO', "nextval('qwat_sys.info_id_seq'::regclass)"],
  ['version', 'character varying', 50, 'YES', null],
  ['description', 'character varying', 200, 'NO', null],
  ['type', 'integer', null, 'NO', null],
  ['script', 'character varying', 1000, 'NO', null],
  ['checksum', 'character varying', 32, 'NO', null],
  ['installed_by', 'character varying', 100, 'NO', null],
  ['installed_on', 'timestamp without time zone', null, 'NO', 'now()'],
  ['execution_time', 'integer', null, 'NO', null],
  ['success', 'boolean', null, 'NO', null],
];

/** Every row of the upgrades table, as PUM 0.10's `info` lists them, plus the other columns. */
async function pumRows(client: pg.Client, table = 'qwat_sys.info') {
  const { rows } = await client.query(
    `SELECT id, version, description, type, script, checksum, installed_by = session_user AS by_me,
       installed_on IS NOT NULL AND installed_on <= now() AS on_set, execution_time, success
     FROM ${table} ORDER BY id`,
  );
  return rows;
}

/** PUM 0.10's current version: the highest successful version, sorted as text. */
async function pumCurrentVersion(client: pg.Client): Promise<string> {
  const { rows } = await client.query(
    'SELECT version FROM qwat_sys.info WHERE success = TRUE ORDER BY version DESC',
  );
  return rows[0].version;
}

/** PUM 0.10's test of whether a delta is applied: a successful row of its version, name and type. */
async function pumApplied(client: pg.Client, version: string, name: string, type: number) {
  const { rows } = await client.query(
    `SELECT id FROM qwat_sys.info WHERE version = $1 AND description = $2 AND type = $3 AND success = 'TRUE'`,
    [version, name, type],
  );
  return rows.length > 0;
}

const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const legacy = { schema: 'qwat_sys', name: 'info' };
const ours = { schema: 'qwat_sys', name: 'pum_history' };

describe('writing PUM 0.x history', () => {
  it("creates PUM 0.10's upgrades table at baseline and records every applied file as PUM 0.10 did", async () => {
    const client = await db.connect();
    const root = writeTree({
      'delta/pre-all.sql': 'CREATE SCHEMA IF NOT EXISTS qwat_od;',
      'delta/delta_1.0.0_pipe.sql': 'CREATE TABLE qwat_od.pipe (id int);\r\n',
      'delta/delta_1.0.1_col.pre.sql': 'SELECT 1;',
      'delta/delta_1.0.1_col.sql': 'ALTER TABLE qwat_od.pipe ADD COLUMN d int;',
      'delta/delta_1.0.1_col.post.sql': "COMMENT ON TABLE qwat_od.pipe IS 'pipes';",
      'delta/delta_1.0.2_own.sql': 'BEGIN;\nCREATE TABLE qwat_od.meter (id int);\nCOMMIT;\n',
      'delta/delta_1.0.3_conc.sql':
        '-- pum:no-transaction\nCREATE INDEX CONCURRENTLY pipe_d ON qwat_od.pipe (d);\n',
      'delta/delta_1.1.0.sql': 'CREATE TABLE qwat_od.valve (id int);',
      'delta/post-all.sql': 'SELECT 1;',
    });
    const dir = join(root, 'delta');
    const module = loadPum0Module([dir]);

    // PUM's baseline line on a database without the table: PUM's layout, pum's history beside it.
    await baselineDatabase(client, module, { version: '0.9.0', table: legacy });
    expect(await columnsOf(client, 'qwat_sys', 'info')).toEqual(PUM0_LAYOUT);
    expect(await pumRows(client)).toEqual([
      {
        id: 1,
        version: '0.9.0',
        description: 'baseline',
        type: 0,
        script: '',
        checksum: '',
        by_me: true,
        on_set: true,
        execution_time: 1,
        success: true,
      },
    ]);

    const report = await applyDeltas(client, module, { table: legacy });
    expect(report.table).toEqual(ours);
    expect(report.adopted).toBe(0);
    expect(report.applied.map((f) => f.path)).toEqual([
      'delta/pre-all.sql',
      'delta/delta_1.0.0_pipe.sql',
      'delta/delta_1.0.1_col.pre.sql',
      'delta/delta_1.0.1_col.sql',
      'delta/delta_1.0.1_col.post.sql',
      'delta/delta_1.0.2_own.sql',
      'delta/delta_1.0.3_conc.sql',
      'delta/delta_1.1.0.sql',
      'delta/post-all.sql',
    ]);
    // One row per delta file, none for pre-all / post-all; the script as PUM, run from here with
    // the same directory, names it; the md5 of the file's bytes (CRLF kept).
    const row = (id: number, version: string, description: string, type: number, file: string) => ({
      id,
      version,
      description,
      type,
      script: relative(process.cwd(), join(dir, file)),
      checksum: md5(join(dir, file)),
      by_me: true,
      on_set: true,
      execution_time: 1,
      success: true,
    });
    const expected = [
      (await pumRows(client))[0],
      row(2, '1.0.0', 'pipe', 8, 'delta_1.0.0_pipe.sql'),
      row(3, '1.0.1', 'col', 9, 'delta_1.0.1_col.pre.sql'),
      row(4, '1.0.1', 'col', 8, 'delta_1.0.1_col.sql'),
      row(5, '1.0.1', 'col', 10, 'delta_1.0.1_col.post.sql'),
      // A file with its own transaction, and one run statement by statement: recorded the same.
      row(6, '1.0.2', 'own', 8, 'delta_1.0.2_own.sql'),
      row(7, '1.0.3', 'conc', 8, 'delta_1.0.3_conc.sql'),
      row(8, '1.1.0', '', 8, 'delta_1.1.0.sql'),
    ];
    expect(await pumRows(client)).toEqual(expected);
    // The bytes as they are, CRLF included (PUM 0.10's md5), not the normalised text.
    const lf = createHash('md5').update('CREATE TABLE qwat_od.pipe (id int);\n').digest('hex');
    expect(expected[1]?.checksum).not.toBe(lf);

    // PUM 0.10 reading the database: at 1.1.0, every delta applied.
    expect(await pumCurrentVersion(client)).toBe('1.1.0');
    for (const [version, name, type] of [
      ['1.0.0', 'pipe', 8],
      ['1.0.1', 'col', 9],
      ['1.0.1', 'col', 8],
      ['1.0.1', 'col', 10],
      ['1.0.2', 'own', 8],
      ['1.0.3', 'conc', 8],
      ['1.1.0', '', 8],
    ] as const) {
      expect(await pumApplied(client, version, name, type)).toBe(true);
    }

    // pum's own, richer rows are linked to PUM's.
    const history = await readHistory(client, ours);
    expect(history.map((h) => [h.kind, h.version, h.source])).toEqual([
      ['baseline', '0.9.0', 'pum0:qwat_sys.info#1'],
      ['pre-all', null, 'pum'],
      ['delta', '1.0.0', 'pum0:qwat_sys.info#2'],
      ['pre', '1.0.1', 'pum0:qwat_sys.info#3'],
      ['delta', '1.0.1', 'pum0:qwat_sys.info#4'],
      ['post', '1.0.1', 'pum0:qwat_sys.info#5'],
      ['delta', '1.0.2', 'pum0:qwat_sys.info#6'],
      ['delta', '1.0.3', 'pum0:qwat_sys.info#7'],
      ['delta', '1.1.0', 'pum0:qwat_sys.info#8'],
      ['post-all', null, 'pum'],
    ]);
    expect(history[2]).toMatchObject({
      checksum: module.files[1]?.checksum,
      note: 'recorded in "qwat_sys"."info" too',
    });

    // The next run adopts nothing and runs only what runs every time.
    const again = await applyDeltas(client, module, { table: legacy });
    expect(again.adopted).toBe(0);
    expect(again.applied.map((f) => f.path)).toEqual(['delta/pre-all.sql', 'delta/post-all.sql']);
    expect(await pumRows(client)).toHaveLength(8);

    // PUM upgrades the database again, writing its row as PUM 0.10 does.
    const more = join(dir, 'delta_1.2.0_hydrant.sql');
    const moreText = 'CREATE TABLE qwat_od.hydrant (id int);';
    writeFileSync(more, moreText);
    await client.query(moreText);
    await client.query(
      `INSERT INTO qwat_sys.info (version, description, type, script, checksum, installed_by, execution_time, success)
       VALUES ('1.2.0', 'hydrant', 8, $1, $2, 'postgres', 1, TRUE)`,
      [more, md5(more)],
    );
    const afterPum = await applyDeltas(client, loadPum0Module([dir]), { table: legacy });
    expect(afterPum.adopted).toBe(1);
    expect(afterPum.applied.map((f) => f.path)).toEqual(['delta/pre-all.sql', 'delta/post-all.sql']);
    expect((await readHistory(client, ours)).filter((h) => h.source === 'pum0:qwat_sys.info#9')).toHaveLength(
      1,
    );
    const last = await applyDeltas(client, loadPum0Module([dir]), { table: legacy });
    expect(last.adopted).toBe(0);
    expect(await pumRows(client)).toHaveLength(9);
  });

  it('records no PUM row for a failed delta; pum records the failure, then the row once it runs', async () => {
    const client = await db.connect();
    await baselineDatabase(client, loadPum0Module([join(writeTree({ 'd/delta_0.1.0.sql': '' }), 'd')]), {
      version: '0.1.0',
      table: { schema: 'fail_sys', name: 'info' },
    });
    const root = writeTree({
      'd/delta_1.0.0_ok.sql': 'CREATE TABLE fail_sys.ok (id int);',
      'd/delta_1.0.1_bad.sql': 'SELECT 1/0;',
    });
    const table = { schema: 'fail_sys', name: 'info' };
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.message).toContain('division by zero');
    const rows = async () =>
      (await client.query('SELECT version, description FROM fail_sys.info ORDER BY id')).rows;
    expect(await rows()).toEqual([
      { version: '0.1.0', description: 'baseline' },
      { version: '1.0.0', description: 'ok' },
    ]);
    const history = await readHistory(client, { schema: 'fail_sys', name: 'pum_history' });
    expect(history.at(-1)).toMatchObject({
      version: '1.0.1',
      success: false,
      source: 'pum',
      error: expect.stringContaining('division by zero'),
    });

    writeFileSync(join(root, 'd', 'delta_1.0.1_bad.sql'), 'SELECT 1;');
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    expect(await rows()).toEqual([
      { version: '0.1.0', description: 'baseline' },
      { version: '1.0.0', description: 'ok' },
      { version: '1.0.1', description: 'bad' },
    ]);
    const linked = await readHistory(client, { schema: 'fail_sys', name: 'pum_history' });
    expect(linked.at(-1)).toMatchObject({ version: '1.0.1', success: true, source: 'pum0:fail_sys.info#3' });
  });

  it("writes only the columns of a project's own variant of the table, and its baselines", async () => {
    const client = await db.connect();
    await client.query(`CREATE SCHEMA qgep_sys; CREATE TABLE qgep_sys.pum_info (
      id serial PRIMARY KEY, version varchar(50), description varchar(200), type integer, script varchar(1000),
      checksum varchar(32), installed_by varchar(100), installed_on timestamp DEFAULT now())`);
    await client.query(
      `INSERT INTO qgep_sys.pum_info (version, description, type, script) VALUES ('1.0.0', 'baseline', 0, '')`,
    );
    const root = writeTree({ 'delta/delta_1.0.1_x.sql': 'CREATE TABLE qgep_sys.x (id int);' });
    const module = loadPum0Module([join(root, 'delta')]);
    const table = { schema: 'qgep_sys', name: 'pum_info' };
    await applyDeltas(client, module, { table });
    await baselineDatabase(client, module, { version: '1.1.0', table });
    const { rows } = await client.query(
      'SELECT id, version, description, type, checksum, installed_by = session_user AS by_me FROM qgep_sys.pum_info ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, version: '1.0.0', description: 'baseline', type: 0, checksum: null, by_me: null },
      {
        id: 2,
        version: '1.0.1',
        description: 'x',
        type: 8,
        checksum: md5(join(root, 'delta', 'delta_1.0.1_x.sql')),
        by_me: true,
      },
      { id: 3, version: '1.1.0', description: 'baseline', type: 0, checksum: '', by_me: true },
    ]);
    const history = await readHistory(client, { schema: 'qgep_sys', name: 'pum_history' });
    expect(history.map((h) => h.source)).toEqual([
      'pum0:qgep_sys.pum_info#1',
      'pum0:qgep_sys.pum_info#2',
      'pum0:qgep_sys.pum_info#3',
    ]);
  });

  it("records Python deltas with PUM 0.x's PYTHON type (4, 5, 6), beside an SQL one of the same name", async () => {
    const client = await db.connect();
    const py = `from pum.core.deltapy import DeltaPy


class Delta(DeltaPy):
    def run(self):
        self.write_message("ran")
`;
    const root = writeTree({
      'd/delta_1.0.0_x.pre.py': py,
      'd/delta_1.0.0_x.py': py,
      'd/delta_1.0.0_x.sql': 'SELECT 1;',
      'd/delta_1.0.0_x.post.py': py,
    });
    const table = { schema: 'py_sys', name: 'info' };
    const module = loadPum0Module([join(root, 'd')]);
    await baselineDatabase(client, module, { version: '0.1.0', table });
    await applyDeltas(client, module, {
      table,
      python: PYTHON,
      commandEnvironment: childEnvironment(resolveConnection(db.url), { PATH: process.env.PATH }),
    });
    const { rows } = await client.query(
      'SELECT version, description, type, checksum FROM py_sys.info ORDER BY id',
    );
    expect(rows).toEqual([
      { version: '0.1.0', description: 'baseline', type: 0, checksum: '' },
      { version: '1.0.0', description: 'x', type: 5, checksum: md5(join(root, 'd', 'delta_1.0.0_x.pre.py')) },
      { version: '1.0.0', description: 'x', type: 4, checksum: md5(join(root, 'd', 'delta_1.0.0_x.py')) },
      { version: '1.0.0', description: 'x', type: 8, checksum: md5(join(root, 'd', 'delta_1.0.0_x.sql')) },
      {
        version: '1.0.0',
        description: 'x',
        type: 6,
        checksum: md5(join(root, 'd', 'delta_1.0.0_x.post.py')),
      },
    ]);
  });

  it("records in PUM's table, at the next run, what an earlier pum applied without recording it there", async () => {
    const client = await db.connect();
    const root = writeTree({
      'd/delta_1.0.0_a.sql': 'CREATE TABLE old_sys.a (id int);',
      'd/delta_1.0.1_b.pre.sql': 'SELECT 1;',
    });
    const table = { schema: 'old_sys', name: 'info' };
    const module = loadPum0Module([join(root, 'd')]);
    await baselineDatabase(client, module, { version: '0.9.0', table });
    await applyDeltas(client, module, { table });
    // The database as a pum that did not keep PUM's table left it.
    await client.query(`DELETE FROM old_sys.info WHERE version <> '0.9.0';
      UPDATE old_sys.pum_history SET source = 'pum', note = NULL WHERE kind <> 'baseline'`);
    const report = await applyDeltas(client, module, { table });
    expect(report).toMatchObject({ adopted: 0, applied: [] });
    const { rows } = await client.query(
      'SELECT id, version, description, type FROM old_sys.info ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, version: '0.9.0', description: 'baseline', type: 0 },
      { id: 4, version: '1.0.0', description: 'a', type: 8 },
      { id: 5, version: '1.0.1', description: 'b', type: 9 },
    ]);
    const history = await readHistory(client, { schema: 'old_sys', name: 'pum_history' });
    expect(history.map((h) => h.source)).toEqual([
      'pum0:old_sys.info#1',
      'pum0:old_sys.info#4',
      'pum0:old_sys.info#5',
    ]);
    // Done once: the next run writes nothing more.
    await applyDeltas(client, module, { table });
    expect((await client.query('SELECT count(*)::int AS n FROM old_sys.info')).rows[0].n).toBe(3);
  });
});
