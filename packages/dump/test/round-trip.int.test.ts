/**
 * Dump → restore into a new database gives the same database: same rows (counts and content
 * checksums of every table) and the same schema (`@pum/introspect` snapshots compared by
 * `@pum/diff`), in every format, with progress events along the way. Without PostGIS on every
 * server that has a pg_dump fit for it; with PostGIS where the server has it.
 */
import * as path from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DumpProgressEvent, dumpDatabase, restoreDatabase } from '../src/index.js';
import {
  connectionTo,
  loadRichFixture,
  makeDatabase,
  schemaDifferences,
  tableChecksums,
  tools,
  workDirectory,
} from './helpers.js';

const work = workDirectory();

describe('round trip without PostGIS', skipUnless('pg_dump'), () => {
  const source = useTestDatabase();
  let sums: Record<string, string>;

  beforeAll(async () => {
    await loadRichFixture(source.url, false);
    sums = await tableChecksums(source.url);
  });

  it('the fixture has data in every table', () => {
    expect(Object.keys(sums)).toEqual([
      'Second Schema.Mixed Case',
      'app.events',
      'app.events_2024',
      'app.events_2025',
      'app.owner_pipes',
      'app.owners',
      'app.pipes',
      'public.plain_table',
    ]);
    for (const [table, sum] of Object.entries(sums)) expect(sum, table).not.toMatch(/^0:/);
  });

  it('custom format (the default of both sides): same rows, same schema, progress reported', async () => {
    const dumpEvents: DumpProgressEvent[] = [];
    const dumped = await dumpDatabase({
      connection: connectionTo(source.url),
      file: path.join(work, 'rich.backup'),
      tools,
      onProgress: (event) => dumpEvents.push(event),
    });
    expect(dumped.format).toBe('custom');
    expect(dumped.tool.major).toBeGreaterThanOrEqual(source.server.major);
    // Six tables hold rows (the partitioned parent holds none; the materialized view is refreshed).
    expect(dumped.tables).toBe(6);
    expect(dumpEvents).toContainEqual(
      expect.objectContaining({ type: 'table-data', tool: 'pg_dump', table: 'Second Schema.Mixed Case' }),
    );

    const target = await makeDatabase();
    const restoreEvents: DumpProgressEvent[] = [];
    const restored = await restoreDatabase({
      connection: connectionTo(target.url),
      file: dumped.file,
      tools,
      onProgress: (event) => restoreEvents.push(event),
    });
    expect(restored).toMatchObject({ format: 'custom', skipped: [], extensionData: [], ignoredErrors: [] });
    expect(restored.archive?.dbname).toBe(source.name);
    const data = restoreEvents.filter((event) => event.type === 'table-data');
    expect(data.length).toBe(restored.tables);
    expect(data.at(-1)).toMatchObject({ done: restored.tables, total: restored.tables });
    expect(restoreEvents).toContainEqual({
      type: 'object',
      tool: 'pg_restore',
      objectType: 'TABLE',
      name: 'app.pipes',
    });

    expect(await tableChecksums(target.url)).toEqual(sums);
    expect(await schemaDifferences(source.url, target.url)).toEqual([]);
  });

  it('directory format, dumped and restored by two parallel workers', async () => {
    const dumped = await dumpDatabase({
      connection: connectionTo(source.url),
      file: path.join(work, 'rich.dir'),
      format: 'directory',
      jobs: 2,
      tools,
    });
    const target = await makeDatabase();
    const restored = await restoreDatabase({
      connection: connectionTo(target.url),
      file: dumped.file,
      jobs: 2,
      tools,
    });
    expect(restored.format).toBe('directory');
    expect(await tableChecksums(target.url)).toEqual(sums);
    expect(await schemaDifferences(source.url, target.url)).toEqual([]);
  });

  it('plain format, run by psql in one transaction', async () => {
    const dumped = await dumpDatabase({
      connection: connectionTo(source.url),
      file: path.join(work, 'rich.sql'),
      format: 'plain',
      tools,
    });
    const target = await makeDatabase();
    const restored = await restoreDatabase({
      connection: connectionTo(target.url),
      file: dumped.file,
      singleTransaction: true,
      tools,
    });
    expect(restored).toMatchObject({ format: 'plain', archive: undefined });
    expect(restored.tool.name).toBe('psql');
    expect(await tableChecksums(target.url)).toEqual(sums);
    expect(await schemaDifferences(source.url, target.url)).toEqual([]);
  });
});

describe('round trip with PostGIS', skipUnless('pg_dump'), () => {
  const source = useTestDatabase({ postgis: true });

  it('restores geometry, geography, spatial indexes and custom SRIDs into a database without PostGIS', async () => {
    await loadRichFixture(source.url, true);
    const sums = await tableChecksums(source.url);
    expect(sums['gis.nodes']).toMatch(/^300:/);
    expect(sums['public.custom_points']).toMatch(/^10:/);

    const dumped = await dumpDatabase({
      connection: connectionTo(source.url),
      file: path.join(work, 'gis.backup'),
      tools,
    });
    const target = await makeDatabase();
    const restored = await restoreDatabase({
      connection: connectionTo(target.url),
      file: dumped.file,
      tools,
    });
    // Nothing to filter: the target had no PostGIS, the archive creates it.
    expect(restored.skipped).toEqual([]);
    expect(await tableChecksums(target.url)).toEqual(sums);
    expect(await schemaDifferences(source.url, target.url)).toEqual([]);
  });
});
