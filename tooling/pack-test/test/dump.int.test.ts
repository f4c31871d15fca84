/** @pum/dump on its own (with @pum/connect): dump one database and restore it into another. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../src/processes.js';
import { installAlone, serviceFile } from './install-alone.js';

describe('@pum/dump', skipUnless('pg_dump'), () => {
  const prod = useTestDatabase();
  const test = useTestDatabase();

  it('installs alone and runs its README example', async () => {
    const source = await prod.connect();
    await source.query(`CREATE SCHEMA qwat_od;
      CREATE TABLE qwat_od.pipe (id integer PRIMARY KEY, material text);
      INSERT INTO qwat_od.pipe VALUES (1, 'PE'), (2, 'DI'), (3, 'ST');
      CREATE TABLE public.scratch (id integer)`);

    const project = await installAlone('@pum/dump');
    const run = await project.runExample(serviceFile(project, { qwat_prod: prod.url, qwat_test: test.url }));
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^1 tables dumped by pg_dump \d+\.\d+/);
    expect(readFileSync(join(project.dir, 'qwat.backup')).subarray(0, 5).toString()).toBe('PGDMP');

    const target = await test.connect();
    const { rows } = await target.query('SELECT material FROM qwat_od.pipe ORDER BY id');
    expect(rows.map((row) => row.material)).toEqual(['PE', 'DI', 'ST']);
    const scratch = await target.query("SELECT to_regclass('public.scratch') AS found");
    expect(scratch.rows[0].found, 'public was left out').toBeNull();
  });
});
