/**
 * Issue 18: `pum upgrade` over several databases — each upgraded as alone (lock, history), one
 * failing does not stop the others, one summary, exit code the worst; bad input and one
 * database named twice are refused before anything runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryUrl, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpgradeManyJson } from '../src/json-schemas.js';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const a = useTestDatabase();
const b = useTestDatabase();
const c = useTestDatabase();
const d = useTestDatabase();
const e = useTestDatabase();
const f = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-upgrade-many-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let env: Record<string, string>;

beforeAll(() => {
  writeTree(join(work, 'delta'), {
    'delta_1.0.0_pipes.sql': 'CREATE TABLE public.pipes (id int PRIMARY KEY);',
    'delta_1.0.1_valves.sql': 'CREATE TABLE public.valves (id int PRIMARY KEY);',
    'delta_1.0.2_index.sql': 'CREATE INDEX valves_id ON public.valves (id);',
  });
  const u = new URL(a.url);
  writeFileSync(
    join(work, 'pg_service.conf'),
    `[utility_a]\nhost=${u.hostname}\nport=${u.port}\ndbname=${a.name}\nuser=${decodeURIComponent(u.username)}\n`,
  );
  env = { PGSERVICEFILE: join(work, 'pg_service.conf') };
});

const run = (args: string[]) => pum(args, { env, cwd: work });
/** Successful history rows of the database at `url`; -1 when it has no history table. */
async function historyRows(url: string): Promise<number | undefined> {
  const [table] = await queryUrl<{ exists: boolean }>(
    url,
    "SELECT to_regclass('public.pum_history') IS NOT NULL AS exists",
  );
  if (!table?.exists) return -1;
  return (
    await queryUrl<{ n: number }>(url, 'SELECT count(*)::int AS n FROM public.pum_history WHERE success')
  )[0]?.n;
}

/** What a dry run must leave as it was: every table outside the catalogs, and the history rows. */
async function snapshot(url: string): Promise<unknown> {
  const tables = await queryUrl<{ t: string }>(
    url,
    "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  return { tables: tables.map((r) => r.t), history: await historyRows(url) };
}

describe('pum upgrade over several databases', () => {
  it('refuses a targets file with a bad line, naming FILE:LINE, hiding the password; nothing changed', async () => {
    writeFileSync(
      join(work, 'bad-targets.txt'),
      `# utilities\nutility_a\n\n${b.url}\npostgresql://me:s3cret@localhost:notaport/x\n`,
    );
    const result = await run(['upgrade', '--targets', 'bad-targets.txt', '--dir', 'delta']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error bad-targets\.txt:5: /);
    expect(`${result.stdout}${result.stderr}`).not.toContain('s3cret');
    expect(await historyRows(a.url)).toBe(-1);
    expect(await historyRows(b.url)).toBe(-1);
  });

  it('refuses a targets file naming an unknown service, naming FILE:LINE; nothing changed', async () => {
    writeFileSync(
      join(work, 'unknown-service.txt'),
      `utility_a\n# next: a typo\n\n  utility_x  \n${b.url}\n`,
    );
    const result = await run(['upgrade', '--targets', 'unknown-service.txt', '--dir', 'delta']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error unknown-service\.txt:4: utility_x: /);
    expect(result.stderr).toContain('utility_x');
    expect(result.stdout).toBe('');
    expect(await historyRows(a.url)).toBe(-1);
    expect(await historyRows(b.url)).toBe(-1);
  });

  it('refuses one database named by localhost and by 127.0.0.1 before anything runs', async () => {
    const byName = new URL(a.url);
    byName.hostname = 'localhost';
    const byAddress = new URL(a.url);
    byAddress.hostname = '127.0.0.1';
    const result = await run(['upgrade', '--db', byName.href, '--db', byAddress.href, '--dir', 'delta']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('are the same database');
    expect(result.stderr).toContain('nothing was upgraded');
    expect(await historyRows(a.url)).toBe(-1);
  });

  it('with --dry-run says what would run in each database and changes none', async () => {
    const first = await run(['upgrade', '--db', f.url, '--dir', 'delta', '--max-version', '1.0.0']);
    expect(first.code, first.stderr).toBe(0);
    const before = [await snapshot(e.url), await snapshot(f.url)];
    const result = await run(['upgrade', '--db', e.url, '--db', f.url, '--dir', 'delta', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^\\[${e.name}\\] dry run on .*: 3 file\\(s\\) would run; nothing is changed`, 'm'),
    );
    expect(result.stdout).toMatch(
      new RegExp(`^\\[${f.name}\\] dry run on .*: 2 file\\(s\\) would run; nothing is changed`, 'm'),
    );
    expect(result.stdout).toMatch(new RegExp(`^\\[${f.name}\\] -- delta/delta_1\\.0\\.1_valves\\.sql`, 'm'));
    expect(result.stdout).not.toMatch(
      new RegExp(`^\\[${f.name}\\] -- delta/delta_1\\.0\\.0_pipes\\.sql`, 'm'),
    );
    const summary = result.stdout.slice(result.stdout.lastIndexOf('database '));
    expect(summary).toMatch(
      new RegExp(`${e.name}\\s+– → 1\\.0\\.2\\s+0\\s+dry run: 3 file\\(s\\) would run`),
    );
    expect(summary).toMatch(
      new RegExp(`${f.name}\\s+1\\.0\\.0 → 1\\.0\\.2\\s+0\\s+dry run: 2 file\\(s\\) would run`),
    );
    expect([await snapshot(e.url), await snapshot(f.url)]).toEqual(before);
  });

  it('refuses one database named twice (a service and a URL) before anything runs', async () => {
    const result = await run([
      'upgrade',
      '--db',
      'utility_a',
      '--db',
      b.url,
      '--db',
      a.url,
      '--dir',
      'delta',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('utility_a (--db) and');
    expect(result.stderr).toContain('are the same database');
    expect(await historyRows(a.url)).toBe(-1);
    expect(await historyRows(b.url)).toBe(-1);
  });

  it('upgrades the others when one fails, prints one summary, exits with the failure', async () => {
    // b already has what its second delta creates: it stops there, at 1.0.0.
    await queryUrl(b.url, 'CREATE TABLE public.valves (id int)');
    writeFileSync(join(work, 'targets.txt'), `# two utilities\n${b.url}\n\n${c.url}\n`);
    // utility_a by --db, b and c from the file.
    const upgradeAll = ['upgrade', '--db', 'utility_a', '--targets', 'targets.txt', '--dir', 'delta'];
    const result = await run([...upgradeAll, '--jobs', '2']);
    expect(result.code).toBe(5);
    expect(result.stdout).toMatch(new RegExp(`^\\[${a.name}\\] upgrading `, 'm'));
    expect(result.stderr).toMatch(new RegExp(`^\\[${b.name}\\] error .*valves`, 'm'));
    const summary = result.stdout.slice(result.stdout.lastIndexOf('database '));
    expect(summary).toMatch(new RegExp(`${a.name}\\s+– → 1\\.0\\.2\\s+3\\s+upgraded`));
    expect(summary).toMatch(new RegExp(`${b.name}\\s+– → 1\\.0\\.0\\s+1\\s+delta failed \\(exit 5\\)`));
    expect(summary).toMatch(new RegExp(`${c.name}\\s+– → 1\\.0\\.2\\s+3\\s+upgraded`));
    expect(summary).toContain('3 database(s): 2 ok, 1 failed');
    expect(await historyRows(a.url)).toBe(3);
    expect(await historyRows(b.url)).toBe(1);
    expect(await historyRows(c.url)).toBe(3);

    // Again, as JSON and with a log file each: a and c are up to date, b fails again.
    const again = await run([...upgradeAll, '--json', '--log-dir', 'logs']);
    expect(again.code).toBe(5);
    const report = jsonOutput('upgrade', again.stdout) as UpgradeManyJson;
    expect(report.exitCode).toBe(5);
    expect(report.databases.map((d) => [d.origin, d.status, d.exitCode, d.fromVersion, d.toVersion])).toEqual(
      [
        ['--db', 'up to date', 0, '1.0.2', '1.0.2'],
        ['targets.txt:2', 'delta failed (exit 5)', 5, '1.0.0', '1.0.0'],
        ['targets.txt:4', 'up to date', 0, '1.0.2', '1.0.2'],
      ],
    );
    expect(report.databases[1]?.result).toMatchObject({ ok: false, exitCode: 5 });
    const log = join(work, 'logs', `${b.name}.log`);
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/error .*valves/);
  });

  it('goes on past a database that cannot be reached; exit 8, not 2, once another was upgraded', async () => {
    const missing = new URL(d.url);
    missing.pathname = `/${d.name}_missing`;
    const result = await run(['upgrade', '--db', missing.href, '--db', d.url, '--dir', 'delta']);
    expect(result.code).toBe(8);
    expect(result.stderr).toMatch(new RegExp(`^\\[${d.name}_missing\\] error cannot connect`, 'm'));
    expect(result.stdout).toMatch(
      new RegExp(`${d.name}_missing\\s+\\?\\s+0\\s+bad input or connection \\(exit 2\\)`),
    );
    expect(result.stdout).toMatch(new RegExp(`${d.name}\\s+– → 1\\.0\\.2\\s+3\\s+upgraded`));
    expect(await historyRows(d.url)).toBe(3);
  });

  it('with --fail-fast starts no database after a failure', async () => {
    const result = await run([
      'upgrade',
      '--db',
      b.url,
      '--db',
      c.url,
      '--dir',
      'delta',
      '--jobs',
      '1',
      '--fail-fast',
    ]);
    expect(result.code).toBe(5);
    expect(result.stdout).toMatch(new RegExp(`${c.name}\\s+–\\s+–\\s+not started`));
    expect(result.stdout).not.toContain(`[${c.name}]`);
  });
});
