/**
 * Files marked `-- pum:no-transaction` run statement by statement, their progress recorded as
 * they go: a run that fails or dies half-way resumes after the last completed statement; one killed
 * while a statement ran asks whether it committed; an index a failed concurrent build left INVALID
 * is built again. Kills happen once the server shows the statement running (pg_stat_activity).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionEnded, statementRunning, useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, planUpgrade, readHistory, type UpgradeProgress } from '../src/index.js';
import { schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const script = new URL('./fixtures/run-upgrade.mjs', import.meta.url).pathname;
const names = schemaNames('resume');

const indexesOf = async (client: pg.Client, schema: string) =>
  (
    await client.query<{ i: string }>(
      "SELECT indexname AS i FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'pum_history' ORDER BY 1",
      [schema],
    )
  ).rows.map((r) => r.i);

describe('resuming a file run outside a transaction', () => {
  it('records each completed statement and resumes after the last one once the cause is fixed', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.a (id int); CREATE TABLE ${schema}.b (id int);`,
      // Not idempotent on purpose: running statement 1 or 2 twice would fail.
      'd/delta_1.1.0_indexes.sql': `-- pum:no-transaction
CREATE INDEX CONCURRENTLY a_id ON ${schema}.a (id);
CREATE INDEX CONCURRENTLY b_id ON ${schema}.b (id);
CREATE INDEX CONCURRENTLY c_id ON ${schema}.c (id);
`,
    });
    const module = () => loadPum0Module([join(root, 'd')]);
    await expect(applyDeltas(client, module(), { table })).rejects.toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: expect.stringContaining('d/delta_1.1.0_indexes.sql:4:'),
    });
    const failed = (await readHistory(client, table)).at(-1);
    expect(failed).toMatchObject({ version: '1.1.0', success: false, statementsDone: 2 });
    expect(failed?.error).toContain(`"${schema}.c" does not exist`);
    expect(await indexesOf(client, schema)).toEqual(['a_id', 'b_id']);

    const plan = await planUpgrade(client, module(), { table });
    expect(plan.files.find((f) => f.file.version?.text === '1.1.0')).toMatchObject({
      status: 'failed',
      history: { statementsDone: 2 },
    });

    await client.query(`CREATE TABLE ${schema}.c (id int)`);
    const events: UpgradeProgress[] = [];
    const report = await applyDeltas(client, module(), { table, onProgress: (e) => events.push(e) });
    expect(report.applied.map((f) => f.version)).toEqual(['1.1.0']);
    expect(events.filter((e) => e.type === 'statement-done')).toEqual([
      expect.objectContaining({ done: 3, total: 3, resumedFrom: 2 }),
    ]);
    expect(await indexesOf(client, schema)).toEqual(['a_id', 'b_id', 'c_id']);
    const last = (await readHistory(client, table)).at(-1);
    expect(last).toMatchObject({
      success: true,
      error: null,
      statementsDone: 3,
      note: 'resumed after statement 2',
    });
    expect(last?.finishedAt).toBeInstanceOf(Date);
  });

  it('starts an edited file over from its first statement', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.a (id int);`,
      'd/delta_1.1.0.sql': `-- pum:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id ON ${schema}.a (id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS a_missing ON ${schema}.a (missing);
`,
    });
    await expect(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table })).rejects.toMatchObject({
      code: 'PUM_SQL_ERROR',
    });
    writeFileSync(
      join(root, 'd/delta_1.1.0.sql'),
      `-- pum:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id ON ${schema}.a (id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id2 ON ${schema}.a (id);
`,
    );
    const events: UpgradeProgress[] = [];
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      onProgress: (e) => events.push(e),
    });
    expect(
      events
        .filter((e) => e.type === 'statement-done')
        .map((e) => (e.type === 'statement-done' ? e.done : 0)),
    ).toEqual([1, 2]);
    expect(await indexesOf(client, schema)).toEqual(['a_id', 'a_id2']);
  });

  it('runs a statement again after its killed runner was stopped in it, when asked (--retry-statement)', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.a (id int); CREATE TABLE ${schema}.b (id int);`,
      // The killed runner sleeps in statement 2 (its session sets pum_test.sleep); a rerun does not.
      'd/delta_1.1.0.sql': `-- pum:no-transaction
CREATE INDEX CONCURRENTLY a_id ON ${schema}.a (id);
SELECT pg_sleep(coalesce(nullif(current_setting('pum_test.sleep', true), ''), '0')::float);
CREATE INDEX CONCURRENTLY b_id ON ${schema}.b (id);
`,
    });
    const dir = join(root, 'd');
    const child = spawn(process.execPath, [script, db.url, dir, schema, "SET pum_test.sleep = '600'"], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed while the server runs statement 2.
    const pid = await statementRunning(client, 'SELECT pg_sleep(coalesce%');
    child.kill('SIGKILL');
    await exited;
    // The killed runner's server session sleeps on with the lock: end it, as a DBA would.
    await client.query('SELECT pg_terminate_backend($1)', [pid]);
    await sessionEnded(client, pid);
    expect((await readHistory(client, table)).at(-1)).toMatchObject({
      version: '1.1.0',
      success: false,
      statementsDone: 1,
      statementStarted: expect.stringMatching(/^2:[0-9a-f]+$/),
    });

    const module = () => loadPum0Module([dir]);
    await expect(applyDeltas(client, module(), { table })).rejects.toMatchObject({
      code: 'PUM_HISTORY_INCONSISTENT',
      message: expect.stringContaining(
        "d/delta_1.1.0.sql: statement 2 of 3 (\"SELECT pg_sleep(coalesce(nullif(current_setting('pum_test.sleep', true), ''), '0')::float);\")",
      ),
    });
    const report = await applyDeltas(client, module(), { table, interruptedStatement: 'retry' });
    expect(report.applied.map((f) => f.version)).toEqual(['1.1.0']);
    expect(await indexesOf(client, schema)).toEqual(['a_id', 'b_id']);
    expect((await readHistory(client, table)).at(-1)).toMatchObject({
      success: true,
      statementsDone: 3,
      statementStarted: null,
      note: 'statement 2, interrupted, run again',
    });
  });

  it('does not run again a statement the server committed after its runner was killed, unless asked', async () => {
    const client = await db.connect();
    const holder = await db.connect();
    const { schema, table } = names();
    const key = 4_213_001;
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int);`,
      // Statement 2 waits for an advisory lock the test holds: the runner is killed while it waits.
      'd/delta_1.1.0_rows.sql': `-- pum:no-transaction
INSERT INTO ${schema}.t VALUES (1);
INSERT INTO ${schema}.t SELECT 2 FROM pg_advisory_xact_lock(${key}, 2);
INSERT INTO ${schema}.t VALUES (3);
`,
    });
    const dir = join(root, 'd');
    await holder.query('SELECT pg_advisory_lock($1, 2)', [key]);
    const child = spawn(process.execPath, [script, db.url, dir, schema], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const pid = await statementRunning(client, `INSERT INTO ${schema}.t SELECT 2%`, true);
    child.kill('SIGKILL');
    await exited;
    // The server goes on: the statement gets its lock, commits, and only then finds its client gone.
    await holder.query('SELECT pg_advisory_unlock($1, 2)', [key]);
    await sessionEnded(client, pid);
    const rows = async () =>
      (await client.query<{ id: number }>(`SELECT id FROM ${schema}.t ORDER BY id`)).rows.map((r) => r.id);
    expect(await rows()).toEqual([1, 2]);
    const historyBefore = await readHistory(client, table);
    expect(historyBefore.at(-1)).toMatchObject({
      statementsDone: 1,
      statementStarted: expect.stringMatching(/^2:/),
    });

    const module = () => loadPum0Module([dir]);
    const refused = applyDeltas(client, module(), { table });
    await expect(refused).rejects.toMatchObject({
      code: 'PUM_HISTORY_INCONSISTENT',
      message: expect.stringContaining(
        `d/delta_1.1.0_rows.sql: statement 2 of 3 ("INSERT INTO ${schema}.t SELECT 2 FROM pg_advisory_xact_lock(${key}, 2);") was sent by a run that was interrupted`,
      ),
      hint: expect.stringContaining('--assume-done'),
    });
    // Refused before anything ran.
    expect(await rows()).toEqual([1, 2]);
    expect(await readHistory(client, table)).toHaveLength(historyBefore.length);
    expect((await planUpgrade(client, module(), { table })).files.at(-1)?.reason).toContain(
      'interrupted in statement 2',
    );

    const report = await applyDeltas(client, module(), { table, interruptedStatement: 'assume-done' });
    expect(report.applied.map((f) => f.version)).toEqual(['1.1.0']);
    expect(await rows()).toEqual([1, 2, 3]);
    expect((await readHistory(client, table)).at(-1)).toMatchObject({
      success: true,
      statementsDone: 3,
      note: 'statement 2, interrupted, assumed done; resumed after it',
    });
  });

  it('rebuilds an index that its failed CREATE UNIQUE INDEX CONCURRENTLY left INVALID', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int); INSERT INTO ${schema}.t VALUES (1), (1);`,
      'd/delta_1.1.0.sql': `-- pum:no-transaction
CREATE INDEX CONCURRENTLY t_plain ON ${schema}.t (id);
CREATE UNIQUE INDEX CONCURRENTLY t_id ON ${schema}.t (id);
`,
    });
    const module = () => loadPum0Module([join(root, 'd')]);
    await expect(applyDeltas(client, module(), { table })).rejects.toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: expect.stringContaining('could not create unique index "t_id"'),
      changed: expect.arrayContaining([
        expect.stringContaining('1 of 2 statements of d/delta_1.1.0.sql committed'),
      ]),
    });
    const validity = async () =>
      (
        await client.query<{ valid: boolean }>(
          "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1 || '.t_id')",
          [schema],
        )
      ).rows.map((r) => r.valid);
    expect(await validity()).toEqual([false]);
    expect((await readHistory(client, table)).at(-1)).toMatchObject({
      statementsDone: 1,
      statementStarted: null,
    });

    await client.query(`DELETE FROM ${schema}.t WHERE ctid = (SELECT max(ctid) FROM ${schema}.t)`);
    const report = await applyDeltas(client, module(), { table });
    expect(report.applied.map((f) => f.version)).toEqual(['1.1.0']);
    expect(await validity()).toEqual([true]);
  });

  it('names the DROP to run for an INVALID index it did not leave', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int); INSERT INTO ${schema}.t VALUES (1), (1)`,
    );
    // Someone's failed build, before pum ever ran the file.
    await expect(client.query(`CREATE UNIQUE INDEX CONCURRENTLY t_id ON ${schema}.t (id)`)).rejects.toThrow();
    await client.query(`DELETE FROM ${schema}.t WHERE ctid = (SELECT max(ctid) FROM ${schema}.t)`);
    const root = writeTree({
      'd/delta_1.1.0.sql': `-- pum:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_id ON ${schema}.t (id);
`,
    });
    await expect(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table })).rejects.toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: expect.stringContaining(`index "${schema}"."t_id" exists and is INVALID`),
      hint: expect.stringContaining(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}"."t_id";`),
    });
    await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}"."t_id"`);
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    const { rows } = await client.query(
      "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1 || '.t_id')",
      [schema],
    );
    expect(rows).toEqual([{ valid: true }]);
  });
});
