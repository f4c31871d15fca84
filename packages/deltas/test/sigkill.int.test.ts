/**
 * The runner killed with SIGKILL in the middle of a delta, many times: the database is always at a
 * delta boundary (every delta's effect exists exactly when its success row does), and a rerun
 * finishes. Where to kill is chosen by a seeded generator (the seed is logged; set
 * PUM_TEST_SEED to replay a run) and the kill is sent once the server shows the runner inside that
 * delta (waiting for the delta's advisory lock in pg_locks), never after a guessed delay. Several
 * deltas go to the server in one message: one killed while its message runs may see the server
 * go on with the deltas after it, each still committed with its history row or not at all.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { advisoryLockWaiter, sessionEnded, useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const script = new URL('./fixtures/run-upgrade.mjs', import.meta.url).pathname;
const DELTAS = 30;
/** The advisory lock class each delta waits on: the test holds `(LOCK, i)` to stop the runner in delta i. */
const LOCK = 4_213_301;

/** A small deterministic generator (mulberry32), so that a failing run can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Run an upgrade in a child process; resolves when it exits (killed or done). */
function runUpgrade(args: string[]) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<void>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' || code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr}`)),
    ),
  );
  return { child, exit };
}

// The child runs the built package: `test` depends on this package's `build` (turbo.json).
describe('killed upgrades', () => {
  it('always leave the database at a delta boundary, and a rerun finishes the job', async () => {
    const seed = Number(process.env.PUM_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.info(`sigkill.int.test: seed ${seed} (replay with PUM_TEST_SEED=${seed})`);
    const random = generator(seed);
    const client = await db.connect();
    const holder = await db.connect();
    const schema = 'killed';
    const files: Record<string, string> = { 'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};` };
    for (let i = 1; i <= DELTAS; i++) {
      files[`d/delta_1.${i}.0.sql`] =
        `CREATE TABLE ${schema}.t${i} (id int); SELECT pg_advisory_xact_lock_shared(${LOCK}, ${i}); INSERT INTO ${schema}.t${i} VALUES (${i});`;
    }
    const dir = join(writeTree(files), 'd');
    const applied = async () => {
      const exists = (await client.query("SELECT to_regclass('killed.pum_history') AS t")).rows[0].t;
      const history = exists ? await readHistory(client, { schema, name: 'pum_history' }) : [];
      return new Set(history.filter((h) => h.success).map((h) => h.version));
    };
    for (let round = 0; round < 12; round++) {
      const done = await applied();
      const pending = [...Array(DELTAS).keys()].map((i) => i + 1).filter((i) => !done.has(`1.${i}.0`));
      if (pending.length === 0) break;
      const target = pending[Math.floor(random() * pending.length)] as number;
      // Killed while the delta waits: its session is then ended (rolled back) or let go (commits).
      const terminate = random() < 0.5;
      const context = `seed ${seed}, round ${round}: killed in delta 1.${target}.0, ${terminate ? 'session terminated' : 'session let go'}`;
      await holder.query('SELECT pg_advisory_lock($1, $2)', [LOCK, target]);
      const { child, exit } = runUpgrade([db.url, dir, schema]);
      const pid = await Promise.race([
        // By the lock, not the query's text: several deltas go in one message, which
        // pg_stat_activity shows only the first kB of.
        advisoryLockWaiter(client, LOCK, target),
        exit.then(() => {
          throw new Error(`${context}: the runner exited before reaching the delta`);
        }),
      ]);
      child.kill('SIGKILL');
      await exit;
      if (terminate) await client.query('SELECT pg_terminate_backend($1)', [pid]);
      await holder.query('SELECT pg_advisory_unlock($1, $2)', [LOCK, target]);
      await sessionEnded(client, pid);

      const now = await applied();
      expect(now.has(`1.${target}.0`), context).toBe(!terminate);
      for (let i = 1; i <= DELTAS; i++) {
        const table = (await client.query(`SELECT to_regclass('${schema}.t${i}') AS t`)).rows[0].t;
        expect(table !== null, `${context}: table t${i} vs history`).toBe(now.has(`1.${i}.0`));
      }
    }
    await runUpgrade([db.url, dir, schema]).exit;
    const final = await readHistory(client, { schema, name: 'pum_history' });
    expect(new Set(final.filter((h) => h.success).map((h) => h.version)).size).toBe(DELTAS + 1);
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = '${schema}' AND tablename LIKE 't%'`,
    );
    expect(rows[0].n).toBe(DELTAS);
  });
});
