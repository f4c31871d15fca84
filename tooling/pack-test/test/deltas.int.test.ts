/**
 * @pum/deltas on its own: a database PUM 0.x upgraded to 1.0.0 takes the new delta of its
 * `update/delta` directory — and only that one — recorded in PUM's table as PUM would.
 */
import { createHash } from 'node:crypto';
import { useTestDatabase } from '@pum/test-postgres';
import { expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone } from './install-alone.js';

const db = useTestDatabase();

const INIT = 'CREATE SCHEMA qwat_od;\nCREATE TABLE qwat_od.pipe (id integer PRIMARY KEY);\n';
const VALVES =
  'CREATE TABLE qwat_od.valve (\n  id integer PRIMARY KEY,\n  pipe_id integer REFERENCES qwat_od.pipe,\n  srid integer NOT NULL DEFAULT %(SRID)s\n);\n';

it('@pum/deltas installs alone and runs its README example', async () => {
  const client = await db.connect();
  // What PUM 0.x left: its upgrades table (as `pum baseline` made it) with 1.0.0 applied.
  await client.query(`CREATE SCHEMA qwat_sys;
    CREATE TABLE qwat_sys.info (
      id serial PRIMARY KEY, version varchar(50) NOT NULL, description varchar(200) NOT NULL,
      type integer NOT NULL, script varchar(1000) NOT NULL, checksum varchar(32) NOT NULL,
      installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
      execution_time integer NOT NULL, success boolean NOT NULL);
    ${INIT}`);
  await client.query(
    `INSERT INTO qwat_sys.info (version, description, type, script, checksum, installed_by, execution_time, success)
     VALUES ('1.0.0', 'init', 8, 'delta_1.0.0_init.sql', $1, 'postgres', 12, true)`,
    [createHash('md5').update(INIT).digest('hex')],
  );

  const project = await installAlone('@pum/deltas');
  project.write('update/delta/delta_1.0.0_init.sql', INIT);
  project.write('update/delta/delta_1.1.0_valves.sql', VALVES);
  const run = await project.runExample({ DATABASE_URL: db.url });
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.stdout).toBe('delta/delta_1.1.0_valves.sql\napplied 1 files\n');

  const { rows } = await client.query(
    `SELECT pg_get_expr(adbin, adrelid) AS srid_default FROM pg_attrdef
     WHERE adrelid = 'qwat_od.valve'::regclass AND adnum = 3`,
  );
  expect(rows[0].srid_default).toBe('2056');
  const history = await client.query('SELECT version, name, source FROM qwat_sys.pum_history ORDER BY id');
  expect(history.rows).toEqual([
    { version: '1.0.0', name: 'init', source: 'pum0:qwat_sys.info#1' },
    // Recorded in PUM's table too, as PUM 0.10 would; pum's row is linked to it.
    { version: '1.1.0', name: 'valves', source: 'pum0:qwat_sys.info#2' },
  ]);
  const pum0 = await client.query('SELECT id, version, description, type FROM qwat_sys.info ORDER BY id');
  expect(pum0.rows, "PUM's table has the new delta, so PUM would not run it again").toEqual([
    { id: 1, version: '1.0.0', description: 'init', type: 8 },
    { id: 2, version: '1.1.0', description: 'valves', type: 8 },
  ]);
});
