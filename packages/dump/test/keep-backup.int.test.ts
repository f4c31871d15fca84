/**
 * A failed dump never touches the backup that was there (issue 13, item 3): pg_dump truncated
 * its output file before it even connected, so a dump that failed half-way left an empty or
 * partial file where the last good backup had been. The failure here is a real one half-way
 * through: a table with row-level security that the dumping role may read but pg_dump may not
 * dump (`query would be affected by row-level security policy`), after the other tables' rows
 * were written.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { quoteIdent } from '@pum/core';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, restoreDatabase } from '../src/index.js';
import {
  connectionTo,
  makeDatabase,
  server,
  tableChecksums,
  tools,
  withClient,
  workDirectory,
} from './helpers.js';

const work = workDirectory();

/** The files of `dir` (hidden ones included), sorted. */
function filesOf(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('a failed dump keeps the existing backup', skipUnless('pg_dump'), () => {
  const source = useTestDatabase();
  const role = `pum_dump_reader_${Math.random().toString(36).slice(2, 8)}`;
  let readerUrl: string;

  beforeAll(async () => {
    await withClient(server.url, (client) => client.query(`CREATE ROLE ${quoteIdent(role)} LOGIN`));
    await withClient(source.url, (client) =>
      client.query(`
        CREATE SCHEMA app;
        CREATE TABLE app.a_pipes (id int PRIMARY KEY, label text);
        INSERT INTO app.a_pipes SELECT g, md5(g::text) FROM generate_series(1, 2000) g;
        CREATE TABLE app.z_secret (id int);
        INSERT INTO app.z_secret VALUES (1);
        ALTER TABLE app.z_secret ENABLE ROW LEVEL SECURITY;
        CREATE POLICY everyone ON app.z_secret USING (true);
        GRANT USAGE ON SCHEMA app TO ${quoteIdent(role)};
        GRANT SELECT ON ALL TABLES IN SCHEMA app TO ${quoteIdent(role)};`),
    );
    const url = new URL(source.url);
    url.username = role;
    readerUrl = url.toString();
  });

  afterAll(async () => {
    await withClient(source.url, (client) => client.query(`DROP OWNED BY ${quoteIdent(role)}`));
    await withClient(server.url, (client) => client.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`));
  });

  it('a dump failing half-way leaves the old file byte for byte, and no temporary', async () => {
    const dir = path.join(work, 'file');
    mkdirSync(dir);
    const file = path.join(dir, 'prod.backup');
    await dumpDatabase({ connection: connectionTo(source.url), file, tools });
    const good = readFileSync(file);

    const error = await dumpDatabase({ connection: connectionTo(readerUrl), file, tools }).catch((e) => e);
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.message).toContain('query would be affected by row-level security policy');
    expect(error.message).toMatch(/prod\.backup was left as it was$/);
    expect(readFileSync(file).equals(good)).toBe(true);
    expect(filesOf(dir)).toEqual(['prod.backup']);

    // And it still restores (without the grants to the role, which is dropped after the tests).
    const target = await makeDatabase();
    await restoreDatabase({ connection: connectionTo(target.url), file, noPrivileges: true, tools });
    expect(await tableChecksums(target.url)).toEqual(await tableChecksums(source.url));
  });

  it('a plain dump failing half-way leaves the old script too', async () => {
    const dir = path.join(work, 'plain');
    mkdirSync(dir);
    const file = path.join(dir, 'prod.sql');
    writeFileSync(file, '-- the last good backup\nSELECT 1;\n');
    const error = await dumpDatabase({
      connection: connectionTo(readerUrl),
      file,
      format: 'plain',
      tools,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(readFileSync(file, 'utf8')).toBe('-- the last good backup\nSELECT 1;\n');
    expect(filesOf(dir)).toEqual(['prod.sql']);
  });

  it('a failed dump to a new path leaves nothing; a good one replaces the old file', async () => {
    const dir = path.join(work, 'new');
    mkdirSync(dir);
    const file = path.join(dir, 'new.backup');
    await expect(dumpDatabase({ connection: connectionTo(readerUrl), file, tools })).rejects.toMatchObject({
      code: 'PUM_EXTERNAL_PROGRAM',
    });
    expect(filesOf(dir)).toEqual([]);

    writeFileSync(file, 'an old backup');
    await dumpDatabase({ connection: connectionTo(source.url), file, tools });
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
    expect(filesOf(dir)).toEqual(['new.backup']);
  });

  it('directory format: a failure keeps the old dump directory, a success replaces it', async () => {
    const dir = path.join(work, 'directory');
    mkdirSync(dir);
    const target = path.join(dir, 'prod.dir');
    await dumpDatabase({ connection: connectionTo(source.url), file: target, format: 'directory', tools });
    const toc = readFileSync(path.join(target, 'toc.dat'));
    const files = filesOf(target);

    const error = await dumpDatabase({
      connection: connectionTo(readerUrl),
      file: target,
      format: 'directory',
      tools,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(readFileSync(path.join(target, 'toc.dat')).equals(toc)).toBe(true);
    expect(filesOf(target)).toEqual(files);
    expect(filesOf(dir)).toEqual(['prod.dir']);

    writeFileSync(path.join(target, 'stale.dat'), 'left from an older dump');
    await dumpDatabase({ connection: connectionTo(source.url), file: target, format: 'directory', tools });
    expect(filesOf(target)).not.toContain('stale.dat');
    expect(filesOf(dir)).toEqual(['prod.dir']);
  });

  it('refuses, before running pg_dump, a target it must not replace', async () => {
    const other = path.join(work, 'not-a-dump');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const spawned: string[] = [];
    const onSpawn = ({ tool }: { tool: string }) => spawned.push(tool);
    await expect(
      dumpDatabase({
        connection: connectionTo(source.url),
        file: other,
        format: 'directory',
        tools,
        onSpawn,
      }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining('something else'),
    });
    await expect(
      dumpDatabase({ connection: connectionTo(source.url), file: other, tools, onSpawn }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining('is a directory'),
    });
    await expect(
      dumpDatabase({
        connection: connectionTo(source.url),
        file: path.join(work, 'nowhere', 'x.backup'),
        tools,
        onSpawn,
      }),
    ).rejects.toMatchObject({ code: 'PUM_FILE_NOT_FOUND' });
    expect(spawned).toEqual([]);
    expect(filesOf(other)).toEqual(['notes.txt']);
  });
});
