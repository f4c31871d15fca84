/**
 * Files marked `-- pum:no-transaction` run statement by statement, their progress recorded as
 * they go: a run that fails or dies half-way resumes after the last completed statement.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
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

  it('resumes after the runner is killed between statements', async () => {
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
    const child = spawn(process.execPath, [script, db.url, dir, schema, "SET pum_test.sleep = '60'"], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Wait until statement 1 is recorded, then kill the runner in the middle of statement 2.
    for (let i = 0; i < 600; i++) {
      const { rows } = await client
        .query(`SELECT statements_done FROM ${schema}.pum_history WHERE version = '1.1.0'`)
        .catch(() => ({ rows: [] as { statements_done: number }[] }));
      if (rows[0]?.statements_done === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await exited;
    // The killed runner's server session sleeps on with the lock: end it, as a DBA would.
    await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(coalesce%' AND pid <> pg_backend_pid()",
    );
    expect((await readHistory(client, table)).at(-1)).toMatchObject({
      version: '1.1.0',
      success: false,
      statementsDone: 1,
    });

    const report = await applyDeltas(client, loadPum0Module([dir]), { table, lockTimeoutMs: 10_000 });
    expect(report.applied.map((f) => f.version)).toEqual(['1.1.0']);
    expect(await indexesOf(client, schema)).toEqual(['a_id', 'b_id']);
    expect((await readHistory(client, table)).at(-1)).toMatchObject({ success: true, statementsDone: 3 });
  });
});
