/**
 * Issue 14, "done when": PUM's Python, run by pum, leaves the schema (and the rows the Python
 * wrote) that PUM's own procedure leaves from the same files. The reference is built without pum:
 * `fixtures/pum-procedure.py` runs the files on a second database the way PUM documents it (PUM
 * 0.10: pre-all, each pending delta by version with pre < normal < post and Python before SQL,
 * each committed, post-all; a DeltaPy's current_db_version read when it runs; PUM 1.8: drop
 * hooks, changelogs formatted by psycopg, create hooks, in one transaction). `pum check` must
 * then find nothing (the view's comment carries the current_db_version post-all saw), and it does
 * find the difference while the reference is one upgrade behind, so the comparison is not an
 * empty one. Like PUM, the reference leaves `__pycache__` in the delta directory when it imports
 * the Python deltas; pum must ignore it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shimDirectory } from '@pum/deltas';
import { LANG_CODE, pum1Yaml, queryUrl as query, SRID, useTestDatabase, WEBGIS } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const work = mkdtempSync(join(tmpdir(), 'pum-python-parity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** A Python 3 with psycopg and psycopg2: the CI installs Debian's packages for /usr/bin/python3. */
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';
const PROCEDURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/pum-procedure.py');
const SLOW = 240_000;

const byPum0 = useTestDatabase();
const reference0 = useTestDatabase();
const byPum1 = useTestDatabase();
const reference1 = useTestDatabase();

/** libpq's variables and a service file naming the database at `url`. */
function connectionEnvironment(url: string, service: string): Record<string, string> {
  const u = new URL(url);
  const fields = {
    host: u.hostname,
    port: u.port || '5432',
    dbname: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
  const file = join(work, `${service}.conf`);
  writeFileSync(
    file,
    `[${service}]\n${Object.entries(fields)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    {
      mode: 0o600,
    },
  );
  return {
    PGSERVICEFILE: file,
    PGHOST: fields.host,
    PGPORT: fields.port,
    PGDATABASE: fields.dbname,
    PGUSER: fields.user,
    ...(fields.password ? { PGPASSWORD: fields.password } : {}),
  };
}

/** Run PUM's procedure (the reference driver) with `plan` on the database at `url`. */
function runProcedure(url: string, plan: { mode: 'pum0' | 'pum1'; steps: unknown[] }): Promise<void> {
  const service = `reference_${plan.mode}`;
  const file = join(work, `plan-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ ...plan, service }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PYTHONPATH: shimDirectory(),
    ...connectionEnvironment(url, service),
  };
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [PROCEDURE, file], { env }, (error, _stdout, stderr) =>
      error ? reject(new Error(`the reference procedure failed: ${stderr}`)) : resolve(),
    );
  });
}

const check = (a: string, b: string, ...more: string[]) => pum(['check', a, b, ...more]);

describe('PUM 0.x Python deltas: pum gives what PUM gives', () => {
  const root = writeTree(join(work, 'qp'), {
    'app/drop_views.sql':
      'DROP VIEW IF EXISTS qp.vw_pipe;\nDROP FUNCTION IF EXISTS qp.ft_vw_pipe_insert();\n',
    'delta/pre-all.py': `import subprocess

from pum.core.deltapy import DeltaPy


class DropViews(DeltaPy):
    def run(self):
        if self.current_db_version is None:
            return
        subprocess.run(
            ["psql", "service=" + self.pg_service, "-v", "ON_ERROR_STOP=1", "-q", "-f", self.delta_dir + "../app/drop_views.sql"],
            check=True,
        )
`,
    'delta/delta_1.0.0_init.sql': `CREATE SCHEMA qp;
CREATE TABLE qp.pipe (id serial PRIMARY KEY, material text NOT NULL, year integer);
INSERT INTO qp.pipe (material, year) VALUES ('steel', 1990), ('pvc', 2010);
`,
    'delta/delta_1.0.1_srid.pre.py': `import psycopg2

from pum.core.deltapy import DeltaPy


class AddSrid(DeltaPy):
    def run(self):
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute("ALTER TABLE qp.pipe ADD COLUMN srid integer DEFAULT {}".format(int(self.variables["SRID"])))
        connection.close()
`,
    'delta/delta_1.0.1_srid.sql': `ALTER TABLE qp.pipe ADD CONSTRAINT pipe_srid CHECK (srid = %(SRID)s);
COMMENT ON COLUMN qp.pipe.year IS 'year laid, 100%% sure';
`,
    'delta/post-all.py': `import psycopg2

from pum.core.deltapy import DeltaPy


class CreateViews(DeltaPy):
    def run(self):
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'qp.pipe'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
            )
            columns = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "CREATE VIEW qp.vw_pipe AS SELECT {}, %s::text AS label FROM qp.pipe".format(", ".join(columns)),
                ("SRID " + str(self.variables.get("SRID", "none")),),
            )
            cursor.execute(
                "CREATE FUNCTION qp.ft_vw_pipe_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "INSERT INTO qp.pipe (material, year) VALUES (NEW.material, NEW.year); RETURN NEW; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER vw_pipe_insert INSTEAD OF INSERT ON qp.vw_pipe FOR EACH ROW EXECUTE FUNCTION qp.ft_vw_pipe_insert()"
            )
            cursor.execute("COMMENT ON VIEW qp.vw_pipe IS %s", ("built at " + str(self.current_db_version),))
        connection.close()
        self.write_message("views of {} columns".format(len(columns)))
`,
  });
  const delta = join(root, 'delta');
  const file = (name: string) => join(delta, name);
  const common = { delta_dirs: [delta], upgrades_table: 'qp_sys.info' };
  const variables = { SRID: 2056 };

  it('upgrade from nothing, then to the next version: the same schema, views and rows', {
    timeout: SLOW,
  }, async () => {
    const env = { PUM_PYTHON: PYTHON };
    // PUM 0.x's command line, with pum's history table beside (no -t: pum's default).
    const first = await pum(
      ['upgrade', '-p', byPum0.url, '-d', delta, '-u', '1.0.0', '-v', 'int', 'SRID', '2056'],
      {
        env,
      },
    );
    expect(first.code, first.stderr).toBe(0);
    await runProcedure(reference0.url, {
      mode: 'pum0',
      steps: [
        { py: file('pre-all.py'), current_db_version: null, ...common, variables },
        { sql: file('delta_1.0.0_init.sql'), variables },
        { py: file('post-all.py'), current_db_version: '1.0.0', ...common, variables },
      ],
    });
    const same = await check(byPum0.url, reference0.url, '-N', 'public');
    expect(same.code, same.stdout + same.stderr).toBe(0);

    const second = await pum(['upgrade', '-p', byPum0.url, '-d', delta, '-v', 'int', 'SRID', '2056'], {
      env,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout + second.stderr).toContain('Message from CreateViews: views of 4 columns');
    // The reference is one upgrade behind: check sees it (the comparison is not an empty one).
    const behind = await check(byPum0.url, reference0.url, '-N', 'public');
    expect(behind.code).toBe(1);
    expect(behind.stdout).toMatch(/srid/);

    await runProcedure(reference0.url, {
      mode: 'pum0',
      steps: [
        { py: file('pre-all.py'), current_db_version: '1.0.0', ...common, variables },
        { py: file('delta_1.0.1_srid.pre.py'), current_db_version: '1.0.0', ...common, variables },
        { sql: file('delta_1.0.1_srid.sql'), variables },
        { py: file('post-all.py'), current_db_version: '1.0.1', ...common, variables },
      ],
    });
    const after = await check(byPum0.url, reference0.url, '-N', 'public');
    expect(after.code, after.stdout + after.stderr).toBe(0);
    const rows = 'SELECT * FROM qp.vw_pipe ORDER BY id';
    const comment = "SELECT col_description('qp.pipe'::regclass, 3) AS c";
    for (const sql of [rows, comment])
      expect(await query(byPum0.url, sql)).toEqual(await query(reference0.url, sql));
    expect(await query(byPum0.url, comment)).toEqual([{ c: 'year laid, 100% sure' }]);
    expect((await query(byPum0.url, rows)).map((r) => [r.srid, r.label])).toEqual([
      [2056, 'SRID 2056'],
      [2056, 'SRID 2056'],
    ]);
  });
});

describe('PUM 1.x Python application hooks: pum gives what PUM gives', () => {
  const root = writeTree(join(work, 'mp'), {
    '.pum.yaml': pum1Yaml({
      module: 'mp',
      historySchema: 'mp_sys',
      parameters: [SRID, WEBGIS, LANG_CODE],
      application: { drop: 'code: DROP SCHEMA IF EXISTS mp_app CASCADE;', create: 'file: app/create_app.py' },
    }),
    'changelogs/1.0.0/01_schema.sql': `CREATE SCHEMA mp_sys;
CREATE SCHEMA mp_od;
CREATE TABLE mp_od.pipe (id integer PRIMARY KEY, material text, srid integer DEFAULT {SRID});
INSERT INTO mp_od.pipe (id, material) VALUES (1, 'steel'), (2, 'pvc');
`,
    'app/labels.py': 'LABELS = {"en": "pipe", "de": "Leitung", "fr": "conduite"}\n',
    'app/create_app.py': `from psycopg import sql

from labels import LABELS
from pum import HookBase


class Hook(HookBase):
    def run_hook(self, connection, SRID: int = 2056, webgis: bool = False, lang_code: str = "en"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'mp_od.pipe'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
            )
            columns = [row[0] for row in cursor.fetchall()]
        self.execute("CREATE SCHEMA mp_app")
        self.execute(
            sql.SQL("CREATE VIEW mp_app.vw_pipe AS SELECT {columns}, {webgis} AS webgis, {label} AS label FROM mp_od.pipe").format(
                columns=sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                webgis=sql.Literal(webgis),
                label=sql.Literal(LABELS[lang_code]),
            )
        )
        self.execute("CREATE FUNCTION mp_app.srid() RETURNS integer LANGUAGE sql AS 'SELECT {SRID}'")
`,
  });
  const parameters = { SRID: 21781, webgis: true, lang_code: 'de' };
  const args = ['-p', 'SRID', '21781', '-p', 'webgis', 'true', '-p', 'lang_code', 'de'];
  const hook = { hook: join(root, 'app/create_app.py'), parameters };
  const drop = { code: 'DROP SCHEMA IF EXISTS mp_app CASCADE;', parameters };
  // pum's history lives in mp_sys (PUM's migration_table_schema), which the reference leaves empty.
  const exclude = ['-N', 'mp_sys'];

  it('install, then upgrade, with PUM 1.x command lines: the same schema, views and rows', {
    timeout: SLOW,
  }, async () => {
    const env = { PUM_PYTHON: PYTHON };
    const installed = await pum(['-p', byPum1.url, '-d', root, 'install', ...args], { env });
    expect(installed.code, installed.stderr).toBe(0);
    await runProcedure(reference1.url, {
      mode: 'pum1',
      steps: [drop, { sql: join(root, 'changelogs/1.0.0/01_schema.sql'), parameters }, hook],
    });
    const same = await check(byPum1.url, reference1.url, ...exclude);
    expect(same.code, same.stdout + same.stderr).toBe(0);

    writeTree(root, {
      'changelogs/1.1.0/01_year.sql': 'ALTER TABLE mp_od.pipe ADD COLUMN year integer DEFAULT 2000;\n',
    });
    const upgraded = await pum(['-p', byPum1.url, '-d', root, 'upgrade', ...args], { env });
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const behind = await check(byPum1.url, reference1.url, ...exclude);
    expect(behind.code).toBe(1);
    expect(behind.stdout).toMatch(/year/);

    await runProcedure(reference1.url, {
      mode: 'pum1',
      steps: [drop, { sql: join(root, 'changelogs/1.1.0/01_year.sql'), parameters }, hook],
    });
    const after = await check(byPum1.url, reference1.url, ...exclude);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    const rows = 'SELECT *, mp_app.srid() AS fn_srid FROM mp_app.vw_pipe ORDER BY id';
    expect(await query(byPum1.url, rows)).toEqual(await query(reference1.url, rows));
    expect(await query(byPum1.url, rows)).toEqual([
      { id: 1, material: 'steel', srid: 21781, year: 2000, webgis: true, label: 'Leitung', fn_srid: 21781 },
      { id: 2, material: 'pvc', srid: 21781, year: 2000, webgis: true, label: 'Leitung', fn_srid: 21781 },
    ]);
  });
});
