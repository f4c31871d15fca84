/**
 * Which files an upgrade runs, by the rule of the layout — PUM 0.x's for delta directories, PUM
 * 1.x's for modules — tested on the same four versions in both layouts: 0.9.0, 1.0.0, 1.1.0,
 * 1.2.0. Each file logs its version, so what ran is read back from the database; the plan
 * (`pum info`) must list as pending exactly what the upgrade then runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  applyDeltas,
  baselineDatabase,
  type DeltaModule,
  loadPum0Module,
  loadPum1Module,
  planUpgrade,
  readHistory,
  upgradeModule,
} from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const VERSIONS = ['0.9.0', '1.0.0', '1.1.0', '1.2.0'];
let counter = 0;

/** The SQL of a file of `version`: it logs the version. */
const logs = (schema: string, version: string) =>
  `CREATE TABLE IF NOT EXISTS ${schema}.log (v text);\nINSERT INTO ${schema}.log VALUES ('${version}');\n`;

/** A fresh schema and the same files as a PUM 0.x directory (`delta_<v>_<n>.sql`) and a PUM 1.x module. */
function fixture(extra: string[] = []) {
  const schema = `rules${++counter}`;
  const versions = [...VERSIONS, ...extra];
  const files: Record<string, string> = {
    '.pum.yaml': `pum:\n  module: net\n  migration_table_schema: ${schema}\n`,
  };
  for (const [i, v] of versions.entries()) {
    files[`delta/delta_${v}_step${i}.sql`] = logs(schema, v);
    files[`module/changelogs/${v}/step${i}.sql`] = logs(schema, v);
  }
  files['module/.pum.yaml'] = files['.pum.yaml'] as string;
  delete files['.pum.yaml'];
  const root = writeTree(files);
  return {
    schema,
    root,
    table: { schema, name: 'pum_history' },
    pum0: () => loadPum0Module([join(root, 'delta')]),
    pum1: () => loadPum1Module(join(root, 'module')),
  };
}

/** The versions the files that ran logged, in order. */
async function ran(client: pg.Client, schema: string): Promise<string[]> {
  const exists = await client.query('SELECT to_regclass($1) AS t', [`${schema}.log`]);
  if (exists.rows[0].t === null) return [];
  return (await client.query<{ v: string }>(`SELECT v FROM ${schema}.log`)).rows.map((r) => r.v);
}

/** Each file's status (and reason when skipped or unrecorded), by version. */
async function statuses(
  client: pg.Client,
  module: DeltaModule,
  options: Parameters<typeof planUpgrade>[2],
): Promise<string[]> {
  const plan = await planUpgrade(client, module, options);
  return plan.files.map((f) => `${f.file.version?.text} ${f.status}${f.reason ? `: ${f.reason}` : ''}`);
}

/** PUM 0.10's upgrades table, with rows as PUM wrote them. */
async function pum0Table(client: pg.Client, schema: string, rows: [string, string, number][]): Promise<void> {
  await client.query(`CREATE TABLE ${schema}.info (id serial PRIMARY KEY, version varchar(50) NOT NULL,
    description varchar(200) NOT NULL, type integer NOT NULL, script varchar(1000) NOT NULL,
    checksum varchar(32) NOT NULL, installed_by varchar(100) NOT NULL,
    installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL)`);
  for (const [version, description, type] of rows) {
    await client.query(
      `INSERT INTO ${schema}.info (version, description, type, script, checksum, installed_by, execution_time, success)
       VALUES ($1, $2, $3, '', '', 'postgres', 1, true)`,
      [version, description, type],
    );
  }
}

/** PUM 1.x's `pum_migrations`, with one row per version as PUM wrote them (no files: a baseline). */
async function pum1Table(
  client: pg.Client,
  schema: string,
  rows: { version: string; files: string[]; beta?: boolean }[],
): Promise<void> {
  await client.query(`CREATE TABLE ${schema}.pum_migrations (
    id uuid DEFAULT gen_random_uuid() PRIMARY KEY, date_installed timestamp NOT NULL DEFAULT now(),
    module varchar(50) NOT NULL, version varchar(50) NOT NULL, beta_testing boolean NOT NULL DEFAULT false,
    changelog_files text[], parameters jsonb, migration_table_version integer NOT NULL DEFAULT 2)`);
  for (const row of rows) {
    await client.query(
      `INSERT INTO ${schema}.pum_migrations (module, version, beta_testing, changelog_files, parameters)
       VALUES ('net', $1, $2, $3, '{}')`,
      [row.version, row.beta === true, row.files],
    );
  }
}

describe('PUM 0.x directories: a file runs when not applied, version ≥ current, ≤ --max-version', () => {
  it('after baseline 1.0.0, runs delta_1.0.0_* and later ones, not earlier ones; info lists exactly them', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await baselineDatabase(client, f.pum0(), { version: '1.0.0', table: f.table });
    expect(await statuses(client, f.pum0(), { table: f.table })).toEqual([
      '0.9.0 skipped: below the baseline 1.0.0',
      '1.0.0 pending',
      '1.1.0 pending',
      '1.2.0 pending',
    ]);
    const plan = await planUpgrade(client, f.pum0(), { table: f.table });
    const report = await applyDeltas(client, f.pum0(), { table: f.table });
    expect(report.applied.map((a) => a.path)).toEqual(plan.toRun.map((file) => file.path));
    expect(await ran(client, f.schema)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    // Nothing runs twice.
    expect((await applyDeltas(client, f.pum0(), { table: f.table })).applied).toEqual([]);
    expect(await ran(client, f.schema)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });

  it('--max-version bounds the run; the rest runs on the next upgrade', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await baselineDatabase(client, f.pum0(), { version: '1.0.0', table: f.table });
    expect(await statuses(client, f.pum0(), { table: f.table, maxVersion: '1.1.0' })).toEqual([
      '0.9.0 skipped: below the baseline 1.0.0',
      '1.0.0 pending',
      '1.1.0 pending',
      '1.2.0 skipped: above --max-version 1.1.0',
    ]);
    await applyDeltas(client, f.pum0(), { table: f.table, maxVersion: '1.1.0' });
    expect(await ran(client, f.schema)).toEqual(['1.0.0', '1.1.0']);
    await applyDeltas(client, f.pum0(), { table: f.table });
    expect(await ran(client, f.schema)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });

  it('adopting PUM 0.x: what PUM applied at the baseline version never runs again; a new file at the current version runs, an older one not', async () => {
    const client = await db.connect();
    const f = fixture(['1.0.5']);
    await client.query(`CREATE SCHEMA ${f.schema}`);
    // PUM: baseline 1.0.0, then delta_1.0.0_step1 and delta_1.1.0_step2 applied (type 8: SQL).
    // delta_1.0.5_step4 was added to the directory later; delta_1.1.0_new too.
    await pum0Table(client, f.schema, [
      ['1.0.0', 'baseline', 0],
      ['1.0.0', 'step1', 8],
      ['1.1.0', 'step2', 8],
    ]);
    writeFileSync(join(f.root, 'delta/delta_1.1.0_new.sql'), logs(f.schema, '1.1.0 new'));
    const module = f.pum0();
    const legacy = { schema: f.schema, name: 'info' };
    expect(await statuses(client, module, { table: legacy })).toEqual([
      '0.9.0 skipped: older than the current version 1.1.0',
      '1.0.0 applied',
      '1.0.5 skipped: older than the current version 1.1.0',
      '1.1.0 pending',
      '1.1.0 applied',
      '1.2.0 pending',
    ]);
    const plan = await planUpgrade(client, module, { table: legacy });
    const report = await applyDeltas(client, module, { table: legacy });
    expect(report.applied.map((a) => a.path)).toEqual(plan.toRun.map((file) => file.path));
    expect(await ran(client, f.schema)).toEqual(['1.1.0 new', '1.2.0']);
  });

  it('a baseline ahead of every delta runs none of them; a --max-version that is not a version changes nothing', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await baselineDatabase(client, f.pum0(), { version: '5.0.0', table: f.table });
    const plan = await planUpgrade(client, f.pum0(), { table: f.table });
    expect(plan.files.map((p) => p.reason)).toEqual(VERSIONS.map(() => 'below the baseline 5.0.0'));
    expect(plan.toRun).toEqual([]);
    await expect(applyDeltas(client, f.pum0(), { table: f.table, maxVersion: 'next' })).rejects.toMatchObject(
      {
        code: 'PUM_INVALID_VERSION',
      },
    );
    expect((await applyDeltas(client, f.pum0(), { table: f.table })).applied).toEqual([]);
    expect(await ran(client, f.schema)).toEqual([]);
    await expect(
      baselineDatabase(client, f.pum0(), { version: '1.0.0', table: f.table }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
    });
  });
});

describe('PUM 1.x modules: a version runs when above the installed one and ≤ --max-version', () => {
  it('installed by PUM up to 1.1.0: runs 1.2.0 only; the same files as a 0.x directory after baseline 1.0.0 would run 1.0.0 too', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await pum1Table(client, f.schema, [
      { version: '0.9.0', files: ['changelogs/0.9.0/step0.sql'] },
      { version: '1.0.0', files: ['changelogs/1.0.0/step1.sql'] },
      { version: '1.1.0', files: ['changelogs/1.1.0/step2.sql'] },
    ]);
    expect(await statuses(client, f.pum1(), {})).toEqual([
      '0.9.0 applied',
      '1.0.0 applied',
      '1.1.0 applied',
      '1.2.0 pending',
    ]);
    await upgradeModule(client, f.pum1());
    expect(await ran(client, f.schema)).toEqual(['1.2.0']);
  });

  it('a baseline at 1.0.0 with 0.9.0 never recorded: refused (nothing changed) unless --skip-baseline-check', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await pum1Table(client, f.schema, [{ version: '1.0.0', files: [] }]);
    expect(await statuses(client, f.pum1(), {})).toEqual([
      '0.9.0 unrecorded: at or below the installed version 1.0.0, but version 0.9.0 was never recorded as applied',
      '1.0.0 skipped: at the baseline 1.0.0',
      '1.1.0 pending',
      '1.2.0 pending',
    ]);
    await expect(upgradeModule(client, f.pum1())).rejects.toMatchObject({
      code: 'PUM_HISTORY_INCONSISTENT',
      message: expect.stringContaining('changelogs/0.9.0/step0.sql'),
      hint: expect.stringContaining('--skip-baseline-check'),
    });
    expect(await ran(client, f.schema)).toEqual([]);
    expect(
      (await client.query('SELECT to_regclass($1) AS t', [`${f.schema}.pum_history`])).rows[0].t,
    ).toBeNull();

    const options = { skipBaselineCheck: true };
    expect(await statuses(client, f.pum1(), options)).toEqual([
      '0.9.0 skipped: at or below the installed version 1.0.0 (--skip-baseline-check)',
      '1.0.0 skipped: at the baseline 1.0.0',
      '1.1.0 pending',
      '1.2.0 pending',
    ]);
    await upgradeModule(client, f.pum1(), options);
    expect(await ran(client, f.schema)).toEqual(['1.1.0', '1.2.0']);
    // Installed now at 1.2.0, 0.9.0 still unrecorded: the check applies on every upgrade.
    await expect(upgradeModule(client, f.pum1())).rejects.toMatchObject({ code: 'PUM_HISTORY_INCONSISTENT' });
    expect((await upgradeModule(client, f.pum1(), options)).applied).toEqual([]);
  });

  it("pum's own baseline follows the same rule", async () => {
    const client = await db.connect();
    const f = fixture();
    await baselineDatabase(client, f.pum1(), { version: '1.0.0' });
    const plan = await planUpgrade(client, f.pum1());
    expect(plan.files.map((p) => p.status)).toEqual(['unrecorded', 'skipped', 'pending', 'pending']);
    await expect(upgradeModule(client, f.pum1())).rejects.toMatchObject({ code: 'PUM_HISTORY_INCONSISTENT' });
    await upgradeModule(client, f.pum1(), { skipBaselineCheck: true });
    expect(await ran(client, f.schema)).toEqual(['1.1.0', '1.2.0']);
  });

  it('--max-version bounds the run; a file added to an installed version is skipped, as PUM 1.x runs a version once', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await pum1Table(client, f.schema, [
      { version: '0.9.0', files: ['changelogs/0.9.0/step0.sql'] },
      { version: '1.0.0', files: ['changelogs/1.0.0/step1.sql'] },
    ]);
    expect(await statuses(client, f.pum1(), { maxVersion: '1.1.0' })).toEqual([
      '0.9.0 applied',
      '1.0.0 applied',
      '1.1.0 pending',
      '1.2.0 skipped: above --max-version 1.1.0',
    ]);
    await upgradeModule(client, f.pum1(), { maxVersion: '1.1.0' });
    expect(await ran(client, f.schema)).toEqual(['1.1.0']);
    writeFileSync(join(f.root, 'module/changelogs/1.0.0/late.sql'), logs(f.schema, '1.0.0 late'));
    const plan = await planUpgrade(client, f.pum1());
    expect(plan.files.map((p) => `${p.file.path} ${p.status}`)).toEqual([
      'changelogs/0.9.0/step0.sql applied',
      'changelogs/1.0.0/late.sql skipped',
      'changelogs/1.0.0/step1.sql applied',
      'changelogs/1.1.0/step2.sql applied',
      'changelogs/1.2.0/step3.sql pending',
    ]);
    expect(plan.files[1]?.reason).toBe(
      "version 1.0.0 was applied without this file: PUM 1.x runs a version's files once",
    );
    await upgradeModule(client, f.pum1());
    expect(await ran(client, f.schema)).toEqual(['1.1.0', '1.2.0']);
  });

  it('beta testing: the highest version decides; a forced upgrade stays beta testing', async () => {
    const client = await db.connect();
    const f = fixture();
    await client.query(`CREATE SCHEMA ${f.schema}`);
    await pum1Table(client, f.schema, [
      { version: '0.9.0', files: ['changelogs/0.9.0/step0.sql'], beta: true },
      { version: '1.0.0', files: ['changelogs/1.0.0/step1.sql'] },
    ]);
    // A beta row below the installed version does not count.
    expect((await planUpgrade(client, f.pum1())).betaTesting).toBe(false);
    await upgradeModule(client, f.pum1(), { maxVersion: '1.1.0', betaTesting: true });
    expect(await ran(client, f.schema)).toEqual(['1.1.0']);
    expect((await planUpgrade(client, f.pum1())).betaTesting).toBe(true);
    await expect(upgradeModule(client, f.pum1())).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining('beta testing (version 1.1.0)'),
      hint: expect.stringContaining('--force'),
    });
    expect(await ran(client, f.schema)).toEqual(['1.1.0']);
    await upgradeModule(client, f.pum1(), { force: true });
    expect(await ran(client, f.schema)).toEqual(['1.1.0', '1.2.0']);
    const history = await readHistory(client, f.table);
    expect(history.filter((h) => h.version === '1.2.0').map((h) => h.betaTesting)).toEqual([true]);
    expect((await planUpgrade(client, f.pum1())).betaTesting).toBe(true);
  });
});
