/**
 * Determinism: a rich schema covering every kind gives byte-identical snapshot files across
 * runs, across a pg_dump / pg_restore round trip, and across two servers of the same major.
 * Runs on every server; with PostGIS, the schema also gets spatial columns and indexes.
 * Partitioned tables and inheritance children (rich-partitions.sql) also give the same bytes
 * when built the way pg_restore builds them (rich-partitions.restored.sql), on every server:
 * what partitions get from the way they were made must not show.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { skipTestUnless, startPostgres, type TestPostgres, useTestDatabase } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspect, OBJECT_KINDS, serializeSnapshot } from '../src/index.js';

const run = promisify(execFile);
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const richSchema = fixture('rich-schema.sql');
const richPostgis = fixture('rich-postgis.sql');
const richPartitions = fixture('rich-partitions.sql');
const restoredPartitions = fixture('rich-partitions.restored.sql');

const source = useTestDatabase();
const target = useTestDatabase();
let sourceText: string;
const work = mkdtempSync(join(tmpdir(), 'pum-round-trip-'));

async function snapshotText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return serializeSnapshot(await introspect(client));
  } finally {
    await client.end();
  }
}

const withPostgis = source.server.postgisTemplate !== undefined;

/** Build the rich schema in the database `client` is connected to. */
async function buildRichSchema(client: pg.Client): Promise<void> {
  if (withPostgis) await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  await client.query(richSchema);
  await client.query(richPartitions);
  if (withPostgis) await client.query(richPostgis);
}

beforeAll(async () => {
  await buildRichSchema(await source.connect());
  sourceText = await snapshotText(source.url);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the rich fixture', () => {
  it('covers every object kind', () => {
    const snapshot = JSON.parse(sourceText);
    // Privileges changed on extension members need an extension with members in a user schema: PostGIS.
    for (const kind of OBJECT_KINDS) {
      if (kind === 'extensionMemberPrivileges' && !withPostgis) continue;
      expect(snapshot.objects[kind].length, kind).toBeGreaterThan(0);
    }
    expect(snapshot.unmodeled).toEqual({ operators: 1, 'text search configurations': 1 });
    if (withPostgis) {
      const types = snapshot.objects.columns.map((c: { type: string }) => c.type);
      expect(types).toEqual(
        expect.arrayContaining(['public.geometry(PointZ,2056)', 'public.geography(Point,4326)']),
      );
    }
  });

  it('gives the same bytes on every run', async () => {
    expect(await snapshotText(source.url)).toBe(sourceText);
  });

  it('gives the same bytes after pg_dump and pg_restore', async () => {
    const binDir = source.server.binDir;
    if (!binDir) skipTestUnless('pg_dump');
    const dump = join(work, 'rich.dump');
    await run(join(binDir as string, 'pg_dump'), [
      '--format=custom',
      `--file=${dump}`,
      `--dbname=${source.url}`,
    ]);
    await run(join(binDir as string, 'pg_restore'), ['--exit-on-error', `--dbname=${target.url}`, dump]);
    expect(await snapshotText(target.url)).toBe(sourceText);
  });
});

describe('partitions and inheritance children', () => {
  const made = useTestDatabase();
  const restored = useTestDatabase();

  beforeAll(async () => {
    await (await made.connect()).query(richPartitions);
    await (await restored.connect()).query(restoredPartitions);
  });

  it('give the same bytes when built the way pg_restore builds them', async () => {
    const text = await snapshotText(made.url);
    const keys = JSON.parse(text).objects.constraints.map((c: { key: string }) => c.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'constraint:metering.reading_2024.reading_2024_pkey',
        'constraint:metering.reading_default.reading_default_pkey',
        'constraint:metering.reading_2023.reading_2023_own_pk',
        'constraint:metering.alarm.alarm_reading_fk',
      ]),
    );
    const trigger = JSON.parse(text).objects.triggers.find(
      (t: { key: string }) => t.key === 'trigger:metering.reading.reading_touch',
    );
    expect(trigger.partitions).toEqual([{ schema: 'metering', table: 'reading_2024', enabled: 'disabled' }]);
    expect(await snapshotText(restored.url)).toBe(text);
  });

  it('are built alike by both fixtures, as pg_dump sees them', async () => {
    const binDir = made.server.binDir;
    if (!binDir) skipTestUnless('pg_dump');
    // \restrict lines carry a random key (pg_dump 17.6, 16.10, 15.14 and later).
    const schemaDump = async (url: string) => {
      const { stdout } = await run(join(binDir as string, 'pg_dump'), ['--schema-only', `--dbname=${url}`]);
      return stdout.replace(/^\\(un)?restrict .*$/gm, '');
    };
    expect(await schemaDump(restored.url)).toBe(await schemaDump(made.url));
  });
});

describe('across servers', () => {
  let other: TestPostgres | undefined;

  afterAll(async () => {
    await other?.stop();
  });

  it('gives the same bytes on a second server of the same major', async (context) => {
    if (source.server.backend === 'env-url') context.skip('a server given by URL cannot be started twice');
    other = await startPostgres({ postgis: withPostgis, major: source.server.major });
    // Shift OIDs on the second server so that nothing can match by accident.
    const url = await other.createDatabase('pum_round_trip', { template: 'template0' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE pad (a int); DROP TABLE pad');
      await buildRichSchema(client);
    } finally {
      await client.end();
    }
    expect(await snapshotText(url)).toBe(sourceText);
  });
});
