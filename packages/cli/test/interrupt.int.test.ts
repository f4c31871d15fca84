/** Ctrl-C: the running statement is cancelled on the server, its file rolled back, exit code 130. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';

const db = useTestDatabase();
const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pum-interrupt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('interrupting pum upgrade', () => {
  it('stops cleanly on SIGINT', async () => {
    mkdirSync(join(work, 'delta'));
    writeFileSync(join(work, 'delta/delta_1.0.0.sql'), 'CREATE SCHEMA interrupted;\n');
    writeFileSync(
      join(work, 'delta/delta_1.1.0_slow.sql'),
      'CREATE TABLE interrupted.half (id int);\nSELECT pg_sleep(60);\n',
    );
    const child = spawn(process.execPath, [bin, 'upgrade', '--db', db.url, '--dir', 'delta'], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      // The first delta is done: the slow one is starting.
      if (stdout.includes('✓ delta/delta_1.0.0.sql')) setTimeout(() => child.kill('SIGINT'), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('SIGINT: stopping cleanly');
    expect(stderr).toContain('error upgrade cancelled in delta/delta_1.1.0_slow.sql, which was rolled back');
    const client = await db.connect();
    const { rows } = await client.query(
      "SELECT to_regclass('interrupted.half') AS half, (SELECT count(*)::int FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%') AS sleeping",
    );
    expect(rows).toEqual([{ half: null, sleeping: 0 }]);
  });
});
