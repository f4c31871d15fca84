/**
 * `excludeSchemas` means the same when dumping and when restoring (PUM applied `-N`
 * inconsistently, pum#39): a dump made with the exclusion and a full dump restored with it
 * give identical databases.
 */
import * as path from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, restoreDatabase } from '../src/index.js';
import {
  connectionTo,
  loadRichFixture,
  makeDatabase,
  schemaDifferences,
  server,
  tableChecksums,
  tools,
  workDirectory,
} from './helpers.js';

const work = workDirectory();

describe('excludeSchemas without PostGIS', skipUnless('pg_dump'), () => {
  const source = useTestDatabase();
  const excludeSchemas = ['app', 'Second*'];
  let full: string;
  let partial: string;

  beforeAll(async () => {
    await loadRichFixture(source.url, false);
    const connection = connectionTo(source.url);
    full = (await dumpDatabase({ connection, file: path.join(work, 'full.backup'), tools })).file;
    partial = (
      await dumpDatabase({ connection, file: path.join(work, 'partial.backup'), excludeSchemas, tools })
    ).file;
  });

  it('gives the same database whether schemas are excluded when dumping or when restoring', async () => {
    const dumpedWithout = await makeDatabase();
    const first = await restoreDatabase({
      connection: connectionTo(dumpedWithout.url),
      file: partial,
      tools,
    });
    expect(first.skipped).toEqual([]);

    const restoredWithout = await makeDatabase();
    const second = await restoreDatabase({
      connection: connectionTo(restoredWithout.url),
      file: full,
      excludeSchemas,
      tools,
    });
    expect(new Set(second.skipped.map((s) => s.reason))).toEqual(new Set(['excluded-schema']));
    expect(second.skipped).toContainEqual(
      expect.objectContaining({
        type: 'SCHEMA',
        name: '- Second Schema postgres',
        reason: 'excluded-schema',
      }),
    );
    expect(second.skipped).toContainEqual(
      expect.objectContaining({ type: 'COMMENT', name: '- SCHEMA app postgres' }),
    );

    // Excluding again at restore time (PUM users pass -N to both) changes nothing.
    const both = await makeDatabase();
    const third = await restoreDatabase({
      connection: connectionTo(both.url),
      file: partial,
      excludeSchemas,
      tools,
    });
    expect(third.skipped).toEqual([]);

    const expected = await tableChecksums(dumpedWithout.url);
    expect(Object.keys(expected)).toEqual(['public.plain_table']);
    expect(await tableChecksums(restoredWithout.url)).toEqual(expected);
    expect(await tableChecksums(both.url)).toEqual(expected);
    expect(await schemaDifferences(dumpedWithout.url, restoredWithout.url)).toEqual([]);
    expect(await schemaDifferences(dumpedWithout.url, both.url)).toEqual([]);
  });
});

describe('excludeSchemas public with PostGIS in public (PUM users’ -N public)', skipUnless('pg_dump'), () => {
  const source = useTestDatabase({ postgis: true });
  let full: string;
  let partial: string;

  beforeAll(async () => {
    await loadRichFixture(source.url, true);
    const connection = connectionTo(source.url);
    full = (await dumpDatabase({ connection, file: path.join(work, 'gis-full.backup'), tools })).file;
    partial = (
      await dumpDatabase({
        connection,
        file: path.join(work, 'gis-partial.backup'),
        excludeSchemas: ['public'],
        tools,
      })
    ).file;
  });

  it('gives the same database both ways, into an empty database and into one with PostGIS', async () => {
    const dumpedWithout = await makeDatabase();
    await restoreDatabase({ connection: connectionTo(dumpedWithout.url), file: partial, tools });
    const restoredWithout = await makeDatabase();
    await restoreDatabase({
      connection: connectionTo(restoredWithout.url),
      file: full,
      excludeSchemas: ['public'],
      tools,
    });
    const intoPostgis = await makeDatabase(server.postgisTemplate);
    const result = await restoreDatabase({
      connection: connectionTo(intoPostgis.url),
      file: full,
      excludeSchemas: ['public'],
      tools,
    });
    expect(result.ignoredErrors).toEqual([]);

    const expected = await tableChecksums(dumpedWithout.url);
    expect(Object.keys(expected).filter((table) => table.startsWith('public.'))).toEqual([]);
    expect(expected['gis.nodes']).toMatch(/^300:/);
    expect(await tableChecksums(restoredWithout.url)).toEqual(expected);
    expect(await tableChecksums(intoPostgis.url)).toEqual(expected);
    expect(await schemaDifferences(dumpedWithout.url, restoredWithout.url)).toEqual([]);
    expect(await schemaDifferences(dumpedWithout.url, intoPostgis.url)).toEqual([]);
  });
});
