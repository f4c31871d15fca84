import type { DefaultPrivilege, SnapshotObject } from '@pum/introspect';
import { describe, expect, it } from 'vitest';
import { snapshotWith } from '../snapshot-builder.test-helper.js';
import { startingGrants } from './new-object-grants.js';

const fn = { schema: 's', name: 'f' } as unknown as SnapshotObject;
const table = { schema: 's', name: 't' } as unknown as SnapshotObject;
const entry = (
  schema: string | null,
  objectType: DefaultPrivilege['objectType'],
  privileges: DefaultPrivilege['privileges'],
): DefaultPrivilege => ({
  key: `default_privilege:o.${schema ?? '*'}.${objectType}`,
  role: 'o',
  schema,
  objectType,
  privileges,
});

describe('startingGrants', () => {
  it('gives the built-in defaults when the owner has no default privileges', () => {
    const start = startingGrants('functions', fn, 'o', snapshotWith({}));
    const expected = [
      { grantee: 'o', privileges: ['EXECUTE'], grantable: [] },
      { grantee: 'PUBLIC', privileges: ['EXECUTE'], grantable: [] },
    ];
    expect(start).toEqual({ most: expected, least: expected });
  });

  it('adds a schema entry to the built-in defaults (most), not to what is sure (least)', () => {
    const reader = { grantee: 'r', privileges: ['SELECT'], grantable: [] };
    const start = startingGrants(
      'tables',
      table,
      'o',
      snapshotWith({ defaultPrivileges: [entry('s', 'tables', [reader])] }),
    );
    expect(start?.most).toContainEqual(reader);
    expect(start?.least.map((g) => g.grantee)).toEqual(['o']);
    expect(start?.least[0]?.privileges).toHaveLength(7);
  });

  it('lets a global entry without PUBLIC make PUBLIC possible but not sure', () => {
    const own = { grantee: 'o', privileges: ['EXECUTE'], grantable: [] };
    const start = startingGrants(
      'functions',
      fn,
      'o',
      snapshotWith({ defaultPrivileges: [entry(null, 'functions', [own])] }),
    );
    expect(start?.most).toContainEqual({ grantee: 'PUBLIC', privileges: ['EXECUTE'], grantable: [] });
    expect(start?.least).toEqual([own]);
  });

  it('counts MAINTAIN from PostgreSQL 17 on', () => {
    const snapshot = { ...snapshotWith({}), server: { major: 17, postgis: null } };
    expect(startingGrants('tables', table, 'o', snapshot)?.least[0]?.privileges).toContain('MAINTAIN');
  });

  it('knows no defaults for columns', () => {
    expect(startingGrants('columns', table, 'o', snapshotWith({}))).toBeUndefined();
  });
});
