/**
 * Issue 14: PUM's Python hooks and deltas through the built CLI — `--python` / `PUM_PYTHON`, exit
 * 5 naming the file and the Python error, `info` and `--skip-create-app` without any Python, and
 * the caller's own `PG*` variables never reaching the hook.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pum1Yaml, SRID, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-python-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** A Python 3 with psycopg: the CI installs Debian's python3-psycopg for /usr/bin/python3. */
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';

function pythonModule(name: string, hookBody: string): string {
  return writeTree(join(work, name), {
    '.pum.yaml': pum1Yaml({
      module: name,
      historySchema: `${name}_sys`,
      parameters: [SRID],
      application: {
        drop: `code: DROP SCHEMA IF EXISTS ${name}_app CASCADE;`,
        create: 'file: app/create_app.py',
      },
    }),
    'changelogs/1.0.0/01.sql': `CREATE SCHEMA ${name}_sys;\nCREATE SCHEMA ${name}_od;\nCREATE TABLE ${name}_od.pipe (id int);\n`,
    'app/create_app.py': `import os

from pum import HookBase


class Hook(HookBase):
    def run_hook(self, connection, SRID: int):
${hookBody}
`,
  });
}

describe('Python hooks through the CLI', () => {
  it('install runs the create hook with --python; the caller’s PGSERVICE / PGHOST never reach it', async () => {
    const module = pythonModule(
      'pyinst',
      `        self.execute("CREATE SCHEMA pyinst_app")
        self.execute(
            "CREATE TABLE pyinst_app.info AS SELECT %d AS srid, %s::text AS service"
            % (SRID, "NULL" if "PGSERVICE" not in os.environ and "PGSERVICEFILE" not in os.environ else "'leaked'")
        )`,
    );
    const run = await pum(
      ['install', '--db', db.url, '-d', module, '--param', 'SRID=21781', '--python', PYTHON],
      {
        env: {
          PGSERVICEFILE:
            writeTree(join(work, 'services'), { 'pg_service.conf': '[elsewhere]\ndbname=pum_elsewhere\n' }) +
            '/pg_service.conf',
          PGSERVICE: 'elsewhere',
          PUM_PYTHON: '/nonexistent/python',
        },
      },
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    const client = await db.connect();
    expect((await client.query('SELECT * FROM pyinst_app.info')).rows).toEqual([
      { srid: 21781, service: null },
    ]);
  });

  it('a hook that raises exits 5 naming the file, the line and the Python error, and lists what committed', async () => {
    const module = pythonModule(
      'pyfail',
      '        raise RuntimeError("cannot build views for SRID %d" % SRID)',
    );
    const run = await pum(['install', '--db', db.url, '-d', module], { env: { PUM_PYTHON: PYTHON } });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('app/create_app.py:8: RuntimeError: cannot build views for SRID 2056');
    expect(run.stderr).toContain('  - applied changelogs/1.0.0/01.sql\n');
  });

  it('info, install and upgrade with --skip-create-app need no Python; a missing one is one clear line when a hook must run', async () => {
    const module = pythonModule('pyskip', '        raise AssertionError("must not run")');
    const env = { PUM_PYTHON: '/nonexistent/python3' };
    const info = await pum(['info', '--db', db.url, '-d', module], { env });
    expect([info.code, info.stderr]).toEqual([3, expect.not.stringContaining('ython')]);
    const skipped = await pum(['install', '--db', db.url, '-d', module, '--skip-create-app'], { env });
    expect([skipped.code, skipped.stderr]).toEqual([0, '']);
    const upgrade = await pum(['upgrade', '--db', db.url, '-d', module], { env });
    // Checked before anything runs: nothing changed, exit 2.
    expect(upgrade.code).toBe(2);
    expect(upgrade.stderr).toContain('cannot run the Python /nonexistent/python3');
    expect(upgrade.stderr).toContain('--python PATH or PUM_PYTHON');
    const skippedUpgrade = await pum(['upgrade', '--db', db.url, '-d', module, '--skip-create-app'], { env });
    expect([skippedUpgrade.code, skippedUpgrade.stderr]).toEqual([0, '']);
  });
});
