/** End-to-end `pum install` of a PUM 1.x module: roles, changelogs, hooks, grants, demo data, one transaction. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const db = useTestDatabase();
const broken = useTestDatabase();
const partial = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeModule(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, dir, path)), { recursive: true });
    writeFileSync(join(work, dir, path), text);
  }
}

const YAML = `pum:
  module: wwt
  migration_table_schema: wwt_sys
parameters:
  - name: SRID
    type: integer
    default: 2056
roles:
  - name: pum_it_viewer
    description: reads the data model
    permissions:
      - type: read
        schemas: [wwt_od]
  - name: pum_it_user
    inherit: pum_it_viewer
    permissions:
      - type: write
        schemas: [wwt_od]
application:
  create:
    - file: app/create.sql
demo_data:
  - name: Aletsch
    file: demo/aletsch.sql
`;

writeModule('datamodel', {
  '.pum.yaml': YAML,
  'changelogs/1.0.0/01_init.sql':
    'CREATE SCHEMA wwt_od;\nCREATE TABLE wwt_od.reach (id int PRIMARY KEY, srid int DEFAULT {SRID});\n',
  'changelogs/1.1.0/01_more.sql': 'ALTER TABLE wwt_od.reach ADD COLUMN name text;\n',
  'app/create.sql':
    'CREATE SCHEMA IF NOT EXISTS wwt_app;\nCREATE OR REPLACE VIEW wwt_app.vw_reach AS SELECT * FROM wwt_od.reach;\n',
  'demo/aletsch.sql': "INSERT INTO wwt_od.reach (id, name) VALUES (1, 'Aletsch');\n",
});

describe('pum install', () => {
  it('installs with the PUM 1.x command line, roles and grants included, demo data loaded', async () => {
    const result = await pum(
      ['-p', db.url, '-d', 'datamodel', 'install', '-p', 'SRID', '21781', '-d', 'Aletsch'],
      { cwd: work },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/✓ \S+/g)).toEqual([
      '✓ .pum.yaml#roles',
      '✓ changelogs/1.0.0/01_init.sql',
      '✓ changelogs/1.1.0/01_more.sql',
      '✓ app/create.sql',
      '✓ .pum.yaml#grants',
      '✓ demo/aletsch.sql',
    ]);
    expect(result.stdout).toContain('installed wwt into');
    const client = await db.connect();
    expect((await client.query('SELECT id, srid, name FROM wwt_od.reach')).rows).toEqual([
      { id: 1, srid: 21781, name: 'Aletsch' },
    ]);
    // The viewer role may read, not write; the user inherits reading and may write.
    const asRole = async (role: string, sql: string) => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        await c.query(`SET ROLE ${role}`);
        return await c.query(sql);
      } finally {
        await c.end();
      }
    };
    expect((await asRole('pum_it_viewer', 'SELECT count(*)::int AS n FROM wwt_od.reach')).rows[0].n).toBe(1);
    await expect(asRole('pum_it_viewer', 'DELETE FROM wwt_od.reach')).rejects.toThrow(/permission denied/);
    expect((await asRole('pum_it_user', 'UPDATE wwt_od.reach SET name = $$x$$')).rowCount).toBe(1);
  });

  it('refuses to install twice, and upgrade then runs only the hooks', async () => {
    const again = await pum(['install', '--db', db.url, '--dir', 'datamodel'], { cwd: work });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error wwt is already installed \(version 1\.1\.0\)/);
    const refused = await pum(['upgrade', '--db', db.url, '--dir', 'datamodel'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('SRID: installed with "21781", given "2056"');
    const upgrade = await pum(['upgrade', '--db', db.url, '--dir', 'datamodel', '--param', 'SRID=21781'], {
      cwd: work,
    });
    // As in PUM 1.x, an upgrade creates missing roles and grants again (new tables included).
    expect(upgrade.stdout.match(/✓ \S+/g)).toEqual([
      '✓ .pum.yaml#roles',
      '✓ app/create.sql',
      '✓ .pum.yaml#grants',
    ]);
  });

  it('runs only the parts asked for, and keeps a beta testing database from upgrades unless forced', async () => {
    const install = await pum(
      [
        'install',
        '--db',
        partial.url,
        '--dir',
        'datamodel',
        '--skip-grant',
        '--skip-create-app',
        '--beta-testing',
      ],
      { cwd: work },
    );
    expect(install.stderr).toBe('');
    expect(install.stdout.match(/✓ \S+/g)).toEqual([
      '✓ .pum.yaml#roles',
      '✓ changelogs/1.0.0/01_init.sql',
      '✓ changelogs/1.1.0/01_more.sql',
    ]);
    const client = await partial.connect();
    const state = async () =>
      (
        await client.query(
          "SELECT has_schema_privilege('pum_it_viewer', 'wwt_od', 'USAGE') AS usage, to_regnamespace('wwt_app') IS NOT NULL AS app",
        )
      ).rows[0];
    expect(await state()).toEqual({ usage: false, app: false });

    const refused = await pum(['upgrade', '--db', partial.url, '--dir', 'datamodel'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^error wwt was installed or upgraded as beta testing \(version [0-9.]+\): it takes no further upgrade/,
    );
    expect(await state()).toEqual({ usage: false, app: false });

    const forced = await pum(
      ['upgrade', '--db', partial.url, '--dir', 'datamodel', '--force', '--skip-drop-app'],
      {
        cwd: work,
      },
    );
    expect(forced.stderr).toBe('');
    expect(forced.stdout.match(/✓ \S+/g)).toEqual([
      '✓ .pum.yaml#roles',
      '✓ app/create.sql',
      '✓ .pum.yaml#grants',
    ]);
    expect(await state()).toEqual({ usage: true, app: true });
  });

  it('refuses PUM 1.x application options for a PUM 0.x delta directory', async () => {
    writeModule('delta0', { 'delta_1.0.0.sql': 'SELECT 1;\n' });
    const result = await pum(['upgrade', '--db', partial.url, '--dir', 'delta0', '--skip-create-app'], {
      cwd: work,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error --skip-create-app: only for PUM 1\.x modules/);
  });

  it('leaves nothing behind when a changelog fails, and names an unknown demo data set', async () => {
    writeModule('broken', {
      '.pum.yaml': YAML.replace('module: wwt', 'module: wwt_broken').replace(
        /roles:[\s\S]*?application:/,
        'application:',
      ),
      'changelogs/1.0.0/01_init.sql':
        'CREATE SCHEMA wwt_od;\nCREATE TABLE wwt_od.reach (id int PRIMARY KEY, srid int DEFAULT {SRID});\n',
      'changelogs/1.1.0/01_bad.sql': 'ALTER TABLE wwt_od.nope ADD COLUMN x int;\n',
      'app/create.sql': 'SELECT 1;\n',
      'demo/aletsch.sql': 'SELECT 1;\n',
    });
    const unknown = await pum(
      ['install', '--db', broken.url, '--dir', 'broken', '--demo-data', 'Matterhorn'],
      { cwd: work },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error unknown demo data set "Matterhorn"/);
    const failed = await pum(['install', '--db', broken.url, '--dir', 'broken'], { cwd: work });
    expect(failed.code).toBe(5);
    const client = await broken.connect();
    expect(
      (await client.query("SELECT to_regnamespace('wwt_od') AS s, to_regnamespace('wwt_sys') AS h")).rows[0],
    ).toEqual({ s: null, h: null });
  });
});
