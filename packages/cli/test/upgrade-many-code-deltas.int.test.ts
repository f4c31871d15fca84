/**
 * Issue 18: `pum upgrade` over several databases with code deltas. A `.mjs` delta sees
 * `process.env`, which names the database being upgraded: the run drops to one database at a
 * time and says why, and each delta sees its own database. Python deltas run in a process of
 * their own, given the target's environment: they keep `--jobs`, and each sees its database too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryUrl, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const js = [useTestDatabase(), useTestDatabase(), useTestDatabase()];
const py = [useTestDatabase(), useTestDatabase()];
const work = mkdtempSync(join(tmpdir(), 'pum-upgrade-many-code-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';
/** Python deltas need psycopg2 (the CI installs Debian's python3-psycopg2). */
const hasPsycopg2 = spawnSync(PYTHON, ['-c', 'import psycopg2']).status === 0;

beforeAll(() => {
  const names = JSON.stringify(js.map((db) => db.name));
  writeTree(join(work, 'js'), {
    'delta_1.0.0_pipes.sql': 'CREATE TABLE public.pipes (id int PRIMARY KEY);',
    // What the delta sees: the database process.env names, and how many sessions work in the
    // run's other databases meanwhile (one at a time: none). Client sessions only: an autovacuum
    // worker visiting one of those databases shows as 'active' too.
    'delta_1.0.1_seen.mjs': `export default async ({ client }) => {
  const { rows } = await client.query(
    "SELECT count(*)::int AS n FROM pg_catalog.pg_stat_activity WHERE datname = ANY($1) AND datname <> current_database() AND backend_type = 'client backend' AND state IN ('active', 'idle in transaction')",
    [${names}],
  );
  await client.query('CREATE TABLE public.seen (pgdatabase text, working_elsewhere int)');
  await client.query('INSERT INTO public.seen VALUES ($1, $2)', [process.env.PGDATABASE ?? null, rows[0].n]);
};
`,
  });
  writeTree(join(work, 'py'), {
    'delta_1.0.0_pipes.sql': 'CREATE TABLE public.pipes (id int PRIMARY KEY);',
    'delta_1.0.1_seen.py': `import os

import psycopg2

from pum.core.deltapy import DeltaPy


class Seen(DeltaPy):
    def run(self):
        connection = psycopg2.connect(service=self.pg_service)
        with connection, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE public.seen (pgdatabase text, connected_to text)")
            cursor.execute(
                "INSERT INTO public.seen VALUES (%s, current_database())", (os.environ.get("PGDATABASE"),)
            )
        connection.close()
`,
  });
});

const seen = (url: string) => queryUrl<Record<string, unknown>>(url, 'SELECT * FROM public.seen');

describe('pum upgrade over several databases with code deltas', () => {
  it('runs a module with a .mjs delta one database at a time, says why, each delta sees its database', async () => {
    const args = ['upgrade', ...js.flatMap((db) => ['--db', db.url]), '--dir', 'js', '--jobs', '3'];
    const result = await pum(args, { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'note: the module has code deltas, which see the process environment: one database at a time',
    );
    for (const db of js) {
      expect(await seen(db.url)).toEqual([{ pgdatabase: db.name, working_elsewhere: 0 }]);
      expect(result.stdout).toMatch(new RegExp(`${db.name}\\s+– → 1\\.0\\.1\\s+2\\s+upgraded`));
    }
  });

  it.skipIf(!hasPsycopg2)(
    'keeps --jobs for Python deltas (a process each, given its target), each sees its database',
    { timeout: 240_000 },
    async () => {
      const args = ['upgrade', ...py.flatMap((db) => ['--db', db.url]), '--dir', 'py', '--jobs', '2'];
      const result = await pum(args, { cwd: work, env: { PUM_PYTHON: PYTHON } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('one database at a time');
      for (const db of py) {
        expect(await seen(db.url)).toEqual([{ pgdatabase: db.name, connected_to: db.name }]);
        expect(result.stdout).toMatch(new RegExp(`${db.name}\\s+– → 1\\.0\\.1\\s+2\\s+upgraded`));
      }
    },
  );
});
