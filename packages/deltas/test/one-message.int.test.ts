/**
 * A file in a transaction of its own goes to the server as one message with its history row
 * (`BEGIN;`, the file, the row, `COMMIT;`); a single-transaction run writes its rows in the
 * message that commits it. Failures must read exactly as when each part is sent on its own.
 */
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, readHistory } from '../src/index.js';
import { failure, recordQueries, schemaNames, tablesOf } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('msg');

describe('a file and its history row in one message', () => {
  it('sends each file with its history row and COMMIT as one message, timed by the server', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const files = {
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};\nCREATE TABLE ${schema}.t (v text);\n`,
      'd/delta_1.1.0_fill.sql': `INSERT INTO ${schema}.t VALUES ('it''s \\ here');`,
    };
    const root = writeTree(files);
    const sent = recordQueries(client);
    const parameters = { quoted: "it's", backslash: 'a\\b', nested: { n: 1 } };
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      parameters,
      toolVersion: "v'1",
    });
    for (const text of Object.values(files)) {
      const carrying = sent.filter((q) => q.includes(text));
      expect(carrying).toHaveLength(1);
      expect(carrying[0]).toMatch(/^BEGIN;\n[\s\S]*\nINSERT INTO "msg\d+"\."pum_history"[\s\S]*;\nCOMMIT;$/);
    }
    expect(sent.filter((q) => /^(BEGIN|COMMIT)$/.test(q))).toEqual([]);
    // The first message created the history table, after the file that created its schema.
    expect(sent.filter((q) => q.includes('CREATE TABLE IF NOT EXISTS'))).toHaveLength(1);

    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.path, h.success, h.error])).toEqual([
      ['1.0.0', 'd/delta_1.0.0.sql', true, null],
      ['1.1.0', 'd/delta_1.1.0_fill.sql', true, null],
    ]);
    for (const row of history) {
      expect(row).toMatchObject({ parameters, toolVersion: "v'1", source: 'pum', betaTesting: false });
      expect(row.finishedAt?.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
      expect(row.executionMs).toBeGreaterThanOrEqual(0);
    }
    expect((await client.query(`SELECT v FROM ${schema}.t`)).rows).toEqual([{ v: "it's \\ here" }]);
  });

  it('runs a file ending in a line comment without a newline, and one whose last statement has no semicolon', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE ${schema}.a (id int); -- done, no newline`,
      'd/delta_1.1.0.sql': `CREATE TABLE ${schema}.b (id int)`,
      'd/delta_1.2.0.sql': `CREATE TABLE ${schema}.c (id int) -- neither`,
    });
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    expect(report.applied).toHaveLength(3);
    expect(await tablesOf(client, schema)).toEqual(['a', 'b', 'c', 'pum_history']);
    expect((await readHistory(client, table)).map((h) => h.success)).toEqual([true, true, true]);
  });

  it('names file:line:column of an error in the first file, sent with the history table DDL', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const sql = `CREATE SCHEMA ${schema};\nCREATE TABLE ${schema}.t (id int);\n\nSELECT nope\n  FROM ${schema}.t;\n`;
    const root = writeTree({ 'd/delta_1.0.0.sql': sql });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error).toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: 'd/delta_1.0.0.sql:4:8: column "nope" does not exist (SQLSTATE 42703)',
      // For the CLI's caret: the file, and the position in it.
      details: {
        path: 'd/delta_1.0.0.sql',
        line: 4,
        column: 8,
        statement: sql,
        position: sql.indexOf('nope') + 1,
      },
    });
    expect(error.cause).toMatchObject({ position: String(sql.indexOf('nope') + 1) });
    expect(error.report.applied).toEqual([]);
    // The file rolled back; its failure recorded outside, in a table created for it.
    expect(await tablesOf(client, schema)).toEqual(['pum_history']);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success])).toEqual([['1.0.0', false]]);
    expect(history[0]?.error).toBe(error.message);
  });

  it('reports an unfinished last statement as the server does for the file alone', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE ${schema}.a (id int);`,
      'd/delta_1.1.0.sql': `CREATE TABLE ${schema}.b (id int);\nSELECT 1 +`,
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.message).toBe('d/delta_1.1.0.sql:2:11: syntax error at end of input (SQLSTATE 42601)');
    expect(error.report.applied.map((f) => f.version)).toEqual(['1.0.0']);
    expect(await tablesOf(client, schema)).toEqual(['a', 'pum_history']);
    expect((await readHistory(client, table)).map((h) => [h.version, h.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
    ]);
  });

  it('sends a file ending inside parentheses on its own, as what follows would join its last statement', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const sql = `CREATE TABLE ${schema}.a (id int);\nSELECT (1`;
    const root = writeTree({ 'd/delta_1.0.0.sql': sql });
    const sent = recordQueries(client);
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.message).toBe('d/delta_1.0.0.sql:2:10: syntax error at end of input (SQLSTATE 42601)');
    expect(sent.filter((q) => q.includes(sql))).toEqual([sql]);
    expect(await tablesOf(client, schema)).toEqual(['pum_history']);
  });

  it('finds the failing statement by replaying the file when the server names no position', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': [
        `CREATE TABLE ${schema}.n (v int CHECK (v > 0));`,
        `INSERT INTO ${schema}.n VALUES (1);`,
        '',
        `  INSERT INTO ${schema}.n VALUES (-1);`,
        `INSERT INTO ${schema}.n VALUES (2);`,
      ].join('\n'),
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error).toMatchObject({
      code: 'PUM_SQL_ERROR',
      details: { path: 'd/delta_1.0.0.sql', line: 4, column: 3, sqlstate: '23514' },
    });
    expect(error.message).toMatch(
      /^d\/delta_1\.0\.0\.sql:4:3: new row for relation "n" violates check constraint/,
    );
    expect(await tablesOf(client, schema)).toEqual(['pum_history']);
  });

  it('tells a failure at COMMIT (a deferred constraint) from the file’s, as when COMMIT is sent alone', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE ${schema}.p (id int PRIMARY KEY);
CREATE TABLE ${schema}.c (p int REFERENCES ${schema}.p DEFERRABLE INITIALLY DEFERRED);
INSERT INTO ${schema}.c VALUES (1);
`,
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.code).toBe('PUM_SQL_ERROR');
    expect(error.message).toMatch(
      /^upgrade stopped: insert or update on table "c" violates foreign key constraint "c_p_fkey"/,
    );
    expect(await tablesOf(client, schema)).toEqual(['pum_history']);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success])).toEqual([['1.0.0', false]]);
    expect(history[0]?.error).toContain('violates foreign key constraint');
  });

  it('tells a failure of the history row from the file’s, with or without a position', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE ${schema}.a (id int);`,
      // The history insert no longer finds its column: an error with a position in it.
      'd/delta_1.1.0.sql': `ALTER TABLE ${schema}.pum_history RENAME COLUMN note TO remark;`,
    });
    const renamed = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(renamed.message).toBe(`upgrade stopped: column "note" of relation "pum_history" does not exist`);
    // A trigger refuses the history row: an error without a position.
    const refused = writeTree({
      'd/delta_1.1.0.sql': `CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'no history today'; END $$;
CREATE TRIGGER refuse BEFORE INSERT ON ${schema}.pum_history FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse();
`,
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(refused, 'd')]), { table }));
    expect(error.message).toBe('upgrade stopped: no history today');
    // Both files rolled back, their failures recorded.
    expect(await tablesOf(client, schema)).toEqual(['a', 'pum_history']);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
      ['1.1.0', false],
    ]);
    expect(history[2]?.error).toBe('no history today');
  });
});

describe('the history rows of a single-transaction run', () => {
  it('are written in the message that commits it, in run order; each file is sent alone', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const files = {
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0.sql': `CREATE TABLE ${schema}.t (id int)`,
      'd/delta_1.2.0.sql': `INSERT INTO ${schema}.t VALUES (1);`,
    };
    const root = writeTree(files);
    const sent = recordQueries(client);
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      singleTransaction: true,
      parameters: { q: "it's" },
    });
    expect(report.applied).toHaveLength(3);
    for (const text of Object.values(files)) expect(sent.filter((q) => q.includes(text))).toEqual([text]);
    const commit = sent.filter((q) => q.endsWith('COMMIT'));
    expect(commit).toHaveLength(1);
    expect(commit[0]).toMatch(/CREATE TABLE IF NOT EXISTS[\s\S]*INSERT INTO[\s\S]*;\nCOMMIT$/);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success, h.parameters])).toEqual([
      ['1.0.0', true, { q: "it's" }],
      ['1.1.0', true, { q: "it's" }],
      ['1.2.0', true, { q: "it's" }],
    ]);
    for (const row of history) {
      expect(row.finishedAt?.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
    }
  });

  it('leaves nothing when a file fails, which is named with line and column', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0.sql': `CREATE TABLE ${schema}.t (id int);\nSELECT nope FROM ${schema}.t;`,
    });
    const error = await failure(
      applyDeltas(client, loadPum0Module([join(root, 'd')]), { table, singleTransaction: true }),
    );
    expect(error.message).toBe('d/delta_1.1.0.sql:2:8: column "nope" does not exist (SQLSTATE 42703)');
    expect(error.report.applied).toEqual([]);
    expect(await tablesOf(client, schema)).toEqual([]);
  });
});
