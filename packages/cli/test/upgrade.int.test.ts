/** End-to-end `pum upgrade`, `pum info` and `pum baseline`, with PUM 0.x command lines. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-upgrade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let env: Record<string, string>;

function writeDeltas(dir: string, files: Record<string, string>): void {
  mkdirSync(join(work, dir), { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(work, dir, name), sql);
}

beforeAll(() => {
  const u = new URL(db.url);
  writeFileSync(
    join(work, 'pg_service.conf'),
    `[qgep_prod]\nhost=${u.hostname}\nport=${u.port}\ndbname=${u.pathname.slice(1)}\nuser=${decodeURIComponent(u.username)}\n`,
  );
  env = { PGSERVICEFILE: join(work, 'pg_service.conf') };
  writeDeltas('delta', {
    'delta_1.0.0_init.sql': 'CREATE SCHEMA qgep_od; CREATE TABLE qgep_od.reach (id int PRIMARY KEY);',
    'delta_1.0.1_col.sql':
      "ALTER TABLE qgep_od.reach ADD COLUMN length numeric; COMMENT ON TABLE qgep_od.reach IS 'SRID %(SRID)s, 100%%';",
    'delta_1.1.0_idx.sql': 'CREATE INDEX reach_length ON qgep_od.reach (length);',
  });
});

const run = (args: string[]) => pum(args, { env, cwd: work });

describe('pum info, baseline and upgrade', () => {
  it('info works before any history table exists and exits 3 when files are pending', async () => {
    const result = await run(['info', '-p', 'qgep_prod', '-t', 'qgep_sys.pum_info', '-d', './delta/']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('history "qgep_sys"."pum_info" (not created yet)');
    expect(result.stdout).toMatch(/pending\s+1\.0\.0\s+delta\/delta_1\.0\.0_init\.sql/);
  });

  it("runs PUM's baseline line unchanged", async () => {
    const result = await run([
      'baseline',
      '-p',
      'qgep_prod',
      '-t',
      'qgep_sys.pum_info',
      '-d',
      './delta/',
      '-b',
      '1.0.0',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('baseline 1.0.0 recorded');
    const backwards = await run([
      'baseline',
      '-p',
      'qgep_prod',
      '-t',
      'qgep_sys.pum_info',
      '-d',
      './delta/',
      '-b',
      '0.5.0',
    ]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/^error cannot baseline at 0\.5\.0/);
  });

  it("upgrades with the PUM 0.x command line, the baseline version's own deltas first (PUM 0.x's rule), then info says up to date", async () => {
    const dry = await run([
      'upgrade',
      '-p',
      'qgep_prod',
      '-t',
      'qgep_sys.pum_info',
      '-d',
      'delta',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('3 file(s) would run');
    expect(dry.stdout).toContain('-- delta/delta_1.0.0_init.sql\nCREATE SCHEMA qgep_od;');
    expect(dry.stdout).toContain(
      '-- delta/delta_1.0.1_col.sql\nALTER TABLE qgep_od.reach ADD COLUMN length numeric;',
    );
    const result = await run([
      'upgrade',
      '-p',
      'qgep_prod',
      '-t',
      'qgep_sys.pum_info',
      '-d',
      'delta',
      '-v',
      'int',
      'SRID',
      '2056',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ delta/delta_1.0.1_col.sql');
    expect(result.stdout).toContain('applied 3 file(s); now at 1.1.0');
    const comment = await (await db.connect()).query(
      "SELECT obj_description('qgep_od.reach'::regclass) AS c",
    );
    expect(comment.rows[0].c).toBe('SRID 2056, 100%');
    const info = await run([
      'status',
      '--db',
      db.url,
      '--table',
      'qgep_sys.pum_info',
      '--dir',
      'delta',
      '--json',
    ]);
    expect(info.code).toBe(0);
    const status = jsonOutput('info', info.stdout);
    expect(status).toMatchObject({ currentVersion: '1.1.0', baselineVersion: '1.0.0', upToDate: true });
    expect(status.files.map((f: { status: string }) => f.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('reports a failing delta with file and line, exit 5, and info exits 4', async () => {
    writeDeltas('delta', {
      'delta_1.2.0_bad.sql': 'SELECT 1;\nSELECT nope FROM qgep_od.reach;',
      'delta_1.3.0_bad.sql': 'SELECT 1;\nALTER TABLE qgep_od.missing ADD COLUMN x int;',
    });
    const result = await run(['upgrade', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^error delta\/delta_1\.2\.0_bad\.sql:2:8: column "nope" does not exist/);
    expect(result.stderr).toContain('  SELECT nope FROM qgep_od.reach;\n         ^');
    const info = await run(['info', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta']);
    expect(info.code).toBe(4);
    expect(info.stdout).toMatch(/failed\s+1\.2\.0/);
    // Errors the server raises without a position still name the failing statement's line.
    writeDeltas('delta', { 'delta_1.2.0_bad.sql': 'SELECT 1;' });
    const second = await run([
      'upgrade',
      '--db',
      db.url,
      '-t',
      'qgep_sys.pum_info',
      '-d',
      'delta',
      '--accept-changed',
    ]);
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(
      /^error delta\/delta_1\.3\.0_bad\.sql:2:1: relation "qgep_od\.missing" does not exist/,
    );
  });

  it('repair accepts an edited applied file, then upgrade proceeds', async () => {
    writeDeltas('delta', {
      'delta_1.1.0_idx.sql': '-- edited\nCREATE INDEX reach_length ON qgep_od.reach (length);',
    });
    const refused = await run(['upgrade', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(
      /^error 1 applied file\(s\) changed since they were applied:\n {2}delta\/delta_1\.1\.0_idx\.sql/,
    );
    const repaired = await run(['repair', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta']);
    expect(repaired).toMatchObject({
      code: 0,
      stdout: 'accepted the edits of:\n  delta/delta_1.1.0_idx.sql\n',
    });
    const again = await run(['repair', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta', '--json']);
    expect(jsonOutput('repair', again.stdout)).toMatchObject({ repaired: [] });
    // The edit accepted, the plan goes on with the pending files.
    const plan = await run([
      'upgrade',
      '--db',
      db.url,
      '-t',
      'qgep_sys.pum_info',
      '-d',
      'delta',
      '--dry-run',
      '--json',
    ]);
    expect(plan.code).toBe(0);
    expect(jsonOutput('upgrade', plan.stdout)).toMatchObject({
      dryRun: true,
      toRun: [{ path: 'delta/delta_1.3.0_bad.sql', version: '1.3.0', runs: 'transaction' }],
    });
  });

  it('rejects a misnamed delta file with one line and exit 2', async () => {
    writeDeltas('bad', { 'delta-1.0.0.sql': 'SELECT 1' });
    const result = await run(['upgrade', '--db', db.url, '-d', 'bad']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error bad\/delta-1\.0\.0\.sql: unrecognised file in a delta directory/);
  });

  it('rejects a missing directory and a missing --dir', async () => {
    expect((await run(['upgrade', '--db', db.url, '-d', 'nope'])).stderr).toMatch(
      /cannot read delta directory/,
    );
    expect((await run(['info', '--db', db.url])).stderr).toMatch(/no delta directory given/);
  });
});
