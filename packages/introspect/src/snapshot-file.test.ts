import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { OBJECT_KINDS, type Snapshot, type SnapshotObjects } from './snapshot.js';
import { loadSnapshot, parseSnapshot, saveSnapshot, serializeSnapshot } from './snapshot-file.js';

function tinySnapshot(): Snapshot {
  const objects = Object.fromEntries(OBJECT_KINDS.map((kind) => [kind, []])) as unknown as SnapshotObjects;
  objects.schemas = [
    { key: 'schema:water', name: 'water', owner: 'postgres', privileges: [], comment: 'zz' },
    { key: 'schema:app', name: 'app', owner: 'postgres', privileges: [], comment: null },
  ];
  objects.extensions = [
    {
      key: 'extension:postgis',
      name: 'postgis',
      version: '3.3.4',
      schema: 'public',
      relocatable: false,
      owner: 'postgres',
      comment: null,
    },
  ];
  return {
    format: 'pum-snapshot',
    formatVersion: 1,
    server: { major: 15, postgis: '3.3.4' },
    filter: { includeSchemas: [], excludeSchemas: ['public'], includeExtensionMembers: false },
    objects,
    unmodeled: { operators: 1 },
    dependencies: [{ from: 'view:public.v', to: 'column:public.t.id' }],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'pum-snapshot-'));

function expectPumError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
    expect.unreachable();
  } catch (error) {
    expect(isPumError(error)).toBe(true);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  }
}

describe('serializeSnapshot', () => {
  it('sorts collections by key and writes fields in schema order', () => {
    const snapshot = tinySnapshot();
    const reordered = {
      ...snapshot,
      objects: {
        ...snapshot.objects,
        schemas: snapshot.objects.schemas.map((s) => ({
          comment: s.comment,
          name: s.name,
          key: s.key,
          privileges: s.privileges,
          owner: s.owner,
        })),
      },
    };
    const text = serializeSnapshot(reordered);
    expect(text).toBe(serializeSnapshot(snapshot));
    expect(text.indexOf('schema:app')).toBeLessThan(text.indexOf('schema:water'));
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('saveSnapshot / loadSnapshot', () => {
  it('round-trips to an equal snapshot and the same bytes', async () => {
    const path = join(dir, 'a.json');
    await saveSnapshot(tinySnapshot(), path);
    const loaded = await loadSnapshot(path);
    expect(loaded.objects.schemas.map((s) => s.name)).toEqual(['app', 'water']);
    expect(serializeSnapshot(loaded)).toBe(readFileSync(path, 'utf8'));
  });

  it('a save that fails half-way leaves the earlier file whole, and nothing beside it', async () => {
    const path = join(dir, 'kept.json');
    await saveSnapshot(tinySnapshot(), path);
    const before = readFileSync(path, 'utf8');
    const broken = tinySnapshot();
    // A value JSON cannot write, met after the first pieces were written.
    (broken.objects.schemas[1] as unknown as { comment: unknown }).comment = 10n;
    await expect(saveSnapshot(broken, path)).rejects.toThrow(/BigInt/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((name) => name.includes('kept.json'))).toEqual(['kept.json']);
  });

  it('names a missing file', async () => {
    await expect(loadSnapshot(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'PUM_FILE_NOT_FOUND',
      message: expect.stringContaining('missing.json'),
    });
  });

  it('names a file that is not JSON', async () => {
    const path = join(dir, 'corrupt.json');
    writeFileSync(path, '{"format": "pum-snapshot", "formatVersion": 1, "obj');
    await expect(loadSnapshot(path)).rejects.toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: expect.stringMatching(/corrupt\.json is not valid JSON/),
    });
  });

  it('names the first invalid field of a truncated snapshot', async () => {
    const path = join(dir, 'truncated.json');
    const data = JSON.parse(serializeSnapshot(tinySnapshot()));
    delete data.objects.extensions[0].version;
    writeFileSync(path, JSON.stringify(data));
    await expect(loadSnapshot(path)).rejects.toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: expect.stringContaining('objects.extensions.0.version'),
    });
  });
});

describe('parseSnapshot', () => {
  it('reads a snapshot written before dependencies were recorded as having none', () => {
    const { dependencies: _, ...older } = tinySnapshot();
    expect(parseSnapshot(older, 'old.json').dependencies).toEqual([]);
  });

  it('reads a snapshot written before foreign data and extension member privileges as having none', () => {
    const older = JSON.parse(JSON.stringify(tinySnapshot()));
    for (const kind of ['foreignDataWrappers', 'foreignServers', 'userMappings', 'extensionMemberPrivileges'])
      delete older.objects[kind];
    const parsed = parseSnapshot(older, 'old.json');
    expect(parsed.objects.foreignServers).toEqual([]);
    expect(parsed.objects.extensionMemberPrivileges).toEqual([]);
    expect(parsed.objects.schemas).toHaveLength(2);
    // Other kinds are still required.
    delete older.objects.tables;
    expect(() => parseSnapshot(older, 'old.json')).toThrow(/objects\.tables/);
  });

  it('rejects a future format version with a hint to upgrade', () => {
    const data = { ...tinySnapshot(), formatVersion: 2 };
    expectPumError(
      () => parseSnapshot(data, 'next.json'),
      'PUM_INVALID_FILE',
      /next\.json has snapshot format version 2; this pum reads version 1/,
    );
    try {
      parseSnapshot(data);
    } catch (error) {
      expect((error as { hint?: string }).hint).toMatch(/upgrade pum/);
    }
  });

  it('rejects something that is not a snapshot', () => {
    expectPumError(() => parseSnapshot([], 'x.json'), 'PUM_INVALID_FILE', /x\.json is not a pum snapshot/);
    expectPumError(() => parseSnapshot({ format: 'other' }), 'PUM_INVALID_FILE', /not a pum snapshot/);
    expectPumError(() => parseSnapshot(null), 'PUM_INVALID_FILE', /not a pum snapshot/);
  });

  it('accepts a valid snapshot and drops unknown fields', () => {
    const data = JSON.parse(serializeSnapshot(tinySnapshot()));
    data.objects.schemas[0].extra = 1;
    const parsed = parseSnapshot(data);
    expect('extra' in (parsed.objects.schemas[0] as object)).toBe(false);
  });
});

describe('canonical JSON', () => {
  it('is exactly JSON.stringify of the schema-validated, sorted snapshot', async () => {
    const { SnapshotSchema } = await import('./snapshot.js');
    const { sortSnapshot } = await import('./sort.js');
    const snapshot = tinySnapshot();
    snapshot.unmodeled = { alpha: 2, zeta: 1 };
    const expected = `${JSON.stringify(SnapshotSchema.parse(sortSnapshot(snapshot)), null, 2)}\n`;
    expect(serializeSnapshot(snapshot)).toBe(expected);
    // Record keys are sorted whatever order they were given in.
    expect(serializeSnapshot({ ...snapshot, unmodeled: { zeta: 1, alpha: 2 } })).toBe(expected);
  });

  it('is the same text when a kind or the dependencies fill several pieces', async () => {
    const { SnapshotSchema } = await import('./snapshot.js');
    const { sortSnapshot } = await import('./sort.js');
    const snapshot = tinySnapshot();
    // More than one piece of 64 objects, the last one partial, with nested values and text to escape.
    snapshot.objects.schemas = Array.from({ length: 150 }, (_, i) => ({
      key: `schema:s${String(i).padStart(3, '0')}`,
      name: `s${String(i).padStart(3, '0')}`,
      owner: 'postgres',
      privileges: [{ grantee: 'reader', grantor: 'postgres', privileges: ['USAGE'], grantable: [] }],
      comment: i % 2 ? null : `line one\nline "two" \u00e9`,
    }));
    snapshot.dependencies = Array.from({ length: 129 }, (_, i) => ({
      from: `view:public.v${String(i).padStart(3, '0')}`,
      to: 'table:public.t',
    }));
    const expected = `${JSON.stringify(SnapshotSchema.parse(sortSnapshot(snapshot)), null, 2)}\n`;
    expect(serializeSnapshot(snapshot)).toBe(expected);
  });
});
