/**
 * Issue 13, item 9: of several `pum install` (or `pum upgrade`) runs started at once, the ones
 * that waited for the lock and found the work done say that another run did it — they do not
 * claim it — exit 0, and their --json says applied: [] with `otherRun`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { UpgradeJson } from '../src/json-schemas.js';
import { jsonOutput } from './json-output.js';
import { type PumRun, pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

/** The `--json` of an upgrade that ran (not a dry run). */
const upgradeJson = (stdout: string) => jsonOutput('upgrade', stdout) as UpgradeJson;

const installDb = useTestDatabase();
const upgradeDb = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-concurrent-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The changelog that waits for the test's gate: the winner holds the pum lock until it opens. */
const GATE = 'SELECT pg_advisory_xact_lock_shared(4242);';

/**
 * Wait until `waiters` other sessions of the database poll the pum lock (each seen trying it
 * twice: the second try comes after what a run does when it starts waiting) while one session
 * is blocked at the gate.
 */
async function waitForWaiters(client: pg.Client, waiters: number): Promise<void> {
  const firstTry = new Map<number, string>();
  const retried = new Set<number>();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ pid: number; query: string; since: string; blocked: boolean }>(
      `SELECT pid, query, query_start::text AS since, wait_event_type = 'Lock' AS blocked
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    for (const row of rows.filter((r) => r.query.includes('pg_try_advisory_lock'))) {
      const first = firstTry.get(row.pid);
      if (first === undefined) firstTry.set(row.pid, row.since);
      else if (first !== row.since) retried.add(row.pid);
    }
    const gated = rows.some((r) => r.blocked && r.query.includes('4242'));
    if (gated && retried.size >= waiters) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${retried.size} of ${waiters} runs were seen waiting for the lock within 120 s`);
}

/** Start `n` runs of `args` at once, open the gate once n - 1 of them wait, return their outcomes. */
async function race(db: typeof installDb, args: string[], n: number): Promise<PumRun[]> {
  const gate = await db.connect();
  await gate.query('SELECT pg_advisory_lock(4242)');
  const runs = Promise.all(Array.from({ length: n }, () => pum(args)));
  await waitForWaiters(gate, n - 1);
  await gate.query('SELECT pg_advisory_unlock(4242)');
  return runs;
}

describe('concurrent runs', () => {
  it('8 concurrent pum install: one installs, the others say another run installed it', async () => {
    const module = writeTree(join(work, 'datamodel'), {
      '.pum.yaml': 'pum:\n  module: wwt\n  migration_table_schema: wwt_sys\n',
      'changelogs/1.0.0/01_init.sql': `CREATE SCHEMA wwt_od; CREATE TABLE wwt_od.log (v text);\n${GATE}\n`,
      'changelogs/1.1.0/01_more.sql': "INSERT INTO wwt_od.log VALUES ('1.1.0');\n",
    });
    const runs = await race(installDb, ['install', '--db', installDb.url, '-d', module, '--json'], 8);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    const reports = runs.map((r) => jsonOutput('install', r.stdout));
    const winners = reports.filter((r) => r.applied.length > 0);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.otherRun).toBeUndefined();
    const losers = reports.filter((r) => r.applied.length === 0);
    expect(losers).toHaveLength(7);
    for (const loser of losers) {
      expect(loser.otherRun).toMatchObject({
        version: '1.1.0',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        applied: [
          { path: 'changelogs/1.0.0/01_init.sql', version: '1.0.0' },
          { path: 'changelogs/1.1.0/01_more.sql', version: '1.1.0' },
        ],
      });
    }
    const client = await installDb.connect();
    expect((await client.query('SELECT count(*)::int AS n FROM wwt_od.log')).rows[0].n).toBe(1);
  });

  it('without --json, the install that waited says another run installed it', async () => {
    const module = join(work, 'datamodel');
    const client = await installDb.connect();
    await client.query('DROP SCHEMA wwt_od CASCADE; DROP SCHEMA wwt_sys CASCADE');
    const text = await race(installDb, ['install', '--db', installDb.url, '-d', module], 2);
    expect(text.map((r) => r.code)).toEqual([0, 0]);
    const said = text
      .map((r) => r.stdout)
      .sort((a, b) => Number(a.startsWith(' ')) - Number(b.startsWith(' ')));
    expect(said[0]).toMatch(
      /^another run installed wwt \(version 1\.1\.0 at \d{4}-[^)]+\) while this one waited for the lock; this run applied nothing\n$/,
    );
    expect(said[1]).toMatch(/^ {2}✓ changelogs\/1\.0\.0\/01_init\.sql/);
  });

  it('concurrent pum upgrade: the one that waited says another run applied the deltas', async () => {
    const deltas = writeTree(join(work, 'delta'), {
      'delta_1.0.0_init.sql': `CREATE SCHEMA app; CREATE TABLE app.log (v text); ${GATE}`,
      'delta_1.0.1_fill.sql': "INSERT INTO app.log VALUES ('1.0.1');",
    });
    const runs = await race(upgradeDb, ['upgrade', '--db', upgradeDb.url, '-d', deltas, '--json'], 3);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    const reports = runs.map((r) => upgradeJson(r.stdout));
    expect(reports.filter((r) => r.applied.length === 2)).toHaveLength(1);
    const losers = reports.filter((r) => r.applied.length === 0);
    expect(losers).toHaveLength(2);
    for (const loser of losers) {
      expect(loser.otherRun).toMatchObject({
        version: '1.0.1',
        applied: [{ path: expect.stringMatching(/delta_1\.0\.0_init\.sql$/) }, { version: '1.0.1' }],
      });
    }
    const client = await upgradeDb.connect();
    await client.query('DROP SCHEMA app CASCADE; DROP TABLE public.pum_history');
    const text = await race(upgradeDb, ['upgrade', '--db', upgradeDb.url, '-d', deltas], 2);
    expect(text.map((r) => r.code)).toEqual([0, 0]);
    expect(text.map((r) => r.stdout).join('')).toMatch(
      /already up to date: another run applied 2 file\(s\) \([^)]*delta_1\.0\.0_init\.sql, [^)]*delta_1\.0\.1_fill\.sql; now at 1\.0\.1 at \d{4}-[^)]+\) while this one waited for the lock; this run applied nothing\n/,
    );
  });
});
