/**
 * Snapshot files written before indexes recorded the partitioned index they are attached to
 * (`partitionOf`, issue 16 item 9) compare with a live database without a difference on every
 * attached index; a newer snapshot's absent `partitionOf` (attached to none) still counts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { introspect, loadSnapshot, type Snapshot, serializeSnapshot } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../src/index.js';
import { changeLines } from './pair.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-older-snapshots-'));
let client: pg.Client;
let live: Snapshot;

beforeAll(async () => {
  client = await db.connect();
  await client.query(`CREATE SCHEMA old_files; SET search_path = old_files;
    CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
    CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE INDEX m_2025_own ON m_2025 (id); CREATE INDEX m_id ON m (id); RESET search_path`);
  live = await introspect(client, { includeSchemas: ['old_files'] });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `snapshot` written to a file and read back, without `partitionOf` on the indexes `drop` picks. */
async function fileWithout(snapshot: Snapshot, drop: (name: string) => boolean): Promise<Snapshot> {
  const data = JSON.parse(serializeSnapshot(snapshot));
  for (const index of data.objects.indexes) if (drop(index.name)) delete index.partitionOf;
  const path = join(work, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(data));
  return loadSnapshot(path);
}

describe('snapshot files without index partitionOf', () => {
  it('the live snapshot records the attachments', () => {
    const attached = live.objects.indexes.filter((i) => i.partitionOf !== undefined).map((i) => i.name);
    expect(attached.sort()).toEqual(['m_2025_own', 'm_2026_id_idx']);
  });

  it('an old file compares empty with the live database, both ways', async () => {
    const old = await fileWithout(live, () => true);
    expect(old.objects.indexes.some((i) => i.partitionOf !== undefined)).toBe(false);
    expect(changeLines(diffSnapshots(old, live))).toEqual([]);
    expect(changeLines(diffSnapshots(live, old))).toEqual([]);
  });

  it('an old file still shows the other differences of indexes', async () => {
    const old = await fileWithout(live, () => true);
    const changed = {
      ...old,
      objects: {
        ...old.objects,
        indexes: old.objects.indexes.map((i) => (i.name === 'm_2025_own' ? { ...i, clustered: true } : i)),
      },
    };
    expect(changeLines(diffSnapshots(changed, live)).join('\n')).toMatch(/m_2025_own.*clustered/);
    expect(changeLines(diffSnapshots(changed, live)).join('\n')).not.toMatch(/partitionOf/);
  });

  it('a newer snapshot with one index attached to none differs there', async () => {
    const newer = await fileWithout(live, (name) => name === 'm_2025_own');
    expect(changeLines(diffSnapshots(newer, live)).join('\n')).toMatch(/m_2025_own.*partitionOf/);
  });
});
