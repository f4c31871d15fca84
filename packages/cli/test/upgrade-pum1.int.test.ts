/** End-to-end PUM 1.x modules: `.pum.yaml`, changelogs, hooks, typed parameters, adoption of pum_migrations. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pum1Yaml, SRID, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const fresh = useTestDatabase();
const adopted = useTestDatabase();
const baselined = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-module-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODULE: Record<string, string> = {
  '.pum.yaml': pum1Yaml({
    module: 'tww',
    historySchema: 'tww_sys',
    parameters: [SRID, { name: 'lang', type: 'text', default: 'en', values: ['en', 'fr'] }],
    application: { drop: 'code: DROP SCHEMA IF EXISTS tww_app CASCADE;', create: 'file: app/create_app.sql' },
  }),
  'changelogs/1.0.0/01_init.sql': 'CREATE SCHEMA tww_od;\nCREATE TABLE tww_od.reach (id int PRIMARY KEY);\n',
  'changelogs/1.0.0/02_value_list.sql':
    "CREATE TABLE tww_od.vl (code text, pattern text);\nINSERT INTO tww_od.vl VALUES ({lang}, '\\d{4}');\n",
  'changelogs/1.10.0/01_srid.sql': 'ALTER TABLE tww_od.reach ADD COLUMN srid int DEFAULT {SRID};\n',
  'changelogs/1.9.0/01_comment.sql': "COMMENT ON TABLE tww_od.reach IS 'reaches';\n",
  'app/create_app.sql':
    'CREATE SCHEMA tww_app;\nCREATE VIEW tww_app.vw_reach AS SELECT * FROM tww_od.reach;\n',
};

writeTree(join(work, 'datamodel'), MODULE);

describe('PUM 1.x modules', () => {
  it('upgrades with the PUM 1.x command line: hooks around changelogs, typed parameters, versions as versions', async () => {
    const result = await pum(['-p', fresh.url, '-d', 'datamodel', 'upgrade', '-p', 'lang', 'fr'], {
      cwd: work,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/✓ \S+/g)).toEqual([
      '✓ .pum.yaml#application.drop[0]',
      '✓ changelogs/1.0.0/01_init.sql',
      '✓ changelogs/1.0.0/02_value_list.sql',
      '✓ changelogs/1.9.0/01_comment.sql',
      '✓ changelogs/1.10.0/01_srid.sql',
      '✓ app/create_app.sql',
    ]);
    const client = await fresh.connect();
    expect((await client.query('SELECT code, pattern FROM tww_od.vl')).rows).toEqual([
      { code: 'fr', pattern: '\\d{4}' },
    ]);
    expect(
      (
        await client.query(
          "SELECT column_default FROM information_schema.columns WHERE table_name = 'reach' AND column_name = 'srid'",
        )
      ).rows,
    ).toEqual([{ column_default: '2056' }]);
    const info = await pum(['info', '--db', fresh.url, '--dir', 'datamodel', '--json'], { cwd: work });
    expect(info.code).toBe(0);
    expect(jsonOutput('info', info.stdout)).toMatchObject({
      table: { schema: 'tww_sys', name: 'pum_history' },
      currentVersion: '1.10.0',
    });
    // lang is not app_only: it keeps the value it was installed with.
    const changed = await pum(['upgrade', '--db', fresh.url, '--dir', 'datamodel'], { cwd: work });
    expect(changed.code).toBe(2);
    expect(changed.stderr).toBe(
      'error parameter values differ from those the module was installed with:\n  lang: installed with "fr", given "en" (PUM_INVALID_ARGUMENT)\n' +
        'hint  give the installed values again (-p lang fr); only parameters declared app_only may change after install\n',
    );
    // Hooks run on every upgrade; changelogs once.
    const again = await pum(
      ['upgrade', '--db', fresh.url, '--dir', 'datamodel', '--param', 'lang=fr', '--json'],
      {
        cwd: work,
      },
    );
    expect(jsonOutput('upgrade', again.stdout)).toMatchObject({
      command: 'upgrade',
      module: 'tww',
      adopted: 0,
      applied: [{ path: '.pum.yaml#application.drop[0]' }, { path: 'app/create_app.sql' }],
    });
  });

  it('rejects a parameter value outside the declared values, and an undeclared parameter', async () => {
    const bad = await pum(['upgrade', '--db', fresh.url, '--dir', 'datamodel', '--param', 'lang=de'], {
      cwd: work,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error parameter lang: de is not one of en, fr/);
    const unknown = await pum(['upgrade', '--db', fresh.url, '--dir', 'datamodel', '--param', 'SRDI=1'], {
      cwd: work,
    });
    expect(unknown.stderr).toMatch(/^error unknown parameter SRDI/);
  });

  it('adopts a database PUM 1.x installed: only what is new runs', async () => {
    const client = await adopted.connect();
    await client.query(`CREATE SCHEMA tww_od; CREATE TABLE tww_od.reach (id int PRIMARY KEY);
      CREATE TABLE tww_od.vl (code text, pattern text); INSERT INTO tww_od.vl VALUES ('en', '\\d{4}');
      CREATE SCHEMA tww_sys;
      CREATE TABLE tww_sys.pum_migrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(), date_installed timestamptz NOT NULL DEFAULT now(),
        module text NOT NULL, version text NOT NULL, beta_testing boolean NOT NULL DEFAULT false,
        changelog_files text[], parameters jsonb, migration_table_version text NOT NULL DEFAULT '3', pum_version text);
      INSERT INTO tww_sys.pum_migrations (module, version, changelog_files, parameters, pum_version)
        VALUES ('tww', '1.0.0', ARRAY['changelogs/1.0.0/01_init.sql', 'changelogs/1.0.0/02_value_list.sql'], '{"SRID": 2056}', '1.8.0')`);
    // The values PUM recorded in pum_migrations bind us too.
    const srid = await pum(['upgrade', '--db', adopted.url, '--dir', 'datamodel', '--param', 'SRID=21781'], {
      cwd: work,
    });
    expect(srid.code).toBe(2);
    expect(srid.stderr).toMatch(
      /^error parameter values differ .*\n {2}SRID: installed with "2056", given "21781" \(PUM_INVALID_ARGUMENT\)\n/,
    );
    const result = await pum(['upgrade', '--db', adopted.url, '--dir', 'datamodel'], { cwd: work });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('adopted 2 rows');
    expect(result.stdout.match(/✓ \S+/g)).toEqual([
      '✓ .pum.yaml#application.drop[0]',
      '✓ changelogs/1.9.0/01_comment.sql',
      '✓ changelogs/1.10.0/01_srid.sql',
      '✓ app/create_app.sql',
    ]);
    expect((await client.query('SELECT count(*)::int AS n FROM tww_od.vl')).rows[0].n).toBe(1);
    // The versions pum applied are in pum_migrations too, as PUM 1.8 records them (paths as PUM,
    // run from the same directory with the same -d, records them): PUM can take over again.
    const { rows } = await client.query(
      `SELECT module, version, changelog_files, parameters, migration_table_version, pum_version
       FROM tww_sys.pum_migrations ORDER BY date_installed, version`,
    );
    expect(rows.slice(1).sort((a, b) => a.version.localeCompare(b.version))).toEqual([
      {
        module: 'tww',
        version: '1.10.0',
        changelog_files: ['datamodel/changelogs/1.10.0/01_srid.sql'],
        parameters: { SRID: 2056, lang: 'en' },
        migration_table_version: '3',
        pum_version: '1.8.0',
      },
      {
        module: 'tww',
        version: '1.9.0',
        changelog_files: ['datamodel/changelogs/1.9.0/01_comment.sql'],
        parameters: { SRID: 2056, lang: 'en' },
        migration_table_version: '3',
        pum_version: '1.8.0',
      },
    ]);
    // …and pum's next run adopts none of them again.
    const again = await pum(['upgrade', '--db', adopted.url, '--dir', 'datamodel', '--json'], { cwd: work });
    expect(jsonOutput('upgrade', again.stdout)).toMatchObject({ adopted: 0 });
  });

  it("runs PUM 1.x's baseline line unchanged; the upgrade then starts after the baseline", async () => {
    const client = await baselined.connect();
    await client.query(
      'CREATE SCHEMA tww_od; CREATE TABLE tww_od.reach (id int PRIMARY KEY); CREATE TABLE tww_od.vl (code text, pattern text)',
    );
    const baseline = await pum(
      ['-p', baselined.url, '-d', 'datamodel', 'baseline', '-b', '1.0.0', '--create-table'],
      {
        cwd: work,
      },
    );
    expect(baseline.stderr).toBe('');
    expect(baseline.code).toBe(0);
    const upgrade = await pum(['-p', baselined.url, '-d', 'datamodel', 'upgrade', '--skip-drop-app'], {
      cwd: work,
    });
    expect(upgrade.stderr).toBe('');
    expect(upgrade.stdout.match(/✓ \S+/g)).toEqual([
      '✓ changelogs/1.9.0/01_comment.sql',
      '✓ changelogs/1.10.0/01_srid.sql',
      '✓ app/create_app.sql',
    ]);
    const json = await pum(
      ['baseline', '--db', baselined.url, '--dir', 'datamodel', '-b', '1.10.0', '--json'],
      {
        cwd: work,
      },
    );
    expect(json.stderr).toBe('');
    expect(jsonOutput('baseline', json.stdout)).toEqual({
      command: 'baseline',
      formatVersion: 1,
      database: expect.any(String),
      baseline: '1.10.0',
    });
  });
});
