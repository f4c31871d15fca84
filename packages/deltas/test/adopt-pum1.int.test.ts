/** Adopting PUM 1.x's `pum_migrations`, including from older `.pum.yaml` files without `pum.module`. */
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum1Module, readHistory } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

/** `pum_migrations` as PUM 1.x creates it (table version 1: module still nullable). */
const PUM_MIGRATIONS_V1 = `CREATE TABLE %s.pum_migrations (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  date_installed timestamp without time zone NOT NULL DEFAULT now(),
  module character varying(50),
  version character varying(50) NOT NULL,
  beta_testing boolean NOT NULL DEFAULT false,
  changelog_files text[],
  parameters jsonb,
  migration_table_version character varying(50) NOT NULL DEFAULT '1')`;

describe('adopting PUM 1.x history', () => {
  it.each([
    ['rows without a module (table version 1)', 'NULL'],
    ['rows of the module PUM migrated them to', "'tww'"],
  ])('adopts %s when .pum.yaml names no module', async (_what, module) => {
    const client = await db.connect();
    const schema = module === 'NULL' ? 'adopt_null' : 'adopt_tww';
    await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.pipe (id int);
      ${PUM_MIGRATIONS_V1.replace('%s', schema)};
      INSERT INTO ${schema}.pum_migrations (module, version, changelog_files, parameters)
        VALUES (${module}, '1.0.0', ARRAY['changelogs/1.0.0/01_pipe.sql'], '{"SRID": 2056}')`);
    const root = writeTree({
      '.pum.yaml': `pum:\n  migration_table_schema: ${schema}\nparameters:\n  - name: SRID\n    type: integer\n    default: 2056\n`,
      'changelogs/1.0.0/01_pipe.sql': `CREATE TABLE ${schema}.pipe (id int);`,
      'changelogs/1.1.0/01_valve.sql': `CREATE TABLE ${schema}.valve (id int);`,
    });
    const module1 = loadPum1Module(root);
    const report = await applyDeltas(client, module1, {
      singleTransaction: true,
      placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '2056' } } },
    });
    expect(report.adopted).toBe(1);
    expect(report.applied.map((f) => f.path)).toEqual(['changelogs/1.1.0/01_valve.sql']);
    const history = await readHistory(client, { schema, name: 'pum_history' });
    expect(history.map((h) => [h.version, h.name, h.source.startsWith('pum1:'), h.parameters])).toEqual([
      ['1.0.0', '01_pipe', true, { SRID: 2056 }],
      // Applied by pum, recorded in pum_migrations too and linked to its row.
      ['1.1.0', '01_valve', true, { SRID: '2056' }],
    ]);
    // The installed SRID binds later runs.
    await expect(
      applyDeltas(client, module1, {
        singleTransaction: true,
        placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '21781' } } },
      }),
    ).rejects.toMatchObject({ code: 'PUM_INVALID_ARGUMENT', message: expect.stringContaining('SRID') });
  });
});
