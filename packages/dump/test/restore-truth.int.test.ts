/**
 * A failed restore tells the truth (issue 13, items 3 and 7): a file that is no dump is
 * refused before any connection; a restore runs in one transaction by default, so a failure
 * changes nothing; and when it cannot (jobs, or singleTransaction: false) the error's
 * `changed` lists what the failure left in the target, read from the target itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, restoreDatabase, type SpawnedProcess } from '../src/index.js';
import { connectionTo, makeDatabase, tableChecksums, tools, withClient, workDirectory } from './helpers.js';

const work = workDirectory();

/** The schemas and relations of the database at `url`, outside the system's. */
async function objectsOf(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `select n.nspname as name from pg_namespace n
        where n.nspname not in ('information_schema', 'public') and n.nspname !~ '^pg_'
       union all
       select n.nspname || '.' || c.relname from pg_namespace n join pg_class c on c.relnamespace = n.oid
        where n.nspname not in ('information_schema', 'public') and n.nspname !~ '^pg_'
        order by 1`,
    );
    return rows.map((row) => row.name);
  });
}

// Half-way through, a table references one that does not exist.
const HALF_BROKEN_SQL = `-- a script that fails half-way
CREATE SCHEMA half;
CREATE TABLE half.first (id int PRIMARY KEY);
INSERT INTO half.first VALUES (1), (2);
CREATE TABLE half.second (id int REFERENCES half.missing);
CREATE TABLE half.third (id int);
`;

describe('what a failed restore says it changed', skipUnless('pg_dump'), () => {
  const source = useTestDatabase();
  let truncated: string;

  beforeAll(async () => {
    // The rows of the last table (z_big) are the end of the archive: cut them off.
    await withClient(source.url, (client) =>
      client.query(`
        CREATE SCHEMA app;
        CREATE TABLE app.a_owners (id int PRIMARY KEY, name text);
        INSERT INTO app.a_owners SELECT g, 'owner ' || g FROM generate_series(1, 100) g;
        CREATE TABLE app.z_big (id int PRIMARY KEY, owner int REFERENCES app.a_owners, label text);
        INSERT INTO app.z_big SELECT g, 1 + g % 100, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 20000) g;`),
    );
    const good = (
      await dumpDatabase({
        connection: connectionTo(source.url),
        file: path.join(work, 'good.backup'),
        tools,
      })
    ).file;
    const bytes = readFileSync(good);
    truncated = path.join(work, 'truncated.backup');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 20_000));
  });

  it('refuses an empty or unrecognisable file before connecting', async () => {
    // Nothing listens there: a connection attempt would be PUM_CONNECTION_FAILED.
    const nowhere = connectionTo('postgresql://postgres@127.0.0.1:1/nowhere');
    const spawned: SpawnedProcess[] = [];
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.backup', '', /empty\.backup is empty \(0 bytes\): not a dump$/],
      ['comments.sql', '-- nothing\n/* at all */\n\n', /holds no SQL statement/],
      ['binary.backup', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), /holds binary data/],
      [
        'report.json',
        '{"tables": 3}',
        /is neither a pg_dump archive nor SQL text \(it starts with "\{\\"tables\\": 3\}"\)/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(work, name);
      writeFileSync(file, content);
      const error = await restoreDatabase({
        connection: nowhere,
        file,
        tools,
        onSpawn: (process) => spawned.push(process),
      }).catch((e) => e);
      expect(error.code, name).toBe('PUM_INVALID_FILE');
      expect(error.message, name).toMatch(message);
      expect(error.message.startsWith(file), name).toBe(true);
      expect(error.hint).toContain(
        'custom (-Fc, the default of pum dump), directory (-Fd) and tar (-Ft) archives, and plain SQL scripts',
      );
      expect(error.changed).toEqual([]);
    }
    expect(spawned).toEqual([]);
  });

  it('a truncated archive restored in one transaction (the default) changes nothing', async () => {
    const target = await makeDatabase();
    const error = await restoreDatabase({
      connection: connectionTo(target.url),
      file: truncated,
      tools,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.message).toContain('could not read from input file');
    expect(error.message).toMatch(
      /\n {2}nothing was changed in postgresql:.*: the restore ran in one transaction, rolled back$/,
    );
    expect(error.changed).toEqual([]);
    expect(await objectsOf(target.url)).toEqual([]);
  });

  it('a truncated archive restored by parallel jobs lists the tables it left', async () => {
    const target = await makeDatabase();
    const error = await restoreDatabase({
      connection: connectionTo(target.url),
      file: truncated,
      jobs: 2,
      tools,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.message).toMatch(/was changed before the failure: what was restored stays$/);
    expect(error.changed).toEqual(
      expect.arrayContaining(['created schema app', 'created table app.a_owners', 'created table app.z_big']),
    );
    expect(error.hint).toContain('remove what was restored');
    // What it says is what is there.
    expect(await objectsOf(target.url)).toEqual(expect.arrayContaining(['app', 'app.a_owners', 'app.z_big']));
  });

  it('entry by entry (singleTransaction: false), the same archive lists the tables it left', async () => {
    const target = await makeDatabase();
    const error = await restoreDatabase({
      connection: connectionTo(target.url),
      file: truncated,
      singleTransaction: false,
      tools,
    }).catch((e) => e);
    expect(error.changed).toEqual([
      'created schema app',
      'created table app.a_owners',
      'created table app.z_big',
    ]);
    // The owners' rows came before the cut.
    expect(Object.keys(await tableChecksums(target.url))).toEqual(['app.a_owners', 'app.z_big']);
  });

  it('a plain SQL script failing half-way: nothing in one transaction, else what it created', async () => {
    const file = path.join(work, 'half.sql');
    writeFileSync(file, HALF_BROKEN_SQL);
    const target = await makeDatabase();
    const atomic = await restoreDatabase({ connection: connectionTo(target.url), file, tools }).catch(
      (e) => e,
    );
    expect(atomic.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(atomic.message).toContain('relation "half.missing" does not exist');
    expect(atomic.changed).toEqual([]);
    expect(await objectsOf(target.url)).toEqual([]);

    const stepwise = await restoreDatabase({
      connection: connectionTo(target.url),
      file,
      singleTransaction: false,
      tools,
    }).catch((e) => e);
    expect(stepwise.changed).toEqual([
      'created schema half',
      'created table half.first',
      'created index half.first_pkey',
      'created constraint first_pkey on half.first',
    ]);
    expect(await objectsOf(target.url)).toEqual(['half', 'half.first', 'half.first_pkey']);
  });

  it('a script that commits on its own before failing is caught too', async () => {
    const file = path.join(work, 'commits.sql');
    writeFileSync(file, `COMMIT;\nCREATE SCHEMA early;\nCOMMIT;\nBEGIN;\n${HALF_BROKEN_SQL}`);
    const target = await makeDatabase();
    const error = await restoreDatabase({ connection: connectionTo(target.url), file, tools }).catch(
      (e) => e,
    );
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.changed).toEqual(['created schema early']);
  });

  it('refuses one transaction with jobs or ignoreErrors', async () => {
    const connection = connectionTo(source.url);
    await expect(
      restoreDatabase({ connection, file: truncated, ignoreErrors: true, singleTransaction: true, tools }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: 'singleTransaction and ignoreErrors cannot be combined',
    });
  });
});
