/**
 * `.pum.yaml` grants as PUM 1.8 gives them: a permission on a schema that does not exist is
 * skipped with a warning in the run's report (one per role, permission and schema), everything
 * else granted; a strict run fails instead, before its transaction commits.
 */

import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import {
  applyDeltas,
  installModule,
  loadPum0Module,
  loadPum1Module,
  readHistory,
  upgradeModule,
} from '../src/index.js';
import { failure } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

/** A module whose viewer reads a data schema and an application schema made by its create hook. */
function grantsModule(prefix: string): string {
  return writeTree({
    '.pum.yaml': `pum:
  module: ${prefix}
  migration_table_schema: ${prefix}_sys
roles:
  - name: ${prefix}_viewer
    permissions:
      - type: read
        schemas: [${prefix}_od, ${prefix}_app]
  - name: ${prefix}_user
    inherit: ${prefix}_viewer
    permissions:
      - type: write
        schemas: [${prefix}_od]
application:
  drop:
    - code: DROP SCHEMA IF EXISTS ${prefix}_app CASCADE;
  create:
    - code: CREATE SCHEMA ${prefix}_app; CREATE VIEW ${prefix}_app.vw_pipe AS SELECT * FROM ${prefix}_od.pipe;
`,
    'changelogs/1.0.0/01_pipe.sql': `CREATE SCHEMA ${prefix}_od;\nCREATE TABLE ${prefix}_od.pipe (id serial PRIMARY KEY);\n`,
    'changelogs/1.1.0/01_valve.sql': `CREATE TABLE ${prefix}_od.valve (id int);\n`,
  });
}

describe('.pum.yaml grants on a schema that does not exist', () => {
  it('are skipped with a warning in the report; every other grant is given', async () => {
    const client = await db.connect();
    const module = loadPum1Module(grantsModule('grw'));
    const report = await installModule(client, module, { skipCreateApp: true });
    expect(report.applied.map((f) => f.path)).toContain('.pum.yaml#grants');
    expect(report.warnings).toEqual([
      {
        code: 'PUM_GRANT_SCHEMA_MISSING',
        message: 'schema "grw_app" does not exist: read permission of role "grw_viewer" not granted',
        path: '.pum.yaml#grants',
        details: { role: 'grw_viewer', permission: 'read', schema: 'grw_app' },
      },
    ]);
    const { rows } = await client.query(`SELECT
      has_schema_privilege('grw_viewer', 'grw_od', 'USAGE') AS viewer_usage,
      has_table_privilege('grw_viewer', 'grw_od.pipe', 'SELECT') AS viewer_select,
      has_table_privilege('grw_viewer', 'grw_od.pipe', 'INSERT') AS viewer_insert,
      has_sequence_privilege('grw_viewer', 'grw_od.pipe_id_seq', 'USAGE') AS viewer_sequence,
      has_schema_privilege('grw_user', 'grw_od', 'CREATE') AS user_create,
      has_table_privilege('grw_user', 'grw_od.valve', 'INSERT, UPDATE, DELETE, TRUNCATE') AS user_write`);
    expect(rows[0]).toEqual({
      viewer_usage: true,
      viewer_select: true,
      viewer_insert: false,
      viewer_sequence: true,
      user_create: true,
      user_write: true,
    });

    // With the application created, the upgrade grants on it too, without a warning.
    const upgraded = await upgradeModule(client, module);
    expect(upgraded.warnings).toEqual([]);
    const app = await client.query(
      "SELECT has_table_privilege('grw_viewer', 'grw_app.vw_pipe', 'SELECT') AS select",
    );
    expect(app.rows[0]).toEqual({ select: true });
  });

  it('fail a strict install before anything is committed, listing every skipped grant', async () => {
    const client = await db.connect();
    const module = loadPum1Module(grantsModule('grs'));
    const error = await failure(installModule(client, module, { skipCreateApp: true, strict: true }));
    expect(error.code).toBe('PUM_STRICT_WARNINGS');
    expect(error.message).toContain(
      '.pum.yaml#grants: schema "grs_app" does not exist: read permission of role "grs_viewer" not granted',
    );
    expect(error.changed).toEqual([]);
    expect(error.report.warnings.map((w) => w.details)).toEqual([
      { role: 'grs_viewer', permission: 'read', schema: 'grs_app' },
    ]);
    const { rows } = await client.query(`SELECT to_regnamespace('grs_od') AS od,
      to_regnamespace('grs_sys') AS sys,
      (SELECT count(*)::int FROM pg_roles WHERE rolname LIKE 'grs\\_%') AS roles`);
    expect(rows[0]).toEqual({ od: null, sys: null, roles: 0 });

    // Installed without --strict, a strict upgrade that skips the application fails and
    // changes nothing either: its history stays as it was.
    await installModule(client, module, { skipCreateApp: true });
    const table = { schema: 'grs_sys', name: 'pum_history' };
    const before = await readHistory(client, table);
    const upgrade = await failure(upgradeModule(client, module, { skipCreateApp: true, strict: true }));
    expect(upgrade.code).toBe('PUM_STRICT_WARNINGS');
    expect(upgrade.changed).toEqual([]);
    expect(await readHistory(client, table)).toEqual(before);
  });
});

describe('warnings of code deltas', () => {
  it('land in the report with the file; strict, the file that warned rolls back and what committed before is said', async () => {
    const client = await db.connect();
    const root = writeTree({
      'd/delta_1.0.0_pipe.sql': 'CREATE SCHEMA cdw; CREATE TABLE cdw.pipe (id int);\n',
      'd/delta_1.1.0_valve.mjs': `export default async function ({ client, warn }) {
  await client.query('CREATE TABLE cdw.valve (id int)');
  warn('valve sizes left empty', { details: { table: 'cdw.valve' } });
}
`,
    });
    const table = { schema: 'public', name: 'cdw_history' };
    const strict = await failure(
      applyDeltas(client, loadPum0Module([join(root, 'd')]), { table, strict: true }),
    );
    expect(strict.code).toBe('PUM_STRICT_WARNINGS');
    expect(strict.message).toContain('d/delta_1.1.0_valve.mjs: valve sizes left empty');
    // PUM 0.x directories commit per file: the first stayed, the one that warned rolled back.
    expect(strict.changed).toEqual(['applied d/delta_1.0.0_pipe.sql']);
    const tables = await client.query(
      "SELECT to_regclass('cdw.pipe') AS pipe, to_regclass('cdw.valve') AS valve",
    );
    expect(tables.rows[0]).toEqual({ pipe: 'cdw.pipe', valve: null });

    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    expect(report.applied.map((f) => f.path)).toEqual(['d/delta_1.1.0_valve.mjs']);
    expect(report.warnings).toEqual([
      {
        code: 'PUM_CODE_DELTA_WARNING',
        message: 'valve sizes left empty',
        path: 'd/delta_1.1.0_valve.mjs',
        details: { table: 'cdw.valve' },
      },
    ]);
  });
});
