import { describe, expect, it } from 'vitest';
import {
  entryNamed,
  knownSchemas,
  namespaceOf,
  parseArchiveList,
  schemaTargetOf,
  unqualifiedTag,
} from './archive-list.js';
import { LISTING } from './archive-list.test-helper.js';

describe('parseArchiveList', () => {
  const listing = parseArchiveList(LISTING);

  it('reads the header', () => {
    expect(listing.info).toEqual({
      dbname: 'src',
      dumpedFrom: '15.18 (Debian 15.18-0+deb12u1)',
      dumpedBy: '15.18 (Debian 15.18-0+deb12u1)',
      format: 'CUSTOM',
    });
  });

  it('reads every entry with its type, multi-word types included', () => {
    expect(listing.entries).toHaveLength(19);
    expect(listing.entries.map((e) => e.type)).toContain('SEQUENCE OWNED BY');
    const data = listing.entries.find((e) => e.id === 4258);
    expect(data).toEqual({
      id: 4258,
      type: 'TABLE DATA',
      rest: 'app pipes postgres',
      line: '4258; 0 17432 TABLE DATA app pipes postgres',
    });
  });

  it('resolves schemas, also those whose name holds a space', () => {
    const schemas = knownSchemas(listing.entries);
    expect([...schemas].sort()).toEqual(['app', 'odd schema', 'public']);
    const byId = (id: number) => listing.entries.find((e) => e.id === id)!;
    expect(namespaceOf(byId(4260), schemas)).toBe('odd schema');
    expect(namespaceOf(byId(4258), schemas)).toBe('app');
    expect(namespaceOf(byId(2), schemas)).toBeUndefined();
    expect(schemaTargetOf(byId(8))).toBe('odd schema');
    expect(schemaTargetOf(byId(4267))).toBe('app');
    expect(schemaTargetOf(byId(4110))).toBe('app');
    expect(schemaTargetOf(byId(4258))).toBeUndefined();
    expect(unqualifiedTag(byId(2))).toBe('postgis');
    expect(unqualifiedTag(byId(4268))).toBe('EXTENSION postgis');
  });

  it('matches entries by schema and name exactly', () => {
    const data = listing.entries.find((e) => e.id === 4102)!;
    expect(entryNamed(data, 'public', 'spatial_ref_sys')).toBe(true);
    expect(entryNamed(data, 'public', 'spatial_ref')).toBe(false);
    expect(entryNamed(data, 'app', 'spatial_ref_sys')).toBe(false);
  });

  it('ignores what is not an entry, and CRLF line ends', () => {
    expect(parseArchiveList('garbage\r\n12; 0 0 TABLE DATA s t o\r\n').entries).toEqual([
      { id: 12, type: 'TABLE DATA', rest: 's t o', line: '12; 0 0 TABLE DATA s t o' },
    ]);
  });
});
