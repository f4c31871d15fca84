/**
 * Issue 13, items 4 and 5: what identifies an applied delta. Renaming or moving the checkout
 * re-applies nothing; a mistyped or forgotten -t does not start a fresh history on an upgraded
 * database (unless --new-history says so).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { UpgradeJson } from '../src/json-schemas.js';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

/** The `--json` of an upgrade that ran (not a dry run). */
const upgradeJson = (stdout: string) => jsonOutput('upgrade', stdout) as UpgradeJson;

const renamed0 = useTestDatabase();
const renamed1 = useTestDatabase();
const guarded = useTestDatabase();
const fresh = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-identity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A PUM 0.x delta directory whose deltas fail when run twice. */
const PUM0_DELTAS = {
  'delta_1.0.0_init.sql': 'CREATE SCHEMA app; CREATE TABLE app.log (v text PRIMARY KEY);',
  'delta_1.0.1_fill.sql': "INSERT INTO app.log VALUES ('1.0.1');",
  'delta_1.1.0.pre.sql': "INSERT INTO app.log VALUES ('1.1.0 pre');",
  'delta_1.1.0_more.sql': "INSERT INTO app.log VALUES ('1.1.0');",
};

async function logRows(url: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>('SELECT v FROM app.log ORDER BY v')).rows.map((r) => r.v);
  } finally {
    await client.end();
  }
}

describe('a delta is identified by what it is, not by where the checkout lives', () => {
  it('PUM 0.x directories: renamed and moved, nothing is applied again and info says up to date', async () => {
    const first = writeTree(join(work, 'checkout-a', 'delta'), PUM0_DELTAS);
    const up = await pum(['upgrade', '--db', renamed0.url, '-d', first, '--json']);
    expect(up.stderr).toBe('');
    expect(upgradeJson(up.stdout).applied).toHaveLength(4);

    // Another checkout, elsewhere, under another name.
    const moved = join(work, 'elsewhere', 'renamed-deltas');
    mkdirSync(dirname(moved), { recursive: true });
    cpSync(first, moved, { recursive: true });
    rmSync(join(work, 'checkout-a'), { recursive: true });
    const info = await pum(['info', '--db', renamed0.url, '-d', moved]);
    expect(info.stdout).toContain('up to date');
    expect(info.code).toBe(0);
    const again = await pum(['upgrade', '--db', renamed0.url, '-d', moved, '--json']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(upgradeJson(again.stdout).applied).toEqual([]);

    // A new delta in the renamed directory runs once, recorded under the module's first name.
    writeFileSync(join(moved, 'delta_1.2.0_last.sql'), "INSERT INTO app.log VALUES ('1.2.0');");
    const next = await pum(['upgrade', '--db', renamed0.url, '-d', moved, '--json']);
    expect(upgradeJson(next.stdout)).toMatchObject({
      module: 'delta',
      applied: [{ version: '1.2.0' }],
    });
    const third = join(work, 'third-name');
    cpSync(moved, third, { recursive: true });
    expect((await pum(['info', '--db', renamed0.url, '-d', third])).code).toBe(0);
    expect(await logRows(renamed0.url)).toEqual(['1.0.1', '1.1.0', '1.1.0 pre', '1.2.0']);
  });

  it('a PUM 1.x module without pum.module: renamed and moved, nothing is applied again', async () => {
    const files = {
      '.pum.yaml': 'pum:\n  migration_table_schema: app_sys\n',
      'changelogs/1.0.0/01_init.sql': 'CREATE SCHEMA app; CREATE TABLE app.log (v text PRIMARY KEY);\n',
      'changelogs/1.0.0/02_fill.sql': "INSERT INTO app.log VALUES ('1.0.0');\n",
      'changelogs/1.1.0/01_more.sql': "INSERT INTO app.log VALUES ('1.1.0');\n",
    };
    const first = writeTree(join(work, 'datamodel'), files);
    const installed = await pum(['install', '--db', renamed1.url, '-d', first, '--json']);
    expect(installed.stderr).toBe('');
    expect(jsonOutput('install', installed.stdout).applied).toHaveLength(3);

    const moved = join(work, 'moved', 'tww-datamodel');
    mkdirSync(dirname(moved), { recursive: true });
    cpSync(first, moved, { recursive: true });
    rmSync(first, { recursive: true });
    const info = await pum(['info', '--db', renamed1.url, '-d', moved]);
    expect(info.stdout).toContain('up to date');
    expect(info.code).toBe(0);
    const again = await pum(['upgrade', '--db', renamed1.url, '-d', moved, '--json']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(upgradeJson(again.stdout).applied).toEqual([]);
    expect(await logRows(renamed1.url)).toEqual(['1.0.0', '1.1.0']);
  });
});

describe('a database with history elsewhere is not given a fresh one by mistake', () => {
  const deltas = writeTree(join(work, 'guard', 'delta'), PUM0_DELTAS);

  it('refuses when the history is in another pum table, a PUM 0.x upgrades table or PUM 1.x pum_migrations', async () => {
    const up = await pum(['upgrade', '--db', guarded.url, '-t', 'app_sys.pum_history', '-d', deltas]);
    expect(up.code).toBe(0);

    const mistyped = await pum(['upgrade', '--db', guarded.url, '-t', 'app_sys.pum_histroy', '-d', deltas]);
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toContain('this database already has history in "app_sys"."pum_history"');
    expect(mistyped.stderr).toContain('did you mean -t "app_sys"."pum_history"?');
    expect(mistyped.stderr).toContain('--new-history');
    // info shows the mistyped table's plan (all pending) and says where the history is.
    const info = await pum(['info', '--db', guarded.url, '-t', 'app_sys.pum_histroy', '-d', deltas]);
    expect(info.code).toBe(3);
    expect(info.stderr).toContain(
      'note: this database already has history in "app_sys"."pum_history" (pum\'s history, 4 row(s)), but none in "app_sys"."pum_histroy"; did you mean -t "app_sys"."pum_history"?',
    );
    // A baseline into the mistyped table is refused the same way.
    const baseline = await pum([
      'baseline',
      '--db',
      guarded.url,
      '-t',
      'app_sys.pum_histroy',
      '-d',
      deltas,
      '-b',
      '1.1.0',
    ]);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain('did you mean -t "app_sys"."pum_history"?');
    const forgotten = await pum(['upgrade', '--db', guarded.url, '-d', deltas]);
    expect(forgotten.code).toBe(2);
    expect(forgotten.stderr).toContain('did you mean -t "app_sys"."pum_history"?');

    // The same for a PUM 0.x upgrades table (not called *pum*: found by its columns) …
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: guarded.url });
    await client.connect();
    try {
      await client.query('DROP TABLE app_sys.pum_history');
      await client.query(`CREATE SCHEMA qwat_sys;
        CREATE TABLE qwat_sys.info (id serial PRIMARY KEY, version varchar(50), description varchar(200),
          type integer, script varchar(1000), checksum varchar(32), installed_by varchar(100),
          installed_on timestamp DEFAULT now(), execution_time integer, success boolean);
        INSERT INTO qwat_sys.info (version, description, type, script, success)
          VALUES ('1.0.0', 'init', 8, 'delta_1.0.0_init.sql', true), ('1.0.1', 'fill', 8, 'delta_1.0.1_fill.sql', true)`);
      const pum0 = await pum(['upgrade', '--db', guarded.url, '-d', deltas]);
      expect(pum0.code).toBe(2);
      expect(pum0.stderr).toContain('already has history in "qwat_sys"."info" (a PUM 0.x upgrades table');
      expect(pum0.stderr).toContain('did you mean -t "qwat_sys"."info"?');

      // … and for PUM 1.x's pum_migrations, here in another schema than .pum.yaml says.
      await client.query('DROP SCHEMA qwat_sys CASCADE');
      await client.query(`CREATE TABLE public.pum_migrations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          date_installed timestamp DEFAULT now(), module text, version text, beta_testing boolean,
          changelog_files text[], parameters jsonb, migration_table_version text, pum_version text);
        INSERT INTO public.pum_migrations (module, version, changelog_files)
          VALUES ('tww', '1.0.0', ARRAY['changelogs/1.0.0/01_init.sql'])`);
      const module = writeTree(join(work, 'guard', 'tww'), {
        '.pum.yaml': 'pum:\n  module: tww\n  migration_table_schema: tww_sys\n',
        'changelogs/1.0.0/01_init.sql': 'CREATE SCHEMA tww_od;\n',
      });
      const pum1 = await pum(['upgrade', '--db', guarded.url, '-d', module]);
      expect(pum1.code).toBe(2);
      expect(pum1.stderr).toContain('already has history in "public"."pum_migrations"');
      expect(pum1.stderr).toContain('check pum.migration_table_schema in .pum.yaml');
      // Nothing was changed by the refused runs.
      const tables = await client.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('pum_histroy', 'pum_history') OR schemaname = 'tww_sys'",
      );
      expect(tables.rows[0].n).toBe(0);
      expect(await logRows(guarded.url)).toEqual(['1.0.1', '1.1.0', '1.1.0 pre']);

      // --new-history says it is on purpose.
      const onPurpose = await pum(['upgrade', '--db', guarded.url, '-d', module, '--new-history', '--json']);
      expect(onPurpose.stderr).toBe('');
      expect(onPurpose.code).toBe(0);
      expect(upgradeJson(onPurpose.stdout).applied).toHaveLength(1);
    } finally {
      await client.end();
    }
  });

  it('a database without history anywhere needs no flag', async () => {
    const up = await pum(['upgrade', '--db', fresh.url, '-t', 'app_sys.pum_info', '-d', deltas, '--json']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(upgradeJson(up.stdout).applied).toHaveLength(4);
  });
});
