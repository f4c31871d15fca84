import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './diff-snapshots.js';
import { parseIgnoreRules } from './ignore-rules.js';
import { DiffReportSchema, isEmptyDiff } from './report.js';
import { column, emptySnapshot, snapshotWith, table } from './snapshot-builder.test-helper.js';

const lines = (report: ReturnType<typeof diffSnapshots>) =>
  report.differences.flatMap((k) => [
    ...k.added.map((o) => `${k.kind} + ${o.name}`),
    ...k.removed.map((o) => `${k.kind} - ${o.name}`),
    ...k.changed.map(
      (o) =>
        `${k.kind} ~ ${o.name}: ${o.changes.map((c) => `${c.field} ${JSON.stringify(c.from)}→${JSON.stringify(c.to)}`).join('; ')}`,
    ),
  ]);

const from = snapshotWith({
  tables: [
    table('app', 'pipe', { owner: 'alice', comment: 'pipes' }),
    table('app', 'old'),
    table('public', 'junk'),
  ],
  columns: [
    column('app', 'pipe', 'geom', { type: 'public.geometry(Polygon,2056)' }),
    column('app', 'pipe', 'tmp_x', { type: 'text' }),
    column('app', 'pipe', 'id', {
      identity: {
        generation: 'always',
        start: '1',
        increment: '1',
        min: '1',
        max: '9',
        cache: '1',
        cycle: false,
      },
    }),
  ],
  extensions: [
    {
      key: 'extension:postgis',
      name: 'postgis',
      version: '3.3.2',
      schema: 'public',
      relocatable: false,
      owner: 'postgres',
      comment: null,
    },
  ],
});
const to = snapshotWith({
  tables: [
    table('app', 'pipe', { owner: 'bob', comment: 'all pipes' }),
    table('app', 'new'),
    table('public', 'junk2'),
  ],
  columns: [
    column('app', 'pipe', 'geom', { type: 'public.geometry(MultiPolygon,4326)' }),
    column('app', 'pipe', 'tmp_x', { type: 'integer' }),
    column('app', 'pipe', 'id', {
      identity: {
        generation: 'always',
        start: '1',
        increment: '5',
        min: '1',
        max: '9',
        cache: '1',
        cycle: false,
      },
    }),
  ],
  extensions: [
    {
      key: 'extension:postgis',
      name: 'postgis',
      version: '3.5.0',
      schema: 'public',
      relocatable: false,
      owner: 'postgres',
      comment: null,
    },
  ],
});

describe('diffSnapshots', () => {
  it('reports added, removed and field-level changes with both values', () => {
    const report = diffSnapshots(from, to, { fromLabel: 'prod', toLabel: 'build' });
    expect(lines(report)).toEqual([
      'extensions ~ postgis: version "3.3.2"→"3.5.0"',
      'tables + app.new',
      'tables + public.junk2',
      'tables - app.old',
      'tables - public.junk',
      'tables ~ app.pipe: owner "alice"→"bob"; comment "pipes"→"all pipes"',
      'columns ~ app.pipe.geom: type "public.geometry(Polygon,2056)"→"public.geometry(MultiPolygon,4326)"',
      'columns ~ app.pipe.id: identity.increment "1"→"5"',
      'columns ~ app.pipe.tmp_x: type "text"→"integer"',
    ]);
    expect(report.summary).toEqual({
      added: 2,
      removed: 2,
      changed: 5,
      kinds: {
        extensions: { added: 0, removed: 0, changed: 1 },
        tables: { added: 2, removed: 2, changed: 1 },
        columns: { added: 0, removed: 0, changed: 3 },
      },
    });
    expect(report.from).toEqual({ label: 'prod', serverMajor: 15, postgis: null });
    expect(isEmptyDiff(report)).toBe(false);
    expect(DiffReportSchema.parse(JSON.parse(JSON.stringify(report)))).toBeTruthy();
  });

  it('reports nothing for identical snapshots', () => {
    const report = diffSnapshots(from, structuredClone(from));
    expect(isEmptyDiff(report)).toBe(true);
    expect(report.summary).toEqual({ added: 0, removed: 0, changed: 0, kinds: {} });
  });

  it('ignores kinds in any spelling, PUM names included', () => {
    const report = diffSnapshots(from, to, { ignoreKinds: ['Columns', 'tables', 'extensions'] });
    expect(isEmptyDiff(report)).toBe(true);
    expect(report.ignoredKinds).toEqual(['extensions', 'tables', 'columns']);
    expect(() => diffSnapshots(from, to, { ignoreKinds: ['tabels'] })).toThrow(
      /unknown object kind "tabels"/,
    );
  });

  it('filters by schema globs (PUM -N)', () => {
    expect(
      lines(diffSnapshots(from, to, { excludeSchemas: ['public'] })).some((l) => l.includes('junk')),
    ).toBe(false);
    expect(
      lines(diffSnapshots(from, to, { excludeSchemas: ['public'] })).some((l) => l.includes('postgis')),
    ).toBe(false);
    expect(lines(diffSnapshots(from, to, { includeSchemas: ['pub*'] }))).toEqual([
      'extensions ~ postgis: version "3.3.2"→"3.5.0"',
      'tables + public.junk2',
      'tables - public.junk',
    ]);
  });

  it('excludes columns by SQL LIKE pattern (PUM -P)', () => {
    const report = diffSnapshots(from, to, { excludeFieldPatterns: ['tmp\\_%', 'ge_m'] });
    expect(lines(report).filter((l) => l.startsWith('columns'))).toEqual([
      'columns ~ app.pipe.id: identity.increment "1"→"5"',
    ]);
  });

  it('applies object-level ignore rules with negation, last match wins', () => {
    const rules = parseIgnoreRules('tables app.*\ntables !app.new\n* public.*\ncolumns *.tmp_?');
    const report = diffSnapshots(from, to, { ignoreRules: rules });
    expect(lines(report).filter((l) => !l.startsWith('extensions'))).toEqual([
      'tables + app.new',
      'columns ~ app.pipe.geom: type "public.geometry(Polygon,2056)"→"public.geometry(MultiPolygon,4326)"',
      'columns ~ app.pipe.id: identity.increment "1"→"5"',
    ]);
  });

  it('can ignore owners, comments, privileges and extension versions', () => {
    const report = diffSnapshots(from, to, {
      ignoreOwners: true,
      ignoreComments: true,
      ignoreExtensionVersions: true,
    });
    expect(lines(report).filter((l) => l.startsWith('tables ~') || l.startsWith('extensions'))).toEqual([]);
    const granted = snapshotWith({
      tables: [table('app', 't', { privileges: [{ grantee: 'x', privileges: ['SELECT'], grantable: [] }] })],
    });
    const plain = snapshotWith({ tables: [table('app', 't')] });
    expect(isEmptyDiff(diffSnapshots(plain, granted))).toBe(false);
    const report2 = diffSnapshots(plain, granted, { ignorePrivileges: true });
    expect(isEmptyDiff(report2)).toBe(true);
    expect(report2.ignoredKinds).toEqual(['defaultPrivileges', 'extensionMemberPrivileges']);
    // Privileges changed on an extension's member are privileges too.
    const revoked = snapshotWith({
      extensionMemberPrivileges: [
        {
          key: 'extension_member_privilege:function:public.st_area(public.geometry)',
          extension: 'postgis',
          objectType: 'FUNCTION',
          schema: 'public',
          name: 'st_area',
          column: null,
          identityArguments: 'public.geometry',
          privileges: [],
          initialPrivileges: [{ grantee: 'PUBLIC', privileges: ['EXECUTE'], grantable: [] }],
        },
      ],
    });
    expect(lines(diffSnapshots(emptySnapshot(), revoked))).toEqual([
      'extensionMemberPrivileges + function:public.st_area(public.geometry)',
    ]);
    expect(isEmptyDiff(diffSnapshots(emptySnapshot(), revoked, { ignorePrivileges: true }))).toBe(true);
  });

  it('warns when the sides differ in server major or filters', () => {
    const other = { ...emptySnapshot(), server: { major: 17, postgis: null } };
    other.filter = { ...other.filter, excludeSchemas: ['public'] };
    const report = diffSnapshots(emptySnapshot(), other);
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings[0]).toMatch(/15 and 17/);
    expect(report.warnings[1]).toMatch(/different schema filters/);
  });
});

describe('jsonEqual', async () => {
  const { jsonEqual } = await import('./compare-fields.js');
  it('compares JSON-like values deeply, absent equal to undefined', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});
