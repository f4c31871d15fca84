/**
 * What a run skips is said, and `--strict` makes it an error: a file added to a PUM 1.x version
 * already applied (PUM 1.x's rule skips it) is a warning of the run — in the summary, on stderr
 * and in the JSON `warnings` — and the files of a delta directory that cannot be deltas
 * (README, notes) are listed once. With `--strict`, either stops the run with exit 2, nothing
 * changed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const late = useTestDatabase();
const stray = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-strict-skips-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), text);
  }
}
const run = (args: string[]) => pum(args, { cwd: work });
const LATE = 'changelogs/1.0.0/02_late.sql';

describe('a file added to a PUM 1.x version already applied', () => {
  it('is skipped with a warning; --strict refuses the run (exit 2, nothing changed)', async () => {
    const client = await late.connect();
    write({
      'module/.pum.yaml': 'pum:\n  module: lat\n  migration_table_schema: lat_sys\n',
      'module/changelogs/1.0.0/01_init.sql': 'CREATE SCHEMA lat_od; CREATE TABLE lat_od.a (id int);',
    });
    expect((await run(['install', '--db', late.url, '--dir', 'module'])).code).toBe(0);
    write({
      [`module/${LATE}`]: 'CREATE TABLE lat_od.late (id int);',
      'module/changelogs/1.1.0/01_next.sql': 'CREATE TABLE lat_od.next (id int);',
    });
    const state = async () =>
      (
        await client.query(`SELECT to_regclass('lat_od.next') AS next, to_regclass('lat_od.late') AS late,
          (SELECT count(*)::int FROM lat_sys.pum_migrations) AS pum, (SELECT count(*)::int FROM lat_sys.pum_history) AS ours`)
      ).rows[0];
    const before = await state();
    expect(before).toMatchObject({ next: null, late: null });

    const strict = await run(['upgrade', '--db', late.url, '--dir', 'module', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('PUM_STRICT_WARNINGS');
    expect(strict.stderr).toContain(`${LATE}: not run: version 1.0.0 was applied without it`);
    expect(strict.stderr).not.toContain('    at ');
    expect(await state()).toEqual(before);

    const json = await run(['upgrade', '--db', late.url, '--dir', 'module', '--json']);
    expect(json.code).toBe(0);
    const report = jsonOutput('upgrade', json.stdout);
    if (!('warnings' in report)) throw new Error("one database's upgrade report was expected");
    expect(report.applied.map((f) => f.path)).toEqual(['changelogs/1.1.0/01_next.sql']);
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'PUM_FILE_ADDED_TO_APPLIED_VERSION', path: LATE }),
    ]);
    expect(await state()).toMatchObject({ next: 'lat_od.next', late: null });

    // The next run says it again, in its summary and on stderr.
    const again = await run(['upgrade', '--db', late.url, '--dir', 'module']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('(1 warning, listed on stderr)');
    expect(again.stderr).toContain(`warning ${LATE}: not run: version 1.0.0 was applied without it`);
  });
});

describe('files of a delta directory that cannot be deltas', () => {
  it('are listed once as a warning; --strict refuses the run before connecting (exit 2, nothing changed)', async () => {
    const client = await stray.connect();
    write({
      'delta/delta_1.0.0_a.sql': 'CREATE TABLE public.stray_a (id int);',
      'delta/README.txt': 'how to upgrade',
      'delta/delta_1.0.0_a.sql.post': 'a note',
    });
    const strict = await run(['upgrade', '--db', stray.url, '-d', 'delta', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('2 warning(s), an error in a strict run');
    expect(strict.stderr).toContain('delta/README.txt: skipped, it cannot be a delta');
    expect(strict.stderr).toContain('delta/delta_1.0.0_a.sql.post: skipped, it cannot be a delta');
    expect(strict.stderr).toContain('--ignore GLOB');
    const tables = async () =>
      (
        await client.query(
          `SELECT to_regclass('public.stray_a') AS a, to_regclass('public.pum_history') AS h`,
        )
      ).rows[0];
    expect(await tables()).toEqual({ a: null, h: null });

    const loose = await run(['upgrade', '--db', stray.url, '-d', 'delta']);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toContain('warning skipped 2 files that cannot be deltas');
    expect(await tables()).toEqual({ a: 'stray_a', h: 'pum_history' });

    // Skipped on purpose, they are no warning, strict or not.
    const ignored = await run([
      'upgrade',
      '--db',
      stray.url,
      '-d',
      'delta',
      '--strict',
      '--ignore',
      'README.txt',
      '--ignore',
      '*.post',
    ]);
    expect(ignored).toMatchObject({ code: 0, stderr: '' });
  });
});
