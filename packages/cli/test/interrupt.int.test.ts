/**
 * Interrupting `pum upgrade`: Ctrl-C cancels the running statement on the server and says what
 * stays committed (exit 130); a SIGKILL while a statement of a `-- pum:no-transaction` file runs
 * makes the next run stop (exit 4) until told whether that statement committed. Every signal is
 * sent once the server shows the statement running (pg_stat_activity), never after a delay.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sessionEnded, statementRunning, useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

// A database per scenario: each starts with no history anywhere.
const dbs = {
  sigint: useTestDatabase(),
  broken: useTestDatabase(),
  online: useTestDatabase(),
  done: useTestDatabase(),
  retry: useTestDatabase(),
  index: useTestDatabase(),
};
type Db = (typeof dbs)[keyof typeof dbs];
const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pum-interrupt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let client: pg.Client;
beforeAll(async () => {
  // Any database of the server shows every session in pg_stat_activity.
  client = await dbs.sigint.connect();
});

/** Take the advisory lock `(key, sub)` of `db` (advisory locks are per database); returns its release. */
async function hold(db: Db, key: number, sub: number): Promise<() => Promise<void>> {
  const holder = await db.connect();
  await holder.query('SELECT pg_advisory_lock($1, $2)', [key, sub]);
  return async () => {
    await holder.query('SELECT pg_advisory_unlock($1, $2)', [key, sub]);
  };
}

/** A delta directory `name` under the work directory with `files`. */
function deltas(name: string, files: Record<string, string>): string {
  mkdirSync(join(work, name));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(work, name, file), text);
  return name;
}

/**
 * Start `pum upgrade` on `db`; `exit` resolves with its code and what it printed, `running(like)`
 * with the pid of the session running a query like `like` (failing at once if pum exits first).
 */
function startUpgrade(db: Db, dir: string, table: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'upgrade', '--db', db.url, '--dir', dir, '--table', table],
    { cwd: work, env: { ...process.env, NO_COLOR: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const running = (like: string, waiting = false) =>
    Promise.race([
      statementRunning(client, like, waiting),
      exit.then(({ code, stderr }) => {
        throw new Error(`pum exited (${code}) before running ${like}:\n${stderr}`);
      }),
    ]);
  return { child, exit, running };
}

const upgrade = (db: Db, dir: string, table: string, ...more: string[]) =>
  pum(['upgrade', '--db', db.url, '--dir', dir, '--table', table, ...more], { cwd: work });

const ids = async (on: pg.Client, table: string) =>
  (await on.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => r.id);

describe('interrupting pum upgrade', () => {
  it('stops cleanly on SIGINT', async () => {
    const dir = deltas('delta', {
      'delta_1.0.0.sql': 'CREATE SCHEMA interrupted;\n',
      'delta_1.1.0_slow.sql': 'CREATE TABLE interrupted.half (id int);\nSELECT pg_sleep(600);\n',
    });
    const { child, exit, running } = startUpgrade(dbs.sigint, dir, 'public.pum_history');
    await running('%SELECT pg_sleep(600)%');
    child.kill('SIGINT');
    const { code, stderr } = await exit;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('SIGINT: stopping cleanly');
    expect(stderr).toContain('error upgrade cancelled in delta/delta_1.1.0_slow.sql, which was rolled back');
    const { rows } = await client.query(
      "SELECT to_regclass('interrupted.half') AS half, (SELECT count(*)::int FROM pg_stat_activity WHERE query LIKE '%SELECT pg_sleep(600)%' AND pid <> pg_backend_pid()) AS sleeping",
    );
    expect(rows).toEqual([{ half: null, sleeping: 0 }]);

    // Interrupted is not broken: info shows it pending (exit 3), to run again.
    const info = await pum(['info', '--db', dbs.sigint.url, '--dir', dir, '--table', 'public.pum_history'], {
      cwd: work,
    });
    expect(info.code, info.stderr).toBe(3);
    expect(info.stdout).toMatch(/interrupted +1\.1\.0 +delta\/delta_1\.1\.0_slow\.sql/);
    expect(info.stdout).toContain('1 file(s) interrupted and rolled back; run upgrade again');
    expect(info.stdout).not.toContain('inconsistent');
    const json = await pum(
      ['info', '--db', dbs.sigint.url, '--dir', dir, '--table', 'public.pum_history', '--json'],
      { cwd: work },
    );
    expect(json.code, json.stderr).toBe(3);
    expect(JSON.parse(json.stdout).files[1]).toMatchObject({ status: 'failed', interrupted: true });
  });

  it('keeps a delta that failed with an SQL error inconsistent in info (exit 4)', async () => {
    const dir = deltas('broken', {
      'delta_1.0.0.sql': 'CREATE SCHEMA broken;\n',
      'delta_1.1.0_bad.sql': 'CREATE TABLE broken.t (id int);\nSELECT no_such_column FROM broken.t;\n',
    });
    const run = await upgrade(dbs.broken, dir, 'public.pum_history');
    expect(run.code, run.stderr).not.toBe(0);
    const info = await pum(['info', '--db', dbs.broken.url, '--dir', dir, '--table', 'public.pum_history'], {
      cwd: work,
    });
    expect(info.code, info.stderr).toBe(4);
    expect(info.stdout).toMatch(/failed +1\.1\.0 +broken\/delta_1\.1\.0_bad\.sql/);
    expect(info.stdout).toContain('inconsistent');
    expect(info.stdout).not.toContain('interrupted');
  });

  it('says which statements of a pum:no-transaction file committed on SIGINT, and a rerun resumes', async () => {
    const key = 4_213_101;
    const dir = deltas('online', {
      'delta_1.0.0.sql': 'CREATE SCHEMA online;\n',
      'delta_1.2.0_online.sql': `-- pum:no-transaction
CREATE TABLE online.a (id int);
CREATE TABLE online.b (id int);
SELECT pg_advisory_xact_lock(${key}, 3);
CREATE TABLE online.c (id int);
CREATE INDEX CONCURRENTLY c_id ON online.c (id);
`,
    });
    const release = await hold(dbs.online, key, 3);
    const { child, exit, running } = startUpgrade(dbs.online, dir, 'online.pum_history');
    await running('SELECT pg_advisory_xact_lock(%', true);
    child.kill('SIGINT');
    const { code, stderr } = await exit;
    await release();
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(
      'error upgrade cancelled in online/delta_1.2.0_online.sql: 2 of 5 statements of online/delta_1.2.0_online.sql committed',
    );
    expect(stderr).not.toContain('which was rolled back');
    expect(stderr).toContain('changed before the failure (committed, not rolled back):');
    const online = await dbs.online.connect();
    const tables = async () =>
      (
        await online.query<{ t: string }>(
          "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'online' AND tablename <> 'pum_history' ORDER BY 1",
        )
      ).rows.map((r) => r.t);
    expect(await tables()).toEqual(['a', 'b']);

    const rerun = await upgrade(dbs.online, dir, 'online.pum_history');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await tables()).toEqual(['a', 'b', 'c']);
  });

  it('rebuilds on rerun the INVALID index a Ctrl-C in CREATE UNIQUE INDEX CONCURRENTLY left', async () => {
    const dir = deltas('index', {
      'delta_1.0.0.sql': 'CREATE SCHEMA ix; CREATE TABLE ix.t (id int); INSERT INTO ix.t VALUES (1), (2);\n',
      'delta_1.1.0_index.sql': `-- pum:no-transaction
CREATE TABLE ix.u (id int);
CREATE UNIQUE INDEX CONCURRENTLY t_id ON ix.t (id);
`,
    });
    const other = await dbs.index.connect();
    const first = await upgrade(dbs.index, dir, 'public.pum_history', '--max-version', '1.0.0');
    expect(first.code, first.stderr).toBe(0);
    // An open writing transaction: the concurrent build records its index, then waits for it.
    await other.query('BEGIN; INSERT INTO ix.t VALUES (3)');
    const { child, exit, running } = startUpgrade(dbs.index, dir, 'public.pum_history');
    await running('CREATE UNIQUE INDEX CONCURRENTLY t_id%', true);
    child.kill('SIGINT');
    const { code, stderr } = await exit;
    await other.query('ROLLBACK');
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('1 of 2 statements of index/delta_1.1.0_index.sql committed');
    const valid = async () =>
      (
        await other.query<{ valid: boolean }>(
          "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass('ix.t_id')",
        )
      ).rows.map((r) => r.valid);
    expect(await valid()).toEqual([false]);

    const rerun = await upgrade(dbs.index, dir, 'public.pum_history');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('dropped the invalid index "ix"."t_id"');
    expect(await valid()).toEqual([true]);
  });

  describe('SIGKILL while a statement of a pum:no-transaction file runs', () => {
    /**
     * Kill `pum upgrade` while statement 2 of a file of three waits for a lock the test holds;
     * `committed` says whether the server then completes it (the lock released) or not (its
     * session terminated, as a DBA would).
     */
    async function killInStatement(
      db: Db,
      schema: string,
      key: number,
      committed: boolean,
    ): Promise<{ dir: string; on: pg.Client }> {
      const dir = deltas(schema, {
        'delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int);\n`,
        'delta_1.1.0_rows.sql': `-- pum:no-transaction
INSERT INTO ${schema}.t VALUES (1);
INSERT INTO ${schema}.t SELECT 2 FROM pg_advisory_xact_lock(${key}, 2);
INSERT INTO ${schema}.t VALUES (3);
`,
      });
      const release = await hold(db, key, 2);
      const { child, exit, running } = startUpgrade(db, dir, `${schema}.pum_history`);
      const pid = await running(`INSERT INTO ${schema}.t SELECT 2%`, true);
      child.kill('SIGKILL');
      expect((await exit).signal).toBe('SIGKILL');
      // The server does not notice the client is gone while the statement waits.
      if (!committed) await client.query('SELECT pg_terminate_backend($1)', [pid]);
      await release();
      await sessionEnded(client, pid);
      const on = await db.connect();
      expect(await ids(on, `${schema}.t`)).toEqual(committed ? [1, 2] : [1]);
      return { dir, on };
    }

    it('refuses to go on without a choice, naming the statement, and --assume-done adds no duplicate row', async () => {
      const { dir, on } = await killInStatement(dbs.done, 'killed_done', 4_213_201, true);
      const refused = await upgrade(dbs.done, dir, 'killed_done.pum_history');
      expect(refused.code, refused.stderr).toBe(4);
      expect(refused.stderr).toContain(
        'error killed_done/delta_1.1.0_rows.sql: statement 2 of 3 ("INSERT INTO killed_done.t SELECT 2 FROM pg_advisory_xact_lock(4213201, 2);") was sent by a run that was interrupted before it could record the outcome: it may or may not have committed (PUM_HISTORY_INCONSISTENT)',
      );
      expect(refused.stderr).toContain('--assume-done');
      expect(refused.stderr).toContain('--retry-statement');
      expect(await ids(on, 'killed_done.t')).toEqual([1, 2]);

      const both = await upgrade(
        dbs.done,
        dir,
        'killed_done.pum_history',
        '--assume-done',
        '--retry-statement',
      );
      expect(both.code, both.stderr).toBe(2);

      const resumed = await upgrade(dbs.done, dir, 'killed_done.pum_history', '--assume-done');
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await ids(on, 'killed_done.t')).toEqual([1, 2, 3]);
      const again = await upgrade(dbs.done, dir, 'killed_done.pum_history');
      expect(again.code, again.stderr).toBe(0);
      expect(await ids(on, 'killed_done.t')).toEqual([1, 2, 3]);
    });

    it('runs the statement again with --retry-statement when it did not commit', async () => {
      const { dir, on } = await killInStatement(dbs.retry, 'killed_retry', 4_213_202, false);
      const refused = await upgrade(dbs.retry, dir, 'killed_retry.pum_history');
      expect(refused.code, refused.stderr).toBe(4);
      expect(refused.stderr).toContain('killed_retry/delta_1.1.0_rows.sql: statement 2 of 3');
      const resumed = await upgrade(dbs.retry, dir, 'killed_retry.pum_history', '--retry-statement');
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await ids(on, 'killed_retry.t')).toEqual([1, 2, 3]);
    });
  });
});
