/**
 * The runner killed with SIGKILL at random points, many times: the database is always at a delta
 * boundary (every delta's effect exists exactly when its success row does), and a rerun finishes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const script = new URL('./fixtures/run-upgrade.mjs', import.meta.url).pathname;

/** Run an upgrade and kill it after `afterMs`; resolves with its server session's pid. */
function runAndKill(args: string[], afterMs: number | undefined): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let pid: number | undefined;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      const connected = /connected (\d+)/.exec(chunk.toString());
      if (!connected) return;
      pid = Number(connected[1]);
      if (afterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' || code === 0 ? resolve(pid) : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

/**
 * Until the session `pid` has ended: a killed runner's session may still be finishing the file it
 * was sent (a file goes with its history row and COMMIT in one message), which then commits.
 */
async function sessionEnded(client: pg.Client, pid: number | undefined): Promise<void> {
  for (let i = 0; pid !== undefined && i < 400; i++) {
    const { rows } = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// The child runs the built package: `test` depends on this package's `build` (turbo.json).
describe('killed upgrades', () => {
  it('always leave the database at a delta boundary, and a rerun finishes the job', async () => {
    const client = await db.connect();
    const schema = 'killed';
    const files: Record<string, string> = { 'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};` };
    for (let i = 1; i <= 30; i++) {
      files[`d/delta_1.${i}.0.sql`] =
        `CREATE TABLE ${schema}.t${i} (id int); SELECT pg_sleep(0.005); INSERT INTO ${schema}.t${i} VALUES (${i});`;
    }
    const dir = join(writeTree(files), 'd');
    for (let round = 0; round < 12; round++) {
      await sessionEnded(client, await runAndKill([db.url, dir, schema], Math.floor(Math.random() * 120)));
      const history = (await client.query("SELECT to_regclass('killed.pum_history') AS t")).rows[0].t
        ? await readHistory(client, { schema, name: 'pum_history' })
        : [];
      const applied = new Set(history.filter((h) => h.success).map((h) => h.version));
      for (let i = 1; i <= 30; i++) {
        const table = (await client.query(`SELECT to_regclass('${schema}.t${i}') AS t`)).rows[0].t;
        expect(table !== null, `round ${round}: table t${i} vs history`).toBe(applied.has(`1.${i}.0`));
      }
    }
    await runAndKill([db.url, dir, schema], undefined);
    const final = await readHistory(client, { schema, name: 'pum_history' });
    expect(new Set(final.filter((h) => h.success).map((h) => h.version)).size).toBe(31);
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = '${schema}' AND tablename LIKE 't%'`,
    );
    expect(rows[0].n).toBe(30);
  });
});
