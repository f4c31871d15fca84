/**
 * PUM 0.x's command lines through pum and back: `pum baseline -t qgep_sys.pum_info` on a new
 * database creates PUM 0.10's upgrades table, `pum upgrade` records every delta there as PUM
 * 0.10 did, PUM 0.10's own queries then find the version and nothing to do, and rows PUM adds
 * afterwards are adopted by the next pum run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum0Checksum } from './pum0-checksum.js';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-round-trip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DELTAS: Record<string, string> = {
  'delta_1.0.0_init.sql': 'CREATE SCHEMA qgep_od; CREATE TABLE qgep_od.reach (id int PRIMARY KEY);',
  'delta_1.0.1_col.pre.sql': 'SELECT 1;',
  'delta_1.0.1_col.sql': 'ALTER TABLE qgep_od.reach ADD COLUMN length numeric;',
  'pre-all.sql': 'SELECT 1;',
};
const delta = writeTree(join(work, 'delta'), DELTAS);

const md5 = (file: string) => pum0Checksum(join(delta, file));

describe('a PUM 0.x upgrades table kept by pum', () => {
  it('reads back through PUM 0.10 after pum baseline and upgrade, and adopts what PUM adds', async () => {
    const client = await db.connect();
    const baseline = await pum(
      ['baseline', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta', '-b', '0.9.0'],
      {
        cwd: work,
      },
    );
    expect(baseline).toMatchObject({ code: 0, stderr: '' });
    const upgrade = await pum(['upgrade', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta'], {
      cwd: work,
    });
    expect(upgrade.stderr).toBe('');
    expect(upgrade.code).toBe(0);

    const { rows } = await client.query(
      `SELECT id, version, description, type, script, checksum, installed_by = session_user AS by_me,
         execution_time, success FROM qgep_sys.pum_info ORDER BY id`,
    );
    const row = (id: number, version: string, description: string, type: number, file: string) => ({
      id,
      version,
      description,
      type,
      script: `delta/${file}`,
      checksum: md5(file),
      by_me: true,
      execution_time: 1,
      success: true,
    });
    expect(rows).toEqual([
      {
        id: 1,
        version: '0.9.0',
        description: 'baseline',
        type: 0,
        script: '',
        checksum: '',
        by_me: true,
        execution_time: 1,
        success: true,
      },
      row(2, '1.0.0', 'init', 8, 'delta_1.0.0_init.sql'),
      row(3, '1.0.1', 'col', 9, 'delta_1.0.1_col.pre.sql'),
      row(4, '1.0.1', 'col', 8, 'delta_1.0.1_col.sql'),
    ]);
    // PUM 0.10's current version and its test of an applied delta.
    const current = await client.query(
      'SELECT version FROM qgep_sys.pum_info WHERE success = TRUE ORDER BY version DESC',
    );
    expect(current.rows[0].version).toBe('1.0.1');

    // PUM 0.10 applies a new delta and records it its way; pum adopts it and runs nothing else.
    writeFileSync(
      join(work, 'delta', 'delta_1.1.0_idx.sql'),
      'CREATE INDEX reach_length ON qgep_od.reach (length);',
    );
    await client.query('CREATE INDEX reach_length ON qgep_od.reach (length)');
    await client.query(
      `INSERT INTO qgep_sys.pum_info (version, description, type, script, checksum, installed_by, execution_time, success)
       VALUES ('1.1.0', 'idx', 8, 'delta/delta_1.1.0_idx.sql', $1, 'postgres', 1, TRUE)`,
      [md5('delta_1.1.0_idx.sql')],
    );
    const after = await pum(['upgrade', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta', '--json'], {
      cwd: work,
    });
    expect(after.stderr).toBe('');
    const report = jsonOutput('upgrade', after.stdout);
    if (!('adopted' in report)) throw new Error("one database's upgrade report was expected");
    expect(report.adopted).toBe(1);
    expect(report.applied.map((f: { path: string }) => f.path)).toEqual(['delta/pre-all.sql']);
    const info = await pum(['info', '--db', db.url, '-t', 'qgep_sys.pum_info', '-d', 'delta', '--json'], {
      cwd: work,
    });
    expect(jsonOutput('info', info.stdout)).toMatchObject({ currentVersion: '1.1.0', upToDate: true });
  });
});
