/** Several upgrades at once on one database: each delta is applied exactly once. */
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { acquireUpgradeLock, applyDeltas, loadPum0Module, readHistory } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

async function connectN(n: number): Promise<pg.Client[]> {
  return Promise.all(Array.from({ length: n }, () => db.connect()));
}

describe('concurrent upgrades', () => {
  it.each([2, 8])('%i runners apply each delta exactly once', async (n) => {
    const schema = `conc${n}`;
    const files: Record<string, string> = {
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.log (v text);`,
    };
    for (let i = 1; i <= 10; i++) {
      files[`d/delta_1.0.${i}.sql`] = `INSERT INTO ${schema}.log VALUES ('1.0.${i}'); SELECT pg_sleep(0.01);`;
    }
    const module = loadPum0Module([join(writeTree(files), 'd')]);
    const table = { schema: `hist${n}`, name: 'pum_history' };
    const clients = await connectN(n);
    const reports = await Promise.all(
      clients.map((client) => applyDeltas(client, module, { table, lockTimeoutMs: 30_000 })),
    );
    expect(reports.reduce((sum, r) => sum + r.applied.length, 0)).toBe(11);
    const { rows } = await clients[0]!.query(
      `SELECT v, count(*)::int AS n FROM ${schema}.log GROUP BY v ORDER BY v`,
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect((await readHistory(clients[0]!, table)).filter((h) => h.success)).toHaveLength(11);
  });

  it('a CREATE INDEX CONCURRENTLY delta completes while another runner waits', async () => {
    const schema = 'conc_idx';
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t AS SELECT g AS id FROM generate_series(1, 20000) g;`,
      'd/delta_1.1.0.sql': `-- pum:no-transaction\nCREATE INDEX CONCURRENTLY t_id ON ${schema}.t (id);\n`,
    });
    const module = loadPum0Module([join(root, 'd')]);
    const table = { schema: 'public', name: 'history_idx' };
    const [a, b] = await connectN(2);
    const reports = await Promise.all([
      applyDeltas(a!, module, { table }),
      applyDeltas(b!, module, { table }),
    ]);
    expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 2]);
    const { rows } = await a!.query(
      `SELECT indisvalid FROM pg_index WHERE indexrelid = '${schema}.t_id'::regclass`,
    );
    expect(rows).toEqual([{ indisvalid: true }]);
  });

  it('times out naming the holder of the lock', async () => {
    const [holder, waiter] = await connectN(2);
    await holder!.query("SET application_name = 'qgis-plugin'");
    const table = { schema: 'public', name: 'history_lock' };
    const release = await acquireUpgradeLock(holder!, table);
    const holderPid = (await holder!.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const waited: (number | undefined)[] = [];
    await expect(
      acquireUpgradeLock(waiter!, table, { timeoutMs: 600, pollMs: 100, onWait: (pid) => waited.push(pid) }),
    ).rejects.toMatchObject({
      code: 'PUM_LOCK_TIMEOUT',
      message: expect.stringContaining(`pid ${holderPid} (qgis-plugin)`),
      details: { pid: holderPid, application: 'qgis-plugin' },
    });
    expect(waited).toEqual([holderPid]);
    await release();
    const again = await acquireUpgradeLock(waiter!, table, { timeoutMs: 1000 });
    await again();
  });
});
