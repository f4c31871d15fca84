import { objectKey, type SnapshotObjects } from '@pum/introspect';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './diff-snapshots.js';
import { changeLines } from './report.js';
import { snapshotWith } from './snapshot-builder.test-helper.js';

type Constraint = SnapshotObjects['constraints'][number];

function constraint(table: string, name: string, fields: Partial<Constraint> = {}): Constraint {
  return {
    key: objectKey('constraint', 'app', table, name),
    schema: 'app',
    table,
    name,
    type: 'primary key',
    definition: 'PRIMARY KEY (id, taken)',
    columns: ['id', 'taken'],
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
    nullsNotDistinct: false,
    noInherit: false,
    local: false,
    foreignKey: null,
    comment: null,
    ...fields,
  };
}

const foreignKey = (table: string, name: string, local: boolean) =>
  constraint(table, name, {
    type: 'foreign key',
    definition: 'FOREIGN KEY (site_id) REFERENCES app.site(id)',
    columns: ['site_id'],
    local,
    foreignKey: {
      referencedSchema: 'app',
      referencedTable: 'site',
      referencedColumns: ['id'],
      onUpdate: 'no action',
      onDelete: 'no action',
      match: 'simple',
    },
  });

describe('creation artefacts in snapshots written before they were left out', () => {
  it('ignore noInherit of a key, which says whether a partition got it by PARTITION OF or ATTACH', () => {
    const old = snapshotWith({ constraints: [constraint('reading_2024', 'reading_2024_pkey')] });
    const restored = snapshotWith({
      constraints: [constraint('reading_2024', 'reading_2024_pkey', { noInherit: true })],
    });
    expect(changeLines(diffSnapshots(old, restored))).toEqual([]);
  });

  it('still compare noInherit of a check, which is part of its definition', () => {
    const check: Partial<Constraint> = {
      type: 'check',
      definition: 'CHECK (id > 0)',
      columns: ['id'],
      local: true,
    };
    const a = snapshotWith({ constraints: [constraint('asset', 'asset_id_check', check)] });
    const b = snapshotWith({
      constraints: [constraint('asset', 'asset_id_check', { ...check, noInherit: true })],
    });
    expect(changeLines(diffSnapshots(a, b))).toEqual(['constraints ~ app.asset.asset_id_check: noInherit']);
  });

  it('ignore foreign keys cloned onto partitions, which the server names again on restore', () => {
    const parent = foreignKey('reading', 'reading_site_id_fkey', true);
    const old = snapshotWith({
      constraints: [parent, foreignKey('reading_2023', 'reading_2023_site_fk', false)],
    });
    const restored = snapshotWith({
      constraints: [parent, foreignKey('reading_2023', 'reading_site_id_fkey', false)],
    });
    expect(changeLines(diffSnapshots(old, restored))).toEqual([]);
  });

  it("still compare a partition's own foreign key", () => {
    const a = snapshotWith({ constraints: [foreignKey('reading_2023', 'reading_2023_site_fk', true)] });
    expect(changeLines(diffSnapshots(a, snapshotWith({})))).toEqual([
      'constraints - app.reading_2023.reading_2023_site_fk',
    ]);
  });
});
