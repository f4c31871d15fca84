/**
 * Issue 14: a PUM 0.x directory with `delta_X_name.py` beside `delta_X_name.sql` (same version and
 * name). PUM 0.x ran both — the Python first — and recorded them apart (type PYTHON vs SQL); pum
 * does the same, and a rerun runs neither again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const work = mkdtempSync(join(tmpdir(), 'pum-py-sql-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';
const SLOW = 240_000;

const db = useTestDatabase();

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

writeTree(join(work, 'delta'), {
  'delta_1.0.0.sql': 'CREATE SCHEMA pysql;\nCREATE TABLE pysql.log (id serial, what text);\n',
  'delta_1.1.0_fill.sql': "INSERT INTO pysql.log (what) VALUES ('sql');\n",
  'delta_1.1.0_fill.py': `import psycopg2

from pum.core.deltapy import DeltaPy


class Fill(DeltaPy):
    def run(self):
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute("INSERT INTO pysql.log (what) VALUES ('py')")
        connection.close()
`,
});

describe('a PUM 0.x Python delta beside an SQL delta of the same version and name', () => {
  it('runs both, the Python first, records each, and a rerun runs neither again', {
    timeout: SLOW,
  }, async () => {
    const first = await pum(['upgrade', '--db', db.url, '-d', 'delta', '--python', PYTHON], { cwd: work });
    expect(first.code, first.stderr).toBe(0);
    expect(await query('SELECT what FROM pysql.log ORDER BY id')).toEqual([{ what: 'py' }, { what: 'sql' }]);
    const history = await query<{ path: string; name: string; kind: string; success: boolean }>(
      "SELECT path, name, kind, success FROM public.pum_history WHERE version = '1.1.0' ORDER BY id",
    );
    expect(history).toEqual([
      { path: 'delta/delta_1.1.0_fill.py', name: 'fill', kind: 'delta', success: true },
      { path: 'delta/delta_1.1.0_fill.sql', name: 'fill', kind: 'delta', success: true },
    ]);

    const again = await pum(['upgrade', '--db', db.url, '-d', 'delta', '--python', PYTHON], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    expect(await query('SELECT what FROM pysql.log ORDER BY id')).toEqual([{ what: 'py' }, { what: 'sql' }]);
  });

  it('adopting PUM 0.x: the Python one PUM recorded (type PYTHON) is not run again, the SQL one it did not record runs', {
    timeout: SLOW,
  }, async () => {
    writeTree(join(work, 'adopt'), {
      'delta_1.1.0_fill.py': `from pum.core.deltapy import DeltaPy


class Fill(DeltaPy):
    def run(self):
        raise RuntimeError("applied by PUM already: must not run again")
`,
      'delta_1.1.0_fill.sql': "INSERT INTO adopt.log (what) VALUES ('sql');\n",
    });
    await query(`CREATE SCHEMA adopt; CREATE TABLE adopt.log (id serial, what text);
      CREATE TABLE adopt.info (id serial PRIMARY KEY, version varchar(50), description varchar(200), type integer,
        script varchar(1000), checksum varchar(32), installed_by varchar(100), installed_on timestamp DEFAULT now(),
        execution_time integer, success boolean);
      INSERT INTO adopt.info (version, description, type, script, checksum, installed_by, execution_time, success) VALUES
        ('1.0.0', 'baseline', 0, '', '', 'postgres', 1, true),
        ('1.1.0', 'fill', 4, '/home/someone/model/adopt/delta_1.1.0_fill.py', '', 'postgres', 1, true);`);
    const run = await pum(
      ['upgrade', '--db', db.url, '-d', 'adopt', '--table', 'adopt.info', '--python', PYTHON],
      {
        cwd: work,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(await query('SELECT what FROM adopt.log ORDER BY id')).toEqual([{ what: 'sql' }]);
  });
});
