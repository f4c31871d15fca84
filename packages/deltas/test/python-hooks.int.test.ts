/**
 * PUM's Python, run unchanged: PUM 1.x `Hook(HookBase)` application hooks and PUM 0.x `DeltaPy`
 * deltas, with a real Python that has psycopg (Debian's `/usr/bin/python3` with
 * `python3-psycopg` / `python3-psycopg2`, or `PUM_TEST_PYTHON`), against a real database.
 */
import { join } from 'node:path';
import { childEnvironment, resolveConnection } from '@pum/connect';
import { isPumError, type PumError } from '@pum/core';
import {
  LANG_CODE,
  type PasswordAuthServer,
  pum1Yaml,
  SRID,
  sessionEnded,
  startPasswordAuthServer,
  statementRunning,
  useTestDatabase,
  WEBGIS,
} from '@pum/test-postgres';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDeltas, findPython, loadPum0Module, loadPum1Module, readHistory } from '../src/index.js';
import { failure, schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('py');
/** A Python 3 with psycopg: the CI installs Debian's python3-psycopg for /usr/bin/python3. */
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';

const rowsOf = async (client: pg.Client, sql: string) => (await client.query(sql)).rows;
const hookEnvironment = (url = db.url) =>
  childEnvironment(resolveConnection(url), { PATH: process.env.PATH });

/** A PUM 1.x module whose create hook builds a view from the live catalog, as TEKSI's does. */
function pum1Module(schema: string, createHook: string, dependencies = ''): string {
  return writeTree({
    '.pum.yaml': `${dependencies}${pum1Yaml({
      module: schema,
      historySchema: `${schema}_sys`,
      parameters: [SRID, WEBGIS, LANG_CODE],
      application: {
        drop: `code: DROP SCHEMA IF EXISTS ${schema}_app CASCADE;`,
        create: 'file: app/create_app.py',
      },
    })}`,
    'changelogs/1.0.0/01_schema.sql': `CREATE SCHEMA ${schema}_sys;
CREATE SCHEMA ${schema}_od;
CREATE TABLE ${schema}_od.pipe (id integer PRIMARY KEY, material text, year integer);
INSERT INTO ${schema}_od.pipe VALUES (1, 'steel', 1990), (2, 'pvc', 2010);`,
    'app/labels.py': `LABELS = {"en": "pipe", "de": "Leitung", "fr": "conduite"}


def label(lang):
    return LABELS[lang]
`,
    'app/create_app.py': createHook,
  });
}

/** A PUM 1.x hook whose `run_hook(self, connection<args>)` creates `<schema>_app`, then runs the Python `line`. */
const appHook = (schema: string, args: string, line: string) => `from pum import HookBase


class Hook(HookBase):
    def run_hook(self, connection${args}):
        self.execute("CREATE SCHEMA ${schema}_app")
        ${line}
`;

const GOOD_HOOK = (schema: string) => `from psycopg import sql

from labels import label
from pum import HookBase


class Hook(HookBase):
    def run_hook(self, connection, SRID: int = 2056, webgis: bool = False, lang_code: str = "en"):
        assert type(SRID) is int and type(webgis) is bool and type(lang_code) is str, (SRID, webgis, lang_code)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                ("${schema}_od.pipe",),
            )
            columns = [row[0] for row in cursor.fetchall()]
        self.execute("CREATE SCHEMA ${schema}_app")
        view = sql.SQL("CREATE VIEW {view} AS SELECT {columns}, {srid} AS srid, {webgis} AS webgis, {label} AS label FROM {table}").format(
            view=sql.Identifier("${schema}_app", "vw_pipe"),
            columns=sql.SQL(", ").join(sql.Identifier(c) for c in columns),
            srid=sql.Literal(SRID),
            webgis=sql.Literal(webgis),
            label=sql.Literal(label(lang_code)),
            table=sql.Identifier("${schema}_od", "pipe"),
        )
        self.execute(view)
        # PUM's placeholders in self.execute: {SRID} becomes the parameter's literal.
        self.execute("CREATE FUNCTION ${schema}_app.srid() RETURNS integer LANGUAGE sql AS 'SELECT {SRID}'")
        print("created", len(columns), "columns")
`;

describe('Python hooks and deltas', () => {
  it('finds the Python with psycopg that the tests use', async () => {
    const found = await findPython({ python: PYTHON, needsPsycopg: true, cwd: '.', environment: {} });
    expect(found.python).toBe(PYTHON);
    expect(found.driver).toBe('psycopg');
  });

  it('installs a PUM 1.x module whose create hook (Hook(HookBase)) imports a sibling module and psycopg.sql, reads the catalog and builds a view with typed parameters', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = pum1Module(schema, GOOD_HOOK(schema));
    const lines: string[] = [];
    const logger = {
      debug() {},
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error() {},
    };
    const report = await applyDeltas(client, loadPum1Module(root), {
      singleTransaction: true,
      python: PYTHON,
      commandEnvironment: hookEnvironment(),
      placeholders: {
        dialect: 'pum1',
        parameters: {
          SRID: { type: 'integer', value: '21781' },
          webgis: { type: 'boolean', value: true },
          lang_code: { type: 'text', value: 'de' },
        },
      },
      logger,
    });
    expect(report.applied.map((f) => f.path)).toEqual([
      '.pum.yaml#application.drop[0]',
      'changelogs/1.0.0/01_schema.sql',
      'app/create_app.py',
    ]);
    expect(await rowsOf(client, `SELECT * FROM ${schema}_app.vw_pipe ORDER BY id`)).toEqual([
      { id: 1, material: 'steel', year: 1990, srid: 21781, webgis: true, label: 'Leitung' },
      { id: 2, material: 'pvc', year: 2010, srid: 21781, webgis: true, label: 'Leitung' },
    ]);
    expect(await rowsOf(client, `SELECT ${schema}_app.srid() AS s`)).toEqual([{ s: 21781 }]);
    expect(lines).toContain('created 3 columns');
    const history = await readHistory(client, report.table, schema);
    expect(history.filter((row) => row.path === 'app/create_app.py').map((row) => row.success)).toEqual([
      true,
    ]);

    // A second run (an upgrade with nothing pending) drops and recreates the application with
    // other app_only values: the hook runs again.
    await applyDeltas(client, loadPum1Module(root), {
      singleTransaction: true,
      python: PYTHON,
      commandEnvironment: hookEnvironment(),
      placeholders: {
        dialect: 'pum1',
        parameters: {
          SRID: { type: 'integer', value: '21781' },
          webgis: { type: 'boolean', value: false },
          lang_code: { type: 'text', value: 'fr' },
        },
      },
    });
    expect(await rowsOf(client, `SELECT DISTINCT label, webgis FROM ${schema}_app.vw_pipe`)).toEqual([
      { label: 'conduite', webgis: false },
    ]);
  });

  it('a hook that raises: PUM_DELTA_FAILED naming the file, the line and the Python error; its work rolled back, the changelogs before it committed', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = pum1Module(
      schema,
      appHook(schema, ', SRID: int = 2056', 'raise ValueError("no SRID %d here" % SRID)'),
    );
    const error = await failure(
      applyDeltas(client, loadPum1Module(root), {
        singleTransaction: true,
        python: PYTHON,
        commandEnvironment: hookEnvironment(),
        placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '2056' } } },
      }),
    );
    const cause = (error.cause ?? error) as PumError;
    expect(isPumError(cause)).toBe(true);
    expect(cause.code).toBe('PUM_DELTA_FAILED');
    expect(cause.message).toContain('app/create_app.py:7: ValueError: no SRID 2056 here');
    expect(error.report.applied.map((f) => f.path)).toEqual([
      '.pum.yaml#application.drop[0]',
      'changelogs/1.0.0/01_schema.sql',
    ]);
    // The hook's own transaction rolled back; what pum ran before it was committed.
    expect(await rowsOf(client, `SELECT to_regnamespace('${schema}_app') AS s`)).toEqual([{ s: null }]);
    expect(await rowsOf(client, `SELECT count(*)::int AS n FROM ${schema}_od.pipe`)).toEqual([{ n: 2 }]);
  });

  it('runs PUM 0.x pre-all.py, delta_X.pre.py and post-all.py (DeltaPy) with variables, pg_service through psql and psycopg2, and write_message', async () => {
    const client = await db.connect();
    const { schema: history, table } = names();
    const schema = `${history}_d`;
    const root = writeTree({
      'views/log.sql': `INSERT INTO ${schema}.log VALUES ('pre-all via psql');`,
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.log (what text);`,
      'd/pre-all.py': `import subprocess

from pum.core.deltapy import DeltaPy


class PreAll(DeltaPy):
    def run(self):
        if self.current_db_version is None:
            self.write_message("fresh database")
            return
        subprocess.run(
            "psql service={} -v ON_ERROR_STOP=1 -q -f {}".format(self.pg_service, self.delta_dir + "../views/log.sql"),
            shell=True,
            check=True,
        )
`,
      'd/delta_1.1.0_fill.pre.py': `import psycopg2

from pum.core.deltapy import DeltaPy


class Fill(DeltaPy):
    def run(self):
        assert type(self.variables["SRID"]) is int
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute("INSERT INTO ${schema}.log VALUES (%s)", ("srid " + str(self.variables["SRID"]) + " in " + self.upgrades_table,))
        connection.close()
`,
      'd/delta_1.1.0.sql': `INSERT INTO ${schema}.log VALUES ('sql 1.1.0');`,
      'd/post-all.py': `import os

from pum.core.deltapy import DeltaPy


class PostAll(DeltaPy):
    def run(self):
        self.write_message("regenerated views of {} at {}".format(os.environ["PGDATABASE"], self.current_db_version))
`,
    });
    const lines: string[] = [];
    const logger = {
      debug() {},
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error() {},
    };
    const options = {
      table,
      python: PYTHON,
      commandEnvironment: hookEnvironment(),
      placeholders: {
        dialect: 'pum0' as const,
        parameters: { SRID: { type: 'integer' as const, value: '2056' } },
      },
      logger,
    };
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')], { root }), options);
    expect(report.applied.map((f) => f.path)).toEqual([
      'd/pre-all.py',
      'd/delta_1.0.0.sql',
      'd/delta_1.1.0_fill.pre.py',
      'd/delta_1.1.0.sql',
      'd/post-all.py',
    ]);
    expect(lines).toContain('Message from PreAll: fresh database');
    // As in PUM 0.x, current_db_version is read when the file runs: post-all sees the version reached.
    expect(lines.some((l) => /^Message from PostAll: regenerated views of \S+ at 1\.1\.0$/.test(l))).toBe(
      true,
    );
    // A second upgrade: pre-all runs its SQL file through psql service=<pg_service>.
    await applyDeltas(client, loadPum0Module([join(root, 'd')], { root }), options);
    expect(await rowsOf(client, `SELECT what FROM ${schema}.log`)).toEqual([
      { what: `srid 2056 in ${history}.pum_history` },
      { what: 'sql 1.1.0' },
      { what: 'pre-all via psql' },
    ]);
    expect(lines).toContain(
      'Message from PostAll: regenerated views of ' +
        (await rowsOf(client, 'SELECT current_database() AS d'))[0].d +
        ' at 1.1.0',
    );
  });

  it('a failing PUM 0.x Python delta stops the upgrade: its file, line and error; the deltas before it stay applied', async () => {
    const client = await db.connect();
    const { schema: history, table } = names();
    const schema = `${history}_d`;
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0_views.py': `from pum.core.deltapy import DeltaPy


class Views(DeltaPy):
    def run(self):
        srid = self.variables["SRID"]
        return srid
`,
    });
    const error = await failure(
      applyDeltas(client, loadPum0Module([join(root, 'd')], { root }), {
        table,
        python: PYTHON,
        commandEnvironment: hookEnvironment(),
      }),
    );
    const cause = (error.cause ?? error) as PumError;
    expect(cause.message).toContain("d/delta_1.1.0_views.py:6: KeyError: 'SRID'");
    expect(error.report.applied.map((f) => f.path)).toEqual(['d/delta_1.0.0.sql']);
    const rows = await readHistory(client, table);
    expect(rows.map((r) => [r.path, r.success])).toEqual([
      ['d/delta_1.0.0.sql', true],
      ['d/delta_1.1.0_views.py', false],
    ]);
  });

  it('a PUM 1.x hook runs with psycopg2 when psycopg 3 cannot be imported', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = pum1Module(
      schema,
      appHook(
        schema,
        ', SRID: int = 2056',
        `self.execute("CREATE TABLE ${schema}_app.driver AS SELECT '%s'::text AS module, {SRID} AS srid" % type(connection).__module__)`,
      ),
    );
    const fake = writeTree({
      'psycopg/__init__.py': 'raise ImportError("No module named \'psycopg\'", name="psycopg")\n',
    });
    await applyDeltas(client, loadPum1Module(root), {
      singleTransaction: true,
      python: PYTHON,
      commandEnvironment: { ...hookEnvironment(), PYTHONPATH: fake },
      placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '2056' } } },
    });
    expect(await rowsOf(client, `SELECT * FROM ${schema}_app.driver`)).toEqual([
      { module: 'psycopg2.extensions', srid: 2056 },
    ]);
  });

  it('cancelling the run stops the Python hook: PUM_ABORTED, its session ends, its work rolled back', async () => {
    const client = await db.connect();
    const watcher = await db.connect();
    const { schema } = names();
    const root = pum1Module(
      schema,
      appHook(schema, '', `self.execute("SELECT pg_sleep(600) /* ${schema} hook */")`),
    );
    const controller = new AbortController();
    const run = applyDeltas(client, loadPum1Module(root), {
      singleTransaction: true,
      python: PYTHON,
      commandEnvironment: hookEnvironment(),
      signal: controller.signal,
    }).then(
      () => undefined,
      (e: unknown) => e as PumError,
    );
    const pid = await statementRunning(watcher, `SELECT pg_sleep(600) /* ${schema} hook */`);
    controller.abort();
    const error = await run;
    expect(error?.code).toBe('PUM_ABORTED');
    await sessionEnded(watcher, pid);
    expect(await rowsOf(watcher, `SELECT to_regnamespace('${schema}_app') AS s`)).toEqual([{ s: null }]);
  });

  it('adopting PUM 0.x: a Python delta PUM applied (type 5, pre + python) is not run again; pre-all.py runs on every upgrade', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = writeTree({
      'd/delta_1.2.8_perf.pre.py': `from pum.core.deltapy import DeltaPy


class Perf(DeltaPy):
    def run(self):
        raise RuntimeError("applied by PUM already: must not run again")
`,
      'd/delta_1.2.8_perf.sql': 'SELECT 1;',
      'd/delta_1.3.0.sql': `INSERT INTO ${schema}.log VALUES ('sql 1.3.0');`,
      'd/pre-all.py': `import psycopg2

from pum.core.deltapy import DeltaPy


class PreAll(DeltaPy):
    def run(self):
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute("INSERT INTO ${schema}.log VALUES (%s)", ("pre-all at " + str(self.current_db_version),))
        connection.close()
`,
    });
    await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.log (what text);
      CREATE TABLE ${schema}.info (id serial PRIMARY KEY, version varchar(50), description varchar(200), type integer,
        script varchar(1000), checksum varchar(32), installed_by varchar(100), installed_on timestamp DEFAULT now(),
        execution_time integer, success boolean);
      INSERT INTO ${schema}.info (version, description, type, script, checksum, installed_by, execution_time, success) VALUES
        ('1.0.0', 'baseline', 0, '', '', 'postgres', 1, true),
        ('1.2.8', 'perf', 5, 'delta_1.2.8_perf.pre.py', '', 'postgres', 1, true),
        ('1.2.8', 'perf', 8, 'delta_1.2.8_perf.sql', '', 'postgres', 1, true);`);
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')], { root }), {
      table: { schema, name: 'info' },
      python: PYTHON,
      commandEnvironment: hookEnvironment(),
    });
    expect(report.applied.map((f) => f.path)).toEqual(['d/pre-all.py', 'd/delta_1.3.0.sql']);
    expect(await rowsOf(client, `SELECT what FROM ${schema}.log`)).toEqual([
      { what: 'pre-all at 1.2.8' },
      { what: 'sql 1.3.0' },
    ]);
  });

  it('a missing Python or a Python without psycopg is one clear error before anything runs', async () => {
    await expect(
      findPython({ python: '/nonexistent/python3', needsPsycopg: true, cwd: '.', environment: {} }),
    ).rejects.toThrow(/cannot run the Python \/nonexistent\/python3/);
    // A psycopg that cannot be imported, as on a Python without it.
    const fake = writeTree({
      'psycopg/__init__.py': 'raise ImportError("No module named \'psycopg\'", name="psycopg")\n',
      'psycopg2/__init__.py': 'raise ImportError("No module named \'psycopg2\'", name="psycopg2")\n',
    });
    const error = await findPython({
      python: PYTHON,
      needsPsycopg: true,
      cwd: '.',
      environment: { PYTHONPATH: fake },
    }).then(
      () => undefined,
      (e: unknown) => e as PumError,
    );
    expect(error?.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error?.message).toContain('cannot import psycopg');
    expect(error?.hint).toContain('python3-psycopg');
  });
});

describe('.pum.yaml dependencies', () => {
  it('are checked with the chosen Python: installed, version from metadata or __version__, in range; unknown versions warned about', async () => {
    const fake = writeTree({
      'noversion/__init__.py': '',
      'withversion/__init__.py': '__version__ = "2.5.0"\n',
    });
    const found = await findPython({
      python: PYTHON,
      needsPsycopg: true,
      cwd: '.',
      environment: { PYTHONPATH: fake },
      dependencies: [
        { name: 'psycopg', minimum_version: '3.0.0' },
        { name: 'withversion', minimum_version: '2.0', maximum_version: '3.0' },
        { name: 'noversion', minimum_version: '1.0' },
      ],
    });
    expect(found.warnings).toEqual([
      '.pum.yaml dependencies: noversion is importable but its version cannot be told; noversion >= 1.0 not checked',
    ]);
    const tooOld = findPython({
      python: PYTHON,
      needsPsycopg: true,
      cwd: '.',
      environment: { PYTHONPATH: fake },
      dependencies: [{ name: 'withversion', minimum_version: '2.10.0' }],
    });
    await expect(tooOld).rejects.toThrow(
      `.pum.yaml dependencies: withversion >= 2.10.0 is needed, the Python at ${PYTHON} has withversion 2.5.0`,
    );
  });

  it('a missing dependency stops the run before anything changed, naming the package and version', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = pum1Module(
      schema,
      GOOD_HOOK(schema),
      'dependencies:\n  - name: pum_no_such_package\n    minimum_version: 3.0.0\n',
    );
    const error = await applyDeltas(client, loadPum1Module(root), {
      singleTransaction: true,
      python: PYTHON,
      commandEnvironment: hookEnvironment(),
    }).then(
      () => undefined,
      (e: unknown) => e as PumError,
    );
    expect(error?.message).toBe(
      `.pum.yaml dependencies: pum_no_such_package >= 3.0.0 is not installed for the Python at ${PYTHON}`,
    );
    expect(error?.hint).toContain('pum never installs packages');
    expect(await rowsOf(client, `SELECT to_regnamespace('${schema}_od') AS s`)).toEqual([{ s: null }]);
  });

  it('a dependency whose version cannot be told is a warning of the run; a strict run stops on it before anything changed', async () => {
    const client = await db.connect();
    const { schema } = names();
    const fake = writeTree({ 'pum_noversion/__init__.py': '' });
    const root = pum1Module(
      schema,
      GOOD_HOOK(schema),
      'dependencies:\n  - name: pum_noversion\n    minimum_version: 1.0.0\n',
    );
    const options = {
      singleTransaction: true,
      python: PYTHON,
      commandEnvironment: { ...hookEnvironment(), PYTHONPATH: fake },
      placeholders: {
        dialect: 'pum1' as const,
        parameters: {
          SRID: { type: 'integer' as const, value: '2056' },
          webgis: { type: 'boolean' as const, value: false },
          lang_code: { type: 'text' as const, value: 'en' },
        },
      },
    };
    const strict = await applyDeltas(client, loadPum1Module(root), { ...options, strict: true }).then(
      () => undefined,
      (e: unknown) => e as PumError,
    );
    expect(strict?.code).toBe('PUM_STRICT_WARNINGS');
    expect(strict?.message).toContain(
      '.pum.yaml dependencies: pum_noversion is importable but its version cannot be told; pum_noversion >= 1.0.0 not checked',
    );
    expect(strict?.changed).toEqual([]);
    expect(await rowsOf(client, `SELECT to_regnamespace('${schema}_od') AS s`)).toEqual([{ s: null }]);

    const report = await applyDeltas(client, loadPum1Module(root), options);
    expect(report.warnings).toEqual([
      {
        code: 'PUM_DEPENDENCY_UNCHECKED',
        message:
          '.pum.yaml dependencies: pum_noversion is importable but its version cannot be told; pum_noversion >= 1.0.0 not checked',
      },
    ]);
    expect(report.applied.map((f) => f.path)).toContain('app/create_app.py');
  });
});

describe('Python hooks and the password', () => {
  let auth: PasswordAuthServer | undefined;
  afterAll(async () => {
    await auth?.stop();
  });

  it('reaches the hook through PGPASSWORD only: never on any process command line (/proc/*/cmdline), never in the output', async () => {
    auth = await startPasswordAuthServer();
    const { user, password } = auth.scram;
    const url = `postgresql://${user}:${encodeURIComponent(password)}@${auth.host}:${auth.port}/${auth.database}`;
    const pgModule = await import('pg');
    const client = new pgModule.default.Client({ connectionString: url });
    await client.connect();
    try {
      const schema = 'pypw';
      const root = pum1Module(
        schema,
        `import os

from pum import HookBase


class Hook(HookBase):
    def run_hook(self, connection):
        secret = os.environ["PGPASSWORD"].encode()
        seen = 0
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        seen += secret in f.read()
                except OSError:
                    pass
        self.execute("CREATE SCHEMA ${schema}_app")
        self.execute("CREATE TABLE ${schema}_app.seen AS SELECT %d AS processes, current_user::text AS who" % seen)
        print("hook ran")
`,
      );
      const lines: string[] = [];
      const logger = {
        debug: (m: string) => lines.push(m),
        info: (m: string) => lines.push(m),
        warn: (m: string) => lines.push(m),
        error: (m: string) => lines.push(m),
      };
      await applyDeltas(client, loadPum1Module(root), {
        singleTransaction: true,
        python: PYTHON,
        commandEnvironment: hookEnvironment(url),
        logger,
      });
      expect(await rowsOf(client, `SELECT * FROM ${schema}_app.seen`)).toEqual([{ processes: 0, who: user }]);
      expect(lines).toContain('hook ran');
      expect(lines.join('\n')).not.toContain(password);
    } finally {
      await client.end();
    }
  });
});
