/**
 * Files sent several to a message (`filesPerMessage`, default 100), each still in a transaction
 * of its own with its history row: the outcome must be exactly that of sending every file alone
 * (`filesPerMessage: 1`) — the same files committed, the same failure reported and recorded, the
 * same files left unrun — whatever fails where: an error with a position, one without, a syntax
 * error (which stops the whole message before anything runs), a deferred constraint at COMMIT.
 */
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  type ApplyOptions,
  applyDeltas,
  loadPum0Module,
  readHistory,
  type UpgradeProgress,
} from '../src/index.js';
import { recordQueries, schemaNames, tablesOf } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('batch');

/** Seven deltas of `schema`: the first creates it, the others a table each, `faulty` replacing delta `at`. */
function deltas(schema: string, at?: number, faulty?: string): Record<string, string> {
  const files: Record<string, string> = { 'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};\n` };
  for (let n = 1; n <= 6; n++) {
    files[`d/delta_1.${n}.0_t${n}.sql`] =
      n === at && faulty !== undefined
        ? faulty.replaceAll('$schema', schema)
        : `-- table ${n}\nCREATE TABLE ${schema}.t${n} (id int PRIMARY KEY);\nINSERT INTO ${schema}.t${n} VALUES (${n});\n`;
  }
  return files;
}

/** What a run left and said: the error (schema names made alike), history rows, tables, progress. */
async function outcome(
  client: pg.Client,
  files: (schema: string) => Record<string, string>,
  options: ApplyOptions,
  schema: string,
  pumTable?: string,
) {
  const table = { schema, name: pumTable ?? 'pum_history' };
  const root = writeTree(files(schema));
  const events: string[] = [];
  const onProgress = (event: UpgradeProgress) => {
    if (event.type === 'file-start' || event.type === 'file-done')
      events.push(`${event.type} ${event.index}`);
  };
  const run = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
    table,
    onProgress,
    ...options,
  }).then(
    (report) => ({ report, error: undefined }),
    (error: { report?: { applied: unknown[] }; message: string; code?: string; details?: unknown }) => ({
      report: error.report,
      error,
    }),
  );
  const same = (text: unknown) => (typeof text === 'string' ? text.replaceAll(schema, '<schema>') : text);
  const history = (await readHistory(client, { schema, name: 'pum_history' }).catch(() => [])).map((h) => [
    h.path,
    h.success,
    same(h.error),
    same(h.note),
  ]);
  return {
    error: run.error && {
      message: same(run.error.message),
      code: run.error.code,
      details: JSON.parse(same(JSON.stringify(run.error.details ?? {})) as string),
    },
    applied: (run.report?.applied as { path: string }[] | undefined)?.map((a) => a.path),
    history,
    tables: await tablesOf(client, schema),
    events,
    // PUM 0.x's own table, kept beside ours: what PUM reading the database would see.
    pum: pumTable
      ? (await client.query(`SELECT version, description, success FROM ${schema}.${pumTable} ORDER BY id`))
          .rows
      : undefined,
  };
}

let pairs = 0;

/**
 * The outcome of the same deltas sent one file per message and batched, in two schemas of names
 * as long (positions in errors count their characters); they must be equal.
 */
async function bothWays(files: (schema: string) => Record<string, string>, pumTable?: string) {
  const client = await db.connect();
  const pair = ++pairs;
  const alone = await outcome(client, files, { filesPerMessage: 1 }, `alone_${pair}`, pumTable);
  const sent = recordQueries(client);
  const batched = await outcome(client, files, {}, `batch_${pair}`, pumTable);
  expect(batched).toEqual(alone);
  return { ...batched, sent };
}

describe('several files to a message', () => {
  it('sends the files after the first in one message, each committed with its row, progress live', async () => {
    const { error, applied, history, tables, events, sent } = await bothWays((schema) => deltas(schema));
    expect(error).toBeUndefined();
    expect(applied).toHaveLength(7);
    expect(history.map(([, success]) => success)).toEqual(Array(7).fill(true));
    expect(tables).toEqual(['pum_history', 't1', 't2', 't3', 't4', 't5', 't6']);
    // The first file creates the history table with its row; the six others go together.
    const batches = sent.filter((q) => q.includes('AS "pum_done_'));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.match(/^BEGIN;$/gm)).toHaveLength(6);
    expect(events).toEqual(Array.from({ length: 7 }, (_, i) => [`file-start ${i}`, `file-done ${i}`]).flat());
  });

  it('a runtime error with a position in the fourth file of the batch: the three before committed, none after', async () => {
    const { error, applied, history, tables } = await bothWays((schema) =>
      deltas(schema, 4, 'CREATE TABLE $schema.t4 (id int);\n\nSELECT nope\n  FROM $schema.t4;\n'),
    );
    expect(error).toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: 'd/delta_1.4.0_t4.sql:3:8: column "nope" does not exist (SQLSTATE 42703)',
      details: { line: 3, column: 8 },
    });
    expect(applied).toHaveLength(4);
    expect(history.map(([path, success]) => [path, success])).toEqual([
      ...['d/delta_1.0.0.sql', 'd/delta_1.1.0_t1.sql', 'd/delta_1.2.0_t2.sql', 'd/delta_1.3.0_t3.sql'].map(
        (path) => [path, true],
      ),
      ['d/delta_1.4.0_t4.sql', false],
    ]);
    expect(tables).toEqual(['pum_history', 't1', 't2', 't3']);
  });

  it('a runtime error without a position: the failing statement found as when the file is alone', async () => {
    const { error, tables } = await bothWays((schema) =>
      deltas(
        schema,
        2,
        'CREATE TABLE $schema.t2 (id int);\nSELECT 1 / 0;\nCREATE TABLE $schema.never (id int);\n',
      ),
    );
    expect(error).toMatchObject({ code: 'PUM_SQL_ERROR', details: { line: 2 } });
    expect(error?.message).toMatch(/^d\/delta_1\.2\.0_t2\.sql:2:\d+: division by zero/);
    expect(tables).toEqual(['pum_history', 't1']);
  });

  it('a syntax error in the fifth file stops the message before anything runs: the four before are applied, then it fails alone', async () => {
    const { error, applied, tables, history } = await bothWays((schema) =>
      deltas(schema, 5, 'CREATE TABLE $schema.t5 (id int);\nCREATE TABEL $schema.oops (id int);\n'),
    );
    expect(error).toMatchObject({ code: 'PUM_SQL_ERROR', details: { line: 2, column: 8 } });
    expect(error?.message).toMatch(/^d\/delta_1\.5\.0_t5\.sql:2:8: syntax error at or near "TABEL"/);
    expect(applied).toHaveLength(5);
    expect(tables).toEqual(['pum_history', 't1', 't2', 't3', 't4']);
    expect(history.filter(([, success]) => success)).toHaveLength(5);
  });

  it('an unfinished last statement in a batched file reads as when the file is alone', async () => {
    const { error, tables } = await bothWays((schema) =>
      deltas(schema, 3, 'CREATE TABLE $schema.t3 (id int);\nSELECT 1 +'),
    );
    expect(error).toMatchObject({ code: 'PUM_SQL_ERROR' });
    expect(tables).toEqual(['pum_history', 't1', 't2']);
  });

  it('a deferred constraint failing at COMMIT of the third file: the two before committed', async () => {
    const faulty = `CREATE TABLE $schema.t3 (id int PRIMARY KEY, parent int REFERENCES $schema.t1 DEFERRABLE INITIALLY DEFERRED);
INSERT INTO $schema.t3 VALUES (1, 99);
`;
    const { error, tables, history } = await bothWays((schema) => deltas(schema, 3, faulty));
    expect(error?.message).toMatch(/violates foreign key constraint/);
    expect(tables).toEqual(['pum_history', 't1', 't2']);
    expect(history.at(-1)?.slice(0, 2)).toEqual(['d/delta_1.3.0_t3.sql', false]);
  });

  it('maps a position past characters outside the Basic Multilingual Plane in earlier files', async () => {
    const emoji = (schema: string) => {
      const files = deltas(schema, 4, 'SELECT nope FROM $schema.t1;\n');
      files['d/delta_1.2.0_t2.sql'] = `-- 🚰💧 water 🚰\n${files['d/delta_1.2.0_t2.sql']}`;
      return files;
    };
    const { error } = await bothWays(emoji);
    expect(error).toMatchObject({
      message: expect.stringMatching(/^d\/delta_1\.4\.0_t4\.sql:1:8: column "nope"/),
    });
  });

  it("keeps PUM 0.x's upgrades table (-t) alike: a row for each file committed, none for the failed one", async () => {
    const { error, pum, tables } = await bothWays(
      (schema) => deltas(schema, 4, 'SELECT nope FROM $schema.t1;\n'),
      'upgrades',
    );
    expect(error).toMatchObject({ code: 'PUM_SQL_ERROR' });
    expect(tables).toEqual(['pum_history', 't1', 't2', 't3', 'upgrades']);
    expect(pum?.map((row) => [row.version, row.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', true],
      ['1.2.0', true],
      ['1.3.0', true],
    ]);
  });

  it('sends at most filesPerMessage files in a message', async () => {
    const client = await db.connect();
    const sent = recordQueries(client);
    const { schema, table } = names();
    const root = writeTree(deltas(schema));
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      filesPerMessage: 4,
    });
    expect(report.applied).toHaveLength(7);
    const batches = sent.filter((q) => q.includes('AS "pum_done_'));
    expect(batches.map((q) => q.match(/^BEGIN;$/gm)?.length)).toEqual([4, 2]);
  });
});
