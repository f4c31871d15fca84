import { describe, expect, it } from 'vitest';
import { schemaMatcher } from '../schema-patterns.js';
import { parseArchiveList } from './archive-list.js';
import { LISTING } from './archive-list.test-helper.js';
import { type ExistingExtension, planRestore } from './restore-plan.js';

const { entries } = parseArchiveList(LISTING);
const postgis: ExistingExtension = {
  name: 'postgis',
  schema: 'public',
  config: [{ schema: 'public', name: 'spatial_ref_sys', kind: 'table' }],
};
const ids = (list: readonly { id: number }[]) => list.map((e) => e.id);

describe('planRestore', () => {
  it('keeps everything for an empty target and no exclusion', () => {
    const plan = planRestore(entries, { excluded: schemaMatcher([]), existing: [] });
    expect(plan.kept).toEqual(entries);
    expect(plan.skipped).toEqual([]);
    expect(plan.tableDataCount).toBe(4);
  });

  it('leaves out excluded schemas with their comments and grants, as pg_dump --exclude-schema does', () => {
    const plan = planRestore(entries, { excluded: schemaMatcher(['app']), existing: [] });
    expect(ids(plan.skipped)).toEqual([7, 4267, 223, 222, 4269, 225, 4103, 4258, 4270, 4108, 4110]);
    expect(plan.skipped.every((s) => s.reason === 'excluded-schema')).toBe(true);
    expect(plan.skipped[0]).toEqual({
      id: 7,
      type: 'SCHEMA',
      name: '- app postgres',
      reason: 'excluded-schema',
    });
    expect(plan.tableDataCount).toBe(3);
  });

  it('matches excluded schemas as globs, names with spaces included', () => {
    const plan = planRestore(entries, { excluded: schemaMatcher(['odd*']), existing: [] });
    expect(ids(plan.skipped)).toEqual([8, 226, 4260]);
  });

  it('leaves out extensions the target has, and merges their configuration rows instead', () => {
    const plan = planRestore(entries, { excluded: schemaMatcher([]), existing: [postgis] });
    expect(plan.skipped.map((s) => [s.id, s.reason])).toEqual([
      [2, 'existing-extension'],
      [4268, 'existing-extension'],
      [4102, 'extension-data'],
    ]);
    expect(ids(plan.existingExtensionEntries)).toEqual([2]);
    expect(ids(plan.extensionData)).toEqual([4102]);
    expect(plan.tableDataCount).toBe(3);
  });

  it('does not merge configuration rows of an excluded schema (pg_dump -N public leaves them out too)', () => {
    const plan = planRestore(entries, { excluded: schemaMatcher(['public']), existing: [postgis] });
    expect(plan.extensionData).toEqual([]);
    expect(plan.skipped.find((s) => s.id === 4102)?.reason).toBe('excluded-schema');
    // The extension itself is not in a schema's entries: pg_dump -N public keeps it as well.
    expect(plan.skipped.find((s) => s.id === 2)?.reason).toBe('existing-extension');
  });
});
