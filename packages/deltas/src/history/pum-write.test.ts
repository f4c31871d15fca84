import { describe, expect, it } from 'vitest';
import { pum0InsertSql, pum0TypeOf } from './pum0-write.js';
import { PUM1_COLUMNS, pum1InsertSql } from './pum1-write.js';

describe("PUM's rows", () => {
  it("give each delta file PUM 0.x's type flags, and none to files PUM 0.x did not record", () => {
    const types = (['pre', 'delta', 'post'] as const).flatMap((kind) =>
      (['sql', 'python'] as const).map((language) => pum0TypeOf({ kind, language })),
    );
    expect(types).toEqual([9, 5, 8, 4, 10, 6]);
    expect(pum0TypeOf({ kind: 'pre-all', language: 'sql' })).toBeUndefined();
    expect(pum0TypeOf({ kind: 'post-all', language: 'python' })).toBeUndefined();
    expect(pum0TypeOf({ kind: 'delta', language: 'js' })).toBeUndefined();
  });

  it('set only the columns the table has', () => {
    const row = { version: '1.0.0', description: "it's", type: 8, script: 'd/x.sql', checksum: 'abc' };
    expect(
      pum0InsertSql({ schema: 's', name: 'info' }, ['version', 'description', 'type', 'script'], row),
    ).toBe(
      `INSERT INTO "s"."info" (version, description, type, script)
     VALUES ('1.0.0', 'it''s', 8, 'd/x.sql') RETURNING id`,
    );
    const pum1 = {
      module: 'tww',
      version: '1.0.0',
      betaTesting: false,
      changelogFiles: ['a.sql'],
      parameters: { SRID: 2056 },
    };
    expect(pum1InsertSql({ schema: 's', name: 'pum_migrations' }, PUM1_COLUMNS, pum1)).toContain(
      "(module, version, beta_testing, migration_table_version, changelog_files, parameters, pum_version)\n     VALUES ('tww', '1.0.0', false, 3, ARRAY['a.sql']::text[], '{\"SRID\":2056}'::jsonb, '1.8.0')",
    );
    // A table of an older layout keeps its own migration_table_version.
    const old = PUM1_COLUMNS.filter((c) => c !== 'pum_version');
    expect(
      pum1InsertSql({ schema: 's', name: 'pum_migrations' }, old, { ...pum1, changelogFiles: [] }),
    ).toContain(
      "(module, version, beta_testing, changelog_files, parameters)\n     VALUES ('tww', '1.0.0', false, '{}'::text[],",
    );
  });
});
