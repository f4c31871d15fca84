/**
 * pum keeps PUM 1.x's `pum_migrations` as PUM 1.8 wrote it: created with PUM 1.8's layout, one
 * row per version directory with its changelog files and the run's parameters; PUM 1.8, reading
 * the database after pum, finds the version and nothing to do; pum, reading it after PUM, adopts
 * only PUM's new rows. The rows are read back through PUM 1.8's own queries.
 */
import { join, relative } from 'node:path';
import { pum1Yaml, SRID, useTestDatabase, WEBGIS } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  baselineDatabase,
  installModule,
  loadPum1Module,
  readHistory,
  resolvePum1Parameters,
  upgradeModule,
} from '../src/index.js';
import { columnsOf, failure } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

/** The columns of `pum_migrations` as PUM 1.8 creates it. */
const PUM1_LAYOUT = [
  ['id', 'uuid', null, 'NO', 'gen_random_uuid()'],
  ['date_installed', 'timestamp without time zone', null, 'NO', 'now()'],
  ['module', 'character varying', 50, 'NO', null],
  ['version', 'character varying', 50, 'NO', null],
  ['beta_testing', 'boolean', null, 'NO', 'false'],
  ['changelog_files', 'ARRAY', null, 'YES', null],
  ['parameters', 'jsonb', null, 'YES', null],
  ['migration_table_version', 'integer', null, 'NO', '3'],
  ['pum_version', 'character varying', 50, 'NO', "'1.8.0'::character varying"],
];

function module(schema: string, extra: Record<string, string> = {}): string {
  return writeTree({
    '.pum.yaml': pum1Yaml({
      module: 'tww',
      historySchema: schema,
      parameters: [SRID, WEBGIS, { name: 'lang', type: 'text', default: 'en' }],
      application: {
        drop: `code: DROP SCHEMA IF EXISTS ${schema}_app CASCADE`,
        create: `code: CREATE SCHEMA ${schema}_app`,
      },
    }),
    'changelogs/1.0.0/01_schema.sql': `CREATE SCHEMA ${schema}_od;`,
    'changelogs/1.0.0/02_reach.sql': `CREATE TABLE ${schema}_od.reach (id int);`,
    'changelogs/1.1.0/01_valve.sql': `CREATE TABLE ${schema}_od.valve (id int);`,
    ...extra,
  });
}

/** The rows of `pum_migrations`, every column, oldest first. */
async function pumRows(client: pg.Client, schema: string) {
  const { rows } = await client.query(
    `SELECT module, version, beta_testing, changelog_files, parameters, migration_table_version, pum_version,
       date_installed IS NOT NULL AND date_installed <= now() AS dated, id
     FROM ${schema}.pum_migrations ORDER BY version, date_installed`,
  );
  return rows;
}

/** PUM 1.8's installed version: the highest version sorted as text, the latest first. */
async function pumBaseline(client: pg.Client, schema: string): Promise<string> {
  const { rows } = await client.query(
    `SELECT version FROM ${schema}.pum_migrations WHERE id = (
       SELECT id FROM ${schema}.pum_migrations ORDER BY version DESC, date_installed DESC LIMIT 1)`,
  );
  return rows[0].version;
}

const placeholders = (root: string, given: Record<string, string>) => ({
  dialect: 'pum1' as const,
  parameters: resolvePum1Parameters(loadPum1Module(root).parameters, given),
});

describe('writing PUM 1.x history', () => {
  it('creates pum_migrations as PUM 1.8 does and records one row per version directory', async () => {
    const client = await db.connect();
    const root = module('w1_sys');
    const loaded = loadPum1Module(root);
    const report = await installModule(client, loaded, {
      placeholders: placeholders(root, { SRID: '21781' }),
    });
    expect(report.applied).toHaveLength(5);
    expect(await columnsOf(client, 'w1_sys', 'pum_migrations')).toEqual(PUM1_LAYOUT);
    const comment = await client.query("SELECT obj_description('w1_sys.pum_migrations'::regclass) AS c");
    expect(comment.rows[0].c).toBe('migration_table_version: 3');

    const file = (path: string) => relative(process.cwd(), join(root, path));
    const rows = await pumRows(client, 'w1_sys');
    const parameters = { SRID: 21781, webgis: false, lang: 'en' };
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
      {
        module: 'tww',
        version: '1.0.0',
        beta_testing: false,
        changelog_files: [file('changelogs/1.0.0/01_schema.sql'), file('changelogs/1.0.0/02_reach.sql')],
        parameters,
        migration_table_version: 3,
        pum_version: '1.8.0',
        dated: true,
      },
      {
        module: 'tww',
        version: '1.1.0',
        beta_testing: false,
        changelog_files: [file('changelogs/1.1.0/01_valve.sql')],
        parameters,
        migration_table_version: 3,
        pum_version: '1.8.0',
        dated: true,
      },
    ]);
    // PUM 1.8 reading the database: installed at 1.1.0, and both versions recorded as applied.
    expect(await pumBaseline(client, 'w1_sys')).toBe('1.1.0');

    // pum's own rows: hooks as pum's, each changelog file linked to its version's row.
    const [v1, v2] = rows;
    const history = await readHistory(client, { schema: 'w1_sys', name: 'pum_history' });
    expect(history.map((h) => [h.path, h.source])).toEqual([
      ['.pum.yaml#application.drop[0]', 'pum'],
      [
        'changelogs/1.0.0/01_schema.sql',
        `pum1:w1_sys.pum_migrations#${v1.id}/${file('changelogs/1.0.0/01_schema.sql')}`,
      ],
      [
        'changelogs/1.0.0/02_reach.sql',
        `pum1:w1_sys.pum_migrations#${v1.id}/${file('changelogs/1.0.0/02_reach.sql')}`,
      ],
      [
        'changelogs/1.1.0/01_valve.sql',
        `pum1:w1_sys.pum_migrations#${v2.id}/${file('changelogs/1.1.0/01_valve.sql')}`,
      ],
      ['.pum.yaml#application.create[0]', 'pum'],
    ]);

    // The next upgrade adopts nothing and runs only the application hooks.
    const options = { placeholders: placeholders(root, { SRID: '21781' }) };
    const again = await upgradeModule(client, loaded, options);
    expect(again.adopted).toBe(0);
    expect(again.applied.map((f) => f.path)).toEqual([
      '.pum.yaml#application.drop[0]',
      '.pum.yaml#application.create[0]',
    ]);
    expect(await pumRows(client, 'w1_sys')).toHaveLength(2);

    // PUM 1.8 upgrades the database with a new version, recording it as it does.
    await client.query('CREATE TABLE w1_sys_od.hydrant (id int)');
    const hydrant = 'changelogs/1.2.0/01_hydrant.sql';
    const withHydrant = module('w1_sys', { [hydrant]: 'CREATE TABLE w1_sys_od.hydrant (id int);' });
    await client.query(
      `INSERT INTO w1_sys.pum_migrations (module, version, beta_testing, migration_table_version, changelog_files, parameters, pum_version)
       VALUES ('tww', '1.2.0', false, 3, $1, $2, '1.8.0')`,
      [[`datamodel/${hydrant}`], JSON.stringify(parameters)],
    );
    const afterPum = await upgradeModule(client, loadPum1Module(withHydrant), {
      placeholders: placeholders(withHydrant, { SRID: '21781' }),
    });
    expect(afterPum.adopted).toBe(1);
    expect(afterPum.applied.map((f) => f.path)).toEqual([
      '.pum.yaml#application.drop[0]',
      '.pum.yaml#application.create[0]',
    ]);
    const last = await upgradeModule(client, loadPum1Module(withHydrant), {
      placeholders: placeholders(withHydrant, { SRID: '21781' }),
    });
    expect(last.adopted).toBe(0);
    expect(await pumRows(client, 'w1_sys')).toHaveLength(3);
  });

  it('records no row for a version whose file failed (the run rolls back as a whole)', async () => {
    const client = await db.connect();
    const root = module('w2_sys');
    await installModule(client, loadPum1Module(root), { placeholders: placeholders(root, {}) });
    const bad = module('w2_sys', {
      'changelogs/1.2.0/01_ok.sql': 'CREATE TABLE w2_sys_od.ok (id int);',
      'changelogs/1.2.0/02_bad.sql': 'SELECT 1/0;',
    });
    const error = await failure(
      upgradeModule(client, loadPum1Module(bad), { placeholders: placeholders(bad, {}) }),
    );
    expect(error.message).toContain('division by zero');
    expect((await pumRows(client, 'w2_sys')).map((r) => r.version)).toEqual(['1.0.0', '1.1.0']);
    // The run was one transaction: nothing of it stayed, in either history.
    const history = await readHistory(client, { schema: 'w2_sys', name: 'pum_history' });
    expect(history.filter((h) => h.version === '1.2.0')).toEqual([]);
    expect((await client.query("SELECT to_regclass('w2_sys_od.ok') AS t")).rows[0].t).toBeNull();
  });

  it('baseline creates pum_migrations as PUM 1.8 does and writes its baseline row', async () => {
    const client = await db.connect();
    const root = module('w3_sys');
    await baselineDatabase(client, loadPum1Module(root), { version: '1.0.0' });
    expect(await columnsOf(client, 'w3_sys', 'pum_migrations')).toEqual(PUM1_LAYOUT);
    const [row] = await pumRows(client, 'w3_sys');
    expect(row).toMatchObject({
      module: 'tww',
      version: '1.0.0',
      beta_testing: false,
      changelog_files: [],
      parameters: {},
      migration_table_version: 3,
      pum_version: '1.8.0',
    });
    const history = await readHistory(client, { schema: 'w3_sys', name: 'pum_history' });
    expect(history.map((h) => [h.kind, h.version, h.source])).toEqual([
      ['baseline', '1.0.0', `pum1:w3_sys.pum_migrations#${row.id}`],
    ]);
    // The upgrade after it runs 1.1.0 only, and records it.
    await client.query('CREATE SCHEMA w3_sys_od');
    const report = await upgradeModule(client, loadPum1Module(root), {
      placeholders: placeholders(root, {}),
      skipDropApp: true,
      skipCreateApp: true,
    });
    expect(report.adopted).toBe(0);
    expect(report.applied.map((f) => f.path)).toEqual(['changelogs/1.1.0/01_valve.sql']);
    expect((await pumRows(client, 'w3_sys')).map((r) => r.version)).toEqual(['1.0.0', '1.1.0']);
  });

  it('records in pum_migrations, at the next run, the versions an earlier pum applied without it', async () => {
    const client = await db.connect();
    const root = module('w4_sys');
    const options = { placeholders: placeholders(root, {}), skipDropApp: true, skipCreateApp: true };
    await installModule(client, loadPum1Module(root), options);
    // The database as a pum that did not keep pum_migrations left it.
    await client.query(`DROP TABLE w4_sys.pum_migrations;
      UPDATE w4_sys.pum_history SET source = 'pum', note = NULL`);
    const report = await upgradeModule(client, loadPum1Module(root), options);
    expect(report).toMatchObject({ adopted: 0, applied: [] });
    const rows = await pumRows(client, 'w4_sys');
    expect(rows.map((r) => [r.version, r.changelog_files.length])).toEqual([
      ['1.0.0', 2],
      ['1.1.0', 1],
    ]);
    const history = await readHistory(client, { schema: 'w4_sys', name: 'pum_history' });
    expect(history.every((h) => h.source.startsWith('pum1:w4_sys.pum_migrations#'))).toBe(true);
    await upgradeModule(client, loadPum1Module(root), options);
    expect(await pumRows(client, 'w4_sys')).toHaveLength(2);
  });

  it('records an application-only release below a version it records, as PUM 1.x records it (no files)', async () => {
    const client = await db.connect();
    const root = module('w5_sys', {
      'changelogs/1.0.5/APP_ONLY_RELEASE': '',
      'changelogs/1.2.0/01_more.sql': 'CREATE TABLE w5_sys_od.more (id int);',
      'changelogs/1.3.0/APP_ONLY_RELEASE': '',
    });
    const options = { placeholders: placeholders(root, {}), skipDropApp: true, skipCreateApp: true };
    await installModule(client, loadPum1Module(root), options);
    const rows = await pumRows(client, 'w5_sys');
    expect(rows.map((r) => [r.version, r.changelog_files.length])).toEqual([
      ['1.0.0', 2],
      ['1.0.5', 0],
      ['1.1.0', 1],
      ['1.2.0', 1],
    ]);
    // Recorded once: the next run adds nothing.
    await upgradeModule(client, loadPum1Module(root), options);
    expect(await pumRows(client, 'w5_sys')).toHaveLength(4);
  });

  it("still refuses a mistyped history table: PUM's rows that pum wrote point to the history meant", async () => {
    const client = await db.connect();
    const root = module('w6_sys');
    const options = { placeholders: placeholders(root, {}), skipDropApp: true, skipCreateApp: true };
    await installModule(client, loadPum1Module(root), options);
    const newer = module('w6_sys', {
      'changelogs/1.2.0/01_more.sql': 'CREATE TABLE w6_sys_od.more (id int);',
    });
    const refused = upgradeModule(client, loadPum1Module(newer), {
      ...options,
      placeholders: placeholders(newer, {}),
      table: { schema: 'w6_sys', name: 'pum_histroy' },
      refuseNewHistory: true,
    });
    await expect(refused).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining('did you mean -t "w6_sys"."pum_history"?'),
    });
    expect((await client.query("SELECT to_regclass('w6_sys.pum_histroy') AS t")).rows[0].t).toBeNull();
    // Up to date (nothing pending): still refused, the mistyped table not made.
    await expect(
      upgradeModule(client, loadPum1Module(root), {
        ...options,
        table: { schema: 'w6_sys', name: 'pum_histroy' },
        refuseNewHistory: true,
      }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining('did you mean -t "w6_sys"."pum_history"?'),
    });
    expect((await client.query("SELECT to_regclass('w6_sys.pum_histroy') AS t")).rows[0].t).toBeNull();
  });
});
