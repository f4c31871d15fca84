/**
 * Issue 18: `pum upgrade` over several databases meeting an interruption or another run — Ctrl-C
 * rolls back the files running, starts no other database and says so per database (exit 130);
 * a database locked by another `pum upgrade` is reported and the others go on (or, with
 * `--fail-fast`, do not start). Signals are sent once the server shows the statement running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryUrl, sessionEnded, statementRunning, useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
const sig = { a: useTestDatabase(), b: useTestDatabase(), c: useTestDatabase() };
const lock = { held: useTestDatabase(), free: useTestDatabase(), after: useTestDatabase() };
const work = mkdtempSync(join(tmpdir(), 'pum-upgrade-many-int-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The gate the holding run waits at: an advisory lock of the held database, taken by the test. */
const GATE = 4_218_001;
let watcher: pg.Client;

beforeAll(async () => {
  writeTree(join(work, 'slow'), {
    'delta_1.0.0_pipes.sql': 'CREATE TABLE public.pipes (id int PRIMARY KEY);',
    'delta_1.0.1_slow.sql': 'CREATE TABLE public.half (id int);\nSELECT pg_sleep(600);\n',
  });
  writeTree(join(work, 'delta'), {
    'delta_1.0.0_pipes.sql': 'CREATE TABLE public.pipes (id int PRIMARY KEY);',
    'delta_1.0.1_valves.sql': 'CREATE TABLE public.valves (id int PRIMARY KEY);',
  });
  writeTree(join(work, 'gated'), {
    'delta_0.9.0_gate.sql': `SELECT pg_advisory_xact_lock(${GATE});\nCREATE TABLE public.gated (id int);\n`,
  });
  // Any database of the server shows every session in pg_stat_activity.
  watcher = await sig.a.connect();
});

/** Start `pum` with `args`; `exit` resolves with its code and what it printed. */
function start(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exit };
}

/** Until every database of `names` has a session running `pg_sleep(600)`; fails if pum ends first. */
async function sleepingIn(names: string[], exit: Promise<{ code: number | null; stderr: string }>) {
  let ended = false;
  void exit.then(() => (ended = true));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (ended)
      throw new Error(`pum exited before ${names.join(', ')} ran the slow delta:\n${(await exit).stderr}`);
    const { rows } = await watcher.query<{ datname: string }>(
      "SELECT DISTINCT datname FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%SELECT pg_sleep(600)%' AND pid <> pg_backend_pid()",
    );
    if (names.every((name) => rows.some((r) => r.datname === name))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${names.join(', ')} did not all run the slow delta within 120 s`);
}

/** The tables of `public` in the database at `url` (the history table included). */
async function tables(url: string): Promise<string[]> {
  return (
    await queryUrl<{ t: string }>(
      url,
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
  ).map((r) => r.t);
}

/** The versions of the successful history rows of the database at `url`. */
async function applied(url: string): Promise<string[]> {
  return (
    await queryUrl<{ v: string }>(
      url,
      'SELECT version AS v FROM public.pum_history WHERE success ORDER BY id',
    )
  ).map((r) => r.v);
}

describe('pum upgrade over several databases, interrupted or locked', () => {
  it('on SIGINT rolls back the running files, starts no other database, says so per database, exit 130', async () => {
    const { child, exit } = start([
      'upgrade',
      '--db',
      sig.a.url,
      '--db',
      sig.b.url,
      '--db',
      sig.c.url,
      '--dir',
      'slow',
      '--jobs',
      '2',
    ]);
    await sleepingIn([sig.a.name, sig.b.name], exit);
    child.kill('SIGINT');
    const { code, stdout, stderr } = await exit;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('SIGINT: stopping cleanly');
    for (const db of [sig.a, sig.b]) {
      expect(stderr).toMatch(
        new RegExp(
          `^\\[${db.name}\\] error upgrade cancelled in slow/delta_1\\.0\\.1_slow\\.sql, which was rolled back`,
          'm',
        ),
      );
      // The first file committed before the interruption; the slow one rolled back.
      expect(await tables(db.url)).toEqual(['pipes', 'pum_history']);
      expect(await applied(db.url)).toEqual(['1.0.0']);
    }
    expect(stdout).not.toContain(`[${sig.c.name}]`);
    expect(await tables(sig.c.url)).toEqual([]);
    const summary = stdout.slice(stdout.lastIndexOf('database '));
    expect(summary).toMatch(new RegExp(`${sig.a.name}\\s+– → 1\\.0\\.0\\s+1\\s+interrupted \\(exit 130\\)`));
    expect(summary).toMatch(new RegExp(`${sig.b.name}\\s+– → 1\\.0\\.0\\s+1\\s+interrupted \\(exit 130\\)`));
    expect(summary).toMatch(new RegExp(`${sig.c.name}\\s+–\\s+–\\s+not started`));
    expect(summary).toContain('3 database(s): 0 ok, 2 failed, 1 not started');
    const { rows } = await watcher.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%SELECT pg_sleep(600)%' AND pid <> pg_backend_pid()",
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('reports a database another run holds locked, upgrades the others, exits 8; --fail-fast stops after it (exit 6)', async () => {
    const gate = await lock.held.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    const holder = start(['upgrade', '--db', lock.held.url, '--dir', 'gated']);
    const holderPid = await Promise.race([
      statementRunning(watcher, `%pg_advisory_xact_lock(${GATE})%`, true),
      holder.exit.then(({ code, stderr }) => {
        throw new Error(`the holding run exited (${code}) before waiting at the gate:\n${stderr}`);
      }),
    ]);
    try {
      const upgradeBoth = ['upgrade', '--db', lock.held.url, '--db', lock.free.url, '--dir', 'delta'];
      const result = await pum([...upgradeBoth, '--lock-timeout', '1'], { cwd: work });
      expect(result.code, result.stderr).toBe(8);
      expect(result.stderr).toMatch(new RegExp(`^\\[${lock.held.name}\\] error .*lock`, 'm'));
      const summary = result.stdout.slice(result.stdout.lastIndexOf('database '));
      expect(summary).toMatch(new RegExp(`${lock.held.name}\\s+\\S.*\\s+0\\s+locked \\(exit 6\\)`));
      expect(summary).toMatch(new RegExp(`${lock.free.name}\\s+– → 1\\.0\\.1\\s+2\\s+upgraded`));
      expect(await applied(lock.free.url)).toEqual(['1.0.0', '1.0.1']);

      // --fail-fast, one at a time, the locked database first: the next one never starts.
      const failFast = await pum(
        [
          'upgrade',
          '--db',
          lock.held.url,
          '--db',
          lock.after.url,
          '--dir',
          'delta',
          '--lock-timeout',
          '1',
          '--jobs',
          '1',
          '--fail-fast',
        ],
        { cwd: work },
      );
      expect(failFast.code, failFast.stderr).toBe(6);
      expect(failFast.stdout).toMatch(new RegExp(`${lock.after.name}\\s+–\\s+–\\s+not started`));
      expect(await tables(lock.after.url)).toEqual([]);
    } finally {
      holder.child.kill('SIGINT');
      // Its cancel must reach the server before the gate opens, or the held file would go on and
      // commit (the run then rightly ends 0): the holder's session ends once it has stopped.
      await sessionEnded(watcher, holderPid);
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
    }
    const held = await holder.exit;
    expect(held.code, held.stderr).toBe(130);
    // Neither multi-database run changed the held database: the holder's file rolled back too.
    expect(await tables(lock.held.url)).toEqual(['pum_history']);
    expect(await applied(lock.held.url)).toEqual([]);
  });
});
