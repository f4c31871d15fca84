/**
 * Issue 14: `test-and-upgrade` with PUM 0.x Python deltas. The Python runs on the database being
 * upgraded — the test copy during the rehearsal, never production — and production is untouched
 * (history and data) until the rehearsal passes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pum1Yaml, queryUrl as query, SRID, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { rehearsalArgs, testCopyOf } from './test-copy.js';
import { writeTree } from './write-tree.js';

const work = mkdtempSync(join(tmpdir(), 'pum-python-rehearsal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';
const SLOW = 240_000;

const prod = useTestDatabase();
const prod1 = useTestDatabase();
const reference = useTestDatabase();
const different = useTestDatabase();

const delta = writeTree(join(work, 'delta'), {
  'delta_1.0.0.sql': 'CREATE SCHEMA pyr;\nCREATE TABLE pyr.log (db text, version text);\n',
  'delta_1.1.0.sql': 'CREATE TABLE pyr.pipe (id int);\n',
  'post-all.py': `import psycopg2

from pum.core.deltapy import DeltaPy


class PostAll(DeltaPy):
    def run(self):
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute("INSERT INTO pyr.log SELECT current_database(), %s", (str(self.current_db_version),))
        connection.close()
`,
});

const logOf = (url: string) =>
  query<{ db: string; version: string }>(url, 'SELECT db, version FROM pyr.log ORDER BY 1, 2');
const historyOf = (url: string) =>
  query<{ path: string; success: boolean }>(url, 'SELECT path, success FROM public.pum_history ORDER BY id');

describe('test-and-upgrade with Python deltas', () => {
  it('runs them on the test copy during the rehearsal; production untouched until the rehearsal passes', {
    timeout: SLOW,
  }, async () => {
    const env = { PUM_PYTHON: PYTHON };
    for (const [url, max] of [
      [prod.url, ['-u', '1.0.0']],
      [reference.url, []],
      [different.url, []],
    ] as const) {
      const built = await pum(['upgrade', '--db', url, '-d', delta, ...max], { env });
      expect(built.code, built.stderr).toBe(0);
    }
    await query(different.url, 'CREATE TABLE pyr.extra (id int)');
    const prodName = new URL(prod.url).pathname.slice(1);
    const copy = testCopyOf(prod, 'pytest');
    const logBefore = await logOf(prod.url);
    // post-all reads current_db_version when it runs (as PUM 0.x): the version just reached.
    expect(logBefore).toEqual([{ db: prodName, version: '1.0.0' }]);
    const historyBefore = await historyOf(prod.url);

    // The copy does not match the reference: production is not upgraded.
    const refused = await pum(
      rehearsalArgs({ prod: prod.url, test: copy.url, compare: different.url }, delta),
      { env },
    );
    expect(refused.code, refused.stderr).toBe(1);
    expect(await logOf(prod.url)).toEqual(logBefore);
    expect(await historyOf(prod.url)).toEqual(historyBefore);
    // The Python ran on the test copy, which PUM's pg_service named.
    expect(await logOf(copy.url)).toEqual([
      { db: prodName, version: '1.0.0' },
      { db: copy.name, version: '1.1.0' },
    ]);

    // It matches: production is upgraded, its Python running on production.
    const upgraded = await pum(
      rehearsalArgs({ prod: prod.url, test: copy.url, compare: reference.url }, delta),
      { env },
    );
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(await logOf(prod.url)).toEqual([
      { db: prodName, version: '1.0.0' },
      { db: prodName, version: '1.1.0' },
    ]);
    // Recorded in production's history: once by the first upgrade, once by this one.
    const postAll = (await historyOf(prod.url)).filter((h) => h.path.endsWith('post-all.py'));
    expect(postAll.map((h) => h.success)).toEqual([true, true]);
  });

  it('PUM 1.x: the create hook runs on the test copy, on the fresh reference and then on production', {
    timeout: SLOW,
  }, async () => {
    const module = writeTree(join(work, 'pyapp'), {
      '.pum.yaml': pum1Yaml({
        module: 'pyapp',
        historySchema: 'pyapp_sys',
        parameters: [SRID],
        application: {
          drop: 'code: DROP SCHEMA IF EXISTS pyapp_app CASCADE;',
          create: 'file: app/create_app.py',
        },
      }),
      'changelogs/1.0.0/01.sql':
        'CREATE SCHEMA pyapp_sys;\nCREATE SCHEMA pyapp_od;\nCREATE TABLE pyapp_od.pipe (id int);\n',
      'app/create_app.py': `from pum import HookBase


class Hook(HookBase):
    def run_hook(self, connection, SRID: int):
        self.execute("CREATE SCHEMA pyapp_app")
        self.execute("CREATE TABLE pyapp_app.built (db text, srid integer)")
        self.execute("INSERT INTO pyapp_app.built SELECT current_database(), {SRID}")
`,
    });
    const env = { PUM_PYTHON: PYTHON };
    const installed = await pum(['install', '--db', prod1.url, '-d', module], { env });
    expect(installed.code, installed.stderr).toBe(0);
    writeTree(module, { 'changelogs/1.1.0/01.sql': 'ALTER TABLE pyapp_od.pipe ADD COLUMN material text;\n' });
    const prodName = new URL(prod1.url).pathname.slice(1);
    const copy = testCopyOf(prod1, 'pytest');
    const result = await pum(
      [
        'test-and-upgrade',
        '--prod',
        prod1.url,
        '--test',
        copy.url,
        '-d',
        module,
        '--yes',
        '--python',
        PYTHON,
      ],
      { env: {} },
    );
    // Exit 0: the fresh reference matched the test copy, so the hook built pyapp_app there too.
    expect(result.code, result.stderr).toBe(0);
    expect(await query(copy.url, 'SELECT * FROM pyapp_app.built')).toEqual([{ db: copy.name, srid: 2056 }]);
    expect(await query(prod1.url, 'SELECT * FROM pyapp_app.built')).toEqual([{ db: prodName, srid: 2056 }]);
    expect(
      await query(
        prod1.url,
        "SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'pyapp_od.pipe'::regclass AND attname = 'material'",
      ),
    ).toEqual([{ n: 1 }]);
  });
});
