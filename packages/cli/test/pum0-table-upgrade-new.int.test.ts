/**
 * `pum upgrade -t qwat_sys.info -d delta` on a database without that table, as QWAT's scripts
 * run it: the table is created as PUM 0.10's upgrades table (as `pum baseline` creates it), pum's
 * history beside it in `qwat_sys.pum_history`, and PUM 0.10's own queries then find the version
 * and every delta applied.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum0Checksum } from './pum0-checksum.js';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-new-table-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DELTAS: Record<string, string> = {
  'delta_1.0.0_init.sql': 'CREATE SCHEMA qwat_od; CREATE TABLE qwat_od.pipe (id int PRIMARY KEY);',
  'delta_1.0.1_col.sql': 'ALTER TABLE qwat_od.pipe ADD COLUMN d numeric;',
  'delta_1.0.1_col.post.sql': "COMMENT ON TABLE qwat_od.pipe IS 'pipes';",
};
const delta = writeTree(join(work, 'delta'), DELTAS);
const md5 = (file: string) => pum0Checksum(join(delta, file));

describe('pum upgrade -t into a PUM 0.x upgrades table that does not exist yet', () => {
  it("creates PUM 0.10's table and pum's history beside it; PUM 0.10's queries read what ran", async () => {
    const client = await db.connect();
    const args = ['upgrade', '--db', db.url, '-t', 'qwat_sys.info', '-d', 'delta'];
    const upgrade = await pum([...args, '--json'], { cwd: work });
    expect(upgrade.stderr).toBe('');
    expect(upgrade.code).toBe(0);
    const report = jsonOutput('upgrade', upgrade.stdout);
    if (!('adopted' in report)) throw new Error("one database's upgrade report was expected");
    expect(report.table).toEqual({ schema: 'qwat_sys', name: 'pum_history' });
    expect(report.applied).toHaveLength(3);

    // PUM 0.10's `info` query, its current version, and its test of an applied delta.
    const { rows } = await client.query(
      'SELECT version, description, type, script, installed_by = session_user AS by_me, success FROM qwat_sys.info ORDER BY id',
    );
    expect(rows).toEqual([
      {
        version: '1.0.0',
        description: 'init',
        type: 8,
        script: 'delta/delta_1.0.0_init.sql',
        by_me: true,
        success: true,
      },
      {
        version: '1.0.1',
        description: 'col',
        type: 8,
        script: 'delta/delta_1.0.1_col.sql',
        by_me: true,
        success: true,
      },
      {
        version: '1.0.1',
        description: 'col',
        type: 10,
        script: 'delta/delta_1.0.1_col.post.sql',
        by_me: true,
        success: true,
      },
    ]);
    const current = await client.query(
      'SELECT version FROM qwat_sys.info WHERE success = TRUE ORDER BY version DESC',
    );
    expect(current.rows[0].version).toBe('1.0.1');
    for (const [version, file] of [
      ['1.0.0', 'delta_1.0.0_init.sql'],
      ['1.0.1', 'delta_1.0.1_col.sql'],
      ['1.0.1', 'delta_1.0.1_col.post.sql'],
    ] as const) {
      const applied = await client.query(
        `SELECT id FROM qwat_sys.info WHERE version = $1 AND checksum = $2 AND success = 'TRUE'`,
        [version, md5(file)],
      );
      expect(applied.rows, file).toHaveLength(1);
    }
    const ours = await client.query('SELECT count(*)::int AS n FROM qwat_sys.pum_history');
    expect(ours.rows[0].n).toBe(3);

    // pum reads it back as PUM's table: nothing pending, nothing adopted twice.
    const info = await pum(['info', '--db', db.url, '-t', 'qwat_sys.info', '-d', 'delta'], { cwd: work });
    expect(info.code).toBe(0);
    const again = await pum(args, { cwd: work });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('applied 0 file(s)');
  });
});
