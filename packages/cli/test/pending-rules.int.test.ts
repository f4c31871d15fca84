/**
 * PUM's rules for which files are pending, through the command lines: `info` lists as pending
 * what `upgrade` then runs (given the same --max-version / --skip-baseline-check), a PUM 1.x
 * module refuses versions at or below the installed one that were never recorded, and beta
 * testing takes --force.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const restored = useTestDatabase();
const beta = useTestDatabase();
const pum0 = useTestDatabase();
const rehearsed = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-rules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const logs = (v: string) =>
  `CREATE TABLE IF NOT EXISTS net_od.log (v text);\nINSERT INTO net_od.log VALUES ('${v}');\n`;
const FILES: Record<string, string> = {
  'module/.pum.yaml': 'pum:\n  module: net\n  migration_table_schema: net_sys\n',
  'delta/pre-all.sql': 'CREATE SCHEMA IF NOT EXISTS net_od;\n',
};
for (const v of ['0.9.0', '1.0.0', '1.1.0', '1.2.0']) {
  FILES[`module/changelogs/${v}/01_step.sql`] = `CREATE SCHEMA IF NOT EXISTS net_od;\n${logs(v)}`;
  FILES[`delta/delta_${v}_step.sql`] = logs(v);
}
for (const [path, text] of Object.entries(FILES)) {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), text);
}
const run = (args: string[]) => pum(args, { cwd: work });

async function logged(client: {
  query: (sql: string) => Promise<{ rows: { v: string }[] }>;
}): Promise<string[]> {
  return (await client.query('SELECT v FROM net_od.log')).rows.map((r) => r.v);
}

/** A database restored from a dump at 1.0.0 and baselined by PUM 1.x: one row, no files. */
const BASELINED_AT_1_0_0 = `CREATE SCHEMA net_sys; CREATE TABLE net_sys.pum_migrations (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY, date_installed timestamp NOT NULL DEFAULT now(),
  module varchar(50) NOT NULL, version varchar(50) NOT NULL, beta_testing boolean NOT NULL DEFAULT false,
  changelog_files text[], parameters jsonb, migration_table_version integer NOT NULL DEFAULT 2);
  INSERT INTO net_sys.pum_migrations (module, version, changelog_files) VALUES ('net', '1.0.0', '{}')`;

describe('PUM 1.x: versions at or below the installed one never recorded', () => {
  it('are refused (exit 4, nothing changed) and listed by info as unrecorded; --skip-baseline-check skips them', async () => {
    const client = await restored.connect();
    await client.query(BASELINED_AT_1_0_0);
    const info = await run(['-p', restored.url, '-d', 'module', 'info']);
    expect(info.code).toBe(4);
    expect(info.stdout).toMatch(
      /unrecorded 0\.9\.0\s+changelogs\/0\.9\.0\/01_step\.sql {2}\(at or below the installed version 1\.0\.0, but version 0\.9\.0 was never recorded as applied\)/,
    );
    expect(info.stdout).toContain('unrecorded: an upgrade refuses them unless --skip-baseline-check');
    const refused = await run(['-p', restored.url, '-d', 'module', 'upgrade']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error net is installed at 1\.0\.0, but version\(s\) 0\.9\.0 below it/);
    expect(refused.stderr).toContain('--skip-baseline-check');
    const dry = await run(['-p', restored.url, '-d', 'module', 'upgrade', '--dry-run']);
    expect(dry.code).toBe(4);
    expect((await client.query("SELECT to_regclass('net_od.log') AS t")).rows[0].t).toBeNull();

    const skipped = await run([
      '-p',
      restored.url,
      '-d',
      'module',
      'info',
      '--skip-baseline-check',
      '--json',
    ]);
    expect(skipped.code).toBe(3);
    const pending = jsonOutput('info', skipped.stdout)
      .files.filter((f: { status: string }) => f.status === 'pending')
      .map((f: { path: string }) => f.path);
    expect(pending).toEqual(['changelogs/1.1.0/01_step.sql', 'changelogs/1.2.0/01_step.sql']);
    const upgraded = await run(['-p', restored.url, '-d', 'module', 'upgrade', '--skip-baseline-check']);
    expect(upgraded.stderr).toBe('');
    expect(upgraded.code).toBe(0);
    expect(upgraded.stdout.match(/✓ \S+/g)).toEqual(pending.map((p: string) => `✓ ${p}`));
    expect(await logged(client)).toEqual(['1.1.0', '1.2.0']);
  });
});

describe('test-and-upgrade of a PUM 1.x module with versions never recorded', () => {
  it('is refused before anything is copied (exit 4); the flag is --skip-baseline-check', async () => {
    const client = await rehearsed.connect();
    await client.query(BASELINED_AT_1_0_0);
    const databases = async () =>
      (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database')).rows[0]?.n;
    const before = await databases();
    const refused = await run(['test-and-upgrade', '--prod', rehearsed.url, '--dir', 'module', '--yes']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('version(s) 0.9.0 below it were never recorded as applied');
    expect(refused.stderr).toContain('--skip-baseline-check');
    expect(await databases()).toBe(before);
    expect((await client.query("SELECT to_regclass('net_od.log') AS t")).rows[0].t).toBeNull();
  });
});

describe('PUM 1.x beta testing', () => {
  it('a database upgraded with --beta-testing takes no upgrade without --force (exit 2), and stays beta testing after one', async () => {
    const client = await beta.connect();
    const first = await run(['-p', beta.url, '-d', 'module', 'upgrade', '-u', '1.1.0', '--beta-testing']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const refused = await run(['-p', beta.url, '-d', 'module', 'upgrade']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^error net was installed or upgraded as beta testing \(version 1\.1\.0\)/,
    );
    expect(refused.stderr).toContain('--force');
    expect(await logged(client)).toEqual(['0.9.0', '1.0.0', '1.1.0']);
    const forced = await run(['-p', beta.url, '-d', 'module', 'upgrade', '--force']);
    expect(forced.code).toBe(0);
    expect(await logged(client)).toEqual(['0.9.0', '1.0.0', '1.1.0', '1.2.0']);
    expect((await run(['-p', beta.url, '-d', 'module', 'upgrade'])).code).toBe(2);
  });
});

describe('PUM 0.x: info with --max-version lists what upgrade with it runs', () => {
  it('after baseline 1.0.0: delta_1.0.0_* and later up to --max-version, then the rest', async () => {
    const client = await pum0.connect();
    const base = ['--db', pum0.url, '-t', 'net_sys.info', '-d', 'delta'];
    expect((await run(['baseline', ...base, '-b', '1.0.0'])).code).toBe(0);
    const info = await run(['info', ...base, '-u', '1.1.0', '--json']);
    expect(info.code).toBe(3);
    const files = jsonOutput('info', info.stdout).files.map((f) => [f.path, f.status, f.reason]);
    expect(files).toEqual([
      ['delta/pre-all.sql', 'always', undefined],
      ['delta/delta_0.9.0_step.sql', 'skipped', 'below the baseline 1.0.0'],
      ['delta/delta_1.0.0_step.sql', 'pending', undefined],
      ['delta/delta_1.1.0_step.sql', 'pending', undefined],
      ['delta/delta_1.2.0_step.sql', 'skipped', 'above --max-version 1.1.0'],
    ]);
    const upgraded = await run(['upgrade', ...base, '-u', '1.1.0', '--json']);
    expect(upgraded.code).toBe(0);
    const out = jsonOutput('upgrade', upgraded.stdout);
    expect('applied' in out ? out.applied.map((a) => a.path) : []).toEqual([
      'delta/pre-all.sql',
      'delta/delta_1.0.0_step.sql',
      'delta/delta_1.1.0_step.sql',
    ]);
    expect(await logged(client)).toEqual(['1.0.0', '1.1.0']);
    expect((await run(['upgrade', ...base])).code).toBe(0);
    expect(await logged(client)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect((await run(['info', ...base])).code).toBe(0);
  });
});
